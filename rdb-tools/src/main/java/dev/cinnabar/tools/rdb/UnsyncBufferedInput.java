// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A buffered stream without locks, for one thread reading a file a byte at a time: the RDB walk reads
 * type bytes and lengths singly, where {@link java.io.BufferedInputStream}'s synchronized {@code read()}
 * costs more than the decoding. Supports {@link #mark}/{@link #reset} within the buffer's current content.
 */
public final class UnsyncBufferedInput extends InputStream {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private int mark = -1;

    public UnsyncBufferedInput(InputStream in, int size) {
        this.in = Objects.requireNonNull(in, "in is null");
        this.buf = new byte[size];
    }

    private boolean fill() throws IOException {
        int keep = 0;
        if (mark >= 0) {
            keep = limit - mark;
            System.arraycopy(buf, mark, buf, 0, keep);
            pos -= mark;
            mark = 0;
        } else {
            pos = 0;
        }
        limit = keep;
        int n = in.read(buf, limit, buf.length - limit);
        if (n > 0) {
            limit += n;
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
            if (len >= buf.length && mark < 0) {
                return in.read(b, off, len);
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
    public boolean markSupported() {
        return true;
    }

    @Override
    public void mark(int readLimit) {
        mark = pos;
    }

    @Override
    public void reset() throws IOException {
        if (mark < 0) {
            throw new IOException("no mark");
        }
        pos = mark;
        mark = -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
