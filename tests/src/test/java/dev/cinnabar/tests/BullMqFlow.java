// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BullMQ queue's normal job flow, driven with BullMQ's own Lua scripts (test resources {@code bullmq/}, copied
 * unchanged from bullmq 5.81.5's dist/cjs/scripts, MIT) through EVAL, with the keys and arguments BullMQ's
 * {@code Scripts} class passes: add jobs, count them, take one to active, report progress and a log line,
 * extend the lock, complete it (fetching the next), fail the next, complete the last, then read states,
 * results and ranges. Options travel msgpack-encoded as BullMQ sends them (so the server's cmsgpack decodes
 * them); every timestamp is a fixed argument, so two servers must give identical replies.
 */
final class BullMqFlow {
    static final String PREFIX = "bull:q:";
    private static final long T = 1_700_000_000_000L;
    private static final String TOKEN = "tok-1";
    private static final int LOCK_MILLIS = 30_000;

    /** A step's name and the raw reply the server gave. */
    record Step(String name, byte[] reply) {
    }

    private final RespConnection connection;
    private final List<Step> steps = new ArrayList<>();

    private BullMqFlow(RespConnection connection) {
        this.connection = connection;
    }

    /** Runs the flow on a fresh database and returns every reply, the last being the keyspace dump. */
    static List<Step> run(int port) throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            connection.call("FLUSHALL");
            BullMqFlow flow = new BullMqFlow(connection);
            flow.jobFlow();
            flow.steps.add(new Step("keyspace", flow.eval(resource("dump-keyspace.lua"), List.of(),
                    List.of(bytes(PREFIX + "*")))));
            return flow.steps;
        }
    }

    private void jobFlow() throws IOException {
        addJob("add job 1", "", "email", "{\"to\":\"a@example.com\",\"n\":1}");
        addJob("add job 2", "", "email", "{\"to\":\"b@example.com\",\"n\":2}");
        addJob("add job custom-7", "custom-7", "report", "{\"pages\":[1,2,3],\"big\":12345678901234}");
        getCounts("counts after adding");
        moveToActive("take job 1", T + 10);
        step("progress of job 1", "updateProgress-3", keys(PREFIX + "1", PREFIX + "events", PREFIX + "meta"),
                args("1", "50"));
        step("log of job 1", "addLog-2", keys(PREFIX + "1", PREFIX + "1:logs"), args("1", "halfway", ""));
        step("extend lock of job 1", "extendLock-2", keys(PREFIX + "1:lock", PREFIX + "stalled"),
                args(TOKEN, Integer.toString(LOCK_MILLIS), "1"));
        getState("state of job 1", "1");
        moveToFinished("complete job 1, fetch next", "1", T + 20, "returnvalue", "{\"sent\":true}", "completed",
                true);
        moveToFinished("fail job 2", "2", T + 30, "failedReason", "smtp down", "failed", false);
        moveToActive("take job custom-7", T + 40);
        moveToFinished("complete job custom-7, fetch next", "custom-7", T + 50, "returnvalue", "42", "completed",
                true);
        moveToActive("take from an empty queue", T + 60);
        getCounts("counts at the end");
        for (String id : List.of("1", "2", "custom-7", "nosuch")) {
            getState("state of job " + id, id);
        }
        step("result of job 1", "isFinished-3", keys(PREFIX + "completed", PREFIX + "failed", PREFIX + "1"),
                args("1", "1"));
        step("result of job 2", "isFinished-3", keys(PREFIX + "completed", PREFIX + "failed", PREFIX + "2"),
                args("2", "1"));
        step("ranges", "getRanges-1", keys(PREFIX), args("0", "-1", "1", "completed", "failed", "wait", "active"));
    }

    private void addJob(String name, String customId, String jobName, String data) throws IOException {
        List<Object> args = Arrays.asList(PREFIX, customId, jobName, T, null, null, null, null, null);
        Map<String, Object> backoff = new LinkedHashMap<>();
        backoff.put("type", "exponential");
        backoff.put("delay", 1000);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("attempts", 3);
        opts.put("backoff", backoff);
        opts.put("removeOnComplete", false);
        opts.put("lifo", false);
        step(name, "addStandardJob-9", keys(PREFIX + "wait", PREFIX + "paused", PREFIX + "meta", PREFIX + "id",
                PREFIX + "completed", PREFIX + "delayed", PREFIX + "active", PREFIX + "events", PREFIX + "marker"),
                List.of(MsgPack.pack(args), bytes(data), MsgPack.pack(opts)));
    }

    private void getCounts(String name) throws IOException {
        step(name, "getCounts-1", keys(PREFIX), args("wait", "active", "completed", "failed", "delayed", "paused",
                "prioritized", "waiting-children"));
    }

    private void getState(String name, String jobId) throws IOException {
        step(name, "getState-8", keys(PREFIX + "completed", PREFIX + "failed", PREFIX + "delayed", PREFIX + "active",
                PREFIX + "wait", PREFIX + "paused", PREFIX + "waiting-children", PREFIX + "prioritized"),
                args(jobId));
    }

    /** The eleven keys moveToActive and (with four more) moveToFinished take, in BullMQ's order. */
    private static List<byte[]> workerKeys() {
        return keys(PREFIX + "wait", PREFIX + "active", PREFIX + "prioritized", PREFIX + "events",
                PREFIX + "stalled", PREFIX + "limiter", PREFIX + "delayed", PREFIX + "paused", PREFIX + "meta",
                PREFIX + "pc", PREFIX + "marker");
    }

    private void moveToActive(String name, long timestamp) throws IOException {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("token", TOKEN);
        opts.put("lockDuration", LOCK_MILLIS);
        opts.put("name", "worker-1");
        step(name, "moveToActive-11", workerKeys(),
                List.of(bytes(PREFIX), bytes(Long.toString(timestamp)), MsgPack.pack(opts)));
    }

    private void moveToFinished(String name, String jobId, long timestamp, String property, String value,
            String target, boolean fetchNext) throws IOException {
        List<byte[]> keys = new ArrayList<>(workerKeys().subList(0, 10));
        keys.addAll(keys(PREFIX + target, PREFIX + jobId, PREFIX + "metrics:" + target, PREFIX + "marker"));
        Map<String, Object> keepJobs = new LinkedHashMap<>();
        keepJobs.put("count", -1);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("token", TOKEN);
        opts.put("name", "worker-1");
        opts.put("keepJobs", keepJobs);
        opts.put("lockDuration", LOCK_MILLIS);
        opts.put("attempts", 3);
        opts.put("maxMetricsSize", "");
        opts.put("fpof", false);
        opts.put("cpof", false);
        opts.put("idof", false);
        opts.put("rdof", false);
        step(name, "moveToFinished-14", keys, List.of(bytes(jobId), bytes(Long.toString(timestamp)),
                bytes(property), bytes(value), bytes(target), bytes(fetchNext ? "1" : "0"), bytes(PREFIX),
                MsgPack.pack(opts)));
    }

    private void step(String name, String script, List<byte[]> keys, List<byte[]> args) throws IOException {
        steps.add(new Step(name, eval(resource(script + ".lua"), keys, args)));
    }

    private byte[] eval(String script, List<byte[]> keys, List<byte[]> args) throws IOException {
        List<byte[]> argv = new ArrayList<>();
        argv.add(bytes("EVAL"));
        argv.add(bytes(script));
        argv.add(bytes(Integer.toString(keys.size())));
        argv.addAll(keys);
        argv.addAll(args);
        connection.send(argv.toArray(new byte[0][]));
        return connection.readReply();
    }

    private static List<byte[]> keys(String... names) {
        return args(names);
    }

    private static List<byte[]> args(String... values) {
        List<byte[]> out = new ArrayList<>();
        for (String value : values) {
            out.add(bytes(value));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = BullMqFlow.class.getResourceAsStream("/bullmq/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Just enough MessagePack for BullMQ's arguments, encoded as msgpackr encodes them. */
    static final class MsgPack {
        private MsgPack() {
        }

        static byte[] pack(Object value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, value);
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, Object value) {
            if (value == null) {
                out.write(0xc0);
            } else if (value instanceof Boolean b) {
                out.write(b ? 0xc3 : 0xc2);
            } else if (value instanceof Integer || value instanceof Long) {
                writeInteger(out, ((Number) value).longValue());
            } else if (value instanceof String s) {
                byte[] utf8 = bytes(s);
                if (utf8.length < 32) {
                    out.write(0xa0 | utf8.length);
                } else {
                    out.write(0xd9);
                    out.write(utf8.length);
                }
                out.writeBytes(utf8);
            } else if (value instanceof List<?> list) {
                out.write(0x90 | list.size());
                list.forEach(element -> write(out, element));
            } else if (value instanceof Map<?, ?> map) {
                out.write(0x80 | map.size());
                map.forEach((k, v) -> {
                    write(out, k);
                    write(out, v);
                });
            } else {
                throw new IllegalArgumentException(value.getClass().getName());
            }
        }

        private static void writeInteger(ByteArrayOutputStream out, long n) {
            if (n >= 0 && n < 128) {
                out.write((int) n);
            } else if (n < 0 && n >= -32) {
                out.write((int) n & 0xff);
            } else if (n > 0 && n <= 0xff) {
                out.write(0xcc);
                out.write((int) n);
            } else if (n > 0 && n <= 0xffff) {
                out.write(0xcd);
                out.write((int) (n >> 8));
                out.write((int) n & 0xff);
            } else if (n > 0 && n <= 0xffffffffL) {
                out.write(0xce);
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out.write((int) (n >> shift) & 0xff);
                }
            } else {
                // msgpackr writes integers beyond 32 bits as float64
                out.write(0xcb);
                long bits = Double.doubleToLongBits(n);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (bits >> shift) & 0xff);
                }
            }
        }
    }
}
