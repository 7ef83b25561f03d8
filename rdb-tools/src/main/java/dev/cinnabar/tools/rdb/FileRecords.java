// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbReader;

import java.io.BufferedInputStream;
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
    private final FileChannel channel;
    private final int rdbVersion;

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

    /** Bytes [from, end) of the file. */
    InputStream open(long from, long end) {
        return new BufferedInputStream(new RangeInputStream(channel, from, end), 1 << 16);
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
