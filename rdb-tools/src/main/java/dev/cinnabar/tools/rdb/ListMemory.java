// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.family.lists.QuickList;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.spi.ValueType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A big quicklist's {@code MEMORY USAGE} without decoding it: Redis 7.0 (and the engine) load a quicklist's
 * nodes as the file stores them, and {@code objectComputeSize} averages the first {@link #SAMPLES} nodes
 * over all of them. So the record's head is read again from the file (its node count and its first nodes),
 * those first nodes are put in a record of their own that the engine decodes into a small list, and the
 * engine's own estimate of it is scaled from its nodes to the file's: the fixed part is the estimate of an
 * empty list, the rest is per node.
 */
final class ListMemory {
    private static final int SAMPLES = CollectionMemory.SAMPLES;
    /** A length below 64 is one byte in RDB's length encoding: the length itself. */
    private static final int ONE_BYTE_LENGTH = 63;

    private ListMemory() {
    }

    /** Whether {@link #usage} can estimate a list stored as {@code rdbType}. */
    static boolean handles(int rdbType) {
        return rdbType == Rdb.TYPE_LIST_QUICKLIST || rdbType == Rdb.TYPE_LIST_QUICKLIST_2;
    }

    /** The list's estimate (without the key), from its record at {@code [start, end)} of the file. */
    static long usage(FileChannel channel, RecordDecoder decoder, long start, long end) {
        try {
            RdbReader head = new RdbReader(new BufferedInputStream(new RangeInputStream(channel, start, end), 1 << 16),
                    decoder.rdbVersion());
            int rdbType = head.readByte();
            head.skipString();
            long keyEnd = head.offset();
            long nodes = head.readLength();
            long countEnd = head.offset();
            int sampled = (int) Math.min(SAMPLES, nodes);
            for (int i = 0; i < sampled; i++) {
                if (rdbType == Rdb.TYPE_LIST_QUICKLIST_2) {
                    head.readLength();
                }
                head.skipString();
            }
            long sampleEnd = head.offset();
            byte[] record = new byte[Math.toIntExact(keyEnd + 1 + sampleEnd - countEnd)];
            read(channel, start, record, 0, (int) keyEnd);
            record[(int) keyEnd] = (byte) Math.min(sampled, ONE_BYTE_LENGTH);
            read(channel, start + countEnd, record, (int) keyEnd + 1, (int) (sampleEnd - countEnd));
            RdbEntry[] sample = new RdbEntry[1];
            decoder.decode(record, e -> sample[0] = e);
            if (sample[0] == null || sampled == 0) {
                throw new IllegalStateException("no nodes to sample");
            }
            long fixed = usage(sample[0].type(), new QuickList(-2, 0));
            long perNodeTotal = usage(sample[0].type(), sample[0].value()) - fixed;
            // the engine's own arithmetic: a double average per node times the node count
            return (long) (fixed + (double) perNodeTotal / sampled * nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> long usage(ValueType<T> type, Object value) {
        return type.memoryUsage((T) value);
    }

    private static void read(FileChannel channel, long position, byte[] into, int offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into, offset, length);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position() - offset) < 0) {
                throw new java.io.EOFException("the file ended at " + (position + b.position() - offset));
            }
        }
    }
}
