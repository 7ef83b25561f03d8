// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.spi.RdbInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Reads Redis's RDB encodings from a stream: lengths, strings in every encoding (verbatim, integer, LZF)
 * and binary doubles. Malformed input raises {@link RdbFormatException} with the offset. Not thread-safe.
 */
public final class RdbReader implements RdbInput {
    /** Strings are read in pieces of at most this many bytes, so a corrupt length cannot allocate gigabytes. */
    private static final int CHUNK = 1 << 20;
    /** Bytes read at a time by {@link #skipBytes}. */
    private static final int SKIP_BUFFER = 1 << 16;

    private final InputStream in;
    private final int rdbVersion;
    private long offset;
    /** Set by {@link #readLengthOrEncoding()}: the value read names a string encoding, not a length. */
    private boolean encoded;
    private byte[] skipBuffer;

    /**
     * @param rdbVersion the version of the data (from the file header or the DUMP footer)
     */
    public RdbReader(InputStream in, int rdbVersion) {
        this(in, rdbVersion, 0);
    }

    /**
     * @param startOffset the offset of the stream's next byte in the whole input (an RDB file's body
     *                    starts after its 9-byte header), so that errors name file offsets
     */
    public RdbReader(InputStream in, int rdbVersion, long startOffset) {
        this.in = Objects.requireNonNull(in, "in is null");
        this.rdbVersion = rdbVersion;
        this.offset = startOffset;
    }

    @Override
    public int rdbVersion() {
        return rdbVersion;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return offset;
    }

    @Override
    public int readByte() {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (b < 0) {
            throw RdbFormatException.endOfData("", offset);
        }
        offset++;
        return b;
    }

    /** A length; a string-encoding byte yields its low 6 bits, as Redis's {@code rdbLoadLen} does. */
    @Override
    public long readLength() {
        return readLengthOrEncoding();
    }

    private long readLengthOrEncoding() {
        long start = offset;
        int first = readByte();
        encoded = false;
        int type = (first & 0xc0) >> 6;
        if (type == Rdb.LEN_ENCVAL) {
            encoded = true;
            return first & 0x3f;
        }
        if (type == Rdb.LEN_6BIT) {
            return first & 0x3f;
        }
        if (type == Rdb.LEN_14BIT) {
            return ((first & 0x3f) << 8) | readByte();
        }
        if (first == Rdb.LEN_32BIT) {
            return readBigEndian(4);
        }
        if (first == Rdb.LEN_64BIT) {
            return readBigEndian(8);
        }
        throw new RdbFormatException("unknown length encoding " + first, start);
    }

    @Override
    public byte[] readString() {
        long start = offset;
        long length = readLengthOrEncoding();
        if (!encoded) {
            return readBytes(length, start);
        }
        return switch ((int) length) {
            case Rdb.ENC_INT8 -> Long.toString((byte) readByte()).getBytes(US_ASCII);
            case Rdb.ENC_INT16 -> Long.toString((short) readLittleEndian(2)).getBytes(US_ASCII);
            case Rdb.ENC_INT32 -> Long.toString((int) readLittleEndian(4)).getBytes(US_ASCII);
            case Rdb.ENC_LZF -> readCompressed(start);
            default -> throw new RdbFormatException("unknown string encoding " + length, start);
        };
    }

    /**
     * Reads past a string in any encoding without keeping it, so a check of a huge value needs no memory
     * for it: verbatim bytes are read through a small buffer, an LZF string is checked by
     * {@link Lzf#decompressedLength} without being expanded.
     *
     * @return the length of the string once decoded
     */
    public long skipString() {
        long start = offset;
        long length = readLengthOrEncoding();
        if (!encoded) {
            skipBytes(length, start);
            return length;
        }
        return switch ((int) length) {
            case Rdb.ENC_INT8 -> Long.toString((byte) readByte()).length();
            case Rdb.ENC_INT16 -> Long.toString((short) readLittleEndian(2)).length();
            case Rdb.ENC_INT32 -> Long.toString((int) readLittleEndian(4)).length();
            case Rdb.ENC_LZF -> {
                long packedLength = readLength();
                long original = readLength();
                byte[] packed = readBytes(packedLength, start);
                // an original length of 0 passes whatever the data, as in readCompressed (lzf_decompress returns 0)
                if (original > Integer.MAX_VALUE - 8
                        || original != 0 && Lzf.decompressedLength(packed, 0, packed.length) != original) {
                    throw new RdbFormatException("invalid LZF compressed string", start);
                }
                yield original;
            }
            default -> throw new RdbFormatException("unknown string encoding " + length, start);
        };
    }

    /** Reads past {@code length} raw bytes through a bounded buffer. */
    public void skipBytes(long length, long start) {
        if (length < 0) {
            throw new RdbFormatException("string length " + Long.toUnsignedString(length) + " out of range", start);
        }
        if (skipBuffer == null) {
            skipBuffer = new byte[SKIP_BUFFER];
        }
        long left = length;
        while (left > 0) {
            int n;
            try {
                n = in.read(skipBuffer, 0, (int) Math.min(left, skipBuffer.length));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (n < 0) {
                throw endInside(length, offset - (length - left));
            }
            left -= n;
            offset += n;
        }
    }

    /**
     * {@code rdbLoadLzfStringObject}: compressed length, original length, then the LZF data, which must
     * decompress to exactly the original length (Redis 7.0 accepts an original length of 0 this way).
     */
    private byte[] readCompressed(long start) {
        long packedLength = readLength();
        long length = readLength();
        byte[] packed = readBytes(packedLength, start);
        // the length is checked against the data before allocating: a corrupt one cannot claim gigabytes
        if (length > Integer.MAX_VALUE - 8
                || length != 0 && Lzf.decompressedLength(packed, 0, packed.length) != length) {
            throw new RdbFormatException("invalid LZF compressed string", start);
        }
        byte[] value = new byte[(int) length];
        if (Lzf.decompress(packed, 0, packed.length, value, value.length) != length) {
            throw new RdbFormatException("invalid LZF compressed string", start);
        }
        return value;
    }

    @Override
    public double readBinaryDouble() {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    /** {@code length} raw bytes, read piecewise so the allocation follows the data actually present. */
    public byte[] readBytes(long length, long start) {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new RdbFormatException("string length " + length + " out of range", start);
        }
        int total = (int) length;
        byte[] out = new byte[Math.min(total, CHUNK)];
        int filled = 0;
        while (filled < total) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(total, (long) out.length * 2));
            }
            int n;
            try {
                n = in.read(out, filled, out.length - filled);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (n < 0) {
                throw endInside(length, offset - filled);
            }
            filled += n;
            offset += n;
        }
        return out;
    }

    /** {@code bytes} bytes, least significant first. */
    public long readLittleEndian(int bytes) {
        long from = offset;
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) fixedByte(from) << (8 * i);
        }
        return v;
    }

    private long readBigEndian(int bytes) {
        long from = offset;
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | fixedByte(from);
        }
        return v;
    }

    /**
     * The data ended inside {@code length} bytes that start at {@code from}: Redis reads them in one
     * {@code rioRead}, which fails whole, so its offset (and this one) is where they start.
     */
    private RdbFormatException endInside(long length, long from) {
        return RdbFormatException.endOfData("(" + length + " bytes from offset " + from + ", the data ends at "
                + offset + ")", from);
    }

    /**
     * A byte of a fixed-size field that starts at {@code from}: Redis reads such a field in one {@code rioRead},
     * so a file that ends inside it fails at the field's start, and so does this.
     */
    private int fixedByte(long from) {
        try {
            return readByte();
        } catch (RdbFormatException e) {
            throw e.restated(e.reason(), from);
        }
    }
}
