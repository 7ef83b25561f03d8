// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RespDecoderTest {
    private boolean authenticated = true;
    private long maxBulk = RespLimits.DEFAULT_PROTO_MAX_BULK_LEN;
    private final RespDecoder decoder = new RespDecoder(new RespDecoder.Limits() {
        @Override
        public long maxBulkLength() {
            return maxBulk;
        }

        @Override
        public boolean authenticated() {
            return authenticated;
        }
    });

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static List<String> strings(byte[][] argv) {
        List<String> out = new ArrayList<>();
        for (byte[] a : argv) {
            out.add(new String(a, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private List<List<String>> decodeAll(ByteBuf in) {
        List<List<String>> out = new ArrayList<>();
        byte[][] argv;
        while ((argv = decoder.decode(in)) != null) {
            out.add(strings(argv));
        }
        return out;
    }

    @Test
    void decodesAPipelineOfMultibulkCommands() {
        ByteBuf in = bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
        assertEquals(List.of(List.of("GET", "k"), List.of("SET", "k", "")), decodeAll(in));
        assertEquals(0, in.readableBytes());
    }

    @Test
    void decodesTheSameCommandFedOneByteAtATime() {
        String wire = "*3\r\n$3\r\nSET\r\n$5\r\nhello\r\n$12\r\nbinary\r\nsafe\r\n";
        ByteBuf in = Unpooled.buffer();
        List<List<String>> seen = new ArrayList<>();
        for (char c : wire.toCharArray()) {
            in.writeByte(c);
            byte[][] argv = decoder.decode(in);
            if (argv != null) {
                seen.add(strings(argv));
            }
        }
        assertEquals(List.of(List.of("SET", "hello", "binary\r\nsafe")), seen);
    }

    @Test
    void decodesInlineCommandsWithRedisQuoting() {
        ByteBuf in = bytes("set k \"a b\\x41\\n\" 'it''s'\r\nPING\n\r\n");
        assertThrows(RespProtocolException.class, () -> decodeAll(in));
        ByteBuf ok = bytes("set k \"a b\\x41\\n\" 'c d'\r\nPING\n\r\n");
        assertEquals(List.of(List.of("set", "k", "a bA\n", "c d"), List.of("PING")), decodeAll(ok));
    }

    @Test
    void emptyMultibulkAndEmptyInlineLinesAreSkipped() {
        assertEquals(List.of(List.of("PING")), decodeAll(bytes("*0\r\n*-1\r\n\r\nPING\r\n")));
    }

    @Test
    void errorsUseRedisMessages() {
        assertEquals("invalid multibulk length",
                assertThrows(RespProtocolException.class, () -> decodeAll(bytes("*abc\r\n"))).getMessage());
        assertEquals("expected '$', got 'x'",
                assertThrows(RespProtocolException.class, () -> decodeAll(bytes("*1\r\nx\r\n"))).getMessage());
        assertEquals("invalid bulk length",
                assertThrows(RespProtocolException.class, () -> decodeAll(bytes("*1\r\n$-5\r\n"))).getMessage());
        assertEquals("unbalanced quotes in request",
                assertThrows(RespProtocolException.class, () -> decodeAll(bytes("set \"k\r\n"))).getMessage());
    }

    @Test
    void headerNumbersMustBeCanonicalIntegersAsRedisString2ll() {
        // replies checked against redis-server 7.0.15
        for (String wire : List.of("*-0\r\n", "*00\r\n", "*-\r\n", "*\r\n", "*1x\r\n", "*99999999999999999999\r\n")) {
            assertEquals("invalid multibulk length",
                    assertThrows(RespProtocolException.class, () -> decodeAll(bytes(wire))).getMessage(), wire);
        }
        for (String wire : List.of("*1\r\n$01\r\na\r\n", "*1\r\n$-0\r\n", "*1\r\n$\r\n", "*1\r\n$+1\r\na\r\n")) {
            assertEquals("invalid bulk length",
                    assertThrows(RespProtocolException.class, () -> decodeAll(bytes(wire))).getMessage(), wire);
        }
        assertEquals(List.of(List.of("PING"), List.of("PING")),
                decodeAll(bytes("*0\r\n*1\r\n$4\r\nPING\r\n*-5\r\n*1\r\n$4\r\nPING\r\n")));
    }

    @Test
    void aHeaderSplitAcrossReadsWaitsForItsLineFeed() {
        ByteBuf in = Unpooled.buffer();
        for (String part : List.of("*", "1", "2", "\r")) {
            in.writeBytes(part.getBytes(StandardCharsets.US_ASCII));
            assertNull(decoder.decode(in));
            assertEquals(0, in.readerIndex());
        }
        in.writeBytes("\n".getBytes(StandardCharsets.US_ASCII));
        assertNull(decoder.decode(in));
        assertEquals(5, in.readerIndex());
    }

    @Test
    void bulkLongerThanProtoMaxBulkLenIsRefused() {
        maxBulk = 10;
        assertEquals("invalid bulk length",
                assertThrows(RespProtocolException.class, () -> decodeAll(bytes("*1\r\n$11\r\n"))).getMessage());
    }

    @Test
    void unauthenticatedClientsGetSmallLimits() {
        authenticated = false;
        assertEquals("unauthenticated multibulk length",
                assertThrows(RespProtocolException.class, () -> decodeAll(bytes("*11\r\n"))).getMessage());
        assertEquals("unauthenticated bulk length",
                assertThrows(RespProtocolException.class, () -> decodeAll(bytes("*1\r\n$16385\r\n"))).getMessage());
    }

    @Test
    void aHugeCountDoesNotAllocateUpFront() {
        ByteBuf in = bytes("*2147483647\r\n$1\r\na\r\n");
        assertNull(decoder.decode(in));
    }

    @Test
    void anInlineLineWithoutNewlineOver64KibIsAnError() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[RespLimits.INLINE_MAX_BYTES + 1]);
        in.setByte(0, 'x');
        for (int i = 0; i < in.writerIndex(); i++) {
            in.setByte(i, 'x');
        }
        assertEquals("too big inline request",
                assertThrows(RespProtocolException.class, () -> decoder.decode(in)).getMessage());
    }

    @Test
    void binaryArgumentsSurviveIntact() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes("*1\r\n$4\r\n".getBytes(StandardCharsets.US_ASCII));
        in.writeBytes(new byte[]{0, (byte) 0xff, '\r', '\n'});
        in.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[]{0, (byte) 0xff, '\r', '\n'}, decoder.decode(in)[0]);
    }
}
