// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --scan [--pattern P] [--count N]}: every key by SCAN, one per line, as redis-cli prints them: quoted
 * as in a reply when the output is formatted, raw otherwise.
 */
public final class KeyScan {
    private KeyScan() {
    }

    /** Prints every key; a SCAN error ends the scan with it on {@code err} and returns false. */
    public static boolean run(Connection connection, String pattern, Long count, boolean quoted, PrintStream out,
            PrintStream err) throws IOException {
        String cursor = "0";
        do {
            List<byte[]> args = new ArrayList<>();
            for (String a : new String[] {"SCAN", cursor}) {
                args.add(a.getBytes(StandardCharsets.UTF_8));
            }
            if (pattern != null) {
                args.add("MATCH".getBytes(StandardCharsets.UTF_8));
                args.add(pattern.getBytes(StandardCharsets.UTF_8));
            }
            if (count != null) {
                args.add("COUNT".getBytes(StandardCharsets.UTF_8));
                args.add(Long.toString(count).getBytes(StandardCharsets.UTF_8));
            }
            RespValue reply = connection.execute(args);
            if (!(reply instanceof RespValue.Array page) || page.items().size() != 2
                    || !(page.items().get(0) instanceof RespValue.Bulk next)
                    || !(page.items().get(1) instanceof RespValue.Array keys)) {
                err.println(reply instanceof RespValue.Error e ? "(error) " + e.line()
                        : "Unexpected reply to SCAN: " + reply);
                return false;
            }
            for (RespValue key : keys.items()) {
                byte[] name = ((RespValue.Bulk) key).value();
                if (quoted) {
                    out.print(ReplyFormatter.repr(name));
                } else {
                    out.write(name, 0, name.length);
                }
                out.print('\n');
            }
            cursor = new String(next.value(), StandardCharsets.UTF_8);
        } while (!cursor.equals("0"));
        out.flush();
        return true;
    }
}
