// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random command sequences ({@link RandomCommands}) run on a real {@code redis-server} and on a
 * fresh in-process Cinnabar, every reply compared byte for byte; TTL-like replies by class, replies in hash
 * table order as multisets, random picks by size ({@link RandomCommands.Compare}). Even seeds speak RESP2,
 * odd seeds RESP3. Each seed starts with its own small thresholds for the compact encodings, so collections
 * convert often. Every {@value #SWEEP_EVERY} steps and at the end, the whole key space of databases 0-2 is
 * compared too: type, encoding and contents of every key. Run other seeds with {@code -Drandom.seed=N[,M…]},
 * change the length with {@code -Drandom.steps=N}, generate only some collection families with
 * {@code -Drandom.families=hash,list,set,zset,geo,hll,bitmap,stream} (or {@code none});
 * {@code -Drandom.against=redis} runs a second redis-server in Cinnabar's place, which checks that the generator only makes sequences whose
 * compared replies are deterministic. A failure names the seed, the step, the last commands and both replies.
 */
class RandomizedDifferentialIT extends SeededAgainstRedis {
    private static final long[] DEFAULT_SEEDS = {1, 2, 3, 4, 5, 6};
    private static final int DEFAULT_STEPS = 2000;
    private static final int SWEEP_EVERY = 250;
    private static final int HISTORY = 12;

    @TestFactory
    Stream<DynamicTest> randomSequencesGiveTheSameRepliesAsRedis() {
        int steps = Integer.getInteger("random.steps", DEFAULT_STEPS);
        LongStream seeds = seeds("random.seed", DEFAULT_SEEDS);
        return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Run(seed, steps).run()));
    }

    /** One seed's sequence against both servers. */
    private static final class Run {
        private final long seed;
        private final int steps;
        private final boolean resp3;
        /** A day ahead, shared by both servers, so absolute expiries are identical and never fire. */
        private final long future = System.currentTimeMillis() / 1000 + 86_400;
        private final Deque<String> history = new ArrayDeque<>();
        private final List<String> trace = new ArrayList<>();
        private int step;

        Run(long seed, int steps) {
            this.seed = seed;
            this.steps = steps;
            this.resp3 = seed % 2 != 0;
        }

        void run() throws Exception {
            Random rnd = new Random(seed);
            RandomCommands generator = new RandomCommands(rnd, future, families());
            try (TestServer cinnabar = "redis".equals(System.getProperty("random.against"))
                    ? RedisServerProcess.startOrSkip() : CinnabarServer.start();
                 Pair main = new Pair(redis.port(), cinnabar.port());
                 Pair other = new Pair(redis.port(), cinnabar.port())) {
                byte[] flushed = main.redis.call("FLUSHALL");
                if (!"+OK\r\n".equals(new String(flushed, StandardCharsets.US_ASCII))) {
                    fail("FLUSHALL on redis-server failed: " + RawReply.show(flushed));
                }
                for (String[] threshold : thresholds(rnd)) {
                    exchange(main, command(RandomCommands.Compare.EXACT, threshold));
                }
                if (resp3) {
                    main.redis.call("HELLO", "3");
                    main.cinnabar.call("HELLO", "3");
                }
                int nextSweep = SWEEP_EVERY;
                while (step < steps) {
                    for (Command c : generator.next()) {
                        step++;
                        exchange(c.other() ? other : main, c);
                    }
                    if (step >= nextSweep) {
                        sweep(main);
                        nextSweep += SWEEP_EVERY;
                    }
                }
                sweep(main);
            }
        }

        /**
         * Compares databases 0-2 key by key (type, encoding, contents, expiry class) and by size; leaves the
         * connection in db 0.
         */
        private void sweep(Pair main) throws IOException {
            for (int db = 2; db >= 0; db--) {
                exchange(main, command(RandomCommands.Compare.EXACT, "SELECT", Integer.toString(db)));
                exchange(main, command(RandomCommands.Compare.UNORDERED, "KEYS", "*"));
                exchange(main, command(RandomCommands.Compare.EXACT, "DBSIZE"));
                for (String key : RandomArgs.KEYS) {
                    String type = new String(exchange(main, command(RandomCommands.Compare.EXACT, "TYPE", key)),
                            StandardCharsets.ISO_8859_1).strip();
                    if (!type.equals("+none")) {
                        contents(main, key, type);
                        exchange(main, command(RandomCommands.Compare.TTL_CLASS, "PTTL", key));
                    }
                }
            }
        }

        /**
         * A key's contents: in order where the encoding has one the server does not choose (strings, lists,
         * sorted sets, listpack hashes, intsets), else as a multiset. Not a string's encoding, which Cinnabar
         * derives from its bytes while Redis keeps how the value was made (see docs/compatibility.md).
         */
        private void contents(Pair main, String key, String type) throws IOException {
            if (type.equals("+string")) {
                exchange(main, command(RandomCommands.Compare.EXACT, "GET", key));
                return;
            }
            String encoding = new String(exchange(main, command(RandomCommands.Compare.EXACT, "OBJECT", "ENCODING",
                    key)), StandardCharsets.ISO_8859_1);
            boolean ordered = !encoding.endsWith("\r\nhashtable\r\n");
            switch (type) {
                case "+hash" -> exchange(main, command(ordered ? RandomCommands.Compare.EXACT
                        : RandomCommands.Compare.PAIRS, "HGETALL", key));
                case "+list" -> exchange(main, command(RandomCommands.Compare.EXACT, "LRANGE", key, "0", "-1"));
                case "+set" -> exchange(main, command(ordered ? RandomCommands.Compare.EXACT
                        : RandomCommands.Compare.UNORDERED, "SMEMBERS", key));
                case "+zset" -> exchange(main, command(RandomCommands.Compare.EXACT, "ZRANGE", key, "0", "-1",
                        "WITHSCORES"));
                case "+stream" -> {
                    exchange(main, command(RandomCommands.Compare.EXACT, "XRANGE", key, "-", "+"));
                    exchange(main, command(RandomCommands.Compare.EXACT, "XINFO", "GROUPS", key));
                }
                default -> fail("seed " + seed + ": unexpected type " + type + " of " + key);
            }
        }

        /** Sends {@code c} to both servers, fails unless their replies compare equal; returns Redis's. */
        private byte[] exchange(Pair pair, Command c) throws IOException {
            remember(c.text());
            pair.redis.send(c.argv());
            pair.cinnabar.send(c.argv());
            byte[] expected = pair.redis.readReply();
            byte[] actual = pair.cinnabar.readReply();
            boolean same = switch (c.compare()) {
                case EXACT -> Arrays.equals(expected, actual);
                case UNORDERED -> RawReply.equalUnordered(expected, actual);
                case TTL_CLASS -> ttlClass(expected).equals(ttlClass(actual));
                case EXPIRE_TIME -> isAbsolute(c, expected) ? Arrays.equals(expected, actual)
                        : ttlClass(expected).equals(ttlClass(actual));
                case PAIRS -> RawReply.equalUnordered(expected, actual, 2);
                case SHAPE -> RawReply.sameShape(expected, actual);
                case SCAN -> RawReply.equalScan(expected, actual, 1);
                case SCAN_PAIRS -> RawReply.equalScan(expected, actual, 2);
                case DUMP -> isCollectionDump(expected) || Arrays.equals(expected, actual);
            };
            if (!same) {
                Path file = writeTrace();
                fail(String.format("seed %d (%s), step %d of %d: %s%n    redis:    %s%n    cinnabar: %s%n"
                                + "last commands, oldest first:%n    %s%nevery command so far: %s%n"
                                + "reproduce with -Drandom.seed=%d",
                        seed, resp3 ? "RESP3" : "RESP2", step, steps, c.text(), RawReply.show(expected),
                        RawReply.show(actual), String.join("\n    ", history), file.toAbsolutePath(), seed));
            }
            return expected;
        }

        /** True for a DUMP payload whose first byte, the RDB type, is not a string's (0). */
        private static boolean isCollectionDump(byte[] reply) {
            if (reply[0] != '$' || reply[1] == '-') {
                return false;
            }
            int cr = 1;
            while (reply[cr] != '\r') {
                cr++;
            }
            return reply[cr + 2] != 0;
        }

        private Path writeTrace() throws IOException {
            Path dir = Files.createDirectories(Path.of("target", "randomized-diff"));
            return Files.write(dir.resolve("seed-" + seed + ".txt"), trace, StandardCharsets.UTF_8);
        }

        private void remember(String text) {
            trace.add(text);
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(text);
        }

        private static Command command(RandomCommands.Compare compare, String... args) {
            byte[][] argv = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
            }
            return new Command(false, argv, compare);
        }

        /** True unless an (P)EXPIRETIME reply is an expiry the generator set relative to the clock. */
        private boolean isAbsolute(Command c, byte[] reply) {
            String s = new String(reply, StandardCharsets.ISO_8859_1);
            if (!s.startsWith(":")) {
                return true;
            }
            long seconds = Long.parseLong(s.substring(1).strip()) / (c.argv()[0][0] == 'P' ? 1000 : 1);
            return seconds >= future && seconds <= future + RandomCommands.ABSOLUTE_SPAN_SECONDS;
        }

        /** -2, -1, "positive" for an integer reply; anything else stays as it is. */
        private static String ttlClass(byte[] reply) {
            String s = new String(reply, StandardCharsets.ISO_8859_1);
            if (s.startsWith(":") && !s.startsWith(":-")) {
                return Long.parseLong(s.substring(1).strip()) > 0 ? "positive" : s;
            }
            return s;
        }
    }

    /** The collection families to generate: {@code -Drandom.families}, by default all. */
    private static Set<RandomCommands.Family> families() {
        String names = System.getProperty("random.families", "");
        if (names.isBlank()) {
            return EnumSet.allOf(RandomCommands.Family.class);
        }
        Set<RandomCommands.Family> out = EnumSet.noneOf(RandomCommands.Family.class);
        for (String name : names.split(",")) {
            if (!name.strip().equals("none")) {
                out.add(RandomCommands.Family.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            }
        }
        return out;
    }

    /**
     * CONFIG SET commands giving this seed's thresholds of the compact encodings: small, so collections of a
     * few elements convert, and the same on both servers. They are all set on every seed, so the shared
     * redis-server needs no restoring.
     */
    private static List<String[]> thresholds(Random rnd) {
        return List.of(
                new String[] {"CONFIG", "SET", "hash-max-listpack-entries", Integer.toString(2 + rnd.nextInt(8))},
                new String[] {"CONFIG", "SET", "hash-max-listpack-value", Integer.toString(8 + rnd.nextInt(60))},
                new String[] {"CONFIG", "SET", "set-max-intset-entries", Integer.toString(2 + rnd.nextInt(8))},
                new String[] {"CONFIG", "SET", "zset-max-listpack-entries", Integer.toString(2 + rnd.nextInt(8))},
                new String[] {"CONFIG", "SET", "zset-max-listpack-value", Integer.toString(8 + rnd.nextInt(60))},
                new String[] {"CONFIG", "SET", "list-max-listpack-size", Integer.toString(rnd.nextInt(8) - 2)},
                new String[] {"CONFIG", "SET", "hll-sparse-max-bytes", Integer.toString(20 + rnd.nextInt(1500))});
    }

    /** The same logical connection to each server. */
    private static final class Pair implements AutoCloseable {
        final RespConnection redis;
        final RespConnection cinnabar;

        Pair(int redisPort, int cinnabarPort) throws IOException {
            this.redis = new RespConnection(redisPort);
            this.cinnabar = new RespConnection(cinnabarPort);
        }

        @Override
        public void close() throws IOException {
            try {
                redis.close();
            } finally {
                cinnabar.close();
            }
        }
    }
}
