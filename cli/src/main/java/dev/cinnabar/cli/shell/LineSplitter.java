// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into arguments by redis-cli's rules ({@code sdssplitargs}): {@code "…"} with
 * {@code \xHH}, {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \a} and {@code \}-anything escapes;
 * {@code '…'} with only {@code \'}; a closing quote must end the argument.
 */
public final class LineSplitter {
    private LineSplitter() {
    }

    /** The arguments, or null when quotes are unbalanced or a closing quote is followed by a non-space. */
    public static List<byte[]> split(String line) {
        byte[] p = line.getBytes(StandardCharsets.UTF_8);
        List<byte[]> args = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < p.length && isSpace(p[i])) {
                i++;
            }
            if (i >= p.length) {
                return args;
            }
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (i >= p.length) {
                        return null;
                    }
                    if (p[i] == '\\' && i + 3 < p.length && p[i + 1] == 'x' && isHex(p[i + 2]) && isHex(p[i + 3])) {
                        current.write(hex(p[i + 2]) * 16 + hex(p[i + 3]));
                        i += 3;
                    } else if (p[i] == '\\' && i + 1 < p.length) {
                        i++;
                        current.write(switch (p[i]) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> p[i];
                        });
                    } else if (p[i] == '"') {
                        if (i + 1 < p.length && !isSpace(p[i + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(p[i]);
                    }
                } else if (inSingle) {
                    if (i >= p.length) {
                        return null;
                    }
                    if (p[i] == '\\' && i + 1 < p.length && p[i + 1] == '\'') {
                        i++;
                        current.write('\'');
                    } else if (p[i] == '\'') {
                        if (i + 1 < p.length && !isSpace(p[i + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(p[i]);
                    }
                } else if (i >= p.length || p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t') {
                    done = true;
                } else if (p[i] == '"') {
                    inDouble = true;
                } else if (p[i] == '\'') {
                    inSingle = true;
                } else {
                    current.write(p[i]);
                }
                if (i < p.length) {
                    i++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    /** True when the line ends inside a quoted argument (more lines may complete it). */
    public static boolean openQuote(String line) {
        return split(line) == null && (split(line + "\"") != null || split(line + "'") != null);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
