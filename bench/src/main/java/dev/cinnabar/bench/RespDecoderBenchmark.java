// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bench;

import dev.cinnabar.core.resp.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * {@link RespDecoder} on one read's worth of pipelined requests, as redis-benchmark sends them: half
 * {@code SET key:NNNNNNNNNNNN value}, half {@code GET key:NNNNNNNNNNNN}. Reports time per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RespDecoderBenchmark {
    static final int PIPELINE = 1000;

    /** Bytes per SET value (redis-benchmark's -d, 3 by default). */
    @Param({"3", "100"})
    int valueSize;

    /** A heap buffer or a direct one, as Netty's pooled allocator hands out for socket reads. */
    @Param({"direct", "heap"})
    String buffer;

    private ByteBuf input;
    private RespDecoder decoder;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] requests = Workload.pipeline(PIPELINE, valueSize);
        input = buffer.equals("direct")
                ? PooledByteBufAllocator.DEFAULT.directBuffer(requests.length)
                : PooledByteBufAllocator.DEFAULT.heapBuffer(requests.length);
        input.writeBytes(requests);
        decoder = new RespDecoder(new RespDecoder.Limits() {
            @Override
            public long maxBulkLength() {
                return 512L * 1024 * 1024;
            }

            @Override
            public boolean authenticated() {
                return true;
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.release();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public void decodePipeline(Blackhole bh) {
        input.readerIndex(0);
        byte[][] argv;
        while ((argv = decoder.decode(input)) != null) {
            bh.consume(argv);
        }
    }
}
