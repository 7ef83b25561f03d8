// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bench;

import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.keyspace.KeyspaceHost;
import dev.cinnabar.spi.ValueType;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * GET and SET on a {@link Database} and on its {@link ByteKeyMap}, with keys looked up as fresh arrays
 * (as decoded from a request) over a keyspace of {@code keys} entries, in a scattered order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class KeyspaceBenchmark {
    /** Probe keys cycled through; a power of two. */
    private static final int PROBES = 1 << 16;

    @Param({"1000", "1000000"})
    int keys;

    private Database db;
    private ByteKeyMap map;
    private byte[][] probes;
    private byte[] value;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        db = new Database(0, new Host());
        map = new ByteKeyMap();
        value = Workload.value(3);
        for (int i = 0; i < keys; i++) {
            db.set(Workload.key(i), value);
            map.put(Workload.key(i), value);
        }
        probes = new byte[PROBES][];
        for (int i = 0; i < PROBES; i++) {
            // a multiplicative walk over the keyspace, so consecutive probes hit unrelated slots
            probes[i] = Workload.key((i * 0x9E3779B1L & 0xffffffffL) % keys);
        }
    }

    private byte[] probe() {
        return probes[next++ & (PROBES - 1)];
    }

    @Benchmark
    public byte[] databaseGet() {
        return db.getString(probe());
    }

    @Benchmark
    public void databaseSet() {
        db.set(probe(), value);
    }

    @Benchmark
    public Object mapGet() {
        return map.get(probe());
    }

    @Benchmark
    public int mapPut() {
        return map.put(probe(), value);
    }

    @Benchmark
    public int hash() {
        return ByteKeyMap.hash(probe());
    }

    /** A host with no expiry activity: a fixed clock and no listeners. */
    private static final class Host implements KeyspaceHost {
        @Override
        public long now() {
            return 1_700_000_000_000L;
        }

        @Override
        public ValueType<?> typeOf(Object value) {
            return null;
        }

        @Override
        public void expired(Database db, byte[] key) {
        }

        @Override
        public void created(Database db, byte[] key) {
        }

        @Override
        public void handingOut(ByteKeyMap table, byte[] key, Object value) {
        }

        @Override
        public void lookup(boolean hit) {
        }
    }
}
