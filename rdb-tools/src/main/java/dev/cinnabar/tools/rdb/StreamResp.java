// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The commands that rebuild one stream key of {@link RdbRespWriter}, in the order Redis 7.0's AOF rewrite
 * writes them (aof.c rewriteStreamObject), made from the walk's {@link StreamEvent}s as they come: one XADD
 * per live entry; for a stream without entries {@code XADD key MAXLEN 0 0-1 x y}; {@code XSETID key
 * last-id ENTRIESADDED n MAXDELETEDID id}; per group {@code XGROUP CREATE key group last-delivered-id
 * ENTRIESREAD n}; per pending entry {@code XCLAIM key group consumer 0 id TIME delivery-ms RETRYCOUNT count
 * JUSTID FORCE}; {@code XGROUP CREATECONSUMER} for a consumer that owns no pending entry.
 *
 * <p>Entries are written one at a time and never held. The exception is one group's pending list: the file
 * gives each pending entry's delivery time and count with the group, before its consumers, and its owner
 * only later, in the owning consumer's list of ids; so the current group's pending entries are kept (about
 * 40 bytes each) until its consumers have claimed them.
 *
 * <p>A file of RDB type 15 (Redis 5 and 6) stores no entries-added counter, max deleted id nor a group's
 * entries-read: the commands carry what Redis 7.0 sets when it loads such a file (entries added = length, max
 * deleted id 0-0, entries-read as {@code streamEstimateDistanceFromFirstEverEntry} estimates it).
 */
final class StreamResp {
    private static final byte[] ZERO = {'0'};

    private final byte[] key;
    private final Consumer<List<byte[]>> out;
    private boolean metadataSeen;
    private long entriesWritten;
    private StreamEvent.Id firstEntry;
    /** The stream's counters, from the metadata, for the estimate of a type 15 group's entries-read. */
    private StreamEvent.Metadata metadata;
    private byte[] group;
    /** The current group's pending entries not yet claimed, by id. */
    private final Map<StreamEvent.Id, StreamEvent.Pending> groupPending = new HashMap<>();
    private byte[] consumer;
    private boolean consumerOwnsPending;

    StreamResp(byte[] key, Consumer<List<byte[]>> out) {
        this.key = key;
        this.out = out;
    }

    void accept(StreamEvent event) {
        if (event instanceof StreamEvent.Entry e) {
            byte[][] fv = e.fieldsAndValues();
            List<byte[]> args = new ArrayList<>(3 + fv.length);
            args.add(ascii("XADD"));
            args.add(key);
            args.add(id(e.id()));
            for (byte[] b : fv) {
                args.add(b);
            }
            out.accept(args);
            if (entriesWritten++ == 0) {
                firstEntry = e.id();
            }
        } else if (event instanceof StreamEvent.Metadata m) {
            metadata(m);
        } else if (event instanceof StreamEvent.Group g) {
            endGroup();
            group = g.name();
            long entriesRead = g.entriesRead() < 0 && metadata != null && metadata.entriesAdded() < 0
                    ? StreamEvent.Id.estimateEntriesRead(g.lastDeliveredId(), entriesWritten,
                    metadata.lastId(), firstEntry) : g.entriesRead();
            out.accept(List.of(ascii("XGROUP"), ascii("CREATE"), key, group, id(g.lastDeliveredId()),
                    ascii("ENTRIESREAD"), number(entriesRead)));
        } else if (event instanceof StreamEvent.Pending p) {
            groupPending.put(p.id(), p);
        } else if (event instanceof StreamEvent.Consumer c) {
            endConsumer();
            consumer = c.name();
            consumerOwnsPending = false;
        } else if (event instanceof StreamEvent.ConsumerPending cp) {
            claim(cp.id());
        }
    }

    /**
     * Ends the key (a last consumer without pending entries is still to be created); false when nothing was
     * written, as the walk reports the metadata of every stream it reads whole.
     */
    boolean end() {
        if (!metadataSeen) {
            return false;
        }
        endGroup();
        return true;
    }

    private void metadata(StreamEvent.Metadata m) {
        metadataSeen = true;
        metadata = m;
        if (entriesWritten == 0) {
            // as Redis's rewrite does: XADD then trim to nothing creates the key, XSETID restores its counters
            out.accept(List.of(ascii("XADD"), key, ascii("MAXLEN"), ZERO, ascii("0-1"), ascii("x"), ascii("y")));
        }
        // type 15: what Redis 7.0's loader sets (XADD MAXLEN 0 of an empty stream would leave entries added at 1)
        boolean known = m.entriesAdded() >= 0 && m.maxDeletedId() != null;
        out.accept(List.of(ascii("XSETID"), key, id(m.lastId()), ascii("ENTRIESADDED"),
                number(known ? m.entriesAdded() : entriesWritten), ascii("MAXDELETEDID"),
                known ? id(m.maxDeletedId()) : ascii("0-0")));
    }

    private void claim(StreamEvent.Id id) {
        consumerOwnsPending = true;
        StreamEvent.Pending p = groupPending.remove(id);
        if (p == null || group == null || consumer == null) {
            // an id the group's pending list lacks: Redis refuses to load such a file, there is nothing to claim
            return;
        }
        out.accept(List.of(ascii("XCLAIM"), key, group, consumer, ZERO, id(id), ascii("TIME"),
                number(p.deliveryTimeMs()), ascii("RETRYCOUNT"), number(p.deliveryCount()), ascii("JUSTID"),
                ascii("FORCE")));
    }

    private void endConsumer() {
        if (consumer != null && !consumerOwnsPending) {
            out.accept(List.of(ascii("XGROUP"), ascii("CREATECONSUMER"), key, group, consumer));
        }
        consumer = null;
    }

    private void endGroup() {
        endConsumer();
        groupPending.clear();
        group = null;
    }

    private static byte[] id(StreamEvent.Id id) {
        return ascii(id.toString());
    }

    private static byte[] number(long n) {
        return ascii(Long.toString(n));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }
}
