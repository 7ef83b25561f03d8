// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.config.ConfigRegistry;
import dev.cinnabar.spi.ConfigFlag;
import dev.cinnabar.spi.ConfigParam;

import java.nio.charset.StandardCharsets;

/**
 * Hides secrets in logged command lines as Redis's {@code redactClientCommandArgument} calls do: AUTH's
 * arguments, HELLO's AUTH pair, MIGRATE's AUTH and AUTH2 passwords and CONFIG SET values of sensitive
 * parameters become {@code (redacted)}.
 */
final class Redaction {
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private Redaction() {
    }

    /** The command line with secrets replaced; the same array when there is nothing to hide. */
    static byte[][] redact(ConfigRegistry config, byte[][] argv) {
        String name = new String(argv[0], StandardCharsets.ISO_8859_1);
        byte[][] out = argv;
        if (name.equalsIgnoreCase("auth")) {
            out = argv.clone();
            for (int i = 1; i < out.length; i++) {
                out[i] = REDACTED;
            }
        } else if (name.equalsIgnoreCase("hello")) {
            out = redactOptions(argv, 2, null);
        } else if (name.equalsIgnoreCase("migrate")) {
            out = redactOptions(argv, 6, "KEYS");
        } else if (name.equalsIgnoreCase("config") && argv.length > 2 && is(argv[1], "SET")) {
            for (int i = 2; i + 1 < argv.length; i += 2) {
                ConfigParam p = config.find(new String(argv[i], StandardCharsets.UTF_8));
                if (p != null && p.has(ConfigFlag.SENSITIVE)) {
                    out = out == argv ? argv.clone() : out;
                    out[i + 1] = REDACTED;
                }
            }
        }
        return out;
    }

    /**
     * Replaces the secrets after AUTH (HELLO: user and password; MIGRATE: password) and AUTH2 (user and
     * password) among the options from {@code from} on, up to {@code stop} (MIGRATE's KEYS list).
     */
    private static byte[][] redactOptions(byte[][] argv, int from, String stop) {
        boolean hello = stop == null;
        byte[][] out = argv;
        for (int i = from; i < argv.length; i++) {
            if (stop != null && is(argv[i], stop)) {
                break;
            }
            int count = is(argv[i], "AUTH") ? (hello ? 2 : 1) : !hello && is(argv[i], "AUTH2") ? 2 : 0;
            if (count > 0) {
                out = out == argv ? argv.clone() : out;
                for (int j = i + 1; j <= i + count && j < argv.length; j++) {
                    out[j] = REDACTED;
                }
                i += count;
            }
        }
        return out;
    }

    private static boolean is(byte[] arg, String token) {
        return new String(arg, StandardCharsets.ISO_8859_1).equalsIgnoreCase(token);
    }
}
