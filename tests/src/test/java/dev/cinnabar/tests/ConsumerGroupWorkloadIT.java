// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A consumer-group work queue driven step by step against the real Redis and Cinnabar at once: producers
 * add jobs, consumers read and acknowledge them, some crash (stop acknowledging what they hold), restart
 * and read their history, or are removed; survivors recover the abandoned jobs with XAUTOCLAIM and XCLAIM,
 * and some jobs are deleted while pending. Every reply must be the same on both servers (idle times
 * aside), and at the end every job still in the stream has been acknowledged and nothing is pending.
 */
class ConsumerGroupWorkloadIT extends AgainstRedis {
    private static final int CONSUMERS = 4;
    private static final int STEPS = 600;

    @Test
    void consumersCrashAndRecoverAlikeOnBothServers() throws IOException {
        for (long seed : new long[]{1, 2, 3}) {
            run(seed);
        }
    }

    private void run(long seed) throws IOException {
        Random random = new Random(seed);
        try (RespConnection r = new RespConnection(redis.port());
             RespConnection c = new RespConnection(cinnabar.port())) {
            Pair both = new Pair(r, c, seed);
            both.same("DEL", "jobs");
            both.same("XGROUP", "CREATE", "jobs", "workers", "$", "MKSTREAM");
            boolean[] crashed = new boolean[CONSUMERS];
            Set<String> added = new TreeSet<>();
            Set<String> deleted = new HashSet<>();
            Set<String> acked = new HashSet<>();
            String cursor = "0-0";
            long nextId = 1;
            for (int step = 0; step < STEPS; step++) {
                int w = random.nextInt(CONSUMERS);
                String name = "w" + w;
                double roll = random.nextDouble();
                if (roll < 0.3) {
                    for (int n = 1 + random.nextInt(3); n > 0; n--) {
                        String id = nextId++ + "-0";
                        both.same("XADD", "jobs", id, "job", id, "payload", Integer.toString(random.nextInt(1000)));
                        added.add(id);
                    }
                } else if (roll < 0.55 && !crashed[w]) {
                    List<String> got = ids(both.same("XREADGROUP", "GROUP", "workers", name, "COUNT",
                            Integer.toString(1 + random.nextInt(4)), "STREAMS", "jobs", ">"));
                    if (random.nextInt(8) == 0) {
                        crashed[w] = true;
                    } else {
                        ack(both, got, acked);
                    }
                } else if (roll < 0.65 && !crashed[w]) {
                    Object reply = both.same("XAUTOCLAIM", "jobs", "workers", name, "0", cursor, "COUNT",
                            Integer.toString(1 + random.nextInt(5)));
                    List<?> parts = (List<?>) reply;
                    cursor = (String) parts.get(0);
                    ack(both, entryIds((List<?>) parts.get(1)), acked);
                } else if (roll < 0.72 && crashed[w]) {
                    crashed[w] = false;
                    ack(both, ids(both.same("XREADGROUP", "GROUP", "workers", name, "STREAMS", "jobs", "0")), acked);
                } else if (roll < 0.77 && !added.isEmpty()) {
                    String victim = new ArrayList<>(added).get(random.nextInt(added.size()));
                    both.same("XDEL", "jobs", victim);
                    deleted.add(victim);
                } else if (roll < 0.82) {
                    both.same("XPENDING", "jobs", "workers");
                    both.same("XINFO", "GROUPS", "jobs");
                    both.same("XINFO", "STREAM", "jobs");
                } else if (roll < 0.88 && !crashed[w]) {
                    List<?> pending = (List<?>) both.masked(2, "XPENDING", "jobs", "workers", "-", "+", "5");
                    List<String> ids = new ArrayList<>();
                    for (Object p : pending) {
                        ids.add((String) ((List<?>) p).get(0));
                    }
                    if (!ids.isEmpty()) {
                        List<String> args = new ArrayList<>(List.of("XCLAIM", "jobs", "workers", name, "0"));
                        args.addAll(ids);
                        args.add("JUSTID");
                        List<?> claimed = (List<?>) both.same(args.toArray(String[]::new));
                        List<String> claimedIds = new ArrayList<>();
                        claimed.forEach(id -> claimedIds.add((String) id));
                        ack(both, claimedIds, acked);
                    }
                } else if (roll < 0.9 && crashed[w]) {
                    // a consumer gone for good: a rescuer takes over what it held, then it is removed
                    List<?> held = (List<?>) both.masked(2, "XPENDING", "jobs", "workers", "-", "+", "1000", name);
                    if (!held.isEmpty()) {
                        List<String> args = new ArrayList<>(List.of("XCLAIM", "jobs", "workers", "rescuer", "0"));
                        held.forEach(p -> args.add((String) ((List<?>) p).get(0)));
                        args.add("JUSTID");
                        List<String> claimedIds = new ArrayList<>();
                        ((List<?>) both.same(args.toArray(String[]::new))).forEach(id -> claimedIds.add((String) id));
                        ack(both, claimedIds, acked);
                    }
                    both.same("XGROUP", "DELCONSUMER", "jobs", "workers", name);
                    crashed[w] = false;
                } else {
                    both.masked(5, "XINFO", "CONSUMERS", "jobs", "workers");
                    both.same("XPENDING", "jobs", "workers", "IDLE", "100000000", "-", "+", "10");
                }
            }
            // the survivors drain what is left: new jobs, then everything abandoned
            ack(both, ids(both.same("XREADGROUP", "GROUP", "workers", "drain", "STREAMS", "jobs", ">")), acked);
            cursor = "0-0";
            do {
                List<?> parts = (List<?>) both.same("XAUTOCLAIM", "jobs", "workers", "drain", "0", cursor, "COUNT", "7");
                cursor = (String) parts.get(0);
                ack(both, entryIds((List<?>) parts.get(1)), acked);
            } while (!cursor.equals("0-0"));
            List<?> summary = (List<?>) both.same("XPENDING", "jobs", "workers");
            assertEquals(":0", summary.get(0), "seed " + seed + ": nothing pending at the end");
            both.same("XINFO", "GROUPS", "jobs");
            Set<String> expected = new TreeSet<>(added);
            expected.removeAll(deleted);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(acked);
            assertTrue(missing.isEmpty(), "seed " + seed + ": jobs never acknowledged: " + missing);
        }
    }

    private static void ack(Pair both, List<String> ids, Set<String> acked) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("XACK", "jobs", "workers"));
        args.addAll(ids);
        both.same(args.toArray(String[]::new));
        acked.addAll(ids);
    }

    /** The entry ids of an XREADGROUP reply (one stream), skipping entries whose body is gone. */
    private static List<String> ids(Object reply) {
        if (reply == null) {
            return List.of();
        }
        List<?> stream = (List<?>) ((List<?>) reply).get(0);
        return entryIds((List<?>) stream.get(1));
    }

    private static List<String> entryIds(List<?> entries) {
        List<String> ids = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof List<?> entry && entry.get(1) != null) {
                ids.add((String) entry.get(0));
            }
        }
        return ids;
    }

    /** The two servers, sent the same commands. */
    private record Pair(RespConnection redis, RespConnection cinnabar, long seed) {
        /** Sends to both; the raw replies must be byte-identical; returns the parsed reply. */
        Object same(String... args) throws IOException {
            byte[] expected = redis.call(args);
            byte[] actual = cinnabar.call(args);
            if (!java.util.Arrays.equals(expected, actual)) {
                fail("seed " + seed + ": " + String.join(" ", args) + "\n  redis:    " + RawReply.show(expected)
                        + "\n  cinnabar: " + RawReply.show(actual));
            }
            return Resp.parse(actual);
        }

        /**
         * Sends to both and compares the parsed replies with element {@code index} of each inner array (an
         * idle time in ms, which depends on the server's clock) blanked.
         */
        Object masked(int index, String... args) throws IOException {
            Object expected = mask(Resp.parse(redis.call(args)), index);
            Object actual = mask(Resp.parse(cinnabar.call(args)), index);
            assertEquals(expected, actual, "seed " + seed + ": " + String.join(" ", args));
            return actual;
        }

        private static Object mask(Object reply, int index) {
            if (!(reply instanceof List<?> list)) {
                return reply;
            }
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof List<?> inner && inner.size() > index) {
                    List<Object> copy = new ArrayList<>(inner);
                    copy.set(index, "<time>");
                    out.add(copy);
                } else {
                    out.add(item);
                }
            }
            return out;
        }
    }

    /** A RESP2 reply as nested lists: bulk strings as Strings, integers and errors as their line, nulls as null. */
    private static final class Resp {
        private final byte[] b;
        private int pos;

        private Resp(byte[] b) {
            this.b = b;
        }

        static Object parse(byte[] reply) {
            return new Resp(reply).value();
        }

        private String line() {
            int start = pos;
            while (b[pos] != '\r') {
                pos++;
            }
            String s = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
            pos += 2;
            return s;
        }

        private Object value() {
            char type = (char) b[pos++];
            String line = line();
            switch (type) {
                case '$' -> {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return null;
                    }
                    String s = new String(b, pos, n, StandardCharsets.ISO_8859_1);
                    pos += n + 2;
                    return s;
                }
                case '*' -> {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return null;
                    }
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        items.add(value());
                    }
                    return items;
                }
                default -> {
                    return type + line;
                }
            }
        }
    }
}
