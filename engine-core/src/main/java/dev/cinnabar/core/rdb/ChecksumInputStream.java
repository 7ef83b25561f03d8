// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps the CRC-64 of every byte read through it. Reads no byte beyond what its reader asks for (no
 * buffering of its own), so a stream can go on after an RDB's end, as an AOF's commands follow its RDB
 * preamble.
 */
public final class ChecksumInputStream extends FilterInputStream {
    private long crc;

    public ChecksumInputStream(InputStream in) {
        super(in);
    }

    /** The CRC-64 of every byte read so far. */
    public long crc() {
        return crc;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            crc = Crc64.update(crc, b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            crc = Crc64.update(crc, b, off, n);
        }
        return n;
    }

    /** Reads and checksums what it skips: every byte counts. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
