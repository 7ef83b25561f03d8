// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bench;

import dev.cinnabar.core.resp.RespValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The collection hot paths of an embedded engine, per command, on a list, hash, set and sorted set of
 * {@code size} elements (1k: already past the compact encodings' default thresholds, except the list;
 * 100k), in batches of {@value #BATCH} through the dispatcher on the engine thread as a connection's read
 * runs them. Every batch leaves each collection's size as it found it: LPUSH/RPOP in pairs, HSET over
 * existing fields, SREM/SADD of one member in pairs, ZADD moving existing members to new scores.
 * Elements are touched in a scattered order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CollectionsBenchmark {
    static final int BATCH = 1000;

    @Param({"1000", "100000"})
    int size;

    private EngineClient ec;
    private byte[][][] lpushRpop;
    private byte[][][] hsetHget;
    private byte[][][] saddSismember;
    private byte[][][] zaddZrank;
    private byte[][][] zrange;
    private int position;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ec = EngineClient.open();
        fill("RPUSH", "list", n -> List.of(element(n)));
        fill("HSET", "hash", n -> List.of(element(n), "v" + n));
        fill("SADD", "set", n -> List.of(element(n)));
        fill("ZADD", "zset", n -> List.of(Integer.toString(n), element(n)));
        for (String[] count : new String[][] {{"LLEN", "list"}, {"HLEN", "hash"}, {"SCARD", "set"}, {"ZCARD", "zset"}}) {
            RespValue reply = ec.engine.execute(count);
            // a family missing or failing would have every command measured as an error reply
            if (!(reply instanceof RespValue.Integer n) || n.value() != size) {
                throw new IllegalStateException(String.join(" ", count) + " is " + reply + ", not " + size);
            }
        }
        lpushRpop = batch(i -> List.of(argv("LPUSH", "list", member(i)), argv("RPOP", "list")));
        hsetHget = batch(i -> List.of(argv("HSET", "hash", member(i), "v" + i), argv("HGET", "hash", member(i + 7))));
        saddSismember = batch(i -> List.of(argv("SREM", "set", member(i)), argv("SADD", "set", member(i)),
                argv("SISMEMBER", "set", member(i + 7))));
        zaddZrank = batch(i -> List.of(argv("ZADD", "zset", Integer.toString(scattered(i + 3)), member(i)),
                argv("ZRANK", "zset", member(i + 7))));
        zrange = batch(i -> {
            int start = scattered(i);
            return List.<byte[][]>of(argv("ZRANGE", "zset", Integer.toString(start), Integer.toString(start + 9)));
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ec.close();
    }

    /** LPUSH then RPOP: the two ends of a quicklist. */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public int lpushRpop() throws Exception {
        return ec.dispatch(lpushRpop);
    }

    /** HSET of an existing field, HGET of another. */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public int hsetHget() throws Exception {
        return ec.dispatch(hsetHget);
    }

    /** SREM and SADD of one member, SISMEMBER of another. */
    @Benchmark
    @OperationsPerInvocation(3 * BATCH)
    public int saddSismember() throws Exception {
        return ec.dispatch(saddSismember);
    }

    /** ZADD moving a member to a new score (a skiplist delete and insert), ZRANK of another. */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public int zaddZrank() throws Exception {
        return ec.dispatch(zaddZrank);
    }

    /** ZRANGE of ten elements from a scattered rank: the O(log n) seek by rank, then a walk. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int zrange() throws Exception {
        return ec.dispatch(zrange);
    }

    /** Fills {@code key} with elements 0 to {@code size - 1}, 1000 per command, as {@code args} spells each. */
    private void fill(String command, String key, IntFunction<List<String>> args) throws Exception {
        List<byte[][]> commands = new ArrayList<>();
        for (int from = 0; from < size; from += 1000) {
            List<String> a = new ArrayList<>(List.of(command, key));
            for (int n = from; n < Math.min(size, from + 1000); n++) {
                a.addAll(args.apply(n));
            }
            commands.add(argv(a.toArray(String[]::new)));
        }
        ec.dispatch(commands.toArray(byte[][][]::new));
    }

    /** The commands of {@code step} for {@link #BATCH} successive walk positions. */
    private byte[][][] batch(IntFunction<List<byte[][]>> step) {
        List<byte[][]> out = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            out.addAll(step.apply(position++));
        }
        return out.toArray(byte[][][]::new);
    }

    /** The {@code i}-th of a multiplicative walk over the elements, so consecutive ones are unrelated. */
    private int scattered(int i) {
        return (int) ((i * 0x9E3779B1L & 0xffffffffL) % size);
    }

    /** The element at walk position {@code i}: one that is in the collections. */
    private String member(int i) {
        return element(scattered(i));
    }

    private static String element(int n) {
        return new String(Workload.key(n), StandardCharsets.US_ASCII);
    }

    private static byte[][] argv(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.US_ASCII);
        }
        return argv;
    }
}
