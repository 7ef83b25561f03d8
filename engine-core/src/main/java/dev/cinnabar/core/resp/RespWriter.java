// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.resp;

import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.ReplyWriter;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** Encodes replies straight into a Netty buffer: no intermediate reply objects. */
public final class RespWriter implements ReplyWriter {
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final short CRLF = ('\r' << 8) | '\n';
    /** Pre-encoded {@code :n\r\n} for small n (Redis's {@code shared.integers}). */
    private static final byte[][] SMALL_INTEGERS = new byte[1024][];
    /** Pre-encoded {@code $n\r\n} for short bulk strings (Redis's {@code shared.bulkhdr}). */
    private static final byte[][] BULK_HEADERS = new byte[1024][];

    static {
        for (int i = 0; i < SMALL_INTEGERS.length; i++) {
            SMALL_INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            BULK_HEADERS[i] = ("$" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private ByteBuf out;
    private int protocol = 2;

    public RespWriter(ByteBuf out) {
        this.out = out;
    }

    /** Points this writer at another buffer (one writer per client, buffers change per flush). */
    public void target(ByteBuf buffer) {
        this.out = buffer;
    }

    public ByteBuf target() {
        return out;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void simple(String status) {
        out.writeByte('+');
        out.writeCharSequence(status, StandardCharsets.UTF_8);
        out.writeShort(CRLF);
    }

    @Override
    public void ok() {
        out.writeBytes(OK);
    }

    @Override
    public void error(String line) {
        out.writeByte('-');
        // an error line must not break the framing: Redis replaces newlines with spaces
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n') {
                line = line.replace('\r', ' ').replace('\n', ' ');
                break;
            }
        }
        out.writeCharSequence(line, StandardCharsets.UTF_8);
        out.writeShort(CRLF);
    }

    @Override
    public void integer(long value) {
        if (value >= 0 && value < SMALL_INTEGERS.length) {
            out.writeBytes(SMALL_INTEGERS[(int) value]);
            return;
        }
        out.writeByte(':');
        writeAscii(value);
        out.writeShort(CRLF);
    }

    @Override
    public void bulk(byte[] value) {
        int n = value.length;
        if (n < BULK_HEADERS.length) {
            out.writeBytes(BULK_HEADERS[n]);
        } else {
            out.writeByte('$');
            writeAscii(n);
            out.writeShort(CRLF);
        }
        out.writeBytes(value);
        out.writeShort(CRLF);
    }

    @Override
    public void nullBulk() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
    }

    @Override
    public void nullArray() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
    }

    @Override
    public void array(int length) {
        header('*', length);
    }

    @Override
    public void map(int length) {
        if (protocol == 3) {
            header('%', length);
        } else {
            header('*', length * 2L);
        }
    }

    @Override
    public void set(int length) {
        header(protocol == 3 ? '~' : '*', length);
    }

    @Override
    public void push(int length) {
        header(protocol == 3 ? '>' : '*', length);
    }

    @Override
    public void doubleValue(double value) {
        String text = Numbers.formatG17(value);
        if (protocol == 3) {
            out.writeByte(',');
            out.writeCharSequence(text, StandardCharsets.US_ASCII);
            out.writeShort(CRLF);
        } else {
            bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void doubleText(String text) {
        if (protocol == 3) {
            out.writeByte(',');
            out.writeCharSequence(text, StandardCharsets.US_ASCII);
            out.writeShort(CRLF);
        } else {
            bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 3) {
            out.writeByte('#');
            out.writeByte(value ? 't' : 'f');
            out.writeShort(CRLF);
        } else {
            integer(value ? 1 : 0);
        }
    }

    @Override
    public void verbatim(String format, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (protocol == 3) {
            out.writeByte('=');
            writeAscii(body.length + 4L);
            out.writeShort(CRLF);
            out.writeCharSequence(format, StandardCharsets.US_ASCII);
            out.writeByte(':');
            out.writeBytes(body);
            out.writeShort(CRLF);
        } else {
            bulk(body);
        }
    }

    @Override
    public void bigNumber(String digits) {
        if (protocol == 3) {
            out.writeByte('(');
            out.writeCharSequence(digits, StandardCharsets.US_ASCII);
            out.writeShort(CRLF);
        } else {
            bulk(digits.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Appends bytes that are already a complete RESP reply. */
    public void raw(byte[] encoded) {
        out.writeBytes(encoded);
    }

    private void header(char type, long length) {
        out.writeByte(type);
        writeAscii(length);
        out.writeShort(CRLF);
    }

    private void writeAscii(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                out.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
                return;
            }
            out.writeByte('-');
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int pos = end - 1; pos >= end - digits; pos--) {
            out.setByte(pos, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(end);
    }
}
