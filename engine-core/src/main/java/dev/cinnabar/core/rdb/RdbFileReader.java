// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.ValueType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Reads an RDB file of versions 1 to 12 (Redis 1.x to 7.4) as a stream of records handed to an
 * {@link RdbVisitor}, as Redis's {@code rdbLoadRioWithLoadingCtx} reads it. Holds at most one value at a
 * time, so memory does not grow with the file. Values are decoded by the registered {@link ValueType} of
 * their RDB type id. Every malformed input, truncation included, raises {@link RdbFormatException} with the
 * byte offset from the start of the file; I/O failures of the stream raise {@link UncheckedIOException}.
 *
 * <p>RDB 12's hashes with field TTLs (types 22 to 25) are decoded here, not by a registered type: the
 * fields become an ordinary hash built by the type of RDB_TYPE_HASH, and what happened to their TTLs goes
 * to {@link RdbVisitor#hashFieldTtls} (fields already expired are dropped when
 * {@link #dropExpiredFieldsBefore} says so: a Redis 7.4 master loads them and expires them at once, lazily
 * or actively, so no client sees them; Cinnabar, which cannot expire a field, drops them while loading).
 *
 * <p>Reads exactly up to the end of the checksum and no further. Unbuffered itself: give it a buffered
 * stream.
 */
public final class RdbFileReader {
    /** "REDIS" and 4 version digits. */
    private static final int HEADER_LENGTH = 9;
    /** ModuleTypeNameCharSet of {@code module.c}: 6 bits per character of a module type name. */
    private static final String MODULE_NAME_CHARSET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Keys are quoted in error messages up to this many bytes. */
    private static final int KEY_QUOTE_LIMIT = 64;

    private final ChecksumInputStream in;
    private final IntFunction<Optional<ValueType<?>>> types;
    private final boolean verifyChecksum;
    private RdbReader body;
    private int rdbVersion;
    /** Hash fields whose TTL is before this are dropped; Long.MIN_VALUE keeps every field. */
    private long dropFieldsExpiredBefore = Long.MIN_VALUE;

    /** A reader that decodes values with {@code types} and verifies the checksum. */
    public RdbFileReader(InputStream in, TypeRegistry types) {
        this(in, Objects.requireNonNull(types, "types is null")::forRdbType, true);
    }

    /**
     * @param types          the type that decodes an RDB type id
     * @param verifyChecksum false to accept a wrong CRC-64 (Redis with {@code rdbchecksum no})
     */
    public RdbFileReader(InputStream in, IntFunction<Optional<ValueType<?>>> types, boolean verifyChecksum) {
        this.in = new ChecksumInputStream(Objects.requireNonNull(in, "in is null"));
        this.types = Objects.requireNonNull(types, "types is null");
        this.verifyChecksum = verifyChecksum;
    }

    /**
     * Drops the hash fields (RDB 12) whose TTL is before {@code nowMillis}, which a Redis 7.4 master expires as
     * soon as it has loaded them; by default every field is kept (an AOF preamble, a replica).
     */
    public RdbFileReader dropExpiredFieldsBefore(long nowMillis) {
        this.dropFieldsExpiredBefore = nowMillis;
        return this;
    }

    /** The file's RDB version, once the header is read. */
    public int rdbVersion() {
        return rdbVersion;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return body == null ? 0 : body.offset();
    }

    /**
     * Reads the whole file, from the header to the checksum, calling {@code visitor} for each record.
     *
     * @return the number of bytes read
     */
    public long read(RdbVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor is null");
        rdbVersion = readHeader();
        body = new RdbReader(in, rdbVersion, HEADER_LENGTH);
        visitor.header(rdbVersion);
        long db = 0;
        long expireAt = -1;
        long idle = -1;
        int freq = -1;
        long recordStart = -1;
        while (true) {
            long at = body.offset();
            int type = body.readByte();
            if (recordStart < 0) {
                recordStart = at;
            }
            switch (type) {
                case RdbOpcodes.EXPIRETIME -> {
                    expireAt = (int) body.readLittleEndian(4) * 1000L;
                    continue;
                }
                case RdbOpcodes.EXPIRETIME_MS -> {
                    expireAt = body.readLittleEndian(8);
                    continue;
                }
                case RdbOpcodes.FREQ -> {
                    freq = body.readByte();
                    continue;
                }
                case RdbOpcodes.IDLE -> {
                    idle = body.readLength();
                    continue;
                }
                case RdbOpcodes.EOF -> {
                    readChecksum(visitor);
                    return body.offset();
                }
                case RdbOpcodes.SELECTDB -> {
                    db = body.readLength();
                    visitor.selectDb(db);
                }
                case RdbOpcodes.RESIZEDB -> {
                    long size = body.readLength();
                    visitor.resizeDb(size, body.readLength());
                }
                case RdbOpcodes.AUX -> {
                    byte[] name = body.readString();
                    visitor.aux(name, body.readString());
                }
                case RdbOpcodes.MODULE_AUX -> readModuleAux(visitor, at);
                case RdbOpcodes.FUNCTION_PRE_GA -> visitor.function(readPreGaFunction());
                case RdbOpcodes.FUNCTION2 -> visitor.function(body.readString());
                case RdbOpcodes.SLOT_INFO -> {
                    long slot = body.readLength();
                    long slotSize = body.readLength();
                    visitor.slotInfo(slot, slotSize, body.readLength());
                }
                default -> {
                    readEntry(visitor, type, db, expireAt, idle, freq, recordStart, at);
                    expireAt = -1;
                    idle = -1;
                    freq = -1;
                }
            }
            recordStart = -1;
        }
    }

    private int readHeader() {
        byte[] header = new byte[HEADER_LENGTH];
        int filled = 0;
        while (filled < HEADER_LENGTH) {
            int n;
            try {
                n = in.read(header, filled, HEADER_LENGTH - filled);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (n < 0) {
                throw RdbFormatException.endOfData("in the RDB header", filled);
            }
            filled += n;
        }
        if (!new String(header, 0, 5, US_ASCII).equals("REDIS")) {
            throw new RdbFormatException("wrong signature: not an RDB file", 0);
        }
        String digits = new String(header, 5, 4, US_ASCII);
        int version = digits.chars().allMatch(c -> c >= '0' && c <= '9') ? Integer.parseInt(digits) : -1;
        if (version < RdbOpcodes.OLDEST_VERSION || version > RdbOpcodes.NEWEST_VERSION) {
            throw new RdbFormatException("can't handle RDB format version " + (version < 0
                    ? quote(digits.getBytes(US_ASCII)) : Integer.toString(version)) + ": this server reads RDB "
                    + "versions " + RdbOpcodes.OLDEST_VERSION + " to " + RdbOpcodes.NEWEST_VERSION
                    + " (Redis 1.x to 7.4)" + (version > RdbOpcodes.NEWEST_VERSION
                    ? "; the file was written by a newer Redis" : ""), 5);
        }
        return version;
    }

    private void readEntry(RdbVisitor visitor, int type, long db, long expireAt, long idle, int freq,
            long recordStart, long typeAt) {
        if (type == 8 || type > RdbOpcodes.LAST_TYPE) {
            // before reading a key: after an unknown byte nothing that follows can be trusted
            throw unknownType(type, typeAt);
        }
        byte[] key = body.readString();
        if (HashFieldTtls.isFieldTtlType(type)) {
            readFieldTtlHash(visitor, type, key, db, expireAt, idle, freq, recordStart);
            return;
        }
        Optional<ValueType<?>> registered = types.apply(type);
        if (registered.isEmpty()) {
            throw unreadable(type, key, typeAt);
        }
        ValueType<?> valueType = registered.get();
        Object value = decode(valueType, type, body, key, body.offset());
        if (value == null) {
            visitor.emptyKeySkipped(key, type, recordStart);
            return;
        }
        visitor.entry(new RdbEntry(db, key, type, valueType, value, expireAt, idle, freq, recordStart));
    }

    /**
     * An RDB 12 hash with field TTLs: decoded and checked as Redis 7.4 does, expired fields dropped if asked,
     * the rest built into an ordinary hash by the type that reads RDB_TYPE_HASH.
     */
    private void readFieldTtlHash(RdbVisitor visitor, int type, byte[] key, long db, long expireAt, long idle,
            int freq, long recordStart) {
        long valueAt = body.offset();
        HashFieldTtls.Decoded hash;
        try {
            hash = HashFieldTtls.read(type, body);
        } catch (RdbFormatException e) {
            throw e.restated(e.reason() + " in the value of key " + quote(key) + ", which starts at offset " + valueAt,
                    e.offset());
        } catch (RuntimeException e) {
            throw new RdbFormatException("malformed hash with field TTLs at key " + quote(key) + ", which starts at "
                    + "offset " + valueAt + ": " + e, body.offset());
        }
        if (hash.size() == 0) {
            visitor.emptyKeySkipped(key, type, recordStart);
            return;
        }
        List<byte[]> fields = new ArrayList<>(hash.size());
        List<byte[]> values = new ArrayList<>(hash.size());
        long ttlsDropped = 0;
        long expired = 0;
        for (int i = 0; i < hash.size(); i++) {
            long fieldExpireAt = hash.expireAt()[i];
            if (HashFieldTtls.expired(fieldExpireAt, dropFieldsExpiredBefore)) {
                expired++;
                continue;
            }
            if (fieldExpireAt != 0) {
                ttlsDropped++;
            }
            fields.add(hash.fields().get(i));
            values.add(hash.values().get(i));
        }
        if (ttlsDropped > 0 || expired > 0) {
            visitor.hashFieldTtls(db, key, ttlsDropped, expired, fields.isEmpty(), recordStart);
        }
        if (fields.isEmpty()) {
            return;
        }
        ValueType<?> hashType = types.apply(Rdb.TYPE_HASH).orElseThrow(() -> new RdbFormatException(
                "no registered data type reads hashes (key " + quote(key) + ")", recordStart));
        Object value = decode(hashType, Rdb.TYPE_HASH, new KeptPairsInput(fields, values, rdbVersion), key, valueAt);
        visitor.entry(new RdbEntry(db, key, type, hashType, value, expireAt, idle, freq, recordStart));
    }

    /**
     * A value read by its type from {@code in}, whose errors name the key and where its value starts in the
     * file ({@code valueAt}); an error's own offset is kept when {@code in} reads the file itself.
     */
    private Object decode(ValueType<?> valueType, int type, RdbInput in, byte[] key, long valueAt) {
        try {
            return valueType.readRdb(type, in);
        } catch (RdbFormatException e) {
            throw e.restated(e.reason() + " in the value of key " + quote(key) + ", which starts at offset " + valueAt,
                    in == body ? e.offset() : valueAt);
        } catch (RuntimeException e) {
            // a codec rejecting what it read is malformed data too
            throw new RdbFormatException("type " + valueType.name() + " rejected the value of key " + quote(key)
                    + ", which starts at offset " + valueAt + ": " + e, body.offset());
        }
    }

    /** Why no registered type reads a value of RDB type {@code type}. */
    private RdbFormatException unreadable(int type, byte[] key, long typeAt) {
        if (type == Rdb.TYPE_MODULE || type == Rdb.TYPE_MODULE_2) {
            long moduleId = body.readLength();
            return new RdbFormatException("the RDB file contains module data I can't load: no matching module '"
                    + moduleTypeName(moduleId) + "' (key " + quote(key) + ")", typeAt);
        }
        if (type == Rdb.TYPE_STREAM_LISTPACKS || type == Rdb.TYPE_STREAM_LISTPACKS_2
                || type == Rdb.TYPE_STREAM_LISTPACKS_3) {
            return new RdbFormatException("the stream at key " + quote(key) + " (RDB type " + type
                    + ") requires the streams plugin, which is not loaded", typeAt);
        }
        if (type <= RdbOpcodes.LAST_TYPE && type != 8) {
            return new RdbFormatException("no registered data type reads RDB type " + type + " (key "
                    + quote(key) + ")", typeAt);
        }
        return unknownType(type, typeAt);
    }

    private static RdbFormatException unknownType(int type, long typeAt) {
        return new RdbFormatException("unknown RDB type " + type + " (byte 0x" + Integer.toHexString(type)
                + "): RDB " + RdbOpcodes.NEWEST_VERSION + " (Redis 7.4) has value types 0-7 and 9-"
                + RdbOpcodes.LAST_TYPE + " and opcodes " + RdbOpcodes.FIRST_OPCODE + "-" + RdbOpcodes.EOF
                + "; the file may come from a newer Redis or be corrupt", typeAt);
    }

    /**
     * MODULE_AUX: module id, the "when" as a UINT module opcode, then the module's data in module
     * opcodes, which is read past as {@code rdbLoadCheckModuleValue} does.
     */
    private void readModuleAux(RdbVisitor visitor, long at) {
        long moduleId = body.readLength();
        long whenOpcode = body.readLength();
        long when = body.readLength();
        String name = moduleTypeName(moduleId);
        if (whenOpcode != RdbOpcodes.MODULE_OPCODE_UINT) {
            throw new RdbFormatException("bad when_opcode " + whenOpcode + " in the AUX data of module '" + name
                    + "'", at);
        }
        skipModuleData(name);
        visitor.moduleAux(name, moduleId, when);
    }

    private void skipModuleData(String name) {
        while (true) {
            long at = body.offset();
            long opcode = body.readLength();
            if (opcode == RdbOpcodes.MODULE_OPCODE_EOF) {
                return;
            }
            if (opcode == RdbOpcodes.MODULE_OPCODE_SINT || opcode == RdbOpcodes.MODULE_OPCODE_UINT) {
                body.readLength();
            } else if (opcode == RdbOpcodes.MODULE_OPCODE_STRING) {
                body.readString();
            } else if (opcode == RdbOpcodes.MODULE_OPCODE_FLOAT) {
                body.readLittleEndian(4);
            } else if (opcode == RdbOpcodes.MODULE_OPCODE_DOUBLE) {
                body.readLittleEndian(8);
            } else {
                throw new RdbFormatException("unknown module opcode " + opcode + " in data of module '" + name
                        + "'", at);
            }
        }
    }

    /**
     * {@code moduleTypeNameByID}: the top 54 bits of a module id are 9 characters of 6 bits each, first
     * character highest; the low 10 bits are the encoding version.
     */
    public static String moduleTypeName(long moduleId) {
        char[] name = new char[9];
        long id = moduleId >>> 10;
        for (int i = 8; i >= 0; i--) {
            name[i] = MODULE_NAME_CHARSET.charAt((int) (id & 63));
            id >>>= 6;
        }
        return new String(name);
    }

    /**
     * RDB_OPCODE_FUNCTION_PRE_GA (7.0-rc1/rc2): name, engine, description flag, optional description, code.
     * Translated to the GA form, as the release candidates' {@code rdbFunctionLoad} did:
     * "#!engine name=name\n" then the code; the description is dropped. Redis 7.0 GA refuses such files.
     */
    private byte[] readPreGaFunction() {
        byte[] name = body.readString();
        byte[] engine = body.readString();
        if (body.readLength() != 0) {
            body.readString();
        }
        byte[] code = body.readString();
        byte[] prefix = ("#!" + new String(engine, UTF_8) + " name=" + new String(name, UTF_8) + "\n")
                .getBytes(UTF_8);
        byte[] library = new byte[prefix.length + code.length];
        System.arraycopy(prefix, 0, library, 0, prefix.length);
        System.arraycopy(code, 0, library, prefix.length, code.length);
        return library;
    }

    /** After EOF: from RDB 5 on, the CRC-64 of everything before it, 0 when written without one. */
    private void readChecksum(RdbVisitor visitor) {
        long computed = in.crc();
        if (rdbVersion < RdbOpcodes.FIRST_CHECKSUM_VERSION) {
            visitor.end(0, computed);
            return;
        }
        long at = body.offset();
        long stored = body.readLittleEndian(8);
        if (verifyChecksum && stored != 0 && stored != computed) {
            throw new RdbFormatException(String.format("RDB CRC error: the file says %016x, its content is %016x",
                    stored, computed), at);
        }
        visitor.end(stored, computed);
    }

    /** A key for an error message: quoted, non-printable bytes escaped, long keys cut. */
    public static String quote(byte[] key) {
        StringBuilder s = new StringBuilder("\"");
        int n = Math.min(key.length, KEY_QUOTE_LIMIT);
        for (int i = 0; i < n; i++) {
            int b = key[i] & 0xff;
            if (b == '"' || b == '\\') {
                s.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                s.append((char) b);
            } else {
                s.append(String.format("\\x%02x", b));
            }
        }
        s.append('"');
        if (key.length > n) {
            s.append("... (").append(key.length).append(" bytes)");
        }
        return s.toString();
    }
}
