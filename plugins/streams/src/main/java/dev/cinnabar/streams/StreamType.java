// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/** The {@code stream} type: what TYPE and OBJECT ENCODING say, and its persistence. */
final class StreamType implements ValueType<Stream> {
    private static final byte[] XADD = ascii("XADD");
    private static final byte[] XSETID = ascii("XSETID");
    private static final byte[] XGROUP = ascii("XGROUP");
    private static final byte[] XCLAIM = ascii("XCLAIM");
    /** MEMORY USAGE's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public Class<Stream> valueClass() {
        return Stream.class;
    }

    @Override
    public String encoding(Stream value) {
        return "stream";
    }

    /** A deep copy: nodes, metadata, and groups whose pending entries are shared by group and owner. */
    @Override
    public Stream copy(Stream value) {
        Stream s = new Stream();
        for (StreamNode node : value.nodes.values()) {
            s.nodes.put(node.master, node.copy());
        }
        s.setLength(value.length());
        s.lastId = value.lastId;
        s.maxDeletedId = value.maxDeletedId;
        s.entriesAdded = value.entriesAdded;
        for (ConsumerGroup g : value.groups.values()) {
            ConsumerGroup cg = new ConsumerGroup(g.name, g.lastDeliveredId, g.entriesRead);
            for (PendingEntry pe : g.pending.values()) {
                cg.pending.put(pe.id, new PendingEntry(pe.id, null, pe.deliveryTime, pe.deliveryCount));
            }
            for (Consumer c : g.consumers.values()) {
                Consumer cc = new Consumer(c.name, c.seenTime);
                for (StreamId id : c.pending.keySet()) {
                    PendingEntry pe = cg.pending.get(id);
                    pe.owner = cc;
                    cc.pending.put(id, pe);
                }
                cg.consumers.put(cc.name, cc);
            }
            s.groups.put(cg.name, cg);
        }
        return s;
    }

    @Override
    public List<Integer> rdbTypeIds() {
        return List.of(StreamRdb.STREAM_LISTPACKS, StreamRdb.STREAM_LISTPACKS_2, StreamRdb.STREAM_LISTPACKS_3);
    }

    /** Redis 7.0 writes {@code RDB_TYPE_STREAM_LISTPACKS_2}; 21 came with 7.2. */
    @Override
    public int rdbTypeId(Stream value) {
        return StreamRdb.STREAM_LISTPACKS_2;
    }

    @Override
    public void writeRdb(Stream value, RdbOutput out) {
        StreamRdb.write(value, out);
    }

    @Override
    public Stream readRdb(int typeId, RdbInput in) {
        return StreamRdb.read(typeId, in);
    }

    /** Redis's {@code rewriteStreamObject}. */
    @Override
    public void rewrite(byte[] key, Stream s, CommandSink sink) {
        if (s.length() > 0) {
            Iterator<Stream.Entry> it = s.range(StreamId.MIN, StreamId.MAX, false);
            while (it.hasNext()) {
                Stream.Entry e = it.next();
                byte[][] argv = new byte[3 + e.fieldsAndValues().length][];
                argv[0] = XADD;
                argv[1] = key;
                argv[2] = StreamIds.toBytes(e.id());
                System.arraycopy(e.fieldsAndValues(), 0, argv, 3, e.fieldsAndValues().length);
                sink.accept(argv);
            }
        } else {
            // an empty stream: XADD MAXLEN 0 creates it and drops the entry at once
            sink.accept(XADD, key, ascii("MAXLEN"), ascii("0"), ascii("0-1"), ascii("x"), ascii("y"));
        }
        sink.accept(XSETID, key, StreamIds.toBytes(s.lastId), ascii("ENTRIESADDED"),
                ascii(Long.toString(s.entriesAdded)), ascii("MAXDELETEDID"), StreamIds.toBytes(s.maxDeletedId));
        for (ConsumerGroup g : s.groups.values()) {
            sink.accept(XGROUP, ascii("CREATE"), key, g.name, StreamIds.toBytes(g.lastDeliveredId),
                    ascii("ENTRIESREAD"), ascii(Long.toString(g.entriesRead)));
            for (Consumer c : g.consumers.values()) {
                if (c.pending.isEmpty()) {
                    sink.accept(XGROUP, ascii("CREATECONSUMER"), key, g.name, c.name);
                    continue;
                }
                for (PendingEntry pe : c.pending.values()) {
                    sink.accept(XCLAIM, key, g.name, c.name, ascii("0"), StreamIds.toBytes(pe.id), ascii("TIME"),
                            ascii(Long.toString(pe.deliveryTime)), ascii("RETRYCOUNT"),
                            ascii(Long.toString(pe.deliveryCount)), ascii("JUSTID"), ascii("FORCE"));
                }
            }
        }
    }

    /** With MEMORY USAGE's default of 5 sampled nodes. */
    @Override
    public long memoryUsage(Stream value) {
        return value.memoryUsage(DEFAULT_SAMPLES);
    }

    @Override
    public long memoryUsage(Stream value, int samples) {
        return value.memoryUsage(samples);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A blocked XREADGROUP fails with UNBLOCKED when its stream is deleted or replaced, as in Redis 7.0. */
    @Override
    public boolean wakesWaitersWhenRemoved() {
        return true;
    }
}
