// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.family.lists.QuickList;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.spi.ValueType;


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
    static long usage(FileRecords records, RecordDecoder decoder, long start, long end) {
        RdbReader head = records.reader(start, end);
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
        byte[] typeAndKey = records.bytes(start, keyEnd);
        byte[] sampleNodes = records.bytes(countEnd, sampleEnd);
        byte[] record = new byte[Math.toIntExact(typeAndKey.length + 1L + sampleNodes.length)];
        System.arraycopy(typeAndKey, 0, record, 0, typeAndKey.length);
        record[typeAndKey.length] = (byte) Math.min(sampled, ONE_BYTE_LENGTH);
        System.arraycopy(sampleNodes, 0, record, typeAndKey.length + 1, sampleNodes.length);
        RdbEntry[] sample = new RdbEntry[1];
        decoder.decode(record, e -> sample[0] = e);
        if (sample[0] == null || sampled == 0) {
            throw new IllegalStateException("no nodes to sample");
        }
        long fixed = usage(sample[0].type(), new QuickList(-2, 0));
        long perNodeTotal = usage(sample[0].type(), sample[0].value()) - fixed;
        // the engine's own arithmetic: a double average per node times the node count
        return (long) (fixed + (double) perNodeTotal / sampled * nodes);
    }

    @SuppressWarnings("unchecked")
    private static <T> long usage(ValueType<T> type, Object value) {
        return type.memoryUsage((T) value);
    }
}
