// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RespWriterTest {
    private static String written(int protocol, Consumer<RespWriter> replies) {
        ByteBuf out = Unpooled.buffer(4);
        RespWriter writer = new RespWriter(out);
        writer.protocol(protocol);
        replies.accept(writer);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void integersOfEveryMagnitudeAreWrittenInDecimal() {
        assertEquals(":0\r\n:1023\r\n:1024\r\n:-1\r\n:-1024\r\n:9223372036854775807\r\n:-9223372036854775808\r\n",
                written(2, w -> {
                    w.integer(0);
                    w.integer(1023);
                    w.integer(1024);
                    w.integer(-1);
                    w.integer(-1024);
                    w.integer(Long.MAX_VALUE);
                    w.integer(Long.MIN_VALUE);
                }));
    }

    @Test
    void bulkHeadersAboveThePrebuiltOnesCarryTheLength() {
        byte[] big = new byte[12345];
        String out = written(2, w -> w.bulk(big));
        assertEquals("$12345\r\n", out.substring(0, 8));
        assertEquals(8 + 12345 + 2, out.length());
        assertEquals("$3\r\nabc\r\n", written(2, w -> w.bulk("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void aggregateHeadersFollowTheProtocol() {
        assertEquals("*3\r\n*4\r\n*0\r\n", written(2, w -> {
            w.array(3);
            w.map(2);
            w.set(0);
        }));
        assertEquals("*1048576\r\n%2\r\n~0\r\n>10\r\n", written(3, w -> {
            w.array(1048576);
            w.map(2);
            w.set(0);
            w.push(10);
        }));
    }

    @Test
    void verbatimLengthCountsItsFormatPrefix() {
        assertEquals("=9\r\ntxt:hello\r\n", written(3, w -> w.verbatim("txt", "hello")));
        assertEquals("$5\r\nhello\r\n", written(2, w -> w.verbatim("txt", "hello")));
    }
}
