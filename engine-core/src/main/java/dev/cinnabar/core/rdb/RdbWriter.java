// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RdbOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Writes Redis's RDB encodings to a stream, keeping the CRC-64 of everything written so a DUMP payload or
 * an RDB file can end with its checksum. Strings are encoded as {@code rdbSaveRawString} does: as an
 * integer when they are one that fits 32 bits, LZF-compressed when longer than 20 bytes, compression is
 * on, and it saves at least 4 bytes, else verbatim. Not thread-safe.
 */
public final class RdbWriter implements RdbOutput {
    /** Below this many bytes LZF cannot shrink even a run of one byte, so Redis does not try. */
    private static final int COMPRESS_MIN_LENGTH = 21;
    private static final int BUFFER_SIZE = 8192;

    private final OutputStream out;
    private final boolean compress;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int buffered;
    private long crc;
    private long written;

    /**
     * @param compress Redis's {@code rdbcompression}: LZF-compress long strings
     */
    public RdbWriter(OutputStream out, boolean compress) {
        this.out = Objects.requireNonNull(out, "out is null");
        this.compress = compress;
    }

    @Override
    public void writeByte(int b) {
        if (buffered == BUFFER_SIZE) {
            drain();
        }
        buffer[buffered++] = (byte) b;
    }

    @Override
    public void writeLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length < (1 << 6)) {
            writeByte((int) length | (Rdb.LEN_6BIT << 6));
        } else if (length < (1 << 14)) {
            writeByte((int) (length >> 8) | (Rdb.LEN_14BIT << 6));
            writeByte((int) length);
        } else if (length <= 0xffffffffL) {
            writeByte(Rdb.LEN_32BIT);
            writeBigEndian(length, 4);
        } else {
            writeByte(Rdb.LEN_64BIT);
            writeBigEndian(length, 8);
        }
    }

    /** The EXPIRETIME_MS opcode and its absolute Unix time in milliseconds, before a key's type byte. */
    public void writeExpireTimeMs(long expireAtMs) {
        writeByte(RdbOpcodes.EXPIRETIME_MS);
        writeLittleEndian(expireAtMs, 8);
    }

    @Override
    public void writeString(byte[] value) {
        if (value.length <= 11 && writeIntegerEncoded(value)) {
            return;
        }
        if (compress && value.length >= COMPRESS_MIN_LENGTH && writeCompressed(value)) {
            return;
        }
        writeLength(value.length);
        writeRaw(value);
    }

    /** {@code rdbTryIntegerEncoding}: only the canonical form of a number in the 32-bit range. */
    private boolean writeIntegerEncoded(byte[] value) {
        if (!Numbers.isCanonicalLong(value)) {
            return false;
        }
        long v = Numbers.parseLongOr(value, 0);
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            writeByte((Rdb.LEN_ENCVAL << 6) | Rdb.ENC_INT8);
            writeLittleEndian(v, 1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            writeByte((Rdb.LEN_ENCVAL << 6) | Rdb.ENC_INT16);
            writeLittleEndian(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            writeByte((Rdb.LEN_ENCVAL << 6) | Rdb.ENC_INT32);
            writeLittleEndian(v, 4);
        } else {
            return false;
        }
        return true;
    }

    /** {@code rdbSaveLzfStringObject}: worth it only if it saves at least 4 bytes. */
    private boolean writeCompressed(byte[] value) {
        int limit = value.length - 4;
        byte[] packed = new byte[limit + 1];
        int packedLength = Lzf.compress(value, value.length, packed, limit);
        if (packedLength == 0) {
            return false;
        }
        writeByte((Rdb.LEN_ENCVAL << 6) | Rdb.ENC_LZF);
        writeLength(packedLength);
        writeLength(value.length);
        writeRaw(packed, 0, packedLength);
        return true;
    }

    @Override
    public void writeBinaryDouble(double value) {
        writeLittleEndian(Double.doubleToRawLongBits(value), 8);
    }

    @Override
    public void writeRaw(byte[] bytes) {
        writeRaw(bytes, 0, bytes.length);
    }

    public void writeRaw(byte[] bytes, int off, int len) {
        if (len > BUFFER_SIZE - buffered) {
            drain();
            if (len > BUFFER_SIZE) {
                crc = Crc64.update(crc, bytes, off, len);
                written += len;
                write(bytes, off, len);
                return;
            }
        }
        System.arraycopy(bytes, off, buffer, buffered, len);
        buffered += len;
    }

    /** The low {@code bytes} bytes of {@code value}, least significant first. */
    public void writeLittleEndian(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            writeByte((int) (value >>> (8 * i)));
        }
    }

    private void writeBigEndian(long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            writeByte((int) (value >>> (8 * i)));
        }
    }

    /** The CRC-64 of every byte written so far. */
    public long crc() {
        drain();
        return crc;
    }

    /** How many bytes were written so far. */
    public long written() {
        return written + buffered;
    }

    /** Passes buffered bytes to the stream and flushes it. */
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        if (buffered > 0) {
            crc = Crc64.update(crc, buffer, 0, buffered);
            written += buffered;
            write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    private void write(byte[] bytes, int off, int len) {
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
