// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.Crc64;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A buffered stream without locks that keeps the CRC-64 of the bytes consumed, computed a buffer at a time
 * rather than per byte: the RDB walk reads type bytes and lengths singly. Reads ahead of its reader, so it
 * is for a whole file; an RDB preamble followed by AOF commands goes through
 * {@link dev.cinnabar.core.rdb.ChecksumInputStream} instead.
 */
final class CrcBufferedInput extends InputStream {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    /** The CRC covers every byte consumed before {@code buf[crcFrom]}. */
    private int crcFrom;
    private long crc;

    CrcBufferedInput(InputStream in, int size) {
        this.in = Objects.requireNonNull(in, "in is null");
        this.buf = new byte[size];
    }

    /** The CRC-64 of every byte consumed so far. */
    long crc() {
        crc = Crc64.update(crc, buf, crcFrom, pos - crcFrom);
        crcFrom = pos;
        return crc;
    }

    private boolean fill() throws IOException {
        crc();
        pos = 0;
        limit = 0;
        crcFrom = 0;
        int n = in.read(buf, 0, buf.length);
        if (n > 0) {
            limit = n;
        }
        return n > 0;
    }

    @Override
    public int read() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= limit) {
            if (len >= buf.length) {
                crc();
                int n = in.read(b, off, len);
                if (n > 0) {
                    crc = Crc64.update(crc, b, off, n);
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
