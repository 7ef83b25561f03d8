// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes client requests, multibulk or inline, as Redis's {@code processMultibulkBuffer} and
 * {@code processInlineBuffer} do, with their error messages. Keeps its state between calls, so a large
 * argument arriving over many reads is parsed once.
 */
public final class RespDecoder {
    /** Per-client limits, read at every header so CONFIG SET and AUTH take effect at once. */
    public interface Limits {
        long maxBulkLength();

        boolean authenticated();
    }

    private enum State { START, ARG_HEADER, ARG_DATA }

    private static final int INITIAL_ARGS = 1024;

    private final Limits limits;
    private State state = State.START;
    private byte[][] argv;
    private int argCount;
    private int argIndex;
    private int bulkLength;

    public RespDecoder(Limits limits) {
        this.limits = limits;
    }

    /**
     * Decodes the next command from {@code in}.
     *
     * @return the arguments, or null when {@code in} holds no complete command yet
     * @throws RespProtocolException on malformed input; the connection must be closed after replying
     */
    public byte[][] decode(ByteBuf in) {
        try {
            return decodeNext(in);
        } catch (RespProtocolException e) {
            // the connection closes after the error reply; a caller that goes on starts from a new command
            state = State.START;
            argv = null;
            throw e;
        }
    }

    private byte[][] decodeNext(ByteBuf in) {
        while (true) {
            switch (state) {
                case START -> {
                    if (!in.isReadable()) {
                        return null;
                    }
                    if (in.getByte(in.readerIndex()) != '*') {
                        byte[][] inline = decodeInline(in);
                        if (inline == null) {
                            return null;
                        }
                        if (inline.length > 0) {
                            return inline;
                        }
                        continue;
                    }
                    long count = readHeaderNumber(in, "too big mbulk count string");
                    if (count == NEED_MORE) {
                        return null;
                    }
                    if (count == INVALID || count > RespLimits.MULTIBULK_MAX) {
                        throw new RespProtocolException("invalid multibulk length");
                    }
                    if (count > RespLimits.UNAUTHENTICATED_MULTIBULK_MAX && !limits.authenticated()) {
                        throw new RespProtocolException("unauthenticated multibulk length");
                    }
                    if (count <= 0) {
                        continue;
                    }
                    argCount = (int) count;
                    argIndex = 0;
                    argv = new byte[Math.min(argCount, INITIAL_ARGS)][];
                    state = State.ARG_HEADER;
                }
                case ARG_HEADER -> {
                    if (!in.isReadable()) {
                        return null;
                    }
                    byte first = in.getByte(in.readerIndex());
                    if (first != '$') {
                        if (in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r') < 0) {
                            if (in.readableBytes() > RespLimits.INLINE_MAX_BYTES) {
                                throw new RespProtocolException("too big bulk count string");
                            }
                            return null;
                        }
                        throw new RespProtocolException("expected '$', got '" + (char) (first & 0xff) + "'");
                    }
                    long length = readHeaderNumber(in, "too big bulk count string");
                    if (length == NEED_MORE) {
                        return null;
                    }
                    if (length == INVALID || length < 0 || length > limits.maxBulkLength()
                            || length > RespLimits.JVM_MAX_BULK) {
                        throw new RespProtocolException("invalid bulk length");
                    }
                    if (length > RespLimits.UNAUTHENTICATED_BULK_MAX && !limits.authenticated()) {
                        throw new RespProtocolException("unauthenticated bulk length");
                    }
                    bulkLength = (int) length;
                    state = State.ARG_DATA;
                }
                case ARG_DATA -> {
                    if (in.readableBytes() < (long) bulkLength + 2) {
                        return null;
                    }
                    byte[] arg = new byte[bulkLength];
                    in.readBytes(arg);
                    in.skipBytes(2);
                    if (argIndex == argv.length) {
                        argv = Arrays.copyOf(argv, (int) Math.min(argCount, (long) argv.length * 2));
                    }
                    argv[argIndex++] = arg;
                    if (argIndex == argCount) {
                        byte[][] done = argv;
                        argv = null;
                        state = State.START;
                        return done;
                    }
                    state = State.ARG_HEADER;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private static final long NEED_MORE = Long.MIN_VALUE;
    private static final long INVALID = Long.MIN_VALUE + 1;

    /** Reads {@code *N\r\n} or {@code $N\r\n}; consumes it only when complete. */
    private static long readHeaderNumber(ByteBuf in, String tooBigMessage) {
        int start = in.readerIndex();
        int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > RespLimits.INLINE_MAX_BYTES) {
                throw new RespProtocolException(tooBigMessage);
            }
            return NEED_MORE;
        }
        if (cr + 1 >= in.writerIndex()) {
            return NEED_MORE;
        }
        long value = parseLong(in, start + 1, cr);
        in.readerIndex(cr + 2);
        return value;
    }

    /** Redis's {@code string2ll} on a slice of the buffer; INVALID when it is not a canonical integer. */
    private static long parseLong(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return INVALID;
        }
        if (len == 1 && in.getByte(from) == '0') {
            return 0;
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            return INVALID;
        }
        byte first = in.getByte(i);
        if (first < '1' || first > '9') {
            return INVALID;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return INVALID;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static byte[][] decodeInline(ByteBuf in) {
        int start = in.readerIndex();
        int nl = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_LF);
        if (nl < 0) {
            if (in.readableBytes() > RespLimits.INLINE_MAX_BYTES) {
                throw new RespProtocolException("too big inline request");
            }
            return null;
        }
        int end = nl;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        byte[][] args = InlineSplitter.split(line);
        if (args == null) {
            throw new RespProtocolException("unbalanced quotes in request");
        }
        return args;
    }

    /** For tests and logs. */
    static String show(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            sb.append('[').append(new String(a, StandardCharsets.ISO_8859_1)).append(']');
        }
        return sb.toString();
    }
}
