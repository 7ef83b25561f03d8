// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;

/**
 * A stream in RDB, as Redis's {@code rdbSaveObject}/{@code rdbLoadObject}: its listpack nodes keyed by
 * 128-bit big-endian master ids, the metadata, then each group with its pending entries (raw ids, delivery
 * time, count) and its consumers (name, seen time, raw ids of their pending entries). Type 15 lacks the
 * 7.0 metadata and entries-read, 19 is what 7.0 writes, 21 (7.2) adds each consumer's active time.
 */
final class StreamRdb {
    static final int STREAM_LISTPACKS = 15;
    static final int STREAM_LISTPACKS_2 = 19;
    static final int STREAM_LISTPACKS_3 = 21;
    private static final int LEN_64BIT = 0x81;

    private StreamRdb() {
    }

    static void write(Stream s, RdbOutput out) {
        out.writeLength(s.nodes.size());
        for (StreamNode node : s.nodes.values()) {
            out.writeString(encodeId(node.master));
            out.writeString(node.listpack());
        }
        out.writeLength(s.length());
        writeId(out, s.lastId);
        writeId(out, s.recordedFirstId());
        writeId(out, s.maxDeletedId);
        writeUnsigned(out, s.entriesAdded);
        out.writeLength(s.groups.size());
        for (ConsumerGroup g : s.groups.values()) {
            out.writeString(g.name);
            writeId(out, g.lastDeliveredId);
            writeUnsigned(out, g.entriesRead);
            out.writeLength(g.pending.size());
            for (PendingEntry pe : g.pending.values()) {
                out.writeRaw(encodeId(pe.id));
                out.writeRaw(littleEndian(pe.deliveryTime));
                writeUnsigned(out, pe.deliveryCount);
            }
            out.writeLength(g.consumers.size());
            for (Consumer c : g.consumers.values()) {
                out.writeString(c.name);
                out.writeRaw(littleEndian(c.seenTime));
                out.writeLength(c.pending.size());
                for (StreamId id : c.pending.keySet()) {
                    out.writeRaw(encodeId(id));
                }
            }
        }
    }

    static Stream read(int typeId, RdbInput in) {
        Stream s = new Stream();
        long nodes = in.readLength();
        long counted = 0;
        for (long i = 0; i < nodes; i++) {
            byte[] key = in.readString();
            if (key.length != 16) {
                throw new IllegalStateException("Stream node key entry is not the size of a stream ID");
            }
            byte[] lp = in.readString();
            StreamNode node = StreamNode.of(decodeId(key, 0), validate(lp));
            s.nodes.put(node.master, node);
            counted += node.count();
        }
        long length = in.readLength();
        if (length != counted) {
            throw new IllegalStateException("stream length " + length + " does not match its nodes (" + counted + ")");
        }
        s.setLength(length);
        s.lastId = readId(in);
        if (typeId >= STREAM_LISTPACKS_2) {
            readId(in); // first id: recomputed from the entries
            s.maxDeletedId = readId(in);
            s.entriesAdded = in.readLength();
        } else {
            s.entriesAdded = length;
        }
        long groups = in.readLength();
        for (long g = 0; g < groups; g++) {
            byte[] name = in.readString();
            StreamId lastDelivered = readId(in);
            long entriesRead = typeId >= STREAM_LISTPACKS_2 ? in.readLength()
                    : GroupCounters.estimateDistanceFromFirstEverEntry(s, lastDelivered);
            ConsumerGroup group = new ConsumerGroup(name, lastDelivered, entriesRead);
            if (s.groups.putIfAbsent(name, group) != null) {
                throw new IllegalStateException("Duplicated consumer group name " + new String(name));
            }
            long pending = in.readLength();
            for (long p = 0; p < pending; p++) {
                StreamId id = decodeId(readRaw(in, 16), 0);
                long deliveryTime = readLittleEndian(in);
                long deliveryCount = in.readLength();
                if (group.pending.putIfAbsent(id, new PendingEntry(id, null, deliveryTime, deliveryCount)) != null) {
                    throw new IllegalStateException("Duplicated global PEL entry loading stream consumer group");
                }
            }
            long consumers = in.readLength();
            for (long c = 0; c < consumers; c++) {
                byte[] cname = in.readString();
                Consumer consumer = new Consumer(cname, readLittleEndian(in));
                if (typeId >= STREAM_LISTPACKS_3) {
                    readLittleEndian(in); // active time, which 7.0 does not keep
                }
                if (group.consumers.putIfAbsent(cname, consumer) != null) {
                    throw new IllegalStateException("Duplicate stream consumer detected.");
                }
                long owned = in.readLength();
                for (long p = 0; p < owned; p++) {
                    StreamId id = decodeId(readRaw(in, 16), 0);
                    PendingEntry pe = group.pending.get(id);
                    if (pe == null) {
                        throw new IllegalStateException("Consumer entry not found in group global PEL");
                    }
                    pe.owner = consumer;
                    if (consumer.pending.putIfAbsent(id, pe) != null) {
                        throw new IllegalStateException("Duplicated consumer PEL entry loading a stream consumer group");
                    }
                }
            }
        }
        return s;
    }

    /** Checks a listpack read from a file enough that walking it cannot run past its end. */
    private static byte[] validate(byte[] lp) {
        if (lp.length < Listpack.HEADER_SIZE + 1 || Listpack.totalBytes(lp) != lp.length
                || (lp[lp.length - 1] & 0xFF) != Listpack.EOF) {
            throw new IllegalStateException("Stream listpack integrity check failed.");
        }
        try {
            int elements = 0;
            for (int p = Listpack.first(lp); p != -1; p = Listpack.next(lp, p)) {
                if (p + Listpack.entrySize(lp, p) > lp.length - 1) {
                    throw new IllegalStateException("listpack entry past its end");
                }
                elements++;
            }
            if (elements < 4) {
                throw new IllegalStateException("Empty listpack inside stream");
            }
            validateEntries(lp);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalStateException("Stream listpack integrity check failed.", e);
        }
        return lp;
    }

    /**
     * Walks the master entry and every entry as Redis's deep {@code streamValidateListpackIntegrity} does,
     * so that commands never meet a malformed node: integers where integers belong, each entry's lp-count
     * right, and the live and deleted counts those of the entries.
     */
    private static void validateEntries(byte[] lp) {
        int p = Listpack.first(lp);
        long count = integer(lp, p);
        p = require(lp, Listpack.next(lp, p));
        long deleted = integer(lp, p);
        p = require(lp, Listpack.next(lp, p));
        long masterFields = integer(lp, p);
        if (count < 0 || deleted < 0 || masterFields < 0 || masterFields > lp.length) {
            throw new IllegalStateException("Stream listpack integrity check failed.");
        }
        for (long i = 0; i < masterFields; i++) {
            p = require(lp, Listpack.next(lp, p));
        }
        p = require(lp, Listpack.next(lp, p));
        if (integer(lp, p) != 0) {
            throw new IllegalStateException("Stream listpack integrity check failed.");
        }
        long live = 0;
        long dead = 0;
        for (int q = Listpack.next(lp, p); q != -1; ) {
            long flags = integer(lp, q);
            q = require(lp, Listpack.next(lp, q));
            integer(lp, q);
            q = require(lp, Listpack.next(lp, q));
            integer(lp, q);
            long parts = 3;
            long values;
            if ((flags & StreamNode.FLAG_SAMEFIELDS) != 0) {
                values = masterFields;
            } else {
                q = require(lp, Listpack.next(lp, q));
                long fields = integer(lp, q);
                if (fields < 0 || fields > lp.length) {
                    throw new IllegalStateException("Stream listpack integrity check failed.");
                }
                values = fields * 2;
                parts += 1 + fields;
            }
            for (long i = 0; i < values; i++) {
                q = require(lp, Listpack.next(lp, q));
            }
            q = require(lp, Listpack.next(lp, q));
            if (integer(lp, q) != parts + masterFieldsOrFields(flags, masterFields, values)) {
                throw new IllegalStateException("Stream listpack integrity check failed.");
            }
            if ((flags & StreamNode.FLAG_DELETED) != 0) {
                dead++;
            } else {
                live++;
            }
            q = Listpack.next(lp, q);
        }
        if (live != count || dead != deleted) {
            throw new IllegalStateException("Stream listpack integrity check failed.");
        }
    }

    /** The value part of an entry's lp-count: its values, plus its fields when it spells them out. */
    private static long masterFieldsOrFields(long flags, long masterFields, long values) {
        return (flags & StreamNode.FLAG_SAMEFIELDS) != 0 ? masterFields : values / 2;
    }

    private static long integer(byte[] lp, int p) {
        if (!Listpack.isInteger(lp, p)) {
            throw new IllegalStateException("Stream listpack integrity check failed.");
        }
        return Listpack.getLong(lp, p);
    }

    private static int require(byte[] lp, int p) {
        if (p == -1) {
            throw new IllegalStateException("Stream listpack integrity check failed.");
        }
        return p;
    }

    static byte[] encodeId(StreamId id) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id.ms() >>> (56 - 8 * i));
            b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return b;
    }

    static StreamId decodeId(byte[] b, int off) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = ms << 8 | (b[off + i] & 0xFF);
            seq = seq << 8 | (b[off + 8 + i] & 0xFF);
        }
        return new StreamId(ms, seq);
    }

    private static void writeId(RdbOutput out, StreamId id) {
        writeUnsigned(out, id.ms());
        writeUnsigned(out, id.seq());
    }

    private static StreamId readId(RdbInput in) {
        long ms = in.readLength();
        return new StreamId(ms, in.readLength());
    }

    /** Redis's {@code rdbSaveLen} of a 64-bit unsigned value (ids, and -1 for an unknown entries-read). */
    private static void writeUnsigned(RdbOutput out, long v) {
        if (v >= 0) {
            out.writeLength(v);
            return;
        }
        out.writeByte(LEN_64BIT);
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        out.writeRaw(b);
    }

    private static byte[] littleEndian(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static long readLittleEndian(RdbInput in) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (in.readByte() & 0xFF) << (8 * i);
        }
        return v;
    }

    private static byte[] readRaw(RdbInput in, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) in.readByte();
        }
        return b;
    }
}
