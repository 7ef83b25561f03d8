// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A bee-queue queue's normal job flow, driven with bee-queue's own Lua scripts (test resources {@code beequeue/},
 * copied unchanged from bee-queue 2.0.0's lib/lua, MIT) and the plain commands its {@code Queue} and {@code Job}
 * classes send around them, on three connections as the client uses them: the command client, the blocking
 * worker client (BRPOPLPUSH) and the event client (subscribed to the queue's channels). Scripts are loaded with
 * SCRIPT EXISTS / SCRIPT LOAD and run with EVALSHA; jobs are added (some delayed, some with retries), taken,
 * completed, retried (immediately and after a backoff through the delayed set), failed for good, raised from
 * the delayed set, caught stalled, removed and counted; then a second queue of 1200 jobs takes the scripts
 * through their batching loops. Every timestamp bee-queue would take from Date.now() is a
 * fixed value, so two servers must give identical replies.
 */
final class BeeQueueFlow {
    static final String PREFIX = "bq:q:";
    static final List<String> SCRIPTS = List.of("addDelayedJob", "addJob", "checkStalledJobs", "raiseDelayedJobs",
            "removeJob");
    private static final long T = 1_700_000_000_000L;
    private static final int STALL_INTERVAL = 5000;
    private static final int DELAYED_DEBOUNCE = 1000;
    /** Ours, not a library's: every key matching a pattern with its type and contents, in a canonical order. */
    private static final String DUMP_SCRIPT = "/bullmq/dump-keyspace.lua";

    /** How a step's replies from two servers are compared. */
    enum Order {
        EXACT,
        /** an SSCAN reply: the cursor exactly, the members as a set (a hash table's order is not defined) */
        SCAN
    }

    /** A step's name, the raw reply the server gave and how to compare it. */
    record Step(String name, byte[] reply, Order order) {
    }

    private final RespConnection client;
    private final RespConnection worker;
    private final RespConnection events;
    private final Map<String, String> shas = new LinkedHashMap<>();
    private final Map<String, BeeQueueJob> jobs = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();

    private BeeQueueFlow(RespConnection client, RespConnection worker, RespConnection events) {
        this.client = client;
        this.worker = worker;
        this.events = events;
    }

    /**
     * Runs the flow on a fresh database and returns every reply; the keyspace dump comes before the queue is
     * destroyed, then the messages the event client received.
     */
    static List<Step> run(int port) throws IOException {
        try (RespConnection client = new RespConnection(port);
                RespConnection worker = new RespConnection(port);
                RespConnection events = new RespConnection(port)) {
            client.call("FLUSHALL");
            client.call("SCRIPT", "FLUSH");
            BeeQueueFlow flow = new BeeQueueFlow(client, worker, events);
            flow.jobFlow();
            return flow.steps;
        }
    }

    /** The SHA1 bee-queue computes for a script (lib/lua/index.js), which SCRIPT LOAD must answer. */
    static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes(resource(script))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void jobFlow() throws IOException {
        // Queue#constructor: the event client subscribes (getEvents, activateDelayedJobs), then ensureScripts
        for (String channel : List.of("events", "earlierDelayed")) {
            steps.add(new Step("subscribe " + channel, events.call("SUBSCRIBE", PREFIX + channel), Order.EXACT));
        }
        for (String script : SCRIPTS) {
            shas.put(script, sha1(script));
            record("script exists " + script, client, "SCRIPT", "EXISTS", shas.get(script));
            record("script load " + script, client, "SCRIPT", "LOAD", resource(script));
        }

        save(job("{\"to\":\"a@example.com\"}").retries(2).backoff("exponential", 1000));
        save(job("{\"n\":2}"));
        save(job("{\"n\":3,\"text\":\"caf\u00e9 \\\"quoted\\\"\"}").retries(1));
        save(job("{\"report\":true}").setId("nightly"));
        save(job("{\"again\":true}").setId("nightly"));
        save(job("{\"later\":4}").delayUntil(T + 5000));
        save(job("{\"sooner\":5}").delayUntil(T + 2000));
        save(job("{\"much later\":6}").delayUntil(T + 60_000));
        checkHealth("health after adding");
        raiseDelayed(PREFIX, "raise with nothing due", T);

        takeAndFinish(T + 100, "Error: boom\n    at handler (worker.js:1:1)", null);
        takeAndFinish(T + 200, null, "{\"sent\":true}");
        takeAndFinish(T + 300, "Error: flaky", null);
        BeeQueueJob nightly = take();
        preventStall(nightly);
        nightly.progress = 50;
        record("report progress of nightly", client, "PUBLISH", PREFIX + "events",
                "{\"id\":\"nightly\",\"event\":\"progress\",\"data\":50}");
        finish(nightly, T + 400, null, "42");
        takeAndFinish(T + 500, "Error: flaky again", null);
        checkHealth("health after the first jobs");

        raiseDelayed(PREFIX, "raise the retried job and job 5", T + 3000);
        BeeQueueJob retried = take();
        preventStall(retried);
        BeeQueueJob stalling = take();
        preventStall(stalling);
        checkStalled(PREFIX, "stall check arms the block", 1);
        preventStall(retried);
        awaitStallBlockExpiry(PREFIX);
        checkStalled(PREFIX, "stall check finds job 5 stalled", STALL_INTERVAL);
        checkStalled(PREFIX, "stall check within the interval", STALL_INTERVAL);
        finish(retried, T + 3100, null, "\"finally\"");

        removeJob(stalling.id);
        removeJob("2");
        removeJob("nosuch");
        raiseDelayed(PREFIX, "raise everything", T + 100_000);
        takeAndFinish(T + 100_100, null, "null");
        retry("3");

        getJobs();
        record("job 1 in succeeded", client, "SISMEMBER", PREFIX + "succeeded", "1");
        record("job 3 in failed", client, "SISMEMBER", PREFIX + "failed", "3");
        record("get job nosuch", client, "HGET", PREFIX + "jobs", "nosuch");
        checkHealth("health at the end");
        bulkQueue();
        for (String script : SCRIPTS) {
            // a second Queue on the same server finds the scripts loaded and does not load them again
            record("script exists again " + script, client, "SCRIPT", "EXISTS", shas.get(script));
        }

        steps.add(new Step("keyspace", evalDump(), Order.EXACT));
        record("destroy", client, "DEL", PREFIX + "id", PREFIX + "jobs", PREFIX + "stallBlock", PREFIX + "stalling",
                PREFIX + "waiting", PREFIX + "active", PREFIX + "succeeded", PREFIX + "failed", PREFIX + "delayed");
        receivedEvents();
    }

    /**
     * A second queue with more jobs than the scripts handle in one go: raiseDelayedJobs pages through the delayed
     * set 1000 at a time, checkStalledJobs SADDs and LPUSHes {@code unpack}ed chunks of 1024. Queue#saveAll and
     * the worker's BRPOPLPUSHes are pipelined. set-max-intset-entries keeps the stalling set of job ids an intset,
     * whose order (which becomes the order of the waiting list) is defined; a hash table's is not.
     */
    private void bulkQueue() throws IOException {
        String prefix = "bq:bulk:";
        int jobCount = 1200;
        int activeCount = 1100;
        record("intsets up to 4096 entries", client, "CONFIG", "SET", "set-max-intset-entries", "4096");
        List<List<String>> saves = new ArrayList<>();
        for (int i = 0; i < jobCount; i++) {
            // scores out of order and some equal, so the head changes now and then and ties sort by id
            BeeQueueJob job = job("{\"i\":" + i + "}").delayUntil(T + 10_000 + (i * 7919L % 700));
            saves.add(List.of("EVALSHA", shas.get("addDelayedJob"), "4", prefix + "id", prefix + "jobs",
                    prefix + "delayed", prefix + "earlierDelayed", "", job.toData(), Long.toString(job.delay)));
        }
        pipeline("save all " + jobCount + " delayed jobs", client, saves);
        raiseDelayed(prefix, "raise " + jobCount + " delayed jobs", T + 20_000);
        List<List<String>> takes = new ArrayList<>();
        for (int i = 0; i < activeCount; i++) {
            takes.add(List.of("BRPOPLPUSH", prefix + "waiting", prefix + "active", "0"));
        }
        pipeline("take " + activeCount + " jobs", worker, takes);
        checkStalled(prefix, "bulk stall check arms the block", 1);
        awaitStallBlockExpiry(prefix);
        checkStalled(prefix, "bulk stall check finds every active job stalled", STALL_INTERVAL);
        record("bulk waiting length", client, "LLEN", prefix + "waiting");
        record("bulk active length", client, "LLEN", prefix + "active");
        record("default intsets again", client, "CONFIG", "SET", "set-max-intset-entries", "512");
    }

    /** Commands sent at once and their replies read after: one step whose reply is all of them in order. */
    private void pipeline(String name, RespConnection connection, List<List<String>> commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<String> command : commands) {
            byte[][] argv = command.stream().map(BeeQueueFlow::bytes).toArray(byte[][]::new);
            connection.send(argv);
        }
        for (int i = 0; i < commands.size(); i++) {
            out.writeBytes(connection.readReply());
        }
        steps.add(new Step(name, out.toByteArray(), Order.EXACT));
    }

    /** Queue#createJob at the flow's fixed clock. */
    private static BeeQueueJob job(String data) {
        return new BeeQueueJob(data, T);
    }

    /** Job#_save: addJob, or addDelayedJob for a job with a delay. */
    private BeeQueueJob save(BeeQueueJob job) throws IOException {
        byte[] reply;
        if (job.delay != null) {
            reply = evalsha("save delayed job " + job.describe(), "addDelayedJob",
                    List.of(PREFIX + "id", PREFIX + "jobs", PREFIX + "delayed", PREFIX + "earlierDelayed"),
                    List.of(job.id == null ? "" : job.id, job.toData(), Long.toString(job.delay)));
        } else {
            reply = evalsha("save job " + job.describe(), "addJob",
                    List.of(PREFIX + "id", PREFIX + "jobs", PREFIX + "waiting"),
                    List.of(job.id == null ? "" : job.id, job.toData()));
        }
        String id = bulk(reply);
        if (id != null) {
            job.id = id;
            jobs.put(id, job);
        }
        return job;
    }

    private void checkHealth(String name) throws IOException {
        multi(name, List.of(List.of("LLEN", PREFIX + "waiting"), List.of("LLEN", PREFIX + "active"),
                List.of("SCARD", PREFIX + "succeeded"), List.of("SCARD", PREFIX + "failed"),
                List.of("ZCARD", PREFIX + "delayed"), List.of("GET", PREFIX + "id")));
    }

    private void raiseDelayed(String prefix, String name, long now) throws IOException {
        evalsha(name, "raiseDelayedJobs", List.of(prefix + "delayed", prefix + "waiting"),
                List.of(Long.toString(now), Integer.toString(DELAYED_DEBOUNCE)));
    }

    /** Queue#_waitForJob then Job.fromId: BRPOPLPUSH on the worker client, HGET of the job's data. */
    private BeeQueueJob take() throws IOException {
        byte[] popped = record("take a job", worker, "BRPOPLPUSH", PREFIX + "waiting", PREFIX + "active", "0");
        String id = bulk(popped);
        byte[] data = record("fetch job " + id, client, "HGET", PREFIX + "jobs", id);
        BeeQueueJob job = jobs.get(id);
        String expected = job.toData();
        if (!expected.equals(bulk(data))) {
            throw new IllegalStateException("job " + id + " holds " + bulk(data) + ", expected " + expected);
        }
        return job;
    }

    private void preventStall(BeeQueueJob job) throws IOException {
        record("prevent stall of " + job.id, client, "SREM", PREFIX + "stalling", job.id);
    }

    private void takeAndFinish(long now, String error, String result) throws IOException {
        BeeQueueJob job = take();
        preventStall(job);
        finish(job, now, error, result);
    }

    /** Queue#_finishJob: one MULTI, its content chosen by the outcome and the job's remaining retries. */
    private void finish(BeeQueueJob job, long now, String error, String result) throws IOException {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("LREM", PREFIX + "active", "0", job.id));
        commands.add(List.of("SREM", PREFIX + "stalling", job.id));
        long delay = error == null ? -1 : job.computeDelay();
        job.status = error == null ? "succeeded" : delay >= 0 ? "retrying" : "failed";
        if (error != null) {
            job.stacktraces.add(0, error);
        }
        switch (job.status) {
            case "failed" -> {
                commands.add(List.of("HSET", PREFIX + "jobs", job.id, job.toData()));
                commands.add(List.of("SADD", PREFIX + "failed", job.id));
            }
            case "retrying" -> {
                job.retries--;
                commands.add(List.of("HSET", PREFIX + "jobs", job.id, job.toData()));
                if (delay == 0) {
                    commands.add(List.of("LPUSH", PREFIX + "waiting", job.id));
                } else {
                    String time = Long.toString(now + delay);
                    commands.add(List.of("ZADD", PREFIX + "delayed", time, job.id));
                    commands.add(List.of("PUBLISH", PREFIX + "earlierDelayed", time));
                }
            }
            default -> {
                commands.add(List.of("HSET", PREFIX + "jobs", job.id, job.toData()));
                commands.add(List.of("SADD", PREFIX + "succeeded", job.id));
            }
        }
        String data = error == null ? result : json(error.lines().findFirst().orElseThrow().replace("Error: ", ""));
        commands.add(List.of("PUBLISH", PREFIX + "events",
                "{\"id\":" + json(job.id) + ",\"event\":\"" + job.status + "\",\"data\":" + data + "}"));
        multi("finish job " + job.id + " as " + job.status, commands);
    }

    private void checkStalled(String prefix, String name, int stallInterval) throws IOException {
        evalsha(name, "checkStalledJobs",
                List.of(prefix + "stallBlock", prefix + "stalling", prefix + "waiting", prefix + "active"),
                List.of(Integer.toString(stallInterval)));
    }

    /**
     * The next check only runs once the stall block set with a 1 ms interval has expired: wait for that, without
     * recording the polls (how many there are depends on the clock).
     */
    private void awaitStallBlockExpiry(String prefix) throws IOException {
        while (!":0\r\n".equals(new String(client.call("EXISTS", prefix + "stallBlock"), StandardCharsets.UTF_8))) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private void removeJob(String id) throws IOException {
        evalsha("remove job " + id, "removeJob", List.of(PREFIX + "succeeded", PREFIX + "failed", PREFIX + "waiting",
                PREFIX + "active", PREFIX + "stalling", PREFIX + "jobs", PREFIX + "delayed"), List.of(id));
        jobs.remove(id);
    }

    /** Job#retry of a failed job. */
    private void retry(String id) throws IOException {
        multi("retry failed job " + id, List.of(List.of("SREM", PREFIX + "failed", id),
                List.of("LPUSH", PREFIX + "waiting", id)));
    }

    /** Queue#getJobs for each type, then the HMGET of the jobs' data (ids sorted: SSCAN's order is not defined). */
    private void getJobs() throws IOException {
        TreeSet<String> ids = new TreeSet<>();
        for (String type : List.of("waiting", "active")) {
            ids.addAll(elements(record("get " + type + " jobs", client, "LRANGE", PREFIX + type, "0", "100")));
        }
        ids.addAll(elements(record("get delayed jobs", client, "ZRANGE", PREFIX + "delayed", "0", "100")));
        for (String type : List.of("succeeded", "failed")) {
            byte[] reply = client.call("SSCAN", PREFIX + type, "0", "COUNT", "100");
            steps.add(new Step("get " + type + " jobs", reply, Order.SCAN));
            List<String> scan = elements(reply);
            ids.addAll(scan.subList(1, scan.size()));
        }
        List<String> hmget = new ArrayList<>(List.of("HMGET", PREFIX + "jobs"));
        hmget.addAll(ids);
        record("job data of " + ids, client, hmget.toArray(new String[0]));
    }

    private byte[] evalDump() throws IOException {
        client.send(bytes("EVAL"), bytes(text(DUMP_SCRIPT)), bytes("0"), bytes("bq:*"));
        return client.readReply();
    }

    /** What the event client received: a PING after the flow marks the end of the messages. */
    private void receivedEvents() throws IOException {
        // the PING was sent last, so its reply (the only one that is not a "message") closes the list
        events.send(bytes("PING"));
        while (true) {
            byte[] reply = events.readReply();
            String text = new String(reply, StandardCharsets.UTF_8);
            if (text.contains("pong")) {
                steps.add(new Step("event client ping", reply, Order.EXACT));
                return;
            }
            steps.add(new Step("event received", reply, Order.EXACT));
        }
    }

    private void multi(String name, List<List<String>> commands) throws IOException {
        record(name + ": MULTI", client, "MULTI");
        for (List<String> command : commands) {
            record(name + ": " + command.get(0), client, command.toArray(new String[0]));
        }
        record(name + ": EXEC", client, "EXEC");
    }

    private byte[] evalsha(String name, String script, List<String> keys, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("EVALSHA", shas.get(script), Integer.toString(keys.size())));
        argv.addAll(keys);
        argv.addAll(args);
        return record(name, client, argv.toArray(new String[0]));
    }

    private byte[] record(String name, RespConnection connection, String... command) throws IOException {
        byte[] reply = connection.call(command);
        steps.add(new Step(name, reply, Order.EXACT));
        return reply;
    }

    /** A bulk string reply's text; null for a null reply. */
    private static String bulk(byte[] reply) {
        String text = new String(reply, StandardCharsets.UTF_8);
        if (!text.startsWith("$") || text.startsWith("$-1")) {
            return null;
        }
        return text.substring(text.indexOf("\r\n") + 2, text.length() - 2);
    }

    /** The bulk strings of a flat array reply, or of the nested array in an SSCAN reply, in order. */
    private static List<String> elements(byte[] reply) {
        List<String> out = new ArrayList<>();
        String[] lines = new String(reply, StandardCharsets.UTF_8).split("\r\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("$") && !lines[i].equals("$-1")) {
                out.add(lines[++i]);
            }
        }
        return out;
    }

    /** JSON.stringify of a string (enough for the texts this flow uses). */
    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String resource(String script) {
        return text("/beequeue/" + script + ".lua");
    }

    private static String text(String path) {
        try (InputStream in = BeeQueueFlow.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
