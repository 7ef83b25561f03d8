// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.ChecksumInputStream;
import dev.cinnabar.core.rdb.HashFieldTtls;
import dev.cinnabar.core.rdb.ListpackReader;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.core.rdb.Ziplist;
import dev.cinnabar.core.rdb.Zipmap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Walks a whole RDB (versions 1 to 12) and verifies it without building any value: header, opcodes,
 * lengths, string encodings (LZF included), the integrity of every ziplist, listpack, intset and zipmap,
 * stream and module structure, and the CRC-64 trailer. Memory is bounded by the largest single
 * ziplist/listpack blob (strings and collection elements are read past, never held).
 *
 * <p>Reuses engine-core's decoding: {@link RdbReader} (lengths, string encodings, LZF through
 * {@link RdbReader#skipString}), {@link ListpackReader#validate}, {@link Ziplist}, {@link Zipmap},
 * {@link ChecksumInputStream} and the pinned numbers of {@link Rdb} and {@link RdbOpcodes}. What it adds is
 * the walk over each type's layout without materializing it, and the RDB 12 hash types.
 *
 * <p>Every malformed input ends in a report with a failure and its offset; only I/O errors of the stream
 * escape (as {@link UncheckedIOException}).
 */
public final class RdbChecker {
    /** "REDIS" and 4 version digits. */
    private static final int HEADER_LENGTH = 9;

    private final InputStream in;
    private final LongSupplier crc;
    private final long now;
    private RdbReader body;
    private int rdbVersion = -1;
    private final Map<String, String> aux = new LinkedHashMap<>();
    private final TreeMap<Long, RdbCheckReport.DbStats> dbs = new TreeMap<>();
    private long functions;
    private long moduleAux;
    private long emptyKeys;
    private long storedChecksum;
    private long computedChecksum;
    private String doing = "start";
    private final RdbVisitor visitor;
    /** Whether values are decoded and reported to the visitor, or only read past. */
    private final boolean values;
    /** The members of the set, sorted set or hash being read, to find one stored twice. */
    private final FingerprintSet members = FingerprintSet.forHeap();
    /** The keys read so far, to find one stored twice in a database. */
    private final DuplicateKeys duplicateKeys = new DuplicateKeys();
    private byte[] key;
    private int keyType = -1;
    private final RdbCheckReport.FieldTtlStats fieldTtls = new RdbCheckReport.FieldTtlStats();
    /** Fields of the current key with their own TTL (RDB 12), and how many of those had expired. */
    private long keyFieldTtls;
    private long keyFieldsExpired;
    /** The walk's position: the database selected, the expiry read for the next key (-1: none). */
    private long db;
    private long expireAt = -1;
    /** The stats of {@link #db}, once it has a key. */
    private RdbCheckReport.DbStats current;

    /** @param crc the CRC-64 of every byte {@code in} has handed out so far */
    private RdbChecker(InputStream in, LongSupplier crc, long now, RdbVisitor visitor) {
        this.visitor = Objects.requireNonNull(visitor, "visitor is null");
        this.values = visitor.wantsValues();
        this.in = Objects.requireNonNull(in, "in is null");
        this.crc = Objects.requireNonNull(crc, "crc is null");
        this.now = now;
    }

    /**
     * Reads past one value of RDB type {@code type} from {@code in} (its type byte and key already read), checked
     * as {@link #check} checks it and never held whole: for a caller that meets a value too big to decode.
     *
     * @return its elements (0 for an empty collection, which Redis skips)
     * @throws RdbFormatException where it is malformed
     */
    static long readPastValue(RdbReader in, int type, int rdbVersion) {
        RdbChecker checker = new RdbChecker(InputStream.nullInputStream(), () -> 0, System.currentTimeMillis(),
                RdbVisitor.NONE);
        checker.body = in;
        checker.rdbVersion = rdbVersion;
        checker.keyType = type;
        return checker.skipValue(type);
    }

    /** Checks the RDB file at {@code file}. */
    public static RdbCheckReport check(Path file) throws IOException {
        return check(file, RdbVisitor.NONE);
    }

    /** Checks the RDB file at {@code file}, telling {@code visitor} about each aux field and key as it goes. */
    public static RdbCheckReport check(Path file, RdbVisitor visitor) throws IOException {
        try (CrcBufferedInput in = new CrcBufferedInput(Progress.track(Files.newInputStream(file)), 1 << 16)) {
            return new RdbChecker(in, in::crc, System.currentTimeMillis(), visitor).run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Checks the RDB at the start of {@code in} and stops right after its checksum (so an AOF's commands
     * can be read on from the same stream; give a buffered stream, it is read a byte at a time).
     */
    public static RdbCheckReport check(InputStream in) {
        return check(in, RdbVisitor.NONE);
    }

    /** As {@link #check(InputStream)}, telling {@code visitor} about the walk (a one-record RDB built in memory). */
    public static RdbCheckReport check(InputStream in, RdbVisitor visitor) {
        ChecksumInputStream checksummed = new ChecksumInputStream(in);
        return new RdbChecker(checksummed, checksummed::crc, System.currentTimeMillis(), visitor).run();
    }

    private RdbCheckReport run() {
        RdbCheckReport.Failure failure = null;
        try {
            walk();
        } catch (RdbFormatException e) {
            failure = failure(e);
        } catch (UncheckedIOException e) {
            duplicateKeys.finish(); // ends its thread
            throw e;
        } catch (RuntimeException e) {
            // a validator tripping over bytes it did not expect is corrupt data as well
            failure = failure(offset(), "malformed data (" + e + ")", false);
        }
        DuplicateKeys.Found twice = duplicateKeys.finish();
        long bytesRead = offset();
        if (twice != null && (failure == null || twice.end() <= failure.offset())) {
            // Redis's loader stops there, before the checksum or any later damage
            failure = new RdbCheckReport.Failure(twice.end(), "key stored twice in database " + twice.db()
                    + " (at offset " + twice.start() + "): Redis's loader stops at its second record (\"Duplicated "
                    + "key found in RDB file\")", RdbFileReader.quote(twice.key()), twice.rdbType(),
                    "read-object-value", false);
            bytesRead = twice.end();
        }
        return new RdbCheckReport(rdbVersion, bytesRead, aux, dbs, functions, moduleAux, emptyKeys, storedChecksum,
                computedChecksum, failure, fieldTtls, duplicateKeys.checked());
    }

    /**
     * A failure at the offset redis-check-rdb gives ({@code [offset N]}): the bytes read when the error was
     * found, or, for data that ends too soon, where the read cut short starts (Redis reads a string or a fixed
     * field in one {@code rioRead}, which fails whole). Where the error itself lies, if elsewhere (the start of
     * a listpack that does not check, the checksum), is said in the reason.
     */
    private RdbCheckReport.Failure failure(RdbFormatException e) {
        long at = e.endOfData() ? e.offset() : Math.max(e.offset(), offset());
        return failure(at, at == e.offset() ? e.reason() : e.reason() + " (at offset " + e.offset() + ")",
                e.endOfData());
    }

    private RdbCheckReport.Failure failure(long offset, String reason, boolean endOfData) {
        return new RdbCheckReport.Failure(offset, reason, key == null ? null : RdbFileReader.quote(key), keyType,
                doing, endOfData);
    }

    private long offset() {
        return body == null ? 0 : body.offset();
    }

    private void walk() {
        doing = "check-header";
        rdbVersion = readHeader();
        body = new RdbReader(in, rdbVersion, HEADER_LENGTH);
        while (record()) {
            // one record per call: the JIT compiles a method called per key long before it would replace
            // a running loop (on-stack replacement), so a short check runs compiled code sooner
        }
    }

    /** Reads one record: a key with its value, or an opcode; false after EOF and the checksum. */
    private boolean record() {
        key = null;
        keyType = -1;
        doing = "read-type";
        long at = body.offset();
        int type = body.readByte();
        if (!RdbTypes.isKnown(type)) {
            return opcode(type, at);
        }
        keyType = type;
        doing = "read-key";
        key = body.readString();
        doing = "read-object-value";
        if (values) {
            visitor.beginKey(db, key, type, expireAt);
        }
        keyFieldTtls = 0;
        keyFieldsExpired = 0;
        long elements;
        if (type == Rdb.TYPE_STRING && !values) {
            // most keys of most dumps: kept out of skipValue, whose size delays its compilation
            body.skipString();
            elements = 1;
        } else {
            elements = skipValue(type);
        }
        fieldTtls.key(type, keyFieldTtls, keyFieldsExpired);
        if (elements > 0) {
            duplicateKeys.add(db, key, type, at, body.offset());
            if (current == null) {
                current = dbs.computeIfAbsent(db, d -> new RdbCheckReport.DbStats());
            }
            current.key(type, expireAt, now);
        } else {
            emptyKeys++;
        }
        visitor.keyRecord(at, body.offset());
        visitor.key(db, key, type, expireAt, elements, body.offset() - at);
        expireAt = -1;
        return true;
    }

    /** An opcode record (the byte at {@code at} is not a value type); false after EOF and the checksum. */
    private boolean opcode(int type, long at) {
        switch (type) {
            case RdbOpcodes.EXPIRETIME -> {
                doing = "read-expire";
                expireAt = (int) body.readLittleEndian(4) * 1000L;
            }
            case RdbOpcodes.EXPIRETIME_MS -> {
                doing = "read-expire";
                expireAt = body.readLittleEndian(8);
            }
            case RdbOpcodes.FREQ -> {
                doing = "read-freq";
                body.readByte();
            }
            case RdbOpcodes.IDLE -> {
                doing = "read-idle";
                body.readLength();
            }
            case RdbOpcodes.EOF -> {
                readChecksum();
                return false;
            }
            case RdbOpcodes.SELECTDB -> {
                doing = "read-selectdb";
                db = body.readLength();
                current = null;
                if (db < 0 || db > Integer.MAX_VALUE) {
                    throw new RdbFormatException("database number " + Long.toUnsignedString(db) + " out of range", at);
                }
                dbs.computeIfAbsent(db, d -> new RdbCheckReport.DbStats());
            }
            case RdbOpcodes.RESIZEDB -> {
                doing = "read-resizedb";
                long size = body.readLength();
                long expires = body.readLength();
                dbs.computeIfAbsent(db, d -> new RdbCheckReport.DbStats()).resize(size, expires);
                duplicateKeys.announce(size);
            }
            case RdbOpcodes.AUX -> {
                doing = "read-aux";
                String name = new String(body.readString(), UTF_8);
                String value = new String(body.readString(), UTF_8);
                aux.put(name, value);
                visitor.aux(name, value);
            }
            case RdbOpcodes.MODULE_AUX -> {
                doing = "read-module-aux";
                long moduleId = body.readLength();
                long whenOpcode = body.readLength();
                body.readLength();
                if (whenOpcode != RdbOpcodes.MODULE_OPCODE_UINT) {
                    throw new RdbFormatException("bad when_opcode " + whenOpcode + " in the AUX data of module '"
                            + RdbFileReader.moduleTypeName(moduleId) + "'", at);
                }
                RdbStructures.skipModuleData(body, RdbFileReader.moduleTypeName(moduleId));
                moduleAux++;
            }
            case RdbOpcodes.FUNCTION_PRE_GA -> {
                doing = "read-functions";
                body.skipString();
                body.skipString();
                if (body.readLength() != 0) {
                    body.skipString();
                }
                body.skipString();
                functions++;
                visitor.functionRecord(at, body.offset());
            }
            case RdbOpcodes.FUNCTION2 -> {
                doing = "read-functions";
                body.skipString();
                functions++;
                visitor.functionRecord(at, body.offset());
            }
            case RdbOpcodes.SLOT_INFO -> {
                // Redis 7.4 in cluster mode: slot id, its keys, its expires (a sizing hint)
                doing = "read-slot-info";
                body.readLength();
                body.readLength();
                body.readLength();
            }
            default -> throw new RdbFormatException("unknown RDB type or opcode " + type + " (byte 0x"
                    + Integer.toHexString(type) + "): RDB " + RdbTypes.NEWEST_VERSION
                    + " (Redis 7.4) has value types 0-7 and 9-" + RdbOpcodes.LAST_TYPE + " and opcodes "
                    + RdbOpcodes.FIRST_OPCODE + "-" + RdbOpcodes.EOF
                    + "; the file may come from a newer Redis or be corrupt", at);
        }
        return true;
    }

    private int readHeader() {
        byte[] header = new byte[HEADER_LENGTH];
        int filled = 0;
        try {
            while (filled < HEADER_LENGTH) {
                int n = in.read(header, filled, HEADER_LENGTH - filled);
                if (n < 0) {
                    throw RdbFormatException.endOfData("in the header: expected \"REDIS\" and 4 version digits, the "
                            + "file has " + filled + " bytes", filled);
                }
                filled += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!new String(header, 0, 5, US_ASCII).equals("REDIS")) {
            throw new RdbFormatException("wrong signature: expected \"REDIS\", found "
                    + RdbFileReader.quote(java.util.Arrays.copyOf(header, 5)), 0);
        }
        String digits = new String(header, 5, 4, US_ASCII);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RdbFormatException("version is not 4 digits: " + RdbFileReader.quote(digits.getBytes(US_ASCII)), 5);
        }
        int version = Integer.parseInt(digits);
        if (version < RdbTypes.OLDEST_VERSION || version > RdbTypes.NEWEST_VERSION) {
            throw new RdbFormatException("RDB version " + version + " is not supported: this tool reads versions "
                    + RdbTypes.OLDEST_VERSION + " to " + RdbTypes.NEWEST_VERSION + " (Redis 1.x to 7.4)"
                    + (version > RdbTypes.NEWEST_VERSION ? "; the file was written by a newer Redis" : ""), 5);
        }
        return version;
    }

    /** Reads past one value; its element count, 0 for an empty collection (which Redis skips). */
    private long skipValue(int type) {
        long at = body.offset();
        switch (type) {
            case Rdb.TYPE_STRING -> {
                if (values) {
                    visitor.string(body.readString());
                } else {
                    body.skipString();
                }
                return 1;
            }
            case Rdb.TYPE_LIST -> {
                long n = count(at);
                for (long i = 0; i < n; i++) {
                    if (values) {
                        visitor.element(body.readString());
                    } else {
                        body.skipString();
                    }
                }
                return n;
            }
            case Rdb.TYPE_SET -> {
                long n = count(at);
                members.clear();
                for (long i = 0; i < n; i++) {
                    byte[] member = body.readString();
                    unique(member, "Duplicate set members detected");
                    if (values) {
                        visitor.element(member);
                    }
                }
                return n;
            }
            case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2 -> {
                long n = count(at);
                members.clear();
                for (long i = 0; i < n; i++) {
                    byte[] member = body.readString();
                    double score = type == Rdb.TYPE_ZSET ? readStringDouble()
                            : Double.longBitsToDouble(body.readLittleEndian(8));
                    if (Double.isNaN(score)) {
                        throw new RdbFormatException("Zset with NAN score detected (member "
                                + RdbFileReader.quote(member) + ")", body.offset());
                    }
                    unique(member, "Duplicate zset fields detected");
                    if (values) {
                        visitor.scored(member, score);
                    }
                }
                return n;
            }
            case Rdb.TYPE_HASH -> {
                long n = count(at);
                members.clear();
                // Redis loads up to hash-max-listpack-entries (128) pairs into a listpack, where a field twice
                // goes unnoticed, until a field or value longer than hash-max-listpack-value (64) makes it a
                // table, whose dictAdd refuses it from then on
                boolean table = n > 128;
                for (long i = 0; i < n; i++) {
                    byte[] field = body.readString();
                    byte[] value = values ? body.readString() : null;
                    long valueLength = values ? value.length : body.skipString();
                    table |= field.length > 64 || valueLength > 64;
                    if (!members.add(field) && table) {
                        throw duplicate("Duplicate hash fields detected", field);
                    }
                    if (values) {
                        visitor.pair(field, value);
                    }
                }
                return n;
            }
            case RdbTypes.TYPE_HASH_METADATA, RdbTypes.TYPE_HASH_METADATA_PRE_GA -> {
                long minExpire = HashFieldTtls.readMinExpire(type, body);
                long n = count(body.offset());
                members.clear();
                for (long i = 0; i < n; i++) {
                    long ttlAt = body.offset();
                    long expireAt = HashFieldTtls.metadataExpireAt(type, minExpire, body.readLength(), ttlAt);
                    fieldTtl(expireAt);
                    byte[] field = body.readString();
                    if (values) {
                        visitor.pair(field, body.readString(), expireAt == 0 ? -1 : expireAt);
                    } else {
                        body.skipString();
                    }
                    unique(field, "Duplicate hash fields detected");
                }
                return n;
            }
            case Rdb.TYPE_MODULE -> {
                long moduleId = body.readLength();
                throw new RdbFormatException("module value of type '" + RdbFileReader.moduleTypeName(moduleId)
                        + "' in the RDB_TYPE_MODULE form, which only the module can read (not self-describing)", at);
            }
            case Rdb.TYPE_MODULE_2 -> {
                long moduleId = body.readLength();
                RdbStructures.skipModuleData(body, RdbFileReader.moduleTypeName(moduleId));
                return 1;
            }
            case Rdb.TYPE_HASH_ZIPMAP -> {
                List<byte[]> e = Zipmap.elements(body.readString(), at);
                emitPairs(e, 2, false);
                return e.size() / 2;
            }
            case Rdb.TYPE_LIST_ZIPLIST -> {
                List<byte[]> e = Ziplist.elements(body.readString(), "List ziplist", at);
                emitElements(e);
                return e.size();
            }
            case Rdb.TYPE_ZSET_ZIPLIST, Rdb.TYPE_HASH_ZIPLIST -> {
                String what = type == Rdb.TYPE_HASH_ZIPLIST ? "Hash ziplist" : "Zset ziplist";
                List<byte[]> e = Ziplist.elements(body.readString(), what, at);
                int n = e.size();
                pairs(n, what, at);
                emitPairs(e, 2, type == Rdb.TYPE_ZSET_ZIPLIST);
                return n / 2;
            }
            case Rdb.TYPE_SET_INTSET -> {
                return RdbStructures.intset(body.readString(), at, values ? visitor::element : null);
            }
            case Rdb.TYPE_SET_LISTPACK -> {
                if (values) {
                    List<byte[]> e = ListpackReader.elements(body.readString(), "Set listpack", at);
                    emitElements(e);
                    return e.size();
                }
                return ListpackReader.validate(body.readString(), "Set listpack", at);
            }
            case Rdb.TYPE_HASH_LISTPACK, Rdb.TYPE_ZSET_LISTPACK -> {
                String what = type == Rdb.TYPE_HASH_LISTPACK ? "Hash listpack" : "Zset listpack";
                if (values) {
                    List<byte[]> e = ListpackReader.elements(body.readString(), what, at);
                    pairs(e.size(), what, at);
                    emitPairs(e, 2, type == Rdb.TYPE_ZSET_LISTPACK);
                    return e.size() / 2;
                }
                int n = ListpackReader.validate(body.readString(), what, at);
                pairs(n, what, at);
                return n / 2;
            }
            case RdbTypes.TYPE_HASH_LISTPACK_EX, RdbTypes.TYPE_HASH_LISTPACK_EX_PRE_GA -> {
                if (type == RdbTypes.TYPE_HASH_LISTPACK_EX) {
                    body.readLittleEndian(8);
                }
                long lpAt = body.offset();
                HashFieldTtls.Decoded hash = HashFieldTtls.listpackTriples(body.readString(), lpAt);
                for (int i = 0; i < hash.size(); i++) {
                    long expireAt = hash.expireAt()[i];
                    fieldTtl(expireAt);
                    if (values) {
                        visitor.pair(hash.fields().get(i), hash.values().get(i), expireAt == 0 ? -1 : expireAt);
                    }
                }
                return hash.size();
            }
            case Rdb.TYPE_LIST_QUICKLIST -> {
                long n = count(at);
                long items = 0;
                for (long i = 0; i < n; i++) {
                    long nodeAt = body.offset();
                    List<byte[]> e = Ziplist.elements(body.readString(), "Quicklist ziplist node", nodeAt);
                    emitElements(e);
                    items += e.size();
                }
                return n == 0 ? 0 : Math.max(items, 1);
            }
            case Rdb.TYPE_LIST_QUICKLIST_2 -> {
                long n = count(at);
                long items = 0;
                for (long i = 0; i < n; i++) {
                    long nodeAt = body.offset();
                    long container = body.readLength();
                    if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                        if (values) {
                            visitor.element(body.readString());
                        } else {
                            body.skipString();
                        }
                        items++;
                    } else if (container == Rdb.QUICKLIST_NODE_PACKED) {
                        long lpAt = body.offset();
                        if (values) {
                            List<byte[]> e = ListpackReader.elements(body.readString(), "Quicklist listpack node", lpAt);
                            emitElements(e);
                            items += e.size();
                        } else {
                            items += ListpackReader.validate(body.readString(), "Quicklist listpack node", lpAt);
                        }
                    } else {
                        throw new RdbFormatException("quicklist node container " + container + " is neither PLAIN ("
                                + Rdb.QUICKLIST_NODE_PLAIN + ") nor PACKED (" + Rdb.QUICKLIST_NODE_PACKED + ")", nodeAt);
                    }
                }
                return n == 0 ? 0 : Math.max(items, 1);
            }
            case Rdb.TYPE_STREAM_LISTPACKS, Rdb.TYPE_STREAM_LISTPACKS_2, Rdb.TYPE_STREAM_LISTPACKS_3 -> {
                return Math.max(RdbStructures.skipStream(body, type, values ? visitor::stream : null), 1);
            }
            default -> throw new RdbFormatException("unknown RDB type " + type, at);
        }
    }

    /** Counts a field's own TTL (0: none) for the report. */
    private void fieldTtl(long expireAt) {
        if (expireAt != 0) {
            keyFieldTtls++;
            if (expireAt < now) {
                keyFieldsExpired++;
            }
        }
    }

    /** Fails when {@code member} was read before in the same value, as Redis's loader does ({@code dictAdd}). */
    private void unique(byte[] member, String what) {
        if (!members.add(member)) {
            throw duplicate(what, member);
        }
    }

    private RdbFormatException duplicate(String what, byte[] member) {
        return new RdbFormatException(what + " (" + RdbFileReader.quote(member) + ")", body.offset());
    }

    private void emitElements(List<byte[]> e) {
        if (values) {
            e.forEach(visitor::element);
        }
    }

    /** Field/value (or member/score) pairs from groups of {@code stride} elements (3: listpackex triples). */
    private void emitPairs(List<byte[]> e, int stride, boolean scored) {
        if (!values) {
            return;
        }
        for (int i = 0; i + 1 < e.size(); i += stride) {
            if (scored) {
                visitor.scored(e.get(i), score(e.get(i + 1)));
            } else {
                visitor.pair(e.get(i), e.get(i + 1));
            }
        }
    }

    /** A score stored as text in a ziplist or listpack ("inf", "-inf" included). */
    private static double score(byte[] text) {
        String s = new String(text, US_ASCII);
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private long count(long at) {
        return RdbStructures.count(body, at);
    }

    private static void pairs(int n, String what, long at) {
        if (n % 2 != 0) {
            throw new RdbFormatException(what + " integrity check failed: " + n + " elements, not pairs", at);
        }
    }

    /** {@code rdbLoadDoubleValue}: a length byte (253 NaN, 254 +inf, 255 -inf) then that many ASCII bytes. */
    private double readStringDouble() {
        long at = body.offset();
        int len = body.readByte();
        if (len >= 253) {
            return len == 253 ? Double.NaN : len == 254 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        if (!values) {
            body.skipBytes(len, at);
            return 0;
        }
        byte[] text = body.readBytes(len, at);
        try {
            return Double.parseDouble(new String(text, US_ASCII));
        } catch (NumberFormatException e) {
            throw new RdbFormatException("bad double value " + RdbFileReader.quote(text), at);
        }
    }

    /** After EOF: from RDB 5 on, the CRC-64 of everything before it, 0 when written without one. */
    private void readChecksum() {
        doing = "check-sum";
        computedChecksum = crc.getAsLong();
        if (rdbVersion < RdbOpcodes.FIRST_CHECKSUM_VERSION) {
            return;
        }
        long at = body.offset();
        storedChecksum = body.readLittleEndian(8);
        if (storedChecksum != 0 && storedChecksum != computedChecksum) {
            throw new RdbFormatException(String.format("RDB CRC64 mismatch: expected %016x (the file's trailer), "
                    + "computed %016x", storedChecksum, computedChecksum), at);
        }
    }
}
