// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.ListDirection;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A reliable job queue driven by several client threads against one server:
 * <ul>
 * <li>producers LPUSH jobs (one to four per push) onto {@code queue}, and ZADD every sixth job to
 *     {@code delayed} with the time it is due as its score;</li>
 * <li>schedulers move due jobs to {@code queue}: WATCH {@code delayed}, ZRANGEBYSCORE, then ZREM + LPUSH +
 *     HINCRBY in MULTI/EXEC, retried when EXEC answers null because another scheduler or a producer touched
 *     {@code delayed} first;</li>
 * <li>consumers move a job from {@code queue} to their own {@code processing:N} list (half with BLMOVE and
 *     a sub-second timeout, half polling with LMOVE), work, then acknowledge in MULTI/EXEC: SADD the job's id
 *     to {@code done}, HINCRBY the {@code stats} counters, LREM it from {@code processing:N};</li>
 * <li>consumer 0 dies holding its tenth job without acknowledging it; a reaper then moves what its
 *     processing list holds back to {@code queue} with LMOVE, where another consumer takes it.</li>
 * </ul>
 * The jobs are the same on every run (a fixed seed; only the delays depend on the clock), so the final
 * {@code done} and {@code stats} are the same on every server.
 */
final class JobQueueWorkload {
    static final int PRODUCERS = 2;
    static final int JOBS_PER_PRODUCER = 900;
    static final int CONSUMERS = 4;
    static final int SCHEDULERS = 3;
    static final int KINDS = 3;
    /** The job consumer 0 dies holding. */
    static final int CRASH_AT = 10;
    private static final long DEADLINE_SECONDS = 20;

    /** What a run saw from the clients' side; the server's side is read afterwards. */
    record Outcome(List<Throwable> errors, long watchRetries, long millis) {
    }

    private final int port;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicInteger processed = new AtomicInteger();
    private final CountDownLatch crashed = new CountDownLatch(1);
    private final LongAdder watchRetries = new LongAdder();
    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

    private JobQueueWorkload(int port) {
        this.port = port;
    }

    static int totalJobs() {
        return PRODUCERS * JOBS_PER_PRODUCER;
    }

    static int delayedJobs() {
        return PRODUCERS * ((JOBS_PER_PRODUCER + 5) / 6);
    }

    /** The job {@code id}: its id, kind and value, which the counters add up. */
    static String job(int id) {
        return id + ":" + (id % KINDS) + ":" + (id % 97);
    }

    static int jobId(int producer, int i) {
        return producer * 100_000 + i;
    }

    /** Runs the workload on an empty server and waits for it to finish, at most 20 s. */
    static Outcome run(int port) throws InterruptedException {
        return new JobQueueWorkload(port).runAll();
    }

    private Outcome runAll() throws InterruptedException {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + SCHEDULERS + CONSUMERS + 1);
        List<Future<?>> producers = new ArrayList<>();
        List<Future<?>> others = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(pool.submit(guarded(jedis -> produce(jedis, producer))));
        }
        for (int s = 0; s < SCHEDULERS; s++) {
            others.add(pool.submit(guarded(this::schedule)));
        }
        for (int c = 0; c < CONSUMERS; c++) {
            int consumer = c;
            others.add(pool.submit(guarded(jedis -> consume(jedis, consumer))));
        }
        others.add(pool.submit(guarded(this::reap)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        await(producers, deadline);
        producing.set(false);
        await(others, deadline);
        stop.set(true);
        pool.shutdownNow();
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            errors.add(new AssertionError("client threads did not stop"));
        }
        return new Outcome(List.copyOf(errors), watchRetries.sum(), (System.nanoTime() - start) / 1_000_000);
    }

    private void await(List<Future<?>> futures, long deadline) throws InterruptedException {
        for (Future<?> f : futures) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                errors.add(new AssertionError("the workload did not finish within " + DEADLINE_SECONDS + " s; "
                        + processed.get() + " of " + totalJobs() + " jobs processed"));
                stop.set(true);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                errors.add(e.getCause());
            }
        }
    }

    private interface Body {
        void run(Jedis jedis) throws Exception;
    }

    /** Runs a client thread on its own connection; its first error stops every thread. */
    private Runnable guarded(Body body) {
        return () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
                body.run(jedis);
            } catch (Throwable t) {
                errors.add(t);
                stop.set(true);
            }
        };
    }

    private void produce(Jedis jedis, int producer) {
        Random random = new Random(producer);
        int i = 0;
        while (i < JOBS_PER_PRODUCER && !stop.get()) {
            if (i % 6 == 0) {
                long due = System.currentTimeMillis() + random.nextInt(800);
                jedis.zadd("delayed", due, job(jobId(producer, i)));
                i++;
                continue;
            }
            List<String> batch = new ArrayList<>();
            int size = 1 + random.nextInt(4);
            while (batch.size() < size && i < JOBS_PER_PRODUCER && i % 6 != 0) {
                batch.add(job(jobId(producer, i)));
                i++;
            }
            jedis.lpush("queue", batch.toArray(String[]::new));
        }
    }

    private void schedule(Jedis jedis) throws InterruptedException {
        while (!stop.get()) {
            jedis.watch("delayed");
            List<String> due = jedis.zrangeByScore("delayed", "-inf",
                    Long.toString(System.currentTimeMillis()), 0, 10);
            if (due.isEmpty()) {
                jedis.unwatch();
                if (!producing.get() && jedis.zcard("delayed") == 0) {
                    return;
                }
                Thread.sleep(5);
                continue;
            }
            String[] jobs = due.toArray(String[]::new);
            Transaction tx = jedis.multi();
            Response<Long> removed = tx.zrem("delayed", jobs);
            tx.lpush("queue", jobs);
            tx.hincrBy("stats", "moved", jobs.length);
            if (tx.exec() == null) {
                watchRetries.increment();
            } else if (removed.get() != jobs.length) {
                throw new AssertionError("ZREM under WATCH removed " + removed.get() + " of " + due);
            }
        }
    }

    private void consume(Jedis jedis, int consumer) throws InterruptedException {
        String processing = "processing:" + consumer;
        boolean blocking = consumer % 2 == 0;
        int taken = 0;
        while (!stop.get() && processed.get() < totalJobs()) {
            String job = blocking
                    ? jedis.blmove("queue", processing, ListDirection.RIGHT, ListDirection.LEFT, 0.05)
                    : jedis.lmove("queue", processing, ListDirection.RIGHT, ListDirection.LEFT);
            if (job == null) {
                if (!blocking) {
                    Thread.sleep(2);
                }
                continue;
            }
            taken++;
            if (consumer == 0 && taken == CRASH_AT) {
                crashed.countDown();
                return;
            }
            String[] parts = job.split(":");
            int id = Integer.parseInt(parts[0]);
            if (id % 50 == 0) {
                Thread.sleep(1);
            }
            Transaction tx = jedis.multi();
            Response<Long> added = tx.sadd("done", parts[0]);
            tx.hincrBy("stats", "processed", 1);
            tx.hincrBy("stats", "kind:" + parts[1], 1);
            tx.hincrBy("stats", "sum", Long.parseLong(parts[2]));
            Response<Long> removed = tx.lrem(processing, 1, job);
            tx.exec();
            if (added.get() != 1 || removed.get() != 1) {
                throw new AssertionError("job " + job + " acknowledged twice (SADD " + added.get() + ", LREM "
                        + removed.get() + ")");
            }
            processed.incrementAndGet();
        }
    }

    /** Gives the jobs of the dead consumer back to the queue, where they are served next. */
    private void reap(Jedis jedis) throws InterruptedException {
        while (!crashed.await(10, TimeUnit.MILLISECONDS)) {
            if (stop.get()) {
                return;
            }
        }
        while (jedis.lmove("processing:0", "queue", ListDirection.RIGHT, ListDirection.RIGHT) != null) {
            jedis.hincrBy("stats", "recovered", 1);
        }
    }
}
