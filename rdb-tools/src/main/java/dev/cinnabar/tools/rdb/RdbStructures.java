// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.ListpackReader;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbReader;

import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The structures {@link RdbChecker} walks beside the plain collections: intsets and streams (their content
 * on request) and self-describing module data.
 */
final class RdbStructures {
    /** streamID: 64-bit ms and 64-bit seq, big-endian, as a raw 16-byte string. */
    private static final int STREAM_ID_BYTES = 16;

    private RdbStructures() {
    }

    /** A collection's element count: a length that is not negative as a signed 64-bit number. */
    static long count(RdbReader body, long at) {
        long n = body.readLength();
        if (n < 0) {
            throw new RdbFormatException("element count " + Long.toUnsignedString(n) + " out of range", at);
        }
        return n;
    }

    /** {@code intsetValidateIntegrity} with deep validation (width, size, ascending, unique); elements to {@code each}, may be null. */
    static int intset(byte[] is, long at, Consumer<byte[]> each) {
        if (is.length < 8) {
            throw new RdbFormatException("Intset integrity check failed: shorter than its header", at);
        }
        long width = u32(is, 0);
        if (width != 2 && width != 4 && width != 8) {
            throw new RdbFormatException("Intset integrity check failed: element width " + width, at);
        }
        long count = u32(is, 4);
        if (count == 0 || 8 + count * width != is.length) {
            throw new RdbFormatException("Intset integrity check failed: " + count + " elements of " + width
                    + " bytes do not make " + (is.length - 8) + " bytes", at);
        }
        long prev = 0;
        for (int i = 0; i < count; i++) {
            long v = 0;
            int p = 8 + i * (int) width;
            for (int b = (int) width - 1; b >= 0; b--) {
                v = (v << 8) | (is[p + b] & 0xff);
            }
            v = (v << (64 - 8 * width)) >> (64 - 8 * width);
            if (i > 0 && v <= prev) {
                throw new RdbFormatException("Intset integrity check failed: elements not ascending and unique", at);
            }
            prev = v;
            if (each != null) {
                each.accept(Long.toString(v).getBytes(US_ASCII));
            }
        }
        return (int) count;
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }

    /**
     * The layout of {@code rdbLoadObject} for streams of RDB types 15, 19 and 21; returns the stream's length
     * (entries). With {@code events} (may be null) the entries, metadata, groups, pending entries and
     * consumers are reported as they are read, one node's listpack at a time.
     */
    static long skipStream(RdbReader body, int type, Consumer<StreamEvent> events) {
        long listpacks = count(body, body.offset());
        for (long i = 0; i < listpacks; i++) {
            long idAt = body.offset();
            byte[] masterId = body.readString();
            if (masterId.length != STREAM_ID_BYTES) {
                throw new RdbFormatException("stream node key is " + masterId.length + " bytes, not a "
                        + STREAM_ID_BYTES + "-byte stream ID", idAt);
            }
            long lpAt = body.offset();
            byte[] lp = body.readString();
            if (events == null) {
                if (ListpackReader.validate(lp, "Stream listpack", lpAt) == 0) {
                    throw new RdbFormatException("empty listpack inside a stream", lpAt);
                }
            } else {
                events.accept(new StreamEvent.Node(id(masterId, 0), lp.length));
                StreamNodes.entries(id(masterId, 0), ListpackReader.elements(lp, "Stream listpack", lpAt), lpAt, events);
            }
        }
        long length = body.readLength();
        StreamEvent.Id lastId = readId(body);
        StreamEvent.Id firstId = null;
        StreamEvent.Id maxDeletedId = null;
        long entriesAdded = -1;
        if (type >= Rdb.TYPE_STREAM_LISTPACKS_2) {
            firstId = readId(body);
            maxDeletedId = readId(body);
            entriesAdded = body.readLength();
        }
        if (events != null) {
            events.accept(new StreamEvent.Metadata(length, lastId, firstId, maxDeletedId, entriesAdded));
        }
        long groups = count(body, body.offset());
        for (long g = 0; g < groups; g++) {
            byte[] name = body.readString();
            StreamEvent.Id lastDelivered = readId(body);
            long entriesRead = type >= Rdb.TYPE_STREAM_LISTPACKS_2 ? body.readLength() : -1;
            if (events != null) {
                events.accept(new StreamEvent.Group(name, lastDelivered, entriesRead));
            }
            long pel = count(body, body.offset());
            for (long p = 0; p < pel; p++) {
                StreamEvent.Id id = rawId(body);
                long deliveryTime = body.readLittleEndian(8);
                long deliveryCount = body.readLength();
                if (events != null) {
                    events.accept(new StreamEvent.Pending(id, deliveryTime, deliveryCount));
                }
            }
            long consumers = count(body, body.offset());
            for (long c = 0; c < consumers; c++) {
                byte[] consumer = body.readString();
                long seenTime = body.readLittleEndian(8);
                long activeTime = type >= Rdb.TYPE_STREAM_LISTPACKS_3 ? body.readLittleEndian(8) : -1;
                if (events != null) {
                    events.accept(new StreamEvent.Consumer(consumer, seenTime, activeTime));
                }
                long owned = count(body, body.offset());
                for (long p = 0; p < owned; p++) {
                    StreamEvent.Id id = rawId(body);
                    if (events != null) {
                        events.accept(new StreamEvent.ConsumerPending(id));
                    }
                }
            }
        }
        return length;
    }

    /** An id stored as two lengths (ms, seq), as {@code rdbLoadLen} reads them. */
    private static StreamEvent.Id readId(RdbReader body) {
        long ms = body.readLength();
        return new StreamEvent.Id(ms, body.readLength());
    }

    /** An id stored raw: 16 bytes, big-endian ms then seq. */
    private static StreamEvent.Id rawId(RdbReader body) {
        return id(body.readBytes(STREAM_ID_BYTES, body.offset()), 0);
    }

    static StreamEvent.Id id(byte[] b, int off) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = ms << 8 | (b[off + i] & 0xFF);
            seq = seq << 8 | (b[off + 8 + i] & 0xFF);
        }
        return new StreamEvent.Id(ms, seq);
    }

    /** Module opcodes up to MODULE_OPCODE_EOF, as {@code rdbLoadCheckModuleValue}. */
    static void skipModuleData(RdbReader body, String name) {
        while (true) {
            long at = body.offset();
            long opcode = body.readLength();
            if (opcode == RdbOpcodes.MODULE_OPCODE_EOF) {
                return;
            }
            if (opcode == RdbOpcodes.MODULE_OPCODE_SINT || opcode == RdbOpcodes.MODULE_OPCODE_UINT) {
                body.readLength();
            } else if (opcode == RdbOpcodes.MODULE_OPCODE_STRING) {
                body.skipString();
            } else if (opcode == RdbOpcodes.MODULE_OPCODE_FLOAT) {
                body.readLittleEndian(4);
            } else if (opcode == RdbOpcodes.MODULE_OPCODE_DOUBLE) {
                body.readLittleEndian(8);
            } else {
                throw new RdbFormatException("unknown module opcode " + opcode + " in data of module '" + name + "'", at);
            }
        }
    }
}
