// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.family.lists.QuickList;
import dev.cinnabar.core.rdb.ListpackWriter;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbWriter;
import dev.cinnabar.core.structures.Listpack;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The body of one big list, set, hash or sorted set, written to a temp file as its elements are read, so
 * that {@code rdb import} never holds the value: an RDB value starts with its element (or node) count,
 * which is known only at its end, so the body waits on disk and is copied after the count
 * ({@link #copyTo}). The encodings are those the engine's RDB writer uses for a value of this size: a list
 * as QUICKLIST_2 with listpack nodes cut as the engine's quicklist cuts them ({@code list-max-listpack-size}),
 * so the record is byte for byte what SAVE writes; a set as SET, a hash as HASH, a sorted set as ZSET_2
 * (elements in input order, where SAVE writes a hash table's order, or a sorted set from its highest rank).
 */
final class ValueSpill implements SpilledValue {
    private final int typeId;
    private final SpillFile file;
    private final RdbWriter body;
    private final int listFill;
    /** Elements (or hash pairs, sorted set members) so far. */
    private long elements;
    /** The count the record's header carries: elements, or listpack nodes for a list. */
    private long headerCount;
    private ListpackWriter node;
    private long nodeBytes;

    /**
     * @param type     the schema's type name: list, set, hash or zset
     * @param dir      where the temp file goes (beside the output, which will hold the value anyway)
     * @param listFill {@code list-max-listpack-size} of the engine, whose node cuts a list follows
     */
    ValueSpill(String type, Path dir, int listFill) throws IOException {
        this.typeId = switch (type) {
            case "list" -> Rdb.TYPE_LIST_QUICKLIST_2;
            case "set" -> Rdb.TYPE_SET;
            case "hash" -> Rdb.TYPE_HASH;
            case "zset" -> Rdb.TYPE_ZSET_2;
            default -> throw new IllegalArgumentException("a " + type + " value is not spilled");
        };
        this.listFill = Math.max(-5, Math.min(listFill, (1 << 15) - 1));
        this.file = new SpillFile(dir);
        this.body = file.body();
    }

    @Override
    public int typeId() {
        return typeId;
    }

    /** Elements (hash fields, sorted set members) spilled so far. */
    long elements() {
        return elements;
    }

    /** A list element or a set member. */
    void add(byte[] element) {
        if (typeId == Rdb.TYPE_LIST_QUICKLIST_2) {
            pushTail(element);
        } else {
            body.writeString(element);
            headerCount++;
        }
        elements++;
    }

    /** A hash field and its value. */
    void addPair(byte[] field, byte[] value) {
        body.writeString(field);
        body.writeString(value);
        headerCount++;
        elements++;
    }

    /** A sorted set member and its score. */
    void addScored(byte[] member, double score) {
        body.writeString(member);
        body.writeBinaryDouble(score);
        headerCount++;
        elements++;
    }

    /** QuickList.pushTail's node cut ({@code _quicklistNodeAllowInsert}), judged on the listpack's size. */
    private void pushTail(byte[] element) {
        if (node != null && !QuickList.allowsInsert(listFill, nodeBytes, node.count(), element.length)) {
            finishNode();
        }
        if (node == null) {
            node = new ListpackWriter();
            nodeBytes = Listpack.HEADER + 1;
        }
        node.append(element);
        nodeBytes += Listpack.entrySize(element);
    }

    private void finishNode() {
        body.writeLength(Rdb.QUICKLIST_NODE_PACKED);
        body.writeString(node.toBytes());
        headerCount++;
        node = null;
    }

    /**
     * Writes the value's count and body to {@code out} (after the caller's type byte and key) and deletes
     * the temp file.
     */
    @Override
    public void copyTo(RdbWriter out) throws IOException {
        if (node != null) {
            finishNode();
        }
        out.writeLength(headerCount);
        file.copyTo(out);
    }

    /** Deletes the temp file (a value dropped, or a failed import). */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
