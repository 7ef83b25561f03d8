// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

import java.util.Arrays;

/** SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP on string values, as Redis 7.0's bitops.c. */
final class BitCommands {
    private static final RedisError BAD_BIT = RedisError.err("bit is not an integer or out of range");
    private static final RedisError BITPOS_BIT = RedisError.err("The bit argument must be 1 or 0.");
    private static final RedisError BITOP_NOT_KEYS = RedisError.err("BITOP NOT must be called with a single source key.");
    private static final byte[] EMPTY = {};

    private enum BitOp { AND, OR, XOR, NOT }

    /** SETBIT key offset value */
    void setbit(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        long offset = BitArguments.offset(ctx, args.get(2), false, 0);
        long on = Numbers.parseLong(args.get(3), BAD_BIT);
        if ((on & ~1L) != 0) {
            throw BAD_BIT;
        }
        Keyspace ks = ctx.keyspace();
        byte[] value = ks.getString(key);
        byte[] grown = grow(value, BitArguments.length((offset >>> 3) + 1));
        int old = Bits.get(grown, offset);
        if (grown != value || old != on) {
            Bits.set(grown, offset, (int) on);
            if (grown != value) {
                ks.replace(key, grown);
            }
            ctx.modified(key, KeyEvent.STRING, "setbit");
        }
        ctx.reply().integer(old);
    }

    /** GETBIT key offset */
    void getbit(CommandContext ctx, Arguments args) {
        long offset = BitArguments.offset(ctx, args.get(2), false, 0);
        byte[] value = BitArguments.read(ctx, args.get(1));
        ctx.reply().integer(value == null ? 0 : Bits.get(value, offset));
    }

    /** BITCOUNT key [start end [BYTE | BIT]] */
    void bitcount(CommandContext ctx, Arguments args) {
        // Redis 7.0 looks the key up before it reads the range: a missing key is 0 whatever the arguments
        byte[] s = BitArguments.read(ctx, args.get(1));
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        long start;
        long end;
        int firstMask = 0;
        int lastMask = 0;
        if (args.size() == 4 || args.size() == 5) {
            start = args.longValue(2);
            end = args.longValue(3);
            if (start < 0 && end < 0 && start > end) {
                ctx.reply().integer(0);
                return;
            }
            boolean isBit = args.size() == 5 && bitUnit(args.get(4));
            long total = isBit ? (long) s.length << 3 : s.length;
            Range r = Range.clamp(start, end, total);
            start = r.start;
            end = r.end;
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (args.size() == 2) {
            start = 0;
            end = s.length - 1;
        } else {
            throw Errors.SYNTAX;
        }
        if (start > end) {
            ctx.reply().integer(0);
            return;
        }
        long count = Bits.popcount(s, (int) start, (int) (end - start + 1));
        // the edge bytes were counted whole: take back the bits outside the range
        if (firstMask != 0) {
            count -= Integer.bitCount(s[(int) start] & firstMask);
        }
        if (lastMask != 0) {
            count -= Integer.bitCount(s[(int) end] & lastMask);
        }
        ctx.reply().integer(count);
    }

    /** BITPOS key bit [start [end [BYTE | BIT]]] */
    void bitpos(CommandContext ctx, Arguments args) {
        long bitArg = args.longValue(2);
        if (bitArg != 0 && bitArg != 1) {
            throw BITPOS_BIT;
        }
        int bit = (int) bitArg;
        byte[] s = BitArguments.read(ctx, args.get(1));
        if (s == null) {
            // a missing key is an endless run of 0 bits
            ctx.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        long start;
        long end;
        boolean endGiven = false;
        int firstMask = 0;
        int lastMask = 0;
        int argc = args.size();
        if (argc >= 4 && argc <= 6) {
            start = args.longValue(3);
            boolean isBit = argc == 6 && bitUnit(args.get(5));
            if (argc >= 5) {
                end = args.longValue(4);
                endGiven = true;
            } else {
                end = s.length - 1;
            }
            long total = isBit ? (long) s.length << 3 : s.length;
            Range r = Range.clamp(start, end, total);
            start = r.start;
            end = r.end;
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (argc == 3) {
            start = 0;
            end = s.length - 1;
        } else {
            throw Errors.SYNTAX;
        }
        if (start > end) {
            // an empty range holds neither a 0 nor a 1
            ctx.reply().integer(-1);
            return;
        }
        ctx.reply().integer(position(s, bit, (int) start, (int) end, firstMask, lastMask, endGiven));
    }

    /**
     * The search of {@code bitposCommand} over bytes {@code start..end}, the edge bytes masked in BIT mode;
     * ends as Redis's does, including its answers when only the bits past the range differ.
     */
    static long position(byte[] p, int bit, int start, int end, int firstMask, int lastMask, boolean endGiven) {
        long bytes = end - start + 1;
        long pos;
        found:
        {
            if (firstMask != 0) {
                int c = bit == 1 ? p[start] & ~firstMask : p[start] | firstMask;
                if (lastMask != 0 && bytes == 1) {
                    c = bit == 1 ? c & ~lastMask : c | lastMask;
                }
                pos = Bits.position(c, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) {
                    break found;
                }
                start++;
                bytes--;
            }
            long middle = bytes - (lastMask != 0 ? 1 : 0);
            if (middle > 0) {
                pos = Bits.position(p, start, (int) middle, bit);
                if (bytes == middle || (pos != -1 && pos != middle << 3)) {
                    break found;
                }
                start += (int) middle;
                bytes -= middle;
            }
            int c = bit == 1 ? p[end] & ~lastMask : p[end] | lastMask;
            pos = Bits.position(c, bit);
        }
        // with an explicit end the bits past the range are not zero padding: no 0 found is -1
        if (endGiven && bit == 0 && pos == bytes << 3) {
            return -1;
        }
        return pos == -1 ? -1 : pos + ((long) start << 3);
    }

    /** BITOP AND | OR | XOR | NOT destkey key [key ...] */
    void bitop(CommandContext ctx, Arguments args) {
        byte[] name = args.get(1);
        BitOp op;
        if (BitArguments.token(name, "and")) {
            op = BitOp.AND;
        } else if (BitArguments.token(name, "or")) {
            op = BitOp.OR;
        } else if (BitArguments.token(name, "xor")) {
            op = BitOp.XOR;
        } else if (BitArguments.token(name, "not")) {
            op = BitOp.NOT;
        } else {
            throw Errors.SYNTAX;
        }
        if (op == BitOp.NOT && args.size() != 4) {
            throw BITOP_NOT_KEYS;
        }
        int n = args.size() - 3;
        byte[][] sources = new byte[n][];
        int maxLength = 0;
        for (int i = 0; i < n; i++) {
            byte[] s = BitArguments.read(ctx, args.get(3 + i));
            sources[i] = s == null ? EMPTY : s;
            maxLength = Math.max(maxLength, sources[i].length);
        }
        byte[] result = maxLength == 0 ? null : compute(op, sources, maxLength);
        ctx.storeResult(args.get(2), result, KeyEvent.STRING, "set");
        ctx.reply().integer(maxLength);
    }

    private static byte[] compute(BitOp op, byte[][] sources, int length) {
        byte[] out = Arrays.copyOf(sources[0], length);
        if (op == BitOp.NOT) {
            for (int j = 0; j < length; j++) {
                out[j] = (byte) ~out[j];
            }
            return out;
        }
        for (int i = 1; i < sources.length; i++) {
            byte[] s = sources[i];
            int common = Math.min(s.length, length);
            switch (op) {
                case AND -> {
                    for (int j = 0; j < common; j++) {
                        out[j] &= s[j];
                    }
                    // missing bytes count as zeros
                    Arrays.fill(out, common, length, (byte) 0);
                }
                case OR -> {
                    for (int j = 0; j < common; j++) {
                        out[j] |= s[j];
                    }
                }
                default -> {
                    for (int j = 0; j < common; j++) {
                        out[j] ^= s[j];
                    }
                }
            }
        }
        return out;
    }

    /** BIT or BYTE, as a C string compared without case; syntax error otherwise. */
    private static boolean bitUnit(byte[] arg) {
        if (BitArguments.token(arg, "bit")) {
            return true;
        }
        if (BitArguments.token(arg, "byte")) {
            return false;
        }
        throw Errors.SYNTAX;
    }

    /** {@code value} grown with zero bytes to at least {@code length} (a new array), or itself if long enough. */
    static byte[] grow(byte[] value, int length) {
        if (value == null) {
            return new byte[length];
        }
        return value.length >= length ? value : Arrays.copyOf(value, length);
    }

    /** A start-end range with negative indexes from the end, clamped to {@code [0, total - 1]} as Redis does. */
    private record Range(long start, long end) {
        static Range clamp(long start, long end, long total) {
            if (start < 0) {
                start = total + start;
            }
            if (end < 0) {
                end = total + end;
            }
            if (start < 0) {
                start = 0;
            }
            if (end < 0) {
                end = 0;
            }
            if (end >= total) {
                end = total - 1;
            }
            return new Range(start, end);
        }
    }
}
