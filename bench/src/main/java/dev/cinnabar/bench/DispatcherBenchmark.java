// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bench;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The command path of an embedded {@link Engine}, per command. {@code dispatchBatch} runs a pipeline of
 * SET/GET through {@code dispatcher().process} on the engine thread, as a connection's read does, so the
 * one hand-off to that thread is shared by the whole batch; {@code decodeAndDispatchBatch} adds the RESP
 * decoding; {@code executeCrossThread} is {@link Engine#execute}, one hand-off and one reply object per
 * command (what an embedded caller pays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatcherBenchmark {
    static final int PIPELINE = 1000;

    private EngineClient ec;
    private byte[][][] commands;
    private ByteBuf requests;
    private RespDecoder decoder;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ec = EngineClient.open();
        commands = Workload.commands(PIPELINE, 3);
        requests = Unpooled.directBuffer().writeBytes(Workload.pipeline(PIPELINE, 3));
        decoder = new RespDecoder(new RespDecoder.Limits() {
            @Override
            public long maxBulkLength() {
                return ec.engine.coreConfig().protoMaxBulkLen;
            }

            @Override
            public boolean authenticated() {
                return true;
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        requests.release();
        ec.close();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int dispatchBatch() throws Exception {
        return ec.dispatch(commands);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int decodeAndDispatchBatch() throws Exception {
        return ec.onEngine(() -> {
            requests.readerIndex(0);
            byte[][] argv;
            while ((argv = decoder.decode(requests)) != null) {
                ec.engine.dispatcher().process(ec.client, argv);
            }
            return ec.discardOutput();
        });
    }

    @Benchmark
    public Object executeCrossThread() {
        byte[][] argv = commands[(int) (counter++ % PIPELINE)];
        return ec.engine.execute(argv);
    }
}
