// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbVisitor;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Collections;
import java.util.List;

/**
 * Decodes one record of an RDB file with the engine's RDB reader, as if it were a file of its own: the source's
 * header, the record's bytes streamed from the file (not held), EOF and a zero checksum (none to verify; the
 * caller's walk verified the file's). For a record found by a walk ({@link dev.cinnabar.tools.rdb.RdbVisitor#keyRecord}).
 */
final class RecordDecoder {
    /** Bytes read ahead by {@link #read}. */
    private static final int WINDOW = 1 << 20;

    private final FileChannel channel;
    private final TypeRegistry types;
    private final long now;
    private final byte[] header;
    private byte[] window = new byte[0];
    private long windowStart;
    private int windowLength;

    /** @param now the time RDB 12 hash field TTLs are judged at (fields expired by then are dropped) */
    RecordDecoder(FileChannel channel, TypeRegistry types, long now) throws IOException {
        this.channel = channel;
        this.types = types;
        this.now = now;
        this.header = new byte[9];
        channel.read(ByteBuffer.wrap(header), 0);
    }

    /** Decodes the record at bytes {@code [start, end)} of the file into {@code visitor}'s events. */
    void decode(long start, long end, RdbVisitor visitor) {
        decode(new BufferedInputStream(new RangeInputStream(channel, start, end), 1 << 16), visitor);
    }

    /** Decodes a record put together by the caller (type, key, value), read as if it were in the file. */
    void decode(byte[] record, RdbVisitor visitor) {
        decode(new ByteArrayInputStream(record), visitor);
    }

    /**
     * Bytes {@code [start, end)} of the file, for a record small enough to hold. Reads go through a window of
     * {@link #WINDOW} bytes, so records asked in file order cost one read per window, not one per record.
     */
    byte[] read(long start, long end) {
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

    /** The file's RDB version, from its header. */
    int rdbVersion() {
        return Integer.parseInt(new String(header, 5, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void decode(InputStream record, RdbVisitor visitor) {
        InputStream file = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(header), record, new ByteArrayInputStream(new byte[] {
                        (byte) RdbOpcodes.EOF, 0, 0, 0, 0, 0, 0, 0, 0}))));
        new RdbFileReader(file, types).dropExpiredFieldsBefore(now).read(visitor);
    }
}
