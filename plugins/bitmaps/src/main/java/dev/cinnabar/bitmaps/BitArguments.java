// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

import java.util.Arrays;

/** Parsing of the bit commands' arguments with bitops.c's rules and error texts. */
final class BitArguments {
    static final RedisError BAD_OFFSET = RedisError.err("bit offset is not an integer or out of range");
    static final RedisError BAD_TYPE = RedisError.err(
            "Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
    /** The largest byte[] a JVM allocates; a longer string cannot exist here, whatever proto-max-bulk-len says. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** A BITFIELD integer type such as {@code i16} or {@code u8}. */
    record FieldType(boolean signed, int bits) {
    }

    private BitArguments() {
    }

    /**
     * Redis's {@code getBitOffsetFromArgument}: a bit offset whose byte lies below {@code proto-max-bulk-len};
     * with {@code hash} and a {@code #N} argument, N fields of {@code bits} bits (the product wraps as in C).
     */
    static long offset(CommandContext ctx, byte[] arg, boolean hash, int bits) {
        boolean useHash = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
        long offset = Numbers.parseLong(useHash ? Arrays.copyOfRange(arg, 1, arg.length) : arg, BAD_OFFSET);
        if (useHash) {
            offset *= bits;
        }
        if (offset < 0 || (offset >> 3) >= protoMaxBulkLen(ctx)) {
            throw BAD_OFFSET;
        }
        return offset;
    }

    /**
     * Redis's {@code getBitfieldTypeFromArgument}: {@code i1}-{@code i64} or {@code u1}-{@code u63}. The width
     * is read as a C string, so it ends at a NUL byte.
     */
    static FieldType fieldType(byte[] arg) {
        int end = cLength(arg);
        if (end == 0 || (arg[0] != 'i' && arg[0] != 'u')) {
            throw BAD_TYPE;
        }
        boolean signed = arg[0] == 'i';
        long bits = Numbers.parseLong(Arrays.copyOfRange(arg, 1, end), BAD_TYPE);
        if (bits < 1 || bits > (signed ? 64 : 63)) {
            throw BAD_TYPE;
        }
        return new FieldType(signed, (int) bits);
    }

    /**
     * True if the argument read as a C string (up to a NUL byte) equals {@code lowerToken} ignoring ASCII
     * case, as Redis's {@code strcasecmp} on an argument compares.
     */
    static boolean token(byte[] arg, String lowerToken) {
        if (cLength(arg) != lowerToken.length()) {
            return false;
        }
        for (int i = 0; i < lowerToken.length(); i++) {
            int c = arg[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerToken.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Redis's {@code checkStringLength} for a string that must reach {@code bytes} bytes: growth past what a
     * Java array holds fails with Redis's error for too long a string.
     */
    static int length(long bytes) {
        if (bytes < 0 || bytes > MAX_ARRAY) {
            throw Errors.STRING_TOO_LONG;
        }
        return (int) bytes;
    }

    /**
     * A read lookup of a string, as Redis's {@code lookupKeyRead} and type check: null when missing (firing
     * {@code keymiss}), WRONGTYPE for another type.
     */
    static byte[] read(CommandContext ctx, byte[] key) {
        byte[] value = ctx.keyspace().getString(key);
        if (value == null) {
            ctx.notify(key, KeyEvent.KEY_MISS, "keymiss");
        }
        return value;
    }

    static long protoMaxBulkLen(CommandContext ctx) {
        return Long.parseLong(ctx.services().config("proto-max-bulk-len"));
    }

    private static int cLength(byte[] arg) {
        for (int i = 0; i < arg.length; i++) {
            if (arg[i] == 0) {
                return i;
            }
        }
        return arg.length;
    }
}
