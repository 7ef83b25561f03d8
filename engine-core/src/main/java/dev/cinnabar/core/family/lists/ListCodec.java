// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.core.rdb.ListpackReader;
import dev.cinnabar.core.rdb.ListpackWriter;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RewriteBatch;
import dev.cinnabar.core.rdb.Ziplist;
import dev.cinnabar.core.structures.Listpack;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType.CommandSink;

import java.util.List;
import java.util.function.Supplier;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The RDB and AOF forms of a list, as Redis 7.0's {@code rdbSaveObject}, {@code rdbLoadObject} and
 * {@code rewriteListObject}. A list is saved as RDB_TYPE_LIST_QUICKLIST_2: the node count, then per node
 * its container kind and its listpack, which a compressed node saves as the LZF data it holds. Loaded
 * quicklists keep their nodes as they were; older linked and ziplist lists are pushed element by element.
 */
final class ListCodec {
    private static final byte[] RPUSH = "RPUSH".getBytes(US_ASCII);

    private ListCodec() {
    }

    static void write(QuickList list, RdbOutput out) {
        out.writeLength(list.nodeCount());
        for (ListNode n = list.head(); n != null; n = n.next) {
            out.writeLength(Rdb.QUICKLIST_NODE_PACKED);
            byte[] compressed = n.compressedBytes();
            if (compressed != null) {
                Rdb.writeLzfBlob(out, compressed, n.lpBytes());
            } else {
                out.writeString(Listpack.wrap(n.buf, n.start, n.end, n.count));
            }
        }
    }

    /**
     * Reads a list saved as {@code typeId}; null for an empty one, which Redis skips as an empty key.
     *
     * @param newList an empty list with the current {@code list-max-listpack-size} and
     *                {@code list-compress-depth}
     */
    static QuickList read(int typeId, RdbInput in, Supplier<QuickList> newList) {
        long at = Rdb.offset(in);
        QuickList list = newList.get();
        switch (typeId) {
            case Rdb.TYPE_LIST -> {
                long len = in.readLength();
                for (long i = 0; i < len; i++) {
                    list.pushTail(in.readString());
                }
            }
            case Rdb.TYPE_LIST_ZIPLIST -> {
                for (byte[] element : Ziplist.elements(in.readString(), "List ziplist", at)) {
                    list.pushTail(element);
                }
            }
            case Rdb.TYPE_LIST_QUICKLIST, Rdb.TYPE_LIST_QUICKLIST_2 -> readNodes(typeId, in, list);
            default -> throw new RdbFormatException("list cannot be read from RDB type " + typeId, at);
        }
        return list.isEmpty() ? null : list;
    }

    /** The nodes of a quicklist: ziplists (version 1), or listpacks and plain elements (version 2). */
    private static void readNodes(int typeId, RdbInput in, QuickList list) {
        long nodes = in.readLength();
        for (long i = 0; i < nodes; i++) {
            long at = Rdb.offset(in);
            long container = Rdb.QUICKLIST_NODE_PACKED;
            if (typeId == Rdb.TYPE_LIST_QUICKLIST_2) {
                container = in.readLength();
                if (container != Rdb.QUICKLIST_NODE_PACKED && container != Rdb.QUICKLIST_NODE_PLAIN) {
                    throw new RdbFormatException("Quicklist integrity check failed: container " + container, at);
                }
            }
            byte[] data = in.readString();
            if (data.length == 0) {
                throw new RdbFormatException("Quicklist integrity check failed: empty node", at);
            }
            if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                // this engine has no plain nodes: the element becomes a node of its own
                list.appendNode(Listpack.unwrap(new ListpackWriter().append(data).toBytes()), 1);
            } else if (typeId == Rdb.TYPE_LIST_QUICKLIST_2) {
                int count = ListpackReader.validate(data, "Listpack", at);
                // Redis skips empty nodes silently
                if (count > 0) {
                    list.appendNode(Listpack.unwrap(data), count);
                }
            } else {
                List<byte[]> elements = Ziplist.elements(data, "Ziplist", at);
                if (!elements.isEmpty()) {
                    ListpackWriter lp = new ListpackWriter();
                    elements.forEach(lp::append);
                    list.appendNode(Listpack.unwrap(lp.toBytes()), elements.size());
                }
            }
        }
    }

    /** {@code rewriteListObject}: RPUSH with up to 64 elements each. */
    static void rewrite(byte[] key, QuickList list, CommandSink sink) {
        RewriteBatch batch = new RewriteBatch(sink, RPUSH, key);
        if (!list.isEmpty()) {
            for (ListCursor c = list.cursor(0, true); c.hasNext(); ) {
                batch.add(c.next());
            }
        }
        batch.finish();
    }
}
