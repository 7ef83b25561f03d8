// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.keyspace.LruClock;
import dev.cinnabar.core.persistence.KeyspaceImage;
import dev.cinnabar.spi.ValueType;

import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Writes a whole RDB file as Redis 7.0.15's {@code rdbSaveRio} does: "REDIS0010", the aux fields, one
 * FUNCTION2 record per function library, then per non-empty database SELECTDB, RESIZEDB and its entries
 * (EXPIRETIME_MS when the key has a TTL, IDLE or FREQ as the eviction policy asks, type id, key, value),
 * EOF, and the CRC-64 of every byte before it as 8 little-endian bytes (zeros with {@code rdbchecksum no}).
 *
 * <p>Holds one value at a time: the output is buffered by {@link RdbWriter} (8 KB) and goes straight to
 * {@code out}. The caller opens and closes {@code out} (temp file, fsync, rename are the caller's).
 */
public final class RdbFileWriter {
    /** What Redis 7.0 reports as redis-ver, and so what this engine writes. */
    public static final String REDIS_VERSION = "7.0.15";
    /** LFU_INIT_VAL: the counter of a key whose accesses were not counted (Redis's new-object value). */
    static final int LFU_INIT_VAL = 5;

    /** Which per-key usage record Redis writes before each key, decided by {@code maxmemory-policy}. */
    public enum KeyUsage {
        /** Neither IDLE nor FREQ (noeviction, volatile-ttl, *-random). */
        NONE,
        /** IDLE with the idle seconds (an LRU policy, MAXMEMORY_FLAG_LRU). */
        LRU_IDLE,
        /** FREQ with the LFU counter (an LFU policy, MAXMEMORY_FLAG_LFU). */
        LFU_FREQ;

        /** The record Redis writes under {@code maxmemory-policy} {@code policy}. */
        public static KeyUsage forPolicy(String policy) {
            if (policy == null) {
                return NONE;
            }
            if (policy.endsWith("-lru")) {
                return LRU_IDLE;
            }
            return policy.endsWith("-lfu") ? LFU_FREQ : NONE;
        }
    }

    private final RdbWriter out;
    private final boolean checksum;
    private final KeyUsage usage;
    /** Unix ms against which idle times are measured: when the file is written. */
    private final long now;

    /** A writer that writes neither IDLE nor FREQ records (the default {@code noeviction} policy). */
    public RdbFileWriter(OutputStream out, boolean compress, boolean checksum) {
        this(out, compress, checksum, KeyUsage.NONE, System.currentTimeMillis());
    }

    /**
     * @param compress {@code rdbcompression}: LZF-compress strings where that saves 4 bytes or more
     * @param checksum {@code rdbchecksum}: end with the CRC-64, else with 8 zero bytes
     * @param usage    IDLE / FREQ records per {@code maxmemory-policy} ({@link KeyUsage#forPolicy})
     * @param nowMillis the time idle seconds are measured against
     */
    public RdbFileWriter(OutputStream out, boolean compress, boolean checksum, KeyUsage usage, long nowMillis) {
        this.out = new RdbWriter(Objects.requireNonNull(out, "out is null"), compress);
        this.checksum = checksum;
        this.usage = Objects.requireNonNull(usage, "usage is null");
        this.now = nowMillis;
    }

    /**
     * A writer configured as the engine is now ({@code rdbcompression}, {@code rdbchecksum},
     * {@code maxmemory-policy}). Engine thread.
     */
    public static RdbFileWriter forEngine(OutputStream out, Engine engine) {
        return new RdbFileWriter(out, !"no".equals(engine.config().get("rdbcompression")),
                !"no".equals(engine.config().get("rdbchecksum")),
                KeyUsage.forPolicy(engine.config().get("maxmemory-policy")), System.currentTimeMillis());
    }

    /**
     * The aux fields Redis 7.0 writes, in its order ({@code rdbSaveInfoAuxFields}): redis-ver, redis-bits,
     * ctime, used-mem, aof-base. A master without replicas has no replication backlog, so, as Redis, no
     * repl-stream-db / repl-id / repl-offset (this engine has no replicas yet).
     *
     * @param aofBase true for the RDB preamble of an AOF base file
     */
    public static Map<String, String> standardAux(Engine engine, boolean aofBase) {
        Objects.requireNonNull(engine, "engine is null");
        Map<String, String> aux = new LinkedHashMap<>();
        aux.put("redis-ver", REDIS_VERSION);
        aux.put("redis-bits", "64");
        aux.put("ctime", Long.toString(System.currentTimeMillis() / 1000));
        aux.put("used-mem", Long.toString(usedMemory()));
        aux.put("aof-base", aofBase ? "1" : "0");
        return aux;
    }

    private static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * Writes the whole file and flushes {@code out}. Any thread, as long as no other thread visits
     * {@code image} meanwhile.
     *
     * @param auxFields         written as AUX records in the map's iteration order (names and values UTF-8)
     * @param functionLibraries each library's code, written as one FUNCTION2 record
     * @throws java.io.UncheckedIOException when {@code out} fails
     */
    public void write(KeyspaceImage image, Map<String, String> auxFields, List<byte[]> functionLibraries) {
        Objects.requireNonNull(image, "image is null");
        Objects.requireNonNull(auxFields, "auxFields is null");
        Objects.requireNonNull(functionLibraries, "functionLibraries is null");
        writeHeader(out, Rdb.VERSION, auxFields);
        for (byte[] library : functionLibraries) {
            out.writeByte(RdbOpcodes.FUNCTION2);
            out.writeString(library);
        }
        for (int db = 0; db < image.databaseCount(); db++) {
            writeDatabase(image, db);
        }
        out.writeByte(RdbOpcodes.EOF);
        long crc = checksum ? out.crc() : 0;
        out.writeLittleEndian(crc, 8);
        out.flush();
    }

    private void writeDatabase(KeyspaceImage image, int db) {
        long size = image.size(db);
        if (size == 0) {
            return;
        }
        out.writeByte(RdbOpcodes.SELECTDB);
        out.writeLength(db);
        out.writeByte(RdbOpcodes.RESIZEDB);
        out.writeLength(size);
        out.writeLength(image.volatileSize(db));
        long[] visited = {0};
        image.forEach(db, (key, value, type, expireAtMillis, lruClock) -> {
            writeEntry(key, value, type, expireAtMillis, lruClock);
            visited[0]++;
        });
        // an image closed while being visited ends its visit early: never finish such a file as if whole
        if (visited[0] != size) {
            throw new IllegalStateException("database " + db + " of the image had " + size + " keys but "
                    + visited[0] + " were visited: the image was closed during the write");
        }
    }

    /** {@code rdbSaveKeyValuePair}. */
    private void writeEntry(byte[] key, Object value, ValueType<?> type, long expireAtMillis, int lruClock) {
        if (expireAtMillis != 0) {
            out.writeExpireTimeMs(expireAtMillis);
        }
        if (usage == KeyUsage.LRU_IDLE) {
            out.writeByte(RdbOpcodes.IDLE);
            out.writeLength(LruClock.idleMillis(lruClock, now) / 1000);
        } else if (usage == KeyUsage.LFU_FREQ) {
            // access frequency is not tracked (see ObjectCommands): every key counts as new
            out.writeByte(RdbOpcodes.FREQ);
            out.writeByte(LFU_INIT_VAL);
        }
        writeRecord(out, key, value, type);
    }

    /** The file's start: "REDIS", the version in 4 digits, then {@code auxFields} as AUX records (UTF-8). */
    public static void writeHeader(RdbWriter out, int version, Map<String, String> auxFields) {
        out.writeRaw(String.format("REDIS%04d", version).getBytes(US_ASCII));
        for (Map.Entry<String, String> aux : auxFields.entrySet()) {
            out.writeByte(RdbOpcodes.AUX);
            out.writeString(aux.getKey().getBytes(UTF_8));
            out.writeString(aux.getValue().getBytes(UTF_8));
        }
    }

    /** One key's record after its expiry and usage opcodes: the value's type id, the key, the value. */
    public static <T> void writeRecord(RdbWriter out, byte[] key, Object value, ValueType<T> type) {
        T typed = type.valueClass().cast(value);
        out.writeByte(type.rdbTypeId(typed));
        out.writeString(key);
        type.writeRdb(typed, out);
    }

    /** Bytes written so far (the whole file once {@link #write} returned). */
    public long written() {
        return out.written();
    }
}
