// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.ListpackWriter;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbWriter;
import dev.cinnabar.core.structures.Listpack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The nodes of one big stream, written to a {@link SpillFile} as its entries are read, so that
 * {@code rdb import} never holds the stream: the record (RDB type 19, as Redis 7.0 writes it) starts with its
 * node count, known only at the end. Nodes are laid out as Redis 7.0's {@code streamAppendItem} lays them
 * out with the default {@code stream-node-max-bytes} 4096 and {@code stream-node-max-entries} 100 (the
 * embedded engine's), so the record is byte for byte what the engine's SAVE writes for the same entries.
 * Only the node being filled (at most 100 entries, about 4 KB) is in memory: its live count leads its
 * listpack, so the listpack is built when the node is closed.
 */
final class StreamSpill implements SpilledValue {
    static final long NODE_MAX_BYTES = 4096;
    static final long NODE_MAX_ENTRIES = 100;
    private static final int FLAG_SAMEFIELDS = 2;
    private static final byte[] ZERO = {'0'};

    private final SpillFile file;
    private final RdbWriter body;
    private long nodes;
    /** What follows the nodes (length, ids, counters, groups), given by {@link #finish}. */
    private byte[] tail;

    private StreamEvent.Id master;
    private byte[][] masterFields;
    /** The node's listpack elements after its leading live count. */
    private final List<byte[]> elements = new ArrayList<>();
    private long elementBytes;
    private long count;

    StreamSpill(Path dir) throws IOException {
        this.file = new SpillFile(dir);
        this.body = file.body();
    }

    @Override
    public int typeId() {
        return Rdb.TYPE_STREAM_LISTPACKS_2;
    }

    /** Appends entry {@code id} (greater than every id before it), as {@code streamAppendItem}. */
    void add(StreamEvent.Id id, byte[][] fieldsAndValues) {
        long elementsLength = 0;
        for (byte[] e : fieldsAndValues) {
            elementsLength += e.length;
        }
        if (master != null && (nodeBytes() + elementsLength >= NODE_MAX_BYTES || count >= NODE_MAX_ENTRIES)) {
            finishNode();
        }
        int fields = fieldsAndValues.length / 2;
        if (master == null) {
            master = id;
            masterFields = new byte[fields][];
            element(ZERO); // deleted
            element(number(fields));
            for (int i = 0; i < fields; i++) {
                masterFields[i] = fieldsAndValues[2 * i];
                element(masterFields[i]);
            }
            element(ZERO); // the master entry's lp-count
        }
        boolean same = masterFields.length == fields;
        for (int i = 0; same && i < fields; i++) {
            same = Arrays.equals(masterFields[i], fieldsAndValues[2 * i]);
        }
        element(number(same ? FLAG_SAMEFIELDS : 0));
        element(number(id.ms() - master.ms()));
        element(number(id.seq() - master.seq()));
        if (!same) {
            element(number(fields));
        }
        for (int i = 0; i < fields; i++) {
            if (!same) {
                element(fieldsAndValues[2 * i]);
            }
            element(fieldsAndValues[2 * i + 1]);
        }
        element(number(3 + fields + (same ? 0 : fields + 1)));
        count++;
    }

    /** {@code what follows the nodes}: the record's length, ids, counters and group section. */
    void finish(byte[] tail) {
        if (master != null) {
            finishNode();
        }
        this.tail = tail;
    }

    @Override
    public void copyTo(RdbWriter out) throws IOException {
        if (tail == null) {
            throw new IllegalStateException("the stream was not finished");
        }
        out.writeLength(nodes);
        file.copyTo(out);
        out.writeRaw(tail);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** The listpack's size were it built now: header, live count, elements, end byte. */
    private long nodeBytes() {
        return Listpack.HEADER + Listpack.entrySize(number(count)) + elementBytes + 1;
    }

    private void element(byte[] e) {
        elements.add(e);
        elementBytes += Listpack.entrySize(e);
    }

    private void finishNode() {
        ListpackWriter lp = new ListpackWriter();
        lp.appendInteger(count);
        for (byte[] e : elements) {
            lp.append(e);
        }
        byte[] id = new byte[16];
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (master.ms() >>> (56 - 8 * i));
            id[8 + i] = (byte) (master.seq() >>> (56 - 8 * i));
        }
        body.writeString(id);
        body.writeString(lp.toBytes());
        nodes++;
        master = null;
        masterFields = null;
        elements.clear();
        elementBytes = 0;
        count = 0;
    }

    private static byte[] number(long v) {
        return Long.toString(v).getBytes(US_ASCII);
    }
}
