// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.CallObserver;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.CommandFlag;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * MONITOR: the clients that see every command others run, one status line each, in Redis's format
 * ({@code replicationFeedMonitors}): {@code +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"}. A command
 * is shown after it ran, with the database it left selected; admin and skip-monitor commands are not
 * shown, nor a blocked command run again when its key is ready.
 */
final class Monitors implements CallObserver {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Engine engine;
    private final Set<Client> monitors = new LinkedHashSet<>();

    Monitors(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
    }

    void add(Client c) {
        c.monitor = true;
        monitors.add(c);
    }

    void remove(Client c) {
        c.monitor = false;
        monitors.remove(c);
    }

    @Override
    public void called(Client client, Command command, byte[][] argv, long micros) {
        if (monitors.isEmpty() || command.has(CommandFlag.ADMIN) || command.has(CommandFlag.SKIP_MONITOR)
                || engine.dispatcher().reprocessing()) {
            return;
        }
        String line = line(Instant.now(), client.db, client.scripting ? "lua" : client.addr, argv);
        for (Iterator<Client> it = monitors.iterator(); it.hasNext(); ) {
            Client m = it.next();
            if (m.closed) {
                // killed or gone: the connection's own cleanup does not know this family
                it.remove();
                continue;
            }
            if (m.replyMode == Client.ReplyMode.OFF) {
                continue;
            }
            m.reply().simple(line);
            engine.wake(m);
        }
    }

    /** The line without its leading '+' and trailing CRLF. */
    static String line(Instant time, int db, String origin, byte[][] argv) {
        StringBuilder sb = new StringBuilder(64);
        long micros = time.getNano() / 1000;
        sb.append(time.getEpochSecond()).append('.');
        for (long scale = 100_000; scale > 1 && micros < scale; scale /= 10) {
            sb.append('0');
        }
        sb.append(micros).append(" [").append(db).append(' ').append(origin).append("] ");
        for (int i = 0; i < argv.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            repr(sb, argv[i]);
        }
        return sb.toString();
    }

    /** Redis's {@code sdscatrepr}: quoted, with C escapes and {@code \xNN} for bytes outside printable ASCII. */
    static void repr(StringBuilder sb, byte[] arg) {
        sb.append('"');
        for (byte b : arg) {
            int ch = b & 0xff;
            switch (ch) {
                case '\\', '"' -> sb.append('\\').append((char) ch);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (ch >= 0x20 && ch <= 0x7e) {
                        sb.append((char) ch);
                    } else {
                        sb.append("\\x").append(HEX[ch >> 4]).append(HEX[ch & 0xf]);
                    }
                }
            }
        }
        sb.append('"');
    }
}
