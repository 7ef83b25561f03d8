// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.core.rdb.RdbVisitor;
import dev.cinnabar.core.rdb.RdbWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every record of an RDB file that can be read, past damage: engine-core's RDB reader walks the
 * file; where it fails, the record it was reading is skipped and the walk resumes where the reader stopped
 * if records parse from there (a value that failed its own check, read to its declared length), else at the
 * first later byte where records parse again (probed: the reader restarted there, behind a copy of the header and a
 * SELECTDB of the database in effect, must read {@value #PROBE_RECORDS} keys with a non-empty name, or reach
 * the EOF opcode, within {@value #PROBE_WINDOW} bytes). Every skipped byte range is reported with the key
 * whose record started it when its name is readable. Salvaged keys go into an engine database (so they are
 * written back with the engine's own RDB writer); memory holds the salvaged data set.
 *
 * <p>A flipped byte inside a string value parses fine and is invisible but for the CRC-64: it is reported
 * as a checksum mismatch with nothing skipped.
 */
public final class RdbSalvager {
    static final int PROBE_RECORDS = 8;
    static final int PROBE_WINDOW = 1 << 20;
    private static final int HEADER = 9;
    /** How far after the damage's start a resync chain is checked for having run over real records. */
    private static final int REFINE_SPAN = 4096;
    /** The chain's first records are checked (the ones a start in the damage may have made up). */
    private static final int REFINE_RECORDS = 2;
    private static final int REFINE_ROUNDS = 8;
    /** Records kept to take back, and how far before a failure (and into a record) going out of step is sought. */
    private static final int HISTORY = 4096;
    private static final int OUT_OF_STEP_SPAN = 1 << 16;

    /** A byte range left out, and what is known of it. */
    public record Lost(long start, long end, String key, String reason) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", start);
            m.put("end", end);
            m.put("bytes", end - start);
            m.put("key", key);
            m.put("reason", reason);
            return m;
        }
    }

    /** What was salvaged. */
    public static final class Report {
        long keys;
        long fileSize;
        int rdbVersion;
        final List<Lost> lost = new ArrayList<>();
        Boolean checksumOk;
        final List<byte[]> functions = new ArrayList<>();

        public long keys() {
            return keys;
        }

        public List<Lost> lost() {
            return lost;
        }

        public long bytesLost() {
            return lost.stream().mapToLong(l -> l.end() - l.start()).sum();
        }

        public Boolean checksumOk() {
            return checksumOk;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file_size", fileSize);
            m.put("rdb_version", rdbVersion);
            m.put("keys_salvaged", keys);
            m.put("bytes_lost", bytesLost());
            m.put("lost", lost.stream().map(Lost::toMap).toList());
            m.put("checksum_ok", checksumOk);
            m.put("functions", functions.size());
            return m;
        }
    }

    private final Engine engine;
    private final ByteBuffer file;
    private final Report report = new Report();
    private long db;

    private RdbSalvager(Engine engine, ByteBuffer file) {
        this.engine = engine;
        this.file = file;
    }

    /**
     * Salvages {@code path} into {@code engine}'s databases (engine thread: call through
     * {@link EngineExport#onEngine}).
     *
     * @throws RdbFormatException when not even the header can be read
     * @throws IOException        when the file cannot be read (or is over 2 GB)
     */
    public static Report salvage(Engine engine, Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IOException(path + " is over 2 GB: salvage reads files up to 2 GB");
            }
            ByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            RdbSalvager s = new RdbSalvager(engine, map);
            s.report.fileSize = ch.size();
            s.run();
            if (!s.report.functions.isEmpty()) {
                engine.functionLibraries(s.report.functions);
            }
            return s.report;
        }
    }

    private void run() {
        byte[] header = new byte[HEADER];
        if (file.limit() < HEADER) {
            throw new RdbFormatException("unexpected end of data in the RDB header", file.limit());
        }
        file.get(0, header);
        long pos = 0;
        boolean first = true;
        while (true) {
            Walk walk = new Walk(pos, first ? 0 : prefix(header).length, true);
            InputStream in = Progress.track(first ? stream(0, file.limit()) : new SequenceInputStream(
                    new ByteArrayInputStream(prefix(header)), stream(pos, file.limit())));
            RdbFileReader reader = new RdbFileReader(in, engine.types()::forRdbType, false);
            walk.reader = reader;
            try {
                reader.read(walk);
                if (walk.real(reader.offset()) < file.limit()) {
                    // an EOF opcode before the file's end is a 0xff inside a value (a resumed walk out of step)
                    // or damage that made one of a record's bytes look like the opcode
                    throw new RdbFormatException("EOF opcode before the end of the file", reader.offset());
                }
                report.rdbVersion = reader.rdbVersion();
                return;
            } catch (RdbFormatException e) {
                if (first && reader.rdbVersion() == 0) {
                    throw e;
                }
                if (first) {
                    report.rdbVersion = reader.rdbVersion();
                }
                long failedAt = walk.real(e.offset());
                long consumedTo = walk.real(reader.offset());
                long damageStart = walk.lastGoodEnd;
                long resume = -1;
                Done outOfStep = outOfStep(header, walk, failedAt);
                if (outOfStep != null) {
                    walk.undoFrom(outOfStep);
                    damageStart = outOfStep.start();
                    db = outOfStep.dbBefore();
                    resume = outOfStep.resumeAt;
                } else if (consumedTo > damageStart && consumedTo < file.limit()
                        && probe(prefix(header), consumedTo) != null) {
                    // the reader read the record's value to the length it declares and found it bad inside
                    // (a listpack or ziplist failing its integrity check): records resume where it stopped,
                    // where a byte-by-byte resync could fall on bytes inside the value that parse as records
                    resume = consumedTo;
                }
                String key = keyAt(header, damageStart);
                if (resume < 0) {
                    resume = resync(header, damageStart + 1);
                }
                report.lost.add(new Lost(damageStart, resume, key, e.reason() + " (at offset " + failedAt + ")"));
                if (resume >= file.limit()) {
                    return;
                }
                pos = resume;
                first = false;
            }
        }
    }

    /** The reader's visitor: keys go into the engine; remembers where the last whole record ended. */
    private final class Walk implements RdbVisitor {
        final long base;
        final int prefixLength;
        final boolean store;
        RdbFileReader reader;
        long lastGoodEnd;
        int probed;
        boolean sawEof;
        /** Store mode: the last records read, to take back when the walk turns out to have been out of step. */
        final java.util.ArrayDeque<Done> history = new java.util.ArrayDeque<>();
        long dbBefore = db;
        /** Probe mode: records must end past this offset to count. */
        long mustPass = -1;
        /** Probe mode: where the records read start and end. */
        final List<Long> boundaries = new ArrayList<>();

        Walk(long base, int prefixLength, boolean store) {
            this.base = base;
            this.prefixLength = prefixLength;
            this.store = store;
            this.lastGoodEnd = base == 0 ? HEADER : base;
        }

        long real(long offset) {
            // the reader counts from the start of its stream: the prefix (header included), then the file from base
            return base + offset - prefixLength;
        }

        private void good() {
            good(-1, null, true);
        }

        /**
         * A record ended here; {@code key} was stored from it in database {@code keyDb}; {@code unchecked}: a
         * damaged length inside it would have gone unnoticed (see {@link Done#unchecked}).
         */
        private void good(long keyDb, byte[] key, boolean unchecked) {
            long end = real(reader.offset());
            if (end >= base) {
                if (store) {
                    history.addLast(new Done(lastGoodEnd, end, dbBefore, keyDb, key, unchecked));
                    if (history.size() > HISTORY) {
                        history.removeFirst();
                    }
                }
                lastGoodEnd = end;
            }
            dbBefore = db;
        }

        /** Takes back what the records from {@code from} on stored: the walk was out of step there. */
        void undoFrom(Done from) {
            boolean undoing = false;
            for (Done d : history) {
                undoing |= d == from;
                if (undoing && d.key() != null && engine.database((int) d.keyDb()).remove(d.key())) {
                    report.keys--;
                }
            }
        }

        @Override
        public void selectDb(long selected) {
            if (store) {
                good();
                // the prefix's SELECTDB repeats the db in effect: not a record of the file
                db = selected;
            }
        }

        @Override
        public void resizeDb(long size, long expiresSize) {
            if (store) {
                good();
            }
        }

        @Override
        public void aux(byte[] name, byte[] value) {
            if (store) {
                good();
            }
        }

        @Override
        public void function(byte[] libraryCode) {
            if (store) {
                report.functions.add(libraryCode);
                good();
            }
        }

        @Override
        public void moduleAux(String moduleName, long moduleId, long when) {
            if (store) {
                good();
            }
        }

        @Override
        public void emptyKeySkipped(byte[] key, int typeId, long offset) {
            if (store) {
                good();
            }
        }

        @Override
        public void entry(RdbEntry e) {
            if (!store) {
                if (e.key().length == 0) {
                    throw new RdbFormatException("probe: empty key", e.offset());
                }
                if (boundaries.isEmpty()) {
                    boundaries.add(base);
                }
                long end = real(reader.offset());
                boundaries.add(end);
                if (end > mustPass && ++probed >= PROBE_RECORDS) {
                    throw new ProbeOk();
                }
                return;
            }
            int index = (int) e.db();
            if (index < 0 || index >= engine.databaseCount()) {
                throw new RdbFormatException("database " + e.db() + " out of range", e.offset());
            }
            var database = engine.database(index);
            database.set(e.key(), e.value());
            if (e.expireAtMillis() >= 0) {
                database.setExpireAt(e.key(), e.expireAtMillis());
            }
            report.keys++;
            good(index, e.key(), uncheckedLengths(e.typeId()));
        }

        @Override
        public void end(long storedChecksum, long computedChecksum) {
            sawEof = true;
            if (store && base == 0 && report.lost.isEmpty()) {
                report.checksumOk = storedChecksum == 0 || storedChecksum == computedChecksum;
            }
        }
    }

    /**
     * A record the walk read: where it started and ended, the database in effect before it, the key it
     * stored (null for other records); {@code resumeAt} is set when it turns out to be where the walk went
     * out of step.
     */
    private static final class Done {
        private final long start;
        private final long end;
        private final long dbBefore;
        private final long keyDb;
        private final byte[] key;
        /**
         * True when a damaged length inside the record reads on without complaint (plain strings and
         * elements); false for values packed in a blob that the reader checks whole (listpacks, ziplists,
         * intsets), whose lengths a clean read proves intact, so the walk cannot have gone out of step there.
         */
        private final boolean unchecked;
        long resumeAt = -1;

        Done(long start, long end, long dbBefore, long keyDb, byte[] key, boolean unchecked) {
            this.start = start;
            this.end = end;
            this.dbBefore = dbBefore;
            this.keyDb = keyDb;
            this.key = key;
            this.unchecked = unchecked;
        }

        long start() {
            return start;
        }

        long dbBefore() {
            return dbBefore;
        }

        long keyDb() {
            return keyDb;
        }

        byte[] key() {
            return key;
        }
    }

    /**
     * Whether the walk was already out of step before it failed at {@code failedAt}: a damaged length can
     * make one record swallow the records after it, and the walk then reads bytes in the middle of records
     * as records until it trips. The earliest recent record holding a start from which records parse on
     * past the failure is where it went wrong; null if none does (the walk was in step: the damage is at
     * the failure).
     */
    private Done outOfStep(byte[] header, Walk walk, long failedAt) {
        byte[] prefix = null;
        java.util.Set<Long> walkEnds = new java.util.HashSet<>();
        for (Done d : walk.history) {
            walkEnds.add(d.end);
        }
        for (Done d : walk.history) {
            if (d.start() < failedAt - OUT_OF_STEP_SPAN || !d.unchecked) {
                continue;
            }
            for (long inner = d.start() + 1; inner < Math.min(d.end, d.start() + OUT_OF_STEP_SPAN); inner++) {
                if (prefix == null) {
                    long saved = db;
                    db = d.dbBefore();
                    prefix = prefix(header);
                    db = saved;
                }
                List<Long> chain = probe(prefix, inner, failedAt);
                // a start that falls back into step with the walk's own records before the failure is just
                // another way into the same records: the walk was in step there
                // and it must find a whole record inside this one (what a swallowing length hides); a start
                // that only runs around the damage inside a longer misread does not
                if (chain != null && chain.stream().noneMatch(walkEnds::contains)
                        && chain.stream().filter(x -> x > d.start() && x < d.end).count() >= 2) {
                    d.resumeAt = inner;
                    return d;
                }
            }
            prefix = null;
        }
        return null;
    }

    /** Thrown by a probe that has read enough records: the candidate is a record boundary. */
    private static final class ProbeOk extends RuntimeException {
        ProbeOk() {
            super(null, null, false, false);
        }
    }

    /**
     * The first offset at or after {@code from} where records parse again; the file's end if none. A
     * chain of records that starts in the damage can run over real records before it falls into step
     * with them: when a later start inside one of the chain's first records (near the damage) also parses
     * and meets the chain at a common record boundary, that start is the real one and is taken instead.
     */
    private long resync(byte[] header, long from) {
        byte[] prefix = prefix(header);
        for (long q = from; q < file.limit(); q++) {
            List<Long> chain = probe(prefix, q);
            if (chain != null) {
                return refine(prefix, q, chain, from);
            }
        }
        return file.limit();
    }

    private long refine(byte[] prefix, long q, List<Long> chain, long from) {
        for (int round = 0; round < REFINE_ROUNDS; round++) {
            boolean moved = false;
            for (int i = 0; i + 1 < chain.size() && i < REFINE_RECORDS && !moved; i++) {
                long lo = chain.get(i);
                long hi = chain.get(i + 1);
                if (hi == file.limit() || lo > from + REFINE_SPAN) {
                    break;
                }
                for (long inner = lo + 1; inner < Math.min(hi, lo + REFINE_SPAN); inner++) {
                    // read on past the chain's record, so that two chains in step share boundaries after it
                    List<Long> other = probe(prefix, inner, hi);
                    // it must hold a whole record the chain ran over (a start at a record's type byte, past
                    // its expiry, also meets the chain, but holds no record of its own in between)
                    if (other != null && other.stream().filter(x -> x > lo && x < hi).count() >= 2
                            && other.stream().anyMatch(chain::contains)) {
                        q = inner;
                        chain = other;
                        moved = true;
                        break;
                    }
                }
            }
            if (!moved) {
                break;
            }
        }
        return q;
    }

    /** The record boundaries a parse from {@code q} passes, if it is accepted as a resync point; else null. */
    private List<Long> probe(byte[] prefix, long q) {
        return probe(prefix, q, -1);
    }

    /** As {@link #probe(byte[], long)}, counting only records that end past {@code mustPass}. */
    private List<Long> probe(byte[] prefix, long q, long mustPass) {
        int b = file.get((int) q) & 0xff;
        if (!plausibleStart(b)) {
            return null;
        }
        Walk probe = new Walk(q, prefix.length, false);
        probe.mustPass = mustPass;
        long end = Math.min(file.limit(), Math.max(q, mustPass) + PROBE_WINDOW);
        RdbFileReader reader = new RdbFileReader(new SequenceInputStream(new ByteArrayInputStream(prefix),
                stream(q, end)), engine.types()::forRdbType, false);
        probe.reader = reader;
        try {
            reader.read(probe);
            // an EOF opcode is only the end when its checksum ends the file (0xff is common inside values)
            if (probe.real(reader.offset()) == file.limit()) {
                probe.boundaries.add((long) file.limit());
                return probe.boundaries;
            }
        } catch (ProbeOk ok) {
            return probe.boundaries;
        } catch (RdbFormatException e) {
            // a window cut through a big value after a good key: the record does parse up to there
            if (probe.probed >= 1 && end < file.limit() && probe.real(e.offset()) >= end) {
                return probe.boundaries;
            }
        } catch (RuntimeException e) {
            // bytes that are not a record here
        }
        return null;
    }

    /**
     * True for RDB types whose elements are plain length-prefixed strings (string, list, set, zset, hash,
     * zset2) or may be (quicklist 2's plain nodes): a damaged length there goes unnoticed.
     */
    private static boolean uncheckedLengths(int typeId) {
        return typeId <= 5 || typeId == 18;
    }

    private boolean plausibleStart(int b) {
        return b == RdbOpcodes.SELECTDB || b == RdbOpcodes.EXPIRETIME_MS || b == RdbOpcodes.EXPIRETIME
                || b == RdbOpcodes.EOF || b == RdbOpcodes.AUX || b == RdbOpcodes.RESIZEDB || b == RdbOpcodes.IDLE
                || b == RdbOpcodes.FREQ || b == RdbOpcodes.FUNCTION2
                || engine.types().forRdbType(b).isPresent();
    }

    /** The key of the record starting at {@code at}, quoted, or null when it cannot be read. */
    private String keyAt(byte[] header, long at) {
        try {
            RdbReader r = new RdbReader(stream(at, Math.min(file.limit(), at + PROBE_WINDOW)),
                    Integer.parseInt(new String(header, 5, 4, StandardCharsets.US_ASCII)));
            int type = r.readByte();
            while (type == RdbOpcodes.EXPIRETIME_MS || type == RdbOpcodes.EXPIRETIME || type == RdbOpcodes.IDLE
                    || type == RdbOpcodes.FREQ) {
                switch (type) {
                    case RdbOpcodes.EXPIRETIME_MS -> r.readLittleEndian(8);
                    case RdbOpcodes.EXPIRETIME -> r.readLittleEndian(4);
                    case RdbOpcodes.IDLE -> r.readLength();
                    default -> r.readByte();
                }
                type = r.readByte();
            }
            if (type >= RdbOpcodes.FUNCTION2 || engine.types().forRdbType(type).isEmpty()) {
                return null;
            }
            byte[] key = r.readString();
            return key.length <= 4096 ? RdbFileReader.quote(key) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The header, then a SELECTDB of the database in effect: what a restarted reader must see first. */
    private byte[] prefix(byte[] header) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(b, false);
        w.writeRaw(header);
        w.writeByte(RdbOpcodes.SELECTDB);
        w.writeLength(db);
        w.flush();
        return b.toByteArray();
    }

    private InputStream stream(long from, long to) {
        ByteBuffer slice = file.slice((int) from, (int) (to - from));
        return new InputStream() {
            @Override
            public int read() {
                return slice.hasRemaining() ? slice.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (!slice.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(len, slice.remaining());
                slice.get(b, off, n);
                return n;
            }
        };
    }
}
