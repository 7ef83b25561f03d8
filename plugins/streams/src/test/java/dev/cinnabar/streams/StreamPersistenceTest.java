// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** RDB bodies (types 19 and 21) and the AOF rewrite of a stream with groups, as Redis 7.0 writes them. */
class StreamPersistenceTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Plain RDB primitives: lengths in Redis's encoding, strings never compressed. */
    private static final class Bytes implements RdbOutput, RdbInput {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in;
        int pos;

        @Override
        public void writeByte(int b) {
            out.write(b);
        }

        @Override
        public void writeLength(long length) {
            if (length < 64) {
                out.write((int) length);
            } else {
                out.write(0x81);
                for (int i = 7; i >= 0; i--) {
                    out.write((int) (length >>> (8 * i)));
                }
            }
        }

        @Override
        public void writeString(byte[] value) {
            writeLength(value.length);
            out.writeBytes(value);
        }

        @Override
        public void writeBinaryDouble(double value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeRaw(byte[] bytes) {
            out.writeBytes(bytes);
        }

        void flip() {
            in = out.toByteArray();
            pos = 0;
        }

        @Override
        public int readByte() {
            return in[pos++] & 0xFF;
        }

        @Override
        public long readLength() {
            int first = readByte();
            if (first < 64) {
                return first;
            }
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | readByte();
            }
            return v;
        }

        @Override
        public byte[] readString() {
            int n = (int) readLength();
            byte[] s = new byte[n];
            System.arraycopy(in, pos, s, 0, n);
            pos += n;
            return s;
        }

        @Override
        public double readBinaryDouble() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int rdbVersion() {
            return 10;
        }
    }

    private static Stream withGroups() {
        Stream s = new Stream();
        for (int i = 1; i <= 5; i++) {
            s.append(new StreamId(i, 0), new byte[][] {b("f"), b("v" + i)}, 4096, 2);
        }
        s.delete(new StreamId(5, 0));
        ConsumerGroup g = new ConsumerGroup(b("g"), new StreamId(3, 0), 3);
        Consumer alice = new Consumer(b("alice"), 1000);
        Consumer idle = new Consumer(b("idle"), 2000);
        for (int i = 1; i <= 2; i++) {
            PendingEntry pe = new PendingEntry(new StreamId(i, 0), alice, 500 + i, i);
            g.pending.put(pe.id, pe);
            alice.pending.put(pe.id, pe);
        }
        g.consumers.put(alice.name, alice);
        g.consumers.put(idle.name, idle);
        s.groups.put(g.name, g);
        s.groups.put(b("unknown"), new ConsumerGroup(b("unknown"), StreamId.MIN, -1));
        return s;
    }

    @Test
    void rdbRoundTripKeepsGroupsAndSharedPendingEntries() {
        Stream s = withGroups();
        Bytes io = new Bytes();
        StreamRdb.write(s, io);
        io.flip();
        Stream back = StreamRdb.read(StreamRdb.STREAM_LISTPACKS_2, io);
        assertEquals(io.in.length, io.pos);
        assertEquals(rewrite(s), rewrite(back));
        ConsumerGroup g = back.groups.get(b("g"));
        Consumer alice = g.consumers.get(b("alice"));
        assertSame(g.pending.get(new StreamId(1, 0)), alice.pending.get(new StreamId(1, 0)));
        assertSame(alice, g.pending.get(new StreamId(2, 0)).owner);
        assertEquals(-1, back.groups.get(b("unknown")).entriesRead);
    }

    /** Type 21 (Redis 7.2) stores each consumer's active time after its seen time; 7.0 has no place for it. */
    @Test
    void readsType21() {
        Stream s = withGroups();
        Bytes io = new Bytes();
        io.writeLength(s.nodes.size());
        for (StreamNode node : s.nodes.values()) {
            io.writeString(StreamRdb.encodeId(node.master));
            io.writeString(node.listpack());
        }
        io.writeLength(4);
        io.writeLength(5);
        io.writeLength(0); // last id 5-0
        io.writeLength(1);
        io.writeLength(0); // first id
        io.writeLength(5);
        io.writeLength(0); // max deleted id
        io.writeLength(5); // entries added
        io.writeLength(1); // one group
        io.writeString(b("g"));
        io.writeLength(3);
        io.writeLength(0);
        io.writeLength(3); // entries read
        io.writeLength(1);
        io.writeRaw(StreamRdb.encodeId(new StreamId(2, 0)));
        io.writeRaw(new byte[] {(byte) 0xE8, 3, 0, 0, 0, 0, 0, 0}); // delivered at 1000
        io.writeLength(7);
        io.writeLength(1);
        io.writeString(b("bob"));
        io.writeRaw(new byte[] {(byte) 0xD0, 7, 0, 0, 0, 0, 0, 0}); // seen 2000
        io.writeRaw(new byte[] {(byte) 0xB8, 11, 0, 0, 0, 0, 0, 0}); // active 3000
        io.writeLength(1);
        io.writeRaw(StreamRdb.encodeId(new StreamId(2, 0)));
        io.flip();
        Stream back = StreamRdb.read(StreamRdb.STREAM_LISTPACKS_3, io);
        assertEquals(io.in.length, io.pos);
        Consumer bob = back.groups.get(b("g")).consumers.get(b("bob"));
        assertEquals(2000, bob.seenTime);
        PendingEntry pe = bob.pending.get(new StreamId(2, 0));
        assertEquals(1000, pe.deliveryTime);
        assertEquals(7, pe.deliveryCount);
        assertEquals(4, back.length());
    }

    @Test
    void rewriteIsRedissRewriteStreamObject() {
        List<String> cmds = rewrite(withGroups());
        assertEquals(List.of(
                "XADD k 1-0 f v1", "XADD k 2-0 f v2", "XADD k 3-0 f v3", "XADD k 4-0 f v4",
                "XSETID k 5-0 ENTRIESADDED 5 MAXDELETEDID 5-0",
                "XGROUP CREATE k g 3-0 ENTRIESREAD 3",
                "XCLAIM k g alice 0 1-0 TIME 501 RETRYCOUNT 1 JUSTID FORCE",
                "XCLAIM k g alice 0 2-0 TIME 502 RETRYCOUNT 2 JUSTID FORCE",
                "XGROUP CREATECONSUMER k g idle",
                "XGROUP CREATE k unknown 0-0 ENTRIESREAD -1"), cmds);
        assertEquals(List.of("XADD k MAXLEN 0 0-1 x y", "XSETID k 0-0 ENTRIESADDED 0 MAXDELETEDID 0-0"),
                rewrite(new Stream()));
    }

    private static List<String> rewrite(Stream s) {
        List<String> out = new ArrayList<>();
        StreamsFamily.TYPE.rewrite(b("k"), s, argv -> {
            List<String> words = new ArrayList<>();
            for (byte[] a : argv) {
                words.add(new String(a, StandardCharsets.UTF_8));
            }
            out.add(String.join(" ", words));
        });
        return out;
    }
}
