// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.Rdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * {@code rdb convert --to resp}: plain commands for {@code redis-cli --pipe}, written as the walk decodes
 * values. SELECT when the database changes; SET for strings; RPUSH, SADD, ZADD, HSET in chunks of
 * {@link #CHUNK} elements, so memory is bounded by one chunk whatever the collection's size; PEXPIREAT
 * after a key with an expiry. Streams as Redis 7.0's AOF rewrite writes them (XADD per entry, XSETID, XGROUP
 * CREATE, XCLAIM per pending entry, XGROUP CREATECONSUMER; see {@link StreamResp}), entry by entry. A module
 * value ({@code MODULE_2}) has no plain-command form without its module: given the file's records, it becomes
 * a {@code RESTORE} of its stored bytes, which a server with the module loads; without them it is skipped and
 * counted, as is a value of the pre-GA module layout (type 6), which no Redis of today loads.
 */
public final class RdbRespWriter implements RdbConverter {
    /** Elements (members, fields, items) per RPUSH/SADD/ZADD/HSET command. */
    public static final int CHUNK = 128;

    /** Where each command goes, as its arguments. */
    private final Consumer<List<byte[]>> sink;
    private final List<byte[]> pending = new ArrayList<>();
    private long currentDb = -1;
    private byte[] key;
    private String command;
    /** The commands of the stream being written, null unless the current key is a stream. */
    private StreamResp stream;
    private long written;
    private long skipped;
    private long commands;
    /** The walked file's records, for module values; null when there are none to read. */
    private final FileRecords records;
    private long recordStart;
    private long recordEnd;

    /** Writes the commands to {@code out} as RESP; module values are skipped. */
    public RdbRespWriter(OutputStream out) {
        this(args -> writeResp(out, args), null);
    }

    /** Writes the commands to {@code out} as RESP, a module value as a RESTORE read from {@code records}. */
    RdbRespWriter(OutputStream out, FileRecords records) {
        this(args -> writeResp(out, args), records);
    }

    /** Hands each command to {@code sink} (a live connection: {@code rdb restore}'s values too big for RESTORE). */
    public RdbRespWriter(Consumer<List<byte[]>> sink) {
        this(sink, null);
    }

    private RdbRespWriter(Consumer<List<byte[]>> sink, FileRecords records) {
        this.sink = sink;
        this.records = records;
    }

    @Override
    public boolean wantsValues() {
        return true;
    }

    @Override
    public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
        if (db != currentDb) {
            command(List.of("SELECT".getBytes(US_ASCII), Long.toString(db).getBytes(US_ASCII)));
            currentDb = db;
        }
        this.key = key;
        this.command = switch (RdbTypes.typeName(rdbType)) {
            case "list" -> "RPUSH";
            case "set" -> "SADD";
            case "zset" -> "ZADD";
            case "hash" -> "HSET";
            default -> null;
        };
        pending.clear();
        stream = RdbTypes.typeName(rdbType).equals("stream") ? new StreamResp(key, this::command) : null;
    }

    @Override
    public void string(byte[] value) {
        command(List.of("SET".getBytes(US_ASCII), key, value));
    }

    @Override
    public void element(byte[] value) {
        add(value);
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        add(field, value);
    }

    @Override
    public void scored(byte[] member, double score) {
        add(formatScore(score), member);
    }

    @Override
    public void stream(StreamEvent event) {
        if (stream != null) {
            stream.accept(event);
        }
    }

    /** A score as ZADD reads it back exactly ("inf", "-inf", or the shortest round-tripping decimal). */
    static byte[] formatScore(double score) {
        String s = Double.isInfinite(score) ? (score > 0 ? "inf" : "-inf") : Double.toString(score);
        return s.getBytes(US_ASCII);
    }

    private void add(byte[]... parts) {
        for (byte[] p : parts) {
            pending.add(p);
        }
        if (pending.size() >= CHUNK * parts.length) {
            flush();
        }
    }

    private void flush() {
        if (pending.isEmpty() || command == null) {
            return;
        }
        List<byte[]> args = new ArrayList<>(pending.size() + 2);
        args.add(command.getBytes(US_ASCII));
        args.add(key);
        args.addAll(pending);
        command(args);
        pending.clear();
    }

    @Override
    public void keyRecord(long start, long end) {
        recordStart = start;
        recordEnd = end;
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        String type = RdbTypes.typeName(rdbType);
        if (type.equals("module")) {
            if (records == null || rdbType != Rdb.TYPE_MODULE_2) {
                skipped++;
            } else {
                restore(key, rdbType, expireAtMs);
                written++;
            }
            return;
        }
        if (type.equals("stream")) {
            // a stream without entries is still a key (Redis keeps it), unlike an empty collection
            boolean made = stream != null && stream.end();
            stream = null;
            if (!made) {
                skipped++;
                return;
            }
        } else if (elements == 0) {
            return;
        }
        flush();
        if (expireAtMs >= 0) {
            command(List.of("PEXPIREAT".getBytes(US_ASCII), key, Long.toString(expireAtMs).getBytes(US_ASCII)));
        }
        written++;
    }

    /**
     * RESTORE of the record's stored value, under the file's RDB version but at most Redis 7.0's (a module value
     * is laid out alike in both), with ABSTTL for an expiry; without REPLACE, so an existing key is reported by
     * the server, not overwritten.
     */
    private void restore(byte[] key, int rdbType, long expireAtMs) {
        long valueStart = records.valueStart(recordStart, recordEnd);
        byte[] payload;
        try (InputStream value = records.open(valueStart, recordEnd)) {
            payload = RawRestorePayload.of(rdbType, value, recordEnd - valueStart,
                    Math.min(records.rdbVersion(), RawRestorePayload.DEFAULT_TARGET_VERSION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> args = new ArrayList<>(List.of("RESTORE".getBytes(US_ASCII), key,
                Long.toString(Math.max(0, expireAtMs)).getBytes(US_ASCII), payload));
        if (expireAtMs >= 0) {
            args.add("ABSTTL".getBytes(US_ASCII));
        }
        command(args);
    }

    private void command(List<byte[]> args) {
        sink.accept(args);
        commands++;
    }

    private static void writeResp(OutputStream out, List<byte[]> args) {
        try {
            out.write(('*' + Integer.toString(args.size()) + "\r\n").getBytes(US_ASCII));
            for (byte[] a : args) {
                out.write(('$' + Integer.toString(a.length) + "\r\n").getBytes(US_ASCII));
                out.write(a);
                out.write('\r');
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long keysWritten() {
        return written;
    }

    @Override
    public long keysSkipped() {
        return skipped;
    }

    @Override
    public void finish() {
    }

    /** Commands written. */
    public long commands() {
        return commands;
    }
}
