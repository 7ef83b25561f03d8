// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.rdb.Crc64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Streams against a real redis-server: the same commands build byte-identical DUMP payloads (so the
 * listpack nodes, node splits and metadata are Redis's), and payloads move both ways with consumer groups,
 * pending entries and consumers, including the RDB 6.x stream type (15) that Redis 7.0 still reads.
 */
class StreamsIT extends AgainstRedis {
    private RespConnection r;
    private RespConnection c;

    @BeforeEach
    void connect() throws IOException {
        r = new RespConnection(redis.port());
        c = new RespConnection(cinnabar.port());
        both("FLUSHALL");
    }

    @AfterEach
    void restore() throws IOException {
        both("CONFIG", "SET", "stream-node-max-entries", "100");
        both("CONFIG", "SET", "stream-node-max-bytes", "4096");
        r.close();
        c.close();
    }

    /** Random entries, deletions and trims give the same DUMP bytes under several node limits. */
    @Test
    void sameCommandsGiveRedissDumpBytes() throws IOException {
        Random rnd = new Random(7);
        String[][] limits = {{"100", "4096"}, {"3", "4096"}, {"0", "200"}, {"7", "0"}, {"1", "1"}, {"0", "0"},
            {"1000", "100000"}};
        for (String[] limit : limits) {
            both("CONFIG", "SET", "stream-node-max-entries", limit[0]);
            both("CONFIG", "SET", "stream-node-max-bytes", limit[1]);
            both("DEL", "s");
            for (int i = 1; i <= 300; i++) {
                List<String> cmd = new ArrayList<>(List.of("XADD", "s", i + "-" + rnd.nextInt(3)));
                int fields = rnd.nextInt(10) < 7 ? 2 : 1 + rnd.nextInt(4);
                for (int f = 0; f < fields; f++) {
                    cmd.add(rnd.nextInt(10) < 8 ? "field" + f : "other" + rnd.nextInt(3));
                    cmd.add(randomValue(rnd));
                }
                both(cmd.toArray(String[]::new));
                if (rnd.nextInt(10) == 0) {
                    both("XDEL", "s", rnd.nextInt(i + 1) + "-" + rnd.nextInt(3));
                }
                if (rnd.nextInt(50) == 0) {
                    both("XTRIM", "s", "MAXLEN", rnd.nextBoolean() ? "~" : "=", Integer.toString(200 - i / 3));
                }
                if (rnd.nextInt(60) == 0) {
                    both("XTRIM", "s", "MINID", "~", (i / 2) + "-0");
                }
            }
            both("XLEN", "s");
            both("XRANGE", "s", "-", "+");
            assertArrayEquals(payload(r.call("DUMP", "s")), payload(c.call("DUMP", "s")), "DUMP with limits "
                    + Arrays.toString(limit));
            both("DEBUG", "DIGEST-VALUE", "s");
        }
    }

    /** A stream with groups, PELs and consumers goes from Redis to Cinnabar and back unchanged. */
    @Test
    void dumpWithGroupsRoundTripsBothWays() throws IOException {
        buildGroupsOnRedis();
        byte[] fromRedis = payload(r.call("DUMP", "g"));
        c.send(bytes("RESTORE"), bytes("g"), bytes("0"), fromRedis);
        assertEquals("+OK", text(c.readReply()));
        assertArrayEquals(fromRedis, payload(c.call("DUMP", "g")));
        both("XRANGE", "g", "-", "+");
        both("XLEN", "g");

        byte[] fromCinnabar = payload(c.call("DUMP", "g"));
        r.send(bytes("RESTORE"), bytes("back"), bytes("0"), fromCinnabar);
        assertEquals("+OK", text(r.readReply()));
        assertArrayEquals(r.call("XINFO", "STREAM", "g", "FULL"), r.call("XINFO", "STREAM", "back", "FULL"));
    }

    /** RDB_TYPE_STREAM_LISTPACKS (6.x): no 7.0 metadata, entries-read estimated on load as Redis does. */
    @Test
    void version1PayloadLoadsAsRedisLoadsIt() throws IOException {
        buildGroupsOnRedis();
        byte[] v2 = payload(r.call("DUMP", "g"));
        byte[] v1 = toVersion1(v2);
        for (RespConnection conn : List.of(r, c)) {
            conn.send(bytes("RESTORE"), bytes("old"), bytes("0"), v1);
            assertEquals("+OK", text(conn.readReply()));
        }
        assertArrayEquals(payload(r.call("DUMP", "old")), payload(c.call("DUMP", "old")));
    }

    /** A corrupt payload is refused, never half-loaded. */
    @Test
    void corruptPayloadIsRefused() throws IOException {
        both("XADD", "s", "1-1", "f", "v");
        byte[] good = payload(r.call("DUMP", "s"));
        Random rnd = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] bad = good.clone();
            int at = 1 + rnd.nextInt(bad.length - 11);
            bad[at] = (byte) rnd.nextInt(256);
            fixChecksum(bad);
            c.send(bytes("RESTORE"), bytes("x" + i), bytes("0"), bad);
            String reply = text(c.readReply());
            if (reply.startsWith("+OK")) {
                // whatever was accepted must be readable
                text(c.call("XRANGE", "x" + i, "-", "+"));
                text(c.call("XADD", "x" + i, "*", "f", "v"));
            } else {
                assertTrue(reply.startsWith("-"), reply);
            }
        }
        assertEquals("+PONG", text(c.call("PING")));
    }

    private void buildGroupsOnRedis() throws IOException {
        r.call("CONFIG", "SET", "stream-node-max-entries", "5");
        for (int i = 1; i <= 23; i++) {
            r.call("XADD", "g", i + "-1", "name", "n" + i, "value", Integer.toString(i * 1000));
        }
        r.call("XDEL", "g", "3-1", "23-1");
        r.call("XGROUP", "CREATE", "g", "workers", "0");
        r.call("XGROUP", "CREATE", "g", "late", "$");
        r.call("XGROUP", "CREATE", "g", "unknown", "5-0", "ENTRIESREAD", "-1");
        r.call("XREADGROUP", "GROUP", "workers", "alice", "COUNT", "4", "STREAMS", "g", ">");
        r.call("XREADGROUP", "GROUP", "workers", "bob", "COUNT", "3", "STREAMS", "g", ">");
        r.call("XACK", "g", "workers", "2-1");
        r.call("XGROUP", "CREATECONSUMER", "g", "workers", "carol");
        r.call("XCLAIM", "g", "workers", "carol", "0", "6-1", "RETRYCOUNT", "5");
        r.call("XADD", "g", "30-1", "name", "late");
        r.call("XREADGROUP", "GROUP", "late", "dave", "STREAMS", "g", ">");
        r.call("CONFIG", "SET", "stream-node-max-entries", "100");
    }

    /** Rewrites a 7.0 stream payload (type 19) as 6.x wrote it (type 15). */
    private static byte[] toVersion1(byte[] v2) {
        Cursor in = new Cursor(v2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(19, in.u8());
        out.write(15);
        long nodes = in.copyLength(out);
        for (long i = 0; i < nodes * 2; i++) {
            in.copyString(out);
        }
        in.copyLength(out); // length
        in.copyLength(out); // last id
        in.copyLength(out);
        for (int i = 0; i < 5; i++) {
            in.skipLength(); // first id, max deleted id, entries added
        }
        long groups = in.copyLength(out);
        for (long g = 0; g < groups; g++) {
            in.copyString(out);
            in.copyLength(out);
            in.copyLength(out);
            in.skipLength(); // entries read
            long pel = in.copyLength(out);
            for (long p = 0; p < pel; p++) {
                in.copyRaw(out, 16 + 8);
                in.copyLength(out);
            }
            long consumers = in.copyLength(out);
            for (long k = 0; k < consumers; k++) {
                in.copyString(out);
                in.copyRaw(out, 8);
                long owned = in.copyLength(out);
                in.copyRaw(out, (int) owned * 16);
            }
        }
        in.copyRaw(out, 2); // RDB version
        byte[] body = out.toByteArray();
        byte[] result = Arrays.copyOf(body, body.length + 8);
        fixChecksum(result);
        return result;
    }

    private static void fixChecksum(byte[] payload) {
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        for (int i = 0; i < 8; i++) {
            payload[payload.length - 8 + i] = (byte) (crc >>> (8 * i));
        }
    }

    /** Walks Redis's length and string encodings of a payload. */
    private static final class Cursor {
        private final byte[] b;
        private int pos;

        Cursor(byte[] b) {
            this.b = b;
        }

        int u8() {
            return b[pos++] & 0xFF;
        }

        long copyLength(ByteArrayOutputStream out) {
            int start = pos;
            long v = readLength();
            out.write(b, start, pos - start);
            return v;
        }

        void skipLength() {
            readLength();
        }

        private long readLength() {
            int first = u8();
            int type = first >> 6;
            if (type == 0) {
                return first & 0x3F;
            } else if (type == 1) {
                return (first & 0x3F) << 8 | u8();
            } else if (first == 0x80) {
                long v = 0;
                for (int i = 0; i < 4; i++) {
                    v = v << 8 | u8();
                }
                return v;
            } else if (first == 0x81) {
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    v = v << 8 | u8();
                }
                return v;
            }
            // an encoded string: the caller copies it whole
            pos--;
            return -1;
        }

        void copyString(ByteArrayOutputStream out) {
            int start = pos;
            int first = b[pos] & 0xFF;
            if (first >> 6 == 3) {
                pos++;
                int enc = first & 0x3F;
                if (enc == 0) {
                    pos += 1;
                } else if (enc == 1) {
                    pos += 2;
                } else if (enc == 2) {
                    pos += 4;
                } else if (enc == 3) {
                    long clen = readLength();
                    readLength();
                    pos += (int) clen;
                } else {
                    fail("unknown string encoding " + enc);
                }
            } else {
                long len = readLength();
                pos += (int) len;
            }
            out.write(b, start, pos - start);
        }

        void copyRaw(ByteArrayOutputStream out, int n) {
            out.write(b, pos, n);
            pos += n;
        }
    }

    private static String randomValue(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Long.toString(rnd.nextLong());
            case 1 -> Integer.toString(rnd.nextInt(200) - 100);
            case 2 -> "x".repeat(rnd.nextInt(100));
            case 3 -> "value-" + rnd.nextInt(1000);
            case 4 -> "0" + rnd.nextInt(100);
            default -> Integer.toString(rnd.nextInt(100_000));
        };
    }

    private byte[] both(String... args) throws IOException {
        byte[] expected = r.call(args);
        byte[] actual = c.call(args);
        if (!Arrays.equals(expected, actual)) {
            fail(String.join(" ", args) + "\n  redis:    " + cut(RawReply.show(expected))
                    + "\n  cinnabar: " + cut(RawReply.show(actual)));
        }
        return expected;
    }

    /** The bulk string of a DUMP reply. */
    private static byte[] payload(byte[] reply) {
        assertEquals('$', reply[0], () -> RawReply.show(reply));
        int crlf = 0;
        while (reply[crlf] != '\r') {
            crlf++;
        }
        int len = Integer.parseInt(new String(reply, 1, crlf - 1, StandardCharsets.US_ASCII));
        return Arrays.copyOfRange(reply, crlf + 2, crlf + 2 + len);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String cut(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8).trim();
    }
}
