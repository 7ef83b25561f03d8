// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bench;

import dev.cinnabar.core.persistence.KeyspaceImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What a fork-less snapshot costs the engine thread: opening a keyspace image of {@code keys} string keys
 * (the only pause BGSAVE and AOF rewrite add; DESIGN invariant 5 allows a few ms at a million keys), and
 * a write to a key the image still has to visit (copy-on-write of that value).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class SnapshotBenchmark {
    @Param({"1000000"})
    int keys;

    private EngineClient ec;
    private KeyspaceImage open;
    private byte[][][] incr;
    private int position;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ec = EngineClient.open();
        int batch = 10_000;
        for (int from = 0; from < keys; from += batch) {
            byte[][][] sets = new byte[batch][][];
            for (int i = 0; i < batch; i++) {
                sets[i] = argv("SET", "key:" + (from + i), "value:" + (from + i));
            }
            ec.dispatch(sets);
        }
        incr = new byte[keys][][];
        for (int i = 0; i < keys; i++) {
            incr[i] = argv("APPEND", "key:" + (int) ((i * 2654435761L) % keys), "x");
        }
        open = ec.onEngine(ec.engine::snapshot);
    }

    private static byte[][] argv(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Opening (and closing) an image of the whole keyspace on the engine thread. */
    @Benchmark
    public long openImage() throws Exception {
        return ec.onEngine(() -> {
            try (KeyspaceImage image = ec.engine.snapshot()) {
                return image.size(0);
            }
        });
    }

    /** One write while an image is open: the first write to each key copies its value for the image. */
    @Benchmark
    public int writeDuringImage() throws Exception {
        byte[][] command = incr[position];
        position = (position + 1) % incr.length;
        return ec.dispatch(new byte[][][] {command});
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        open.close();
        ec.close();
    }
}
