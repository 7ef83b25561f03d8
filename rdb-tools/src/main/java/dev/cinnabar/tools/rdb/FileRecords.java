// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbReader;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Key records of an RDB file read again by their byte range ({@link RdbVisitor#keyRecord}: type byte, key,
 * value), streamed through positional reads so a record of any size is never held: its value's bytes as
 * stored, or the record as a one-record RDB for a second walk ({@link OneRecordRdb}).
 */
final class FileRecords implements AutoCloseable {
    /** Bytes read ahead by {@link #bytes}. */
    static final int WINDOW = 1 << 20;

    private final FileChannel channel;
    private final int rdbVersion;
    private byte[] window = new byte[0];
    private long windowStart;
    private int windowLength;

    FileRecords(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        ByteBuffer header = ByteBuffer.allocate(9);
        channel.read(header, 0);
        int version;
        try {
            version = Integer.parseInt(new String(header.array(), 5, 4, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            // the walk that found the records reports a bad header itself
            version = RdbTypes.NEWEST_VERSION;
        }
        this.rdbVersion = version;
    }

    /** The file's RDB version, from its header. */
    int rdbVersion() {
        return rdbVersion;
    }

    /** Where the value of the record at [start, end) starts: after its type byte and its key. */
    long valueStart(long start, long end) {
        RdbReader r = reader(start + 1, end);
        r.skipString();
        if (r.offset() > end) {
            throw new RdbFormatException("the key runs past its record", start);
        }
        return r.offset();
    }

    /** An RDB reader over bytes [from, end) of the file, whose offsets are the file's. */
    RdbReader reader(long from, long end) {
        return new RdbReader(open(from, end), rdbVersion, from);
    }

    /**
     * Bytes {@code [start, end)} of the file, for a record small enough to hold. Reads go through a window of
     * {@link #WINDOW} bytes, so records asked in file order cost one read per window, not one per record.
     */
    byte[] bytes(long start, long end) {
        int length = Math.toIntExact(end - start);
        byte[] bytes = new byte[length];
        if (length > WINDOW) {
            // bigger than the window: read straight into the result, the window stays small
            if (readFully(start, bytes, length) < length) {
                throw eof(start + length, end);
            }
            return bytes;
        }
        if (start < windowStart || end > windowStart + windowLength) {
            if (window.length == 0) {
                window = new byte[WINDOW];
            }
            windowStart = start;
            windowLength = readFully(start, window, WINDOW);
            if (end > windowStart + windowLength) {
                throw eof(windowStart + windowLength, end);
            }
        }
        System.arraycopy(window, (int) (start - windowStart), bytes, 0, length);
        return bytes;
    }

    /** Reads up to {@code length} bytes from {@code position} into {@code into}; fewer only at the file's end. */
    private int readFully(long position, byte[] into, int length) {
        ByteBuffer b = ByteBuffer.wrap(into, 0, length);
        try {
            while (b.hasRemaining()) {
                if (channel.read(b, position + b.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.position();
    }

    private static UncheckedIOException eof(long at, long end) {
        return new UncheckedIOException(new EOFException("the file ended at " + at + ", before " + end));
    }

    /** Bytes [from, end) of the file, buffered by at most 64 KB (most records are far smaller). */
    InputStream open(long from, long end) {
        return new BufferedInputStream(new RangeInputStream(channel, from, end),
                (int) Math.max(1, Math.min(1 << 16, end - from)));
    }

    /** The record at [start, end) as an RDB of its own, in database {@code db}. */
    InputStream oneRecord(long db, long start, long end) {
        return OneRecordRdb.of(rdbVersion, db, open(start, end));
    }

    /** Feeds the value bytes of the record at [start, end) into {@code digest} (a module value). */
    void feedValue(long start, long end, ValueDigest digest) {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = open(valueStart(start, end), end)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.raw(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
