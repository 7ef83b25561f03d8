// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFormatException;

import java.util.List;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The entries of one stream node, from its listpack's elements as Redis's {@code streamAppendItem} lays
 * them out: a master entry ({@code count, deleted, num-fields, field…, 0}), then entries ({@code flags,
 * ms-delta, seq-delta, [num-fields, field] value…, lp-count}) whose fields are the master's when flag
 * SAMEFIELDS is set. Checked as Redis's deep {@code streamValidateListpackIntegrity} checks it.
 */
final class StreamNodes {
    private static final int FLAG_DELETED = 1;
    private static final int FLAG_SAMEFIELDS = 2;

    private StreamNodes() {
    }

    /** Reports each live entry of the node keyed {@code master}; tombstones are counted, not reported. */
    static void entries(StreamEvent.Id master, List<byte[]> e, long at, Consumer<StreamEvent> events) {
        if (e.isEmpty()) {
            throw new RdbFormatException("empty listpack inside a stream", at);
        }
        int p = 0;
        long count = integer(e, p++, at);
        long deleted = integer(e, p++, at);
        long masterFields = integer(e, p++, at);
        if (count < 0 || deleted < 0 || masterFields < 0 || p + masterFields >= e.size()) {
            throw bad("bad master entry", at);
        }
        int fieldsAt = p;
        p += (int) masterFields;
        if (integer(e, p++, at) != 0) {
            throw bad("master entry not terminated by 0", at);
        }
        long live = 0;
        long dead = 0;
        while (p < e.size()) {
            long flags = integer(e, p++, at);
            long ms = master.ms() + integer(e, p++, at);
            long seq = master.seq() + integer(e, p++, at);
            byte[][] fieldsAndValues;
            long parts = 3;
            if ((flags & FLAG_SAMEFIELDS) != 0) {
                require(e, p + masterFields, at);
                fieldsAndValues = new byte[(int) masterFields * 2][];
                for (int i = 0; i < masterFields; i++) {
                    fieldsAndValues[2 * i] = e.get(fieldsAt + i);
                    fieldsAndValues[2 * i + 1] = e.get(p++);
                }
                parts += masterFields;
            } else {
                long fields = integer(e, p++, at);
                if (fields < 0 || fields > e.size()) {
                    throw bad("bad field count " + fields, at);
                }
                require(e, p + 2 * fields, at);
                fieldsAndValues = new byte[(int) fields * 2][];
                for (int i = 0; i < fields * 2; i++) {
                    fieldsAndValues[i] = e.get(p++);
                }
                parts += 1 + 2 * fields;
            }
            if (integer(e, p++, at) != parts) {
                throw bad("an entry's lp-count does not match its elements", at);
            }
            if ((flags & FLAG_DELETED) != 0) {
                dead++;
            } else {
                live++;
                events.accept(new StreamEvent.Entry(new StreamEvent.Id(ms, seq), fieldsAndValues));
            }
        }
        if (live != count || dead != deleted) {
            throw bad("the master entry counts " + count + " live and " + deleted + " deleted entries, the node has "
                    + live + " and " + dead, at);
        }
    }

    private static void require(List<byte[]> e, long end, long at) {
        if (end >= e.size()) {
            throw bad("an entry runs past the node's end", at);
        }
    }

    private static long integer(List<byte[]> e, int p, long at) {
        if (p >= e.size()) {
            throw bad("an entry runs past the node's end", at);
        }
        try {
            return Long.parseLong(new String(e.get(p), US_ASCII));
        } catch (NumberFormatException ex) {
            throw bad("a string where an integer belongs", at);
        }
    }

    private static RdbFormatException bad(String detail, long at) {
        return new RdbFormatException("Stream listpack integrity check failed: " + detail, at);
    }
}
