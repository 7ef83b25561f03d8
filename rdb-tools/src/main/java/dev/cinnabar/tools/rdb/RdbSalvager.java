// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.Crc64;
import dev.cinnabar.core.rdb.FieldTtlTally;
import dev.cinnabar.core.rdb.HashFieldTtls;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbLoader;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.core.rdb.RdbWriter;
import dev.cinnabar.spi.ValueType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Copies every record of an RDB file that can be read, past damage, into a new RDB, streaming: each
 * record is parsed where it stands in the (memory-mapped) file, kept in a window of the last
 * {@value #SPAN} bytes while it may still be taken back, then copied to the output as it was (or, for an
 * RDB 11 or 12 file, re-encoded as RDB 10). Memory holds the window's positions and one value: a small one
 * decoded by the engine, a big one read past element by element ({@link #big}).
 *
 * <p>Where a record does not parse, it is skipped and the walk resumes at the first later byte where
 * {@value #PROBE_RECORDS} keys with non-empty names parse in a row (or records run exactly to the EOF
 * opcode and checksum ending the file); the skipped range is reported. A damaged length that still parses
 * is the hard case: a string length made longer swallows the records after it, and the walk then reads on
 * from the middle of a record. Such a record is found by the records hidden in its value: a chain of
 * records starting inside another record's bytes and meeting the walk again (see {@link #hiddenChain}).
 */
public final class RdbSalvager {
    static final int PROBE_RECORDS = 8;
    /** Elements from which a value is read past, not decoded: see {@link #big}. */
    static final long BIG_VALUE = 1 << 16;
    /** Nodes from which a quicklist or a stream (up to 8 KB or 100 entries a node by default) is read past. */
    static final long BIG_NODES = 1 << 10;
    static final int PROBE_WINDOW = 1 << 20;
    /** How long a record waits in the window before it is written; how far from a failure swallowing is sought. */
    static final int SPAN = 1 << 16;
    private static final int HEADER = 9;
    /** A record this long with an unprintable name is not taken as a resync chain's record. */
    private static final int SUSPECT_RECORD = 1024;
    /** Redis's default {@code databases}: a SELECTDB beyond it is damage (Redis 7.0 would refuse the file). */
    private static final int DATABASES = 16;
    private static final int COPY_CHUNK = 1 << 16;
    /** Duplicate keys are named in the report up to this many. */
    private static final int DUPLICATES_NAMED = 100;

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
        long outBytes;
        final List<Lost> lost = new ArrayList<>();
        Boolean checksumOk;
        long functions;
        long duplicates;
        final List<String> duplicateKeys = new ArrayList<>();
        /** RDB 12 hash field TTLs, which the RDB 10 output cannot hold. */
        final FieldTtlTally fieldTtls = new FieldTtlTally();

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

        public long outBytes() {
            return outBytes;
        }

        public long duplicates() {
            return duplicates;
        }

        public RdbLoader.FieldTtls fieldTtls() {
            return fieldTtls.result();
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file_size", fileSize);
            m.put("rdb_version", rdbVersion);
            m.put("keys_salvaged", keys);
            m.put("bytes_lost", bytesLost());
            m.put("lost", lost.stream().map(Lost::toMap).toList());
            m.put("checksum_ok", checksumOk);
            m.put("functions", functions);
            m.put("duplicate_keys_dropped", duplicates);
            m.put("duplicate_keys", duplicateKeys);
            RdbLoader.FieldTtls ttls = fieldTtls();
            Map<String, Object> dropped = new LinkedHashMap<>();
            dropped.put("fields", ttls.ttlsDropped());
            dropped.put("keys", ttls.keysWithTtls());
            dropped.put("fields_already_expired", ttls.fieldsExpired());
            dropped.put("keys_all_fields_expired", ttls.keysAllExpired());
            m.put("field_ttls_dropped", dropped);
            return m;
        }
    }

    /** What a record is. */
    private enum Kind { KEY, EMPTY_KEY, AUX, SELECTDB, RESIZEDB, FUNCTION, FUNCTION_PRE_GA, MODULE_AUX, EOF, LOST }

    /** A record read (or a range lost) in the window. */
    private static final class Item {
        final Kind kind;
        final long start;
        final long end;
        /** The database in effect before the record, and after it (a SELECTDB changes it). */
        long dbBefore;
        long db;
        /** Key records: the key, where the type byte is, the type id. */
        final byte[] key;
        final long typeAt;
        final int typeId;
        /** Key records: where hidden records may start, up to: the value's end for unchecked lengths, else the key's. */
        long scanEnd = -1;
        /** LOST: the key of the record that started it (quoted) and why. */
        final String lostKey;
        final String reason;
        boolean checked;

        Item(Kind kind, long start, long end, long dbBefore, long db, byte[] key, long typeAt, int typeId) {
            this(kind, start, end, dbBefore, db, key, typeAt, typeId, null, null);
        }

        Item(Kind kind, long start, long end, long dbBefore, long db, byte[] key, long typeAt, int typeId,
                String lostKey, String reason) {
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.dbBefore = dbBefore;
            this.db = db;
            this.key = key;
            this.typeAt = typeAt;
            this.typeId = typeId;
            this.lostKey = lostKey;
            this.reason = reason;
        }

        static Item lost(long start, long end, long db, String key, String reason) {
            Item i = new Item(Kind.LOST, start, end, db, db, null, -1, -1, key, reason);
            i.checked = true;
            return i;
        }
    }

    /** A record that does not parse: where and why, how far the reader got, the key if it was read. */
    private static final class Bad extends RuntimeException {
        final long at;
        final long consumed;
        final byte[] key;

        Bad(String reason, long at, long consumed, byte[] key) {
            super(reason, null, false, false);
            this.at = at;
            this.consumed = consumed;
            this.key = key;
        }
    }

    private final IntFunction<Optional<ValueType<?>>> types;
    private final ByteBuffer file;
    private final int limit;
    private final Report report = new Report();
    private final Progress progress = Progress.active();
    private int version;
    /** Set by {@link #follow} when its chain stopped on damage after many good records. */
    private List<Item> broken;
    /** The database in effect where the walk stands. */
    private long walkDb;
    /** False when the file's CRC-64 vouches for every byte: nothing can hide then. */
    private boolean suspect;
    /** The records not written yet, in file order, from {@code head} on. */
    private final ArrayList<Item> window = new ArrayList<>();
    /** The lost ranges of the window and before it, by start. */
    private final java.util.TreeMap<Long, Item> lostByStart = new java.util.TreeMap<>();
    private int head;
    /** The first item of the window not yet checked for hidden records. */
    private int nextCheck;
    private RdbWriter out;
    /** Set for a file newer than RDB 10: its records of types 10 lacks are re-encoded by this. */
    private ValueReencoder reencoder;
    private long outDb = -1;
    private boolean reencode;
    /**
     * The keys written, by database: Redis refuses a file with a key twice, which a damaged file can hold, and a
     * file with a good checksum too when a faulty tool wrote it. A fingerprint collision drops a key as a
     * duplicate (reported).
     */
    private final FingerprintSet written = FingerprintSet.forKeys();

    private RdbSalvager(IntFunction<Optional<ValueType<?>>> types, ByteBuffer file) {
        this.types = types;
        this.file = file;
        this.limit = file.limit();
    }

    /**
     * Salvages {@code in} into {@code to} (written through a temporary file renamed over it).
     *
     * @throws RdbFormatException when not even the header can be read (nothing is written)
     * @throws IOException        when a file cannot be read or written (or the input is over 2 GB)
     */
    public static Report salvage(IntFunction<Optional<ValueType<?>>> types, Path in, Path to) throws IOException {
        try (FileChannel ch = FileChannel.open(in, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IOException(in + " is over 2 GB: salvage reads files up to 2 GB");
            }
            RdbSalvager s = new RdbSalvager(types, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
            s.report.fileSize = ch.size();
            s.readHeader();
            s.report.outBytes = OutputFiles.write(to, s::run);
            return s.report;
        }
    }

    private void readHeader() {
        if (limit < HEADER) {
            throw RdbFormatException.endOfData("in the RDB header", limit);
        }
        byte[] header = new byte[HEADER];
        file.get(0, header);
        if (!new String(header, 0, 5, US_ASCII).equals("REDIS")) {
            throw new RdbFormatException("wrong signature: not an RDB file", 0);
        }
        String digits = new String(header, 5, 4, US_ASCII);
        version = digits.chars().allMatch(c -> c >= '0' && c <= '9') ? Integer.parseInt(digits) : -1;
        if (version < RdbOpcodes.OLDEST_VERSION || version > RdbOpcodes.NEWEST_VERSION) {
            throw new RdbFormatException("can't handle RDB format version " + RdbFileReader.quote(digits.getBytes(US_ASCII)), 5);
        }
        report.rdbVersion = version;
        // records of a newer version than Redis 7.0 reads are re-encoded; older ones are copied as they are
        reencode = version > Rdb.VERSION;
        report.checksumOk = storedChecksumMatches();
        suspect = !Boolean.TRUE.equals(report.checksumOk);
    }

    /** The file's own CRC-64 against its content: null when it has none (or ends without EOF and checksum). */
    private Boolean storedChecksumMatches() {
        if (version < RdbOpcodes.FIRST_CHECKSUM_VERSION || limit < HEADER + 9 || (file.get(limit - 9) & 0xff) != RdbOpcodes.EOF) {
            return null;
        }
        long stored = file.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(limit - 8);
        if (stored == 0) {
            return null;
        }
        long crc = 0;
        byte[] chunk = new byte[COPY_CHUNK];
        for (int at = 0; at < limit - 8; at += chunk.length) {
            int n = Math.min(chunk.length, limit - 8 - at);
            file.get(at, chunk, 0, n);
            crc = Crc64.update(crc, chunk, 0, n);
        }
        return crc == stored;
    }

    // ---------------------------------------------------------------- the walk

    private void run(OutputStream sink) {
        out = new RdbWriter(sink, false);
        reencoder = new ValueReencoder(Rdb.VERSION, out, System.currentTimeMillis());
        out.writeRaw(String.format("REDIS%04d", reencode ? Rdb.VERSION : version).getBytes(US_ASCII));
        long pos = HEADER;
        walkDb = 0;
        long reported = HEADER;
        boolean ended = false;
        while (pos < limit) {
            try {
                Item r = parse(pos, limit, walkDb);
                append(r);
                pos = r.end;
                walkDb = r.db;
                if (r.kind == Kind.EOF) {
                    ended = true;
                    break;
                }
            } catch (Bad e) {
                long resume = -1;
                if (e.consumed > pos && e.consumed < limit && chain(e.consumed, walkDb) != null) {
                    // the value was read to the length it declares and failed its own check inside (a listpack,
                    // ziplist or LZF string that does not decode): records go on right after it
                    resume = e.consumed;
                }
                if (resume < 0) {
                    resume = resync(pos + 1, walkDb);
                }
                String key = e.key != null ? RdbFileReader.quote(e.key) : keyAt(pos, walkDb);
                Item lost = Item.lost(pos, resume, walkDb, key, e.getMessage() + " (at offset " + e.at + ")");
                walkDb = selectedIn(pos, resume, walkDb);
                lost.db = walkDb;
                append(lost);
                pos = resume;
            }
            checkAndFlush(pos, false);
            if (progress != null && pos > reported) {
                progress.add(pos - reported);
                reported = pos;
            }
        }
        if (!ended) {
            append(Item.lost(limit, limit, walkDb, null, "the file ends at offset " + limit
                    + " without the EOF opcode and checksum: it was cut short"));
        }
        checkAndFlush(limit, true);
        out.writeByte(RdbOpcodes.EOF);
        if (reencode || version >= RdbOpcodes.FIRST_CHECKSUM_VERSION) {
            out.writeLittleEndian(out.crc(), 8);
        }
        out.flush();
    }

    private void append(Item item) {
        window.add(item);
        if (item.kind == Kind.LOST) {
            lostByStart.put(item.start, item);
        }
    }

    /**
     * Checks the window's records that are {@value #SPAN} bytes behind the walk (all of them at the end), and
     * writes the checked ones that are as far behind.
     */
    private void checkAndFlush(long walked, boolean all) {
        while (nextCheck < window.size()) {
            Item r = window.get(nextCheck);
            if (!all && r.end + SPAN > walked) {
                break;
            }
            if (!r.checked) {
                r.checked = true;
                if (suspect && r.scanEnd > r.typeAt + 1 && hiddenChain(nextCheck, walked)) {
                    continue;
                }
            }
            nextCheck++;
        }
        while (head < nextCheck && (all || window.get(head).end + 2L * SPAN <= walked)) {
            write(window.get(head));
            window.set(head++, null);
        }
        if (head > 4096 && head * 2 > window.size()) {
            window.subList(0, head).clear();
            nextCheck -= head;
            head = 0;
        }
    }

    /**
     * Whether the record at window index {@code index} swallowed real records with a damaged length: a chain
     * of records starting inside it (past its type byte) meets the walk again. The walk is then taken back from
     * that record to where the chain meets it, the record reported lost up to the chain's start, and the
     * chain's records put in their place. Accepted:
     * <ul>
     *   <li>a chain ending exactly where the record ends (the walk went on in step, so only the checksum
     *       tells): its keys must be printable ASCII, which bytes of a value that merely look like records
     *       almost never are (a value padded with zero bytes holds many records named "\0");</li>
     *   <li>a chain that first meets the walk past a range the walk lost within {@value #SPAN} bytes after
     *       the record (the walk went out of step there and tripped);</li>
     *   <li>for a record up to {@value #SPAN} bytes after a lost range (a resync chain that started in the
     *       damage), a chain that holds more keys than the walk did up to the point they meet.</li>
     * </ul>
     */
    private boolean hiddenChain(int index, long horizon) {
        Item r = window.get(index);
        // the lost ranges next to the record, from the index (a scan of the window for each record would cost
        // its thousands of records each time)
        Map.Entry<Long, Item> after = lostByStart.ceilingEntry(r.end);
        Item lostAfter = after != null && after.getKey() <= r.end + SPAN ? after.getValue() : null;
        Map.Entry<Long, Item> before = lostByStart.lowerEntry(r.start);
        Item lostBefore = before != null && before.getValue().end <= r.start && before.getValue().end + SPAN >= r.start
                ? before.getValue() : null;
        boolean near = lostAfter != null || lostBefore != null;
        for (long q = r.typeAt + 1; q < r.scanEnd; q++) {
            if (!mayFit(q, near ? limit : r.end)) {
                continue;
            }
            broken = null;
            List<Item> chain = near ? follow(q, r.dbBefore, index, horizon) : followExactly(q, r.dbBefore, r.end);
            long brokenTo = chain == null && near && broken != null ? brokenTo(r, broken) : -1;
            if (brokenTo > 0) {
                // a chain of real-looking records inside the record that stops at a second damage before it
                // can meet the walk (inside the record, or inside the range the walk lost after it): the record
                // swallowed it all the same; from where it stops to the record's end (or the lost range's) is lost
                List<Item> partial = new ArrayList<>(broken);
                long stop = partial.get(partial.size() - 1).end;
                long db = partial.get(partial.size() - 1).db;
                Item lost = Item.lost(stop, brokenTo, db, keyAt(stop, db),
                        "a chain of records hidden in the record before stops here on more damage");
                lost.db = selectedIn(stop, brokenTo, db);
                partial.add(lost);
                replace(index, brokenTo, q, partial);
                return true;
            }
            if (chain == null) {
                continue;
            }
            long meet = chain.get(chain.size() - 1).end;
            boolean accept;
            if (meet == r.end) {
                // the walk read on in step: only where the chain starts and its names tell its records from
                // bytes of the value
                accept = swallowedFrom(r, q) && chain.stream().allMatch(c -> c.kind != Kind.KEY || printable(c.key));
            } else {
                // both readings explain the bytes from q to meet: the better one holds more keys that look
                // like keys (printable names), then fewer that do not (bytes of a value read as a record)
                int[] main = keyNames(window.subList(index, window.size()), meet);
                int[] alt = keyNames(chain, meet);
                boolean better = alt[0] > main[0] || alt[0] == main[0] && alt[1] < main[1];
                accept = better && (lostAfter != null && meet >= lostAfter.end || lostBefore != null);
            }
            if (accept) {
                replace(index, meet, q, chain);
                return true;
            }
        }
        return false;
    }

    /**
     * Whether records that the record {@code r} swallowed could start at {@code q}, the record still ending in
     * step: a damaged element count reads them as more elements, so they start where an element starts; a
     * damaged string length reads them as that string's bytes. Inside an integer, a score or a length they
     * cannot start: bytes there that parse as records (a small integer's 0x00 read as a string's type byte,
     * then the next field as its key) are the value's own.
     */
    private boolean swallowedFrom(Item r, long q) {
        RdbReader in = reader(r.typeAt + 1, r.end);
        int type = r.typeId;
        try {
            if (stringSwallowedFrom(in, q)) {
                // inside the key
                return true;
            }
            if (type == Rdb.TYPE_STRING) {
                return stringSwallowedFrom(in, q);
            }
            if (!uncheckedLengths(type)) {
                return false;
            }
            long elements = in.readLength();
            for (long i = 0; i < elements && in.offset() <= q; i++) {
                if (stringSwallowedFrom(in, q) || type == Rdb.TYPE_HASH && stringSwallowedFrom(in, q)) {
                    return true;
                }
                if (type == Rdb.TYPE_ZSET) {
                    int length = in.readByte();
                    if (length < 253) {
                        // a score as text; 253-255 are NaN and the infinities, with no text
                        in.skipBytes(length, in.offset());
                    }
                } else if (type == Rdb.TYPE_ZSET_2) {
                    in.readBinaryDouble();
                }
            }
            return in.offset() == q;
        } catch (RdbFormatException e) {
            return false;
        }
    }

    /** Reads past one string; whether {@code q} is where it starts or among its stored bytes. */
    private boolean stringSwallowedFrom(RdbReader in, long q) {
        long start = in.offset();
        int first = file.get((int) start) & 0xff;
        long length = in.skipString();
        if (q == start) {
            return true;
        }
        boolean encoded = first >> 6 == Rdb.LEN_ENCVAL;
        if (encoded && (first & 0x3f) != Rdb.ENC_LZF) {
            // an integer: a fixed number of bytes, no length to damage
            return false;
        }
        long storedFrom = encoded ? start + 1 : in.offset() - length;
        return q >= storedFrom && q < in.offset();
    }

    /**
     * Where the loss after a chain that stopped on damage ends: the record's end when the chain stopped inside
     * it, the end of a lost range the chain stopped inside; -1 when it stopped elsewhere (a misread chain).
     */
    private long brokenTo(Item r, List<Item> chain) {
        long stop = chain.get(chain.size() - 1).end;
        if (stop < r.end) {
            return r.end;
        }
        Map.Entry<Long, Item> l = lostByStart.lowerEntry(stop);
        return l != null && l.getKey() >= r.end && l.getValue().end > stop ? l.getValue().end : -1;
    }

    /** Replaces the window's items from {@code index} up to offset {@code meet} by a lost range and {@code chain}. */
    private void replace(int index, long meet, long q, List<Item> chain) {
        Item r = window.get(index);
        int to = index;
        while (to < window.size() && window.get(to).start < meet) {
            to++;
        }
        List<Item> put = new ArrayList<>();
        put.add(Item.lost(r.start, q, r.dbBefore, r.key != null ? RdbFileReader.quote(r.key) : null, "the record's length runs over "
                + "records hidden in it (a chain of records starts inside it at offset " + q + " and meets the "
                + "walk at " + meet + "): a damaged length swallowed them"));
        put.addAll(chain);
        long selected = selectedIn(r.start, q, r.dbBefore);
        for (Item c : chain) {
            if (c.kind == Kind.SELECTDB || c.kind == Kind.LOST) {
                break;
            }
            c.dbBefore = selected;
            c.db = selected;
        }
        for (Item gone : window.subList(index, to)) {
            if (gone.kind == Kind.LOST) {
                lostByStart.remove(gone.start, gone);
            }
        }
        window.subList(index, to).clear();
        window.addAll(index, put);
        for (Item p : put) {
            if (p.kind == Kind.LOST) {
                lostByStart.put(p.start, p);
            }
        }
        // the chain may hold a SELECTDB the walk ran over: the records after it are in the chain's database
        long db = chain.get(chain.size() - 1).db;
        int i = index + put.size();
        // (up to a SELECTDB, or a lost range that named the database after it)
        for (; i < window.size() && window.get(i).kind != Kind.SELECTDB
                && !(window.get(i).kind == Kind.LOST && window.get(i).db != window.get(i).dbBefore); i++) {
            window.get(i).dbBefore = db;
            window.get(i).db = db;
        }
        if (i == window.size()) {
            walkDb = db;
        }
    }

    /** Whether a record of the window from {@code index} on starts or ends at {@code p} (binary search: the window is in file order). */
    private boolean walkBoundary(int index, long p) {
        int lo = index;
        int hi = window.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (window.get(mid).start < p) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < window.size() && window.get(lo).start == p && window.get(lo).kind != Kind.LOST) {
            return true;
        }
        return lo - 1 >= index && window.get(lo - 1).end == p && window.get(lo - 1).kind != Kind.LOST;
    }

    private static int keys(List<Item> chain) {
        int n = 0;
        for (Item c : chain) {
            n += c.kind == Kind.KEY ? 1 : 0;
        }
        return n;
    }

    /** Key records starting before {@code until}: how many have printable names, how many do not. */
    private static int[] keyNames(List<Item> items, long until) {
        int[] n = new int[2];
        for (Item i : items) {
            if (i.start >= until) {
                break;
            }
            if (i.kind == Kind.KEY || i.kind == Kind.EMPTY_KEY) {
                n[printable(i.key) ? 0 : 1]++;
            }
        }
        return n;
    }

    private static boolean printable(byte[] key) {
        if (key.length == 0) {
            return false;
        }
        for (byte b : key) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Records from {@code q} that end exactly at {@code end}, holding a key; null if they do not. */
    private List<Item> followExactly(long q, long db, long end) {
        List<Item> chain = new ArrayList<>();
        long pos = q;
        try {
            while (pos < end) {
                Item c = parse(pos, end, db);
                if (c.kind == Kind.EOF || c.kind == Kind.EMPTY_KEY || c.kind == Kind.KEY && c.key.length == 0) {
                    return null;
                }
                chain.add(c);
                pos = c.end;
                db = c.db;
            }
        } catch (Bad e) {
            return null;
        }
        return keys(chain) > 0 ? chain : null;
    }

    /**
     * Records from {@code q} up to the first record boundary of the walk (from the window's record at
     * {@code index} on) at or past that record's end; null if none by {@code horizon}.
     */
    private List<Item> follow(long q, long db, int index, long horizon) {
        long from = window.get(index).end;
        List<Item> chain = new ArrayList<>();
        long pos = q;
        try {
            while (pos < horizon) {
                Item c = parse(pos, limit, db);
                if (c.kind == Kind.EOF || c.kind == Kind.EMPTY_KEY || c.kind == Kind.KEY && c.key.length == 0) {
                    return null;
                }
                chain.add(c);
                pos = c.end;
                db = c.db;
                if (pos >= from && walkBoundary(index, pos)) {
                    return keys(chain) > 0 ? chain : null;
                }
            }
        } catch (Bad e) {
            // kept when it is strong evidence on its own: many keys, every name printable
            if (keys(chain) >= PROBE_RECORDS && chain.stream().allMatch(c -> c.kind != Kind.KEY || printable(c.key))) {
                broken = chain;
            }
            return null;
        }
        return null;
    }

    // ---------------------------------------------------------------- resynchronising

    /** The first offset at or after {@code from} where records parse again; the file's end if none. */
    private long resync(long from, long db) {
        for (long q = from; q < limit; q++) {
            if (mayFit(q, limit) && chain(q, db) != null) {
                return q;
            }
        }
        return limit;
    }

    /**
     * Whether records parse from {@code q}: {@value #PROBE_RECORDS} keys with non-empty names, or records up
     * to the EOF opcode ending the file, within {@value #PROBE_WINDOW} bytes (a value cut by the window's end
     * after a good key counts). Returns the offset reached, or null.
     */
    private Long chain(long q, long db) {
        long pos = q;
        int keys = 0;
        long end = Math.min(limit, q + PROBE_WINDOW);
        try {
            while (keys < PROBE_RECORDS) {
                if (pos >= end) {
                    return keys > 0 && end < limit ? pos : null;
                }
                Item c = parse(pos, end, db);
                if (c.kind == Kind.EOF) {
                    return c.end;
                }
                if (c.kind == Kind.KEY && c.key.length == 0 || c.kind == Kind.EMPTY_KEY) {
                    return null;
                }
                if (c.kind == Kind.KEY && c.end - c.start > SUSPECT_RECORD && !printable(c.key)) {
                    // bytes of a value read as a record tend to be one big record with a binary name that
                    // swallows real ones (and a second damage inside them keeps a hidden chain from meeting
                    // the walk again): a resync does not start on such a chain; a real one is reported lost
                    return null;
                }
                keys += c.kind == Kind.KEY ? 1 : 0;
                pos = c.end;
                db = c.db;
            }
            return pos;
        } catch (Bad e) {
            return keys > 0 && end < limit && e.consumed >= end ? pos : null;
        }
    }

    /**
     * The database a lost range leaves in effect: Redis starts each database's keys with SELECTDB and
     * RESIZEDB, so the last such pair whose bytes survive inside the range (a pattern random bytes match about
     * once in a million offsets) names it; else {@code db}, the one before.
     */
    private long selectedIn(long from, long to, long db) {
        for (long q = to - 4; q >= from; q--) {
            if ((file.get((int) q) & 0xff) != RdbOpcodes.SELECTDB) {
                continue;
            }
            int n = file.get((int) q + 1) & 0xff;
            if (n < DATABASES && (file.get((int) q + 2) & 0xff) == RdbOpcodes.RESIZEDB) {
                return n;
            }
        }
        return db;
    }

    private boolean plausibleStart(int b) {
        return b >= RdbOpcodes.FUNCTION2 && b != RdbOpcodes.FUNCTION_PRE_GA || types.apply(b).isPresent();
    }

    /**
     * A quick look before a parse (whose failures cost an exception each): whether the record at {@code q}
     * can start there and, when it is a key record with a plainly encoded name, whether the name fits before
     * {@code end}. Bytes of a text value mostly fail here.
     */
    private boolean mayFit(long q, long end) {
        int b = file.get((int) q) & 0xff;
        if (!plausibleStart(b)) {
            return false;
        }
        if (b >= RdbOpcodes.FUNCTION2) {
            return true;
        }
        if (q + 1 >= end) {
            return false;
        }
        int first = file.get((int) q + 1) & 0xff;
        long length;
        int size;
        switch (first >> 6) {
            case Rdb.LEN_6BIT -> {
                length = first & 0x3f;
                size = 1;
            }
            case Rdb.LEN_14BIT -> {
                if (q + 2 >= end) {
                    return false;
                }
                length = ((first & 0x3f) << 8) | (file.get((int) q + 2) & 0xff);
                size = 2;
            }
            case 2 -> {
                if (first != Rdb.LEN_32BIT && first != Rdb.LEN_64BIT) {
                    return false;
                }
                if (first == Rdb.LEN_64BIT || q + 6 > end) {
                    return first == Rdb.LEN_64BIT;
                }
                length = file.duplicate().getInt((int) q + 2) & 0xffffffffL;
                size = 5;
            }
            default -> {
                return (first & 0x3f) <= Rdb.ENC_LZF;
            }
        }
        return q + 1 + size + length < end;
    }

    /**
     * True for RDB types whose elements are plain length-prefixed strings (string, list, set, zset, hash,
     * zset2): a damaged length there reads on without complaint. Values packed in a blob that the reader
     * checks whole (listpacks, ziplists, intsets, quicklist nodes) have their lengths proven by a clean read.
     */
    private static boolean uncheckedLengths(int typeId) {
        return typeId <= Rdb.TYPE_ZSET_2;
    }

    /** The key of the record starting at {@code at}, quoted, or null when it cannot be read. */
    private String keyAt(long at, long db) {
        try {
            RdbReader r = reader(at, Math.min(limit, at + PROBE_WINDOW));
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
            if (type >= RdbOpcodes.FUNCTION2 || types.apply(type).isEmpty()) {
                return null;
            }
            byte[] key = r.readString();
            return key.length <= 4096 ? RdbFileReader.quote(key) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- one record

    /** Parses the record at {@code at} (bytes up to {@code end}), with {@code db} in effect. */
    private Item parse(long at, long end, long db) {
        RdbReader r = reader(at, end);
        byte[] key = null;
        boolean prefixed = false;
        try {
            while (true) {
                long typeAt = r.offset();
                int type = r.readByte();
                switch (type) {
                    case RdbOpcodes.EXPIRETIME -> {
                        r.readLittleEndian(4);
                        prefixed = true;
                        continue;
                    }
                    case RdbOpcodes.EXPIRETIME_MS -> {
                        r.readLittleEndian(8);
                        prefixed = true;
                        continue;
                    }
                    case RdbOpcodes.FREQ -> {
                        r.readByte();
                        prefixed = true;
                        continue;
                    }
                    case RdbOpcodes.IDLE -> {
                        r.readLength();
                        prefixed = true;
                        continue;
                    }
                    default -> {
                    }
                }
                if (prefixed && (type >= RdbOpcodes.FUNCTION2)) {
                    throw new Bad("an expiry or LRU/LFU record not followed by a key", typeAt, r.offset(), null);
                }
                switch (type) {
                    case RdbOpcodes.EOF -> {
                        if (version >= RdbOpcodes.FIRST_CHECKSUM_VERSION) {
                            r.readLittleEndian(8);
                        }
                        if (r.offset() != limit) {
                            throw new Bad("EOF opcode before the end of the file", typeAt, r.offset(), null);
                        }
                        return new Item(Kind.EOF, at, r.offset(), db, db, null, typeAt, type);
                    }
                    case RdbOpcodes.SELECTDB -> {
                        long n = r.readLength();
                        if (n < 0 || n >= DATABASES) {
                            throw new Bad("database " + Long.toUnsignedString(n) + " out of range", typeAt, r.offset(), null);
                        }
                        return new Item(Kind.SELECTDB, at, r.offset(), db, n, null, typeAt, type);
                    }
                    case RdbOpcodes.RESIZEDB -> {
                        r.readLength();
                        r.readLength();
                        return new Item(Kind.RESIZEDB, at, r.offset(), db, db, null, typeAt, type);
                    }
                    case RdbOpcodes.AUX -> {
                        r.skipString();
                        r.skipString();
                        return unchecked(new Item(Kind.AUX, at, r.offset(), db, db, null, typeAt, type));
                    }
                    case RdbOpcodes.MODULE_AUX -> {
                        long moduleId = r.readLength();
                        long whenOpcode = r.readLength();
                        r.readLength();
                        if (whenOpcode != RdbOpcodes.MODULE_OPCODE_UINT) {
                            throw new Bad("bad when_opcode " + whenOpcode + " in module AUX data", typeAt, r.offset(), null);
                        }
                        RdbStructures.skipModuleData(r, RdbFileReader.moduleTypeName(moduleId));
                        return new Item(Kind.MODULE_AUX, at, r.offset(), db, db, null, typeAt, type);
                    }
                    case RdbOpcodes.FUNCTION_PRE_GA -> {
                        r.skipString();
                        r.skipString();
                        if (r.readLength() != 0) {
                            r.skipString();
                        }
                        r.skipString();
                        return new Item(Kind.FUNCTION_PRE_GA, at, r.offset(), db, db, null, typeAt, type);
                    }
                    case RdbOpcodes.FUNCTION2 -> {
                        r.skipString();
                        return unchecked(new Item(Kind.FUNCTION, at, r.offset(), db, db, null, typeAt, type));
                    }
                    default -> {
                        if (HashFieldTtls.isFieldTtlType(type)) {
                            key = r.readString();
                            long fields = HashFieldTtls.forEach(type, r, (field, value, expireAt) -> {
                            });
                            return new Item(fields == 0 ? Kind.EMPTY_KEY : Kind.KEY, at, r.offset(), db, db, key,
                                    typeAt, type);
                        }
                        Optional<ValueType<?>> t = types.apply(type);
                        if (t.isEmpty()) {
                            throw new Bad("unknown RDB type " + type, typeAt, r.offset(), null);
                        }
                        key = r.readString();
                        long valueAt = r.offset();
                        Object value;
                        try {
                            if (big(valueAt, type)) {
                                // read past element by element: memory must not grow with one value
                                value = RdbChecker.readPastValue(r, type, version) == 0 ? null : Boolean.TRUE;
                            } else {
                                value = t.get().readRdb(type, r);
                            }
                        } catch (RdbFormatException e) {
                            throw new Bad(e.reason() + " in the value of key " + RdbFileReader.quote(key)
                                    + ", which starts at offset " + valueAt, e.offset(), r.offset(), key);
                        }
                        if (type == Rdb.TYPE_STREAM_LISTPACKS || type == Rdb.TYPE_STREAM_LISTPACKS_2
                                || type == Rdb.TYPE_STREAM_LISTPACKS_3) {
                            verifyStream(type, valueAt, r.offset(), key);
                        }
                        Item item = new Item(value == null ? Kind.EMPTY_KEY : Kind.KEY, at, r.offset(), db, db, key,
                                typeAt, type);
                        item.scanEnd = uncheckedLengths(type) ? item.end : valueAt;
                        return item;
                    }
                }
            }
        } catch (Bad e) {
            throw e;
        } catch (RdbFormatException e) {
            throw new Bad(e.reason(), e.offset(), r.offset(), key);
        } catch (RuntimeException e) {
            // a codec rejecting what it read is malformed data too
            throw new Bad("malformed data (" + e + ")", r.offset(), r.offset(), key);
        }
    }

    /**
     * Whether the value at {@code valueAt} declares {@link #BIG_VALUE} elements or more ({@link #BIG_NODES} nodes
     * of a quicklist or a stream, each holding many): it is then checked as {@code rdb check} checks it, never
     * decoded whole (the engine's decode of a smaller one is the stricter check Redis's loader makes).
     */
    private boolean big(long valueAt, int type) {
        long bigFrom = switch (type) {
            case Rdb.TYPE_LIST, Rdb.TYPE_SET, Rdb.TYPE_ZSET, Rdb.TYPE_HASH, Rdb.TYPE_ZSET_2 -> BIG_VALUE;
            case Rdb.TYPE_LIST_QUICKLIST, Rdb.TYPE_LIST_QUICKLIST_2, Rdb.TYPE_STREAM_LISTPACKS,
                    Rdb.TYPE_STREAM_LISTPACKS_2, Rdb.TYPE_STREAM_LISTPACKS_3 -> BIG_NODES;
            default -> -1;
        };
        return bigFrom > 0 && Long.compareUnsigned(reader(valueAt, limit).readLength(), bigFrom) >= 0;
    }

    /**
     * A stream's listpacks checked entry by entry, as {@code rdb check} and redis-check-rdb do (the streams
     * type reads the entries it needs, and would let a damaged byte elsewhere in a listpack through).
     */
    private void verifyStream(int type, long from, long to, byte[] key) {
        RdbReader v = reader(from, to);
        try {
            RdbStructures.skipStream(v, type, null);
        } catch (RdbFormatException e) {
            throw new Bad(e.reason() + " in the value of key " + RdbFileReader.quote(key), e.offset(), to, key);
        }
        if (v.offset() != to) {
            throw new Bad("the stream of key " + RdbFileReader.quote(key) + " ends at " + v.offset()
                    + " by its structure but at " + to + " by its reader", from, to, key);
        }
    }

    /** A record made of plain strings: a damaged length inside it would read on unnoticed. */
    private static Item unchecked(Item item) {
        item.scanEnd = item.end;
        return item;
    }

    private RdbReader reader(long at, long end) {
        return new RdbReader(new Slice(file, (int) at, (int) end), version, at);
    }

    /** The file's bytes {@code [from, to)} as a stream, without copying. */
    private static final class Slice extends InputStream {
        private final ByteBuffer file;
        private int pos;
        private final int end;

        Slice(ByteBuffer file, int from, int to) {
            this.file = file;
            this.pos = from;
            this.end = to;
        }

        @Override
        public int read() {
            return pos < end ? file.get(pos++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= end) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            file.get(pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, end - pos));
            pos += (int) k;
            return k;
        }
    }

    // ---------------------------------------------------------------- output

    private void write(Item item) {
        switch (item.kind) {
            case LOST -> {
                Lost last = report.lost.isEmpty() ? null : report.lost.get(report.lost.size() - 1);
                if (last != null && last.end() == item.start) {
                    // one damaged stretch, found in steps
                    report.lost.set(report.lost.size() - 1, new Lost(last.start(), item.end,
                            last.key() != null ? last.key() : item.lostKey, last.reason() + "; then " + item.reason));
                } else {
                    report.lost.add(new Lost(item.start, item.end, item.lostKey, item.reason));
                }
            }
            case KEY -> {
                if (!written.add(item.db, item.key)) {
                    report.duplicates++;
                    if (report.duplicateKeys.size() < DUPLICATES_NAMED) {
                        report.duplicateKeys.add(RdbFileReader.quote(item.key));
                    }
                    return;
                }
                if (outDb != item.db) {
                    out.writeByte(RdbOpcodes.SELECTDB);
                    out.writeLength(item.db);
                    outDb = item.db;
                }
                if (!reencode) {
                    copy(item.start, item.end);
                } else if (!reencode(item)) {
                    return;
                }
                report.keys++;
            }
            case AUX, MODULE_AUX -> copy(item.start, item.end);
            case FUNCTION -> {
                copy(item.start, item.end);
                report.functions++;
            }
            case FUNCTION_PRE_GA -> {
                preGaFunction(item);
                report.functions++;
            }
            default -> {
                // SELECTDB is written before the keys that need it, RESIZEDB is a hint, EOF ends the output
            }
        }
    }

    private void copy(long from, long to) {
        byte[] chunk = new byte[(int) Math.min(COPY_CHUNK, to - from)];
        for (long at = from; at < to; at += chunk.length) {
            int n = (int) Math.min(chunk.length, to - at);
            file.get((int) at, chunk, 0, n);
            out.writeRaw(chunk, 0, n);
        }
    }

    /**
     * A record of an RDB 11 or 12 file for the RDB 10 output: copied as it is when RDB 10 holds its type, else
     * re-encoded from its bytes ({@link ValueReencoder}: a set listpack, a 7.2 stream, a hash with field TTLs).
     *
     * @return false when nothing was written: a hash whose fields have all expired
     */
    private boolean reencode(Item item) {
        RdbReader r = reader(item.start, item.end);
        long expireAt = -1;
        int type = r.readByte();
        while (type == RdbOpcodes.EXPIRETIME_MS || type == RdbOpcodes.EXPIRETIME || type == RdbOpcodes.IDLE
                || type == RdbOpcodes.FREQ) {
            switch (type) {
                case RdbOpcodes.EXPIRETIME_MS -> expireAt = r.readLittleEndian(8);
                case RdbOpcodes.EXPIRETIME -> expireAt = (int) r.readLittleEndian(4) * 1000L;
                case RdbOpcodes.IDLE -> r.readLength();
                default -> r.readByte();
            }
            type = r.readByte();
        }
        if (reencoder.targetType(type) < 0) {
            copy(item.start, item.end);
            return true;
        }
        byte[] key = r.readString();
        long valueAt = r.offset();
        return reencoder.write(type, key, expireAt, () -> reader(valueAt, item.end), new ValueReencoder.Changes() {
            @Override
            public void changed(Map<String, Object> what) {
                // a 7.2 consumer's active time: 7.0 has no such field and shows the seen time
            }

            @Override
            public void fieldTtls(long ttlsDropped, long fieldsExpired, boolean keyDropped) {
                report.fieldTtls.hashFieldTtls(ttlsDropped, fieldsExpired, keyDropped);
                report.fieldTtls.settle(true);
            }
        });
    }

    /** A Redis 7.0-rc function record, as the GA FUNCTION2 record Redis 7.0 loads (what the reader makes of it). */
    private void preGaFunction(Item item) {
        RdbReader r = reader(item.typeAt + 1, item.end);
        byte[] name = r.readString();
        byte[] engine = r.readString();
        if (r.readLength() != 0) {
            r.readString();
        }
        byte[] code = r.readString();
        byte[] prefix = ("#!" + new String(engine, UTF_8) + " name=" + new String(name, UTF_8) + "\n").getBytes(UTF_8);
        byte[] library = new byte[prefix.length + code.length];
        System.arraycopy(prefix, 0, library, 0, prefix.length);
        System.arraycopy(code, 0, library, prefix.length, code.length);
        out.writeByte(RdbOpcodes.FUNCTION2);
        out.writeString(library);
    }
}
