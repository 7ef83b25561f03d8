// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds, byte by byte, RDB values in the encodings older Redis versions wrote and Redis 7.0 no longer
 * does (no old Redis is at hand to make them): ziplists ({@code ziplist.c}: header of total bytes, tail
 * offset and count; entries of previous length, encoding, data; end byte 0xFF), zipmaps ({@code zipmap.c}),
 * linked lists, quicklists of ziplists, sorted sets with scores as text. Elements given as {@link Long}
 * are stored as integers the way Redis's {@code zipTryEncoding} would, {@link String}s as strings. Shared
 * with the file-level RDB tests.
 */
public final class LegacyEncodings {
    private LegacyEncodings() {
    }

    /** A ziplist of {@code elements} (String or Long). */
    public static byte[] ziplist(Object... elements) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int prev = 0;
        int tail = 10;
        for (Object e : elements) {
            tail = 10 + entries.size();
            byte[] entry = ziplistEntry(prev, e);
            entries.writeBytes(entry);
            prev = entry.length;
        }
        int total = 10 + entries.size() + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le(out, total, 4);
        le(out, elements.length == 0 ? 10 : tail, 4);
        le(out, Math.min(elements.length, 65535), 2);
        out.writeBytes(entries.toByteArray());
        out.write(0xFF);
        return out.toByteArray();
    }

    private static byte[] ziplistEntry(int prevlen, Object e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (prevlen < 254) {
            out.write(prevlen);
        } else {
            out.write(254);
            le(out, prevlen, 4);
        }
        if (e instanceof Long v) {
            if (v >= 0 && v <= 12) {
                out.write(0xF1 + v.intValue());
            } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                out.write(0xFE);
                le(out, v, 1);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                out.write(0xC0);
                le(out, v, 2);
            } else if (v >= -(1 << 23) && v < (1 << 23)) {
                out.write(0xF0);
                le(out, v, 3);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.write(0xD0);
                le(out, v, 4);
            } else {
                out.write(0xE0);
                le(out, v, 8);
            }
        } else {
            byte[] s = ((String) e).getBytes(StandardCharsets.ISO_8859_1);
            int len = s.length;
            if (len < 64) {
                out.write(len);
            } else if (len < 16384) {
                out.write(0x40 | (len >> 8));
                out.write(len & 0xFF);
            } else {
                out.write(0x80);
                out.write(len >>> 24);
                out.write(len >>> 16);
                out.write(len >>> 8);
                out.write(len);
            }
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    /** A zipmap of alternating keys and values, each value followed by {@code free} unused bytes. */
    public static byte[] zipmap(int free, String... keysAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Math.min(keysAndValues.length / 2, 254));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            zipmapLength(out, keysAndValues[i].length());
            out.writeBytes(keysAndValues[i].getBytes(StandardCharsets.ISO_8859_1));
            zipmapLength(out, keysAndValues[i + 1].length());
            out.write(free);
            out.writeBytes(keysAndValues[i + 1].getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(new byte[free]);
        }
        out.write(0xFF);
        return out.toByteArray();
    }

    private static void zipmapLength(ByteArrayOutputStream out, int len) {
        if (len < 254) {
            out.write(len);
        } else {
            out.write(254);
            le(out, len, 4);
        }
    }

    /** An intset blob of {@code width} bytes per member (2, 4 or 8). */
    public static byte[] intset(int width, long... members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le(out, width, 4);
        le(out, members.length, 4);
        for (long m : members) {
            le(out, m, width);
        }
        return out.toByteArray();
    }

    /** An RDB string holding {@code bytes} verbatim (length-prefixed, never compressed). */
    public static byte[] rdbString(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out, false);
        w.writeLength(bytes.length);
        w.writeRaw(bytes);
        w.flush();
        return out.toByteArray();
    }

    /** An RDB length. */
    public static byte[] rdbLength(long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out, false);
        w.writeLength(length);
        w.flush();
        return out.toByteArray();
    }

    /** RDB_TYPE_LIST (1): a count, then each element as an RDB string. */
    public static byte[] linkedList(String... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(rdbLength(elements.length));
        for (String e : elements) {
            out.writeBytes(rdbString(e.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return out.toByteArray();
    }

    /** RDB_TYPE_LIST_QUICKLIST (14): a node count, then each node's ziplist as an RDB string. */
    public static byte[] quicklistV1(byte[]... ziplists) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(rdbLength(ziplists.length));
        for (byte[] zl : ziplists) {
            out.writeBytes(rdbString(zl));
        }
        return out.toByteArray();
    }

    /**
     * RDB_TYPE_ZSET (3): a count, then member and score pairs, each score a length byte and its text, or one
     * byte 253 (NaN), 254 (+inf), 255 (-inf) when given as "nan", "inf", "-inf".
     */
    public static byte[] zsetV1(String... membersAndScores) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(rdbLength(membersAndScores.length / 2));
        for (int i = 0; i < membersAndScores.length; i += 2) {
            out.writeBytes(rdbString(membersAndScores[i].getBytes(StandardCharsets.ISO_8859_1)));
            String score = membersAndScores[i + 1];
            switch (score) {
                case "nan" -> out.write(253);
                case "inf" -> out.write(254);
                case "-inf" -> out.write(255);
                default -> {
                    out.write(score.length());
                    out.writeBytes(score.getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return out.toByteArray();
    }

    /** A DUMP payload of an RDB value of {@code typeId} with {@code body}, as RDB version {@code version} writes. */
    public static byte[] payload(int typeId, byte[] body, int version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(typeId);
        out.writeBytes(body);
        le(out, version, 2);
        byte[] head = out.toByteArray();
        le(out, Crc64.update(0, head, 0, head.length), 8);
        return out.toByteArray();
    }

    private static void le(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
