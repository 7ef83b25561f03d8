// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import java.io.ByteArrayOutputStream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Builds RDB files byte by byte for tests, including the older versions no installed Redis writes: each
 * method appends one record exactly as {@code rdb.c} lays it out, strings go through {@link RdbWriter}
 * (so integer encoding applies; LZF only with {@code compress}), and {@link #end} appends EOF and,
 * from RDB 5 on, the CRC-64 of everything before it. Value bodies of other types come as raw bytes
 * ({@link #raw}), e.g. from the codecs' {@code LegacyEncodings}.
 */
final class RdbFileBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final RdbWriter out;
    private final int version;

    RdbFileBuilder(int version) {
        this(version, false);
    }

    RdbFileBuilder(int version, boolean compress) {
        this.version = version;
        this.out = new RdbWriter(bytes, compress);
        out.writeRaw(String.format("REDIS%04d", version).getBytes(US_ASCII));
    }

    /** Bytes so far: the offset of the next record. */
    long offset() {
        return out.written();
    }

    RdbFileBuilder aux(String name, String value) {
        out.writeByte(RdbOpcodes.AUX);
        out.writeString(name.getBytes(UTF_8));
        out.writeString(value.getBytes(UTF_8));
        return this;
    }

    RdbFileBuilder selectDb(long db) {
        out.writeByte(RdbOpcodes.SELECTDB);
        out.writeLength(db);
        return this;
    }

    RdbFileBuilder resizeDb(long size, long expires) {
        out.writeByte(RdbOpcodes.RESIZEDB);
        out.writeLength(size);
        out.writeLength(expires);
        return this;
    }

    RdbFileBuilder expireAtMillis(long unixMillis) {
        out.writeByte(RdbOpcodes.EXPIRETIME_MS);
        out.writeLittleEndian(unixMillis, 8);
        return this;
    }

    RdbFileBuilder expireAtSeconds(int unixSeconds) {
        out.writeByte(RdbOpcodes.EXPIRETIME);
        out.writeLittleEndian(unixSeconds, 4);
        return this;
    }

    RdbFileBuilder idle(long seconds) {
        out.writeByte(RdbOpcodes.IDLE);
        out.writeLength(seconds);
        return this;
    }

    RdbFileBuilder freq(int counter) {
        out.writeByte(RdbOpcodes.FREQ);
        out.writeByte(counter);
        return this;
    }

    /** A string key: type 0, key, value. */
    RdbFileBuilder string(String key, String value) {
        return string(key.getBytes(UTF_8), value.getBytes(UTF_8));
    }

    RdbFileBuilder string(byte[] key, byte[] value) {
        out.writeByte(Rdb.TYPE_STRING);
        out.writeString(key);
        out.writeString(value);
        return this;
    }

    /** An entry of any type: type id, key, then {@code body} as it is. */
    RdbFileBuilder entry(int typeId, String key, byte[] body) {
        out.writeByte(typeId);
        out.writeString(key.getBytes(UTF_8));
        out.writeRaw(body);
        return this;
    }

    /** SLOT_INFO (Redis 7.4, cluster mode): slot id, its key count, its expire count. */
    RdbFileBuilder slotInfo(long slot, long size, long expiresSize) {
        out.writeByte(RdbOpcodes.SLOT_INFO);
        out.writeLength(slot);
        out.writeLength(size);
        out.writeLength(expiresSize);
        return this;
    }

    RdbFileBuilder function(String code) {
        out.writeByte(RdbOpcodes.FUNCTION2);
        out.writeString(code.getBytes(UTF_8));
        return this;
    }

    RdbFileBuilder preGaFunction(String name, String engine, String description, String code) {
        out.writeByte(RdbOpcodes.FUNCTION_PRE_GA);
        out.writeString(name.getBytes(UTF_8));
        out.writeString(engine.getBytes(UTF_8));
        out.writeLength(description == null ? 0 : 1);
        if (description != null) {
            out.writeString(description.getBytes(UTF_8));
        }
        out.writeString(code.getBytes(UTF_8));
        return this;
    }

    /** MODULE_AUX with a UINT, a STRING and a DOUBLE, then the module EOF. */
    RdbFileBuilder moduleAux(long moduleId, int when) {
        out.writeByte(RdbOpcodes.MODULE_AUX);
        unsignedLength(moduleId);
        out.writeLength(RdbOpcodes.MODULE_OPCODE_UINT);
        out.writeLength(when);
        out.writeLength(RdbOpcodes.MODULE_OPCODE_UINT);
        out.writeLength(42);
        out.writeLength(RdbOpcodes.MODULE_OPCODE_STRING);
        out.writeString("aux".getBytes(UTF_8));
        out.writeLength(RdbOpcodes.MODULE_OPCODE_DOUBLE);
        out.writeBinaryDouble(1.5);
        out.writeLength(RdbOpcodes.MODULE_OPCODE_EOF);
        return this;
    }

    /** A length of all 64 bits, as Redis writes a module id whose first character is in the upper half. */
    RdbFileBuilder unsignedLength(long length) {
        if (length >= 0) {
            out.writeLength(length);
        } else {
            out.writeByte(Rdb.LEN_64BIT);
            for (int i = 7; i >= 0; i--) {
                out.writeByte((int) (length >>> (8 * i)));
            }
        }
        return this;
    }

    RdbFileBuilder raw(byte... data) {
        out.writeRaw(data);
        return this;
    }

    /** EOF and, from RDB 5 on, the CRC-64. */
    byte[] end() {
        out.writeByte(RdbOpcodes.EOF);
        if (version >= RdbOpcodes.FIRST_CHECKSUM_VERSION) {
            out.writeLittleEndian(out.crc(), 8);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** EOF and 8 zero bytes: a file written with {@code rdbchecksum no}. */
    byte[] endWithoutChecksum() {
        out.writeByte(RdbOpcodes.EOF);
        out.writeLittleEndian(0, 8);
        out.flush();
        return bytes.toByteArray();
    }

    /** The 64-bit id of module type {@code name} (9 characters) at encoding version {@code encver}. */
    static long moduleId(String name, int encver) {
        String charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        long id = 0;
        for (int i = 0; i < 9; i++) {
            id = (id << 6) | charset.indexOf(name.charAt(i));
        }
        return (id << 10) | encver;
    }
}
