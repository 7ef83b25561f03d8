// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * HyperLogLogs of random element sets on Cinnabar and a real redis-server, compared register by register
 * (PFDEBUG GETREG), byte for byte (GET) and by estimate (PFCOUNT): sizes that cross the sparse to dense
 * promotion under several {@code hll-sparse-max-bytes}, merges of several keys, the cases of Redis's
 * tests/unit/hyperloglog.tcl that need more than a script (corruption fuzzing, run lengths past 2^32).
 */
class HyperLogLogIT extends AgainstRedis {
    private static final int[] SIZES = {0, 1, 10, 100, 300, 700, 1500, 3000, 10_000, 40_000};
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
        both("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
        r.close();
        c.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 30, 300, 3000, 12000})
    void randomSetsHaveRedissRegistersBytesAndEstimates(int sparseMaxBytes) throws IOException {
        both("CONFIG", "SET", "hll-sparse-max-bytes", Integer.toString(sparseMaxBytes));
        Random rnd = new Random(sparseMaxBytes);
        List<String> keys = new ArrayList<>();
        for (int size : SIZES) {
            String key = "hll:" + size;
            keys.add(key);
            addRandom(rnd, key, size);
            compareKey(key);
        }
        for (int i = 0; i < 8; i++) {
            List<String> args = new ArrayList<>(List.of("PFMERGE", "dst" + i));
            int n = 1 + rnd.nextInt(4);
            for (int j = 0; j < n; j++) {
                args.add(keys.get(rnd.nextInt(keys.size())));
            }
            both(args.toArray(String[]::new));
            compareKey("dst" + i);
            args.set(0, "PFCOUNT");
            args.remove(1);
            both(args.toArray(String[]::new));
        }
        List<String> all = new ArrayList<>(List.of("PFCOUNT"));
        all.addAll(keys);
        both(all.toArray(String[]::new));
    }

    /** hyperloglog.tcl: "HyperLogLog sparse encoding stress test", with the bytes compared too. */
    @Test
    void sparseAndDenseCopiesOfOneSetAgree() throws IOException {
        Random rnd = new Random(11);
        for (int x = 0; x < 200; x++) {
            both("DEL", "hll1", "hll2");
            String[] elements = new String[rnd.nextInt(100)];
            for (int j = 0; j < elements.length; j++) {
                elements[j] = Double.toString(rnd.nextDouble());
            }
            both("PFADD", "hll2");
            both("PFDEBUG", "TODENSE", "hll2");
            both(concat("PFADD", "hll1", elements));
            both(concat("PFADD", "hll2", elements));
            assertEquals("+sparse", text(both("PFDEBUG", "ENCODING", "hll1")));
            assertEquals("+dense", text(both("PFDEBUG", "ENCODING", "hll2")));
            assertEquals(text(both("PFCOUNT", "hll1")), text(both("PFCOUNT", "hll2")));
            both("GET", "hll1");
            both("GET", "hll2");
        }
    }

    /** hyperloglog.tcl: "Hyperloglog promote to dense well in different hll-sparse-max-bytes". */
    @Test
    void promotionHappensAtTheSameLengthAsRedis() throws IOException {
        Random rnd = new Random(5);
        for (int max : new int[] {100, 500, 3000}) {
            both("CONFIG", "SET", "hll-sparse-max-bytes", Integer.toString(max));
            both("DEL", "hll");
            both("PFADD", "hll");
            while (text(both("PFDEBUG", "ENCODING", "hll")).equals("+sparse")) {
                addRandom(rnd, "hll", 10);
                both("STRLEN", "hll");
            }
            both("GET", "hll");
        }
    }

    /**
     * hyperloglog.tcl: "Fuzzing dense/sparse encoding: Redis should always detect errors". Each corrupted
     * value is read with every command, and every reply (and the value it leaves) must be Redis's.
     */
    @Test
    void corruptedValuesAreDetectedAsRedisDetectsThem() throws IOException {
        Random rnd = new Random(17);
        for (int j = 0; j < 300; j++) {
            both("DEL", "hll", "copy");
            addRandom(rnd, "hll", rnd.nextInt(j % 3 == 0 ? 3000 : 300));
            for (int i = 0; i < 5; i++) {
                long len = Long.parseLong(text(both("STRLEN", "hll")).substring(1));
                byte[] b = {(byte) rnd.nextInt(256)};
                send("SETRANGE".getBytes(StandardCharsets.US_ASCII), "hll".getBytes(StandardCharsets.US_ASCII),
                        Long.toString(rnd.nextInt((int) len)).getBytes(StandardCharsets.US_ASCII), b);
                if (rnd.nextBoolean()) {
                    break;
                }
            }
            both("PFCOUNT", "hll", "missing");
            both("PFMERGE", "copy", "hll");
            both("PFCOUNT", "hll");
            both("PFDEBUG", "ENCODING", "hll");
            both("GET", "hll");
        }
    }

    /** hyperloglog.tcl: run lengths of XZERO and ZERO opcodes adding up past 2^32 registers. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void runLengthsPastTwoToTheThirtyTwoAreCorruption(boolean xzero) throws IOException {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write("HYLL".getBytes(StandardCharsets.US_ASCII));
        v.write(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        byte[] chunk = xzero ? new byte[] {0x7f, (byte) 0xff} : new byte[] {0x3f};
        int repeat = xzero ? 131072 + 1000 : 33554432 + 1000;
        byte[] body = new byte[chunk.length * repeat];
        for (int i = 0; i < body.length; i += chunk.length) {
            System.arraycopy(chunk, 0, body, i, chunk.length);
        }
        v.write(body);
        v.write(0xff);
        send("SET".getBytes(StandardCharsets.US_ASCII), "hll".getBytes(StandardCharsets.US_ASCII), v.toByteArray());
        assertTrue(text(both("PFCOUNT", "hll", "hll")).startsWith("-INVALIDOBJ"));
        assertTrue(text(both("PFDEBUG", "GETREG", "hll")).startsWith("-INVALIDOBJ"));
        both("PFCOUNT", "hll");
        both("PFMERGE", "dst", "hll");
        both("PING");
    }

    @Test
    void selfTestPasses() throws IOException {
        assertEquals("+OK", text(both("PFSELFTEST")));
    }

    private void addRandom(Random rnd, String key, int size) throws IOException {
        for (int done = 0; done < size; ) {
            int n = Math.min(size - done, 1 + rnd.nextInt(500));
            String[] elements = new String[n];
            for (int i = 0; i < n; i++) {
                elements[i] = rnd.nextInt(3) == 0 ? Long.toString(rnd.nextLong()) : "e" + rnd.nextInt(1_000_000);
            }
            both(concat("PFADD", key, elements));
            done += n;
        }
        if (size == 0) {
            both("PFADD", key);
        }
    }

    /** Registers, bytes, estimate, then the bytes again (PFCOUNT refreshes the cached cardinality). */
    private void compareKey(String key) throws IOException {
        both("PFDEBUG", "ENCODING", key);
        both("GET", key);
        both("PFCOUNT", key);
        both("GET", key);
        both("DUMP", key);
        both("PFDEBUG", "GETREG", key);
        both("GET", key);
    }

    private byte[] both(String... args) throws IOException {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return send(argv);
    }

    private byte[] send(byte[]... argv) throws IOException {
        r.send(argv);
        c.send(argv);
        byte[] expected = r.readReply();
        byte[] actual = c.readReply();
        if (!Arrays.equals(expected, actual)) {
            String command = new String(argv[0], StandardCharsets.UTF_8) + (argv.length > 1
                    ? " " + new String(argv[1], StandardCharsets.UTF_8) : "");
            fail(command + ": replies differ\n    redis:    " + cut(RawReply.show(expected))
                    + "\n    cinnabar: " + cut(RawReply.show(actual)));
        }
        return expected;
    }

    private static String cut(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1).strip();
    }

    private static String[] concat(String a, String b, String[] rest) {
        String[] all = new String[2 + rest.length];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
