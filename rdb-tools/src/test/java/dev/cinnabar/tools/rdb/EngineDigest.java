// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.spi.ValueType;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * For tests that compare values the engine decoded (salvage: the records of the intact file and of the
 * salvaged one): a 128-bit fingerprint of a value's content, independent of its encoding (listpack or
 * hashtable …), built from the commands the value's own type writes for an AOF rewrite. Lists, strings and unknown
 * types hash their elements in order; sets, hashes and sorted sets add up one hash per member (or
 * field/value, member/score pair), so the order a table happens to iterate in does not matter. Two values
 * with the same fingerprint are the same value (up to a 2^-128 collision).
 */
final class EngineDigest {
    private EngineDigest() {
    }

    /** The fingerprint of {@code value}, prefixed by its type's name. */
    @SuppressWarnings("unchecked")
    static ValueDigest.Fingerprint of(ValueType<?> type, Object value) {
        Acc acc = new Acc(type.name());
        if (value instanceof byte[] s) {
            acc.ordered(s);
        } else {
            ((ValueType<Object>) type).rewrite(new byte[0], value, argv -> {
                // argv: COMMAND key elements…; the command name and key carry no content
                int group = acc.group;
                for (int i = 2; i + group <= argv.length; i += group) {
                    if (group == 1 && !acc.unordered) {
                        acc.ordered(argv[i]);
                    } else {
                        acc.element(Arrays.copyOfRange(argv, i, i + group));
                    }
                }
                if (acc.whole) {
                    acc.ordered(argv);
                }
            });
        }
        return acc.result();
    }

    private static final class Acc {
        final String type;
        final int group;
        final boolean unordered;
        /** Types this class does not know: every command, whole and in order. */
        final boolean whole;
        private final MessageDigest ordered = sha();
        private long sumHi;
        private long sumLo;

        Acc(String type) {
            this.type = type;
            switch (type) {
                case "list", "string" -> { group = 1; unordered = false; whole = false; }
                case "set" -> { group = 1; unordered = true; whole = false; }
                case "hash", "zset" -> { group = 2; unordered = true; whole = false; }
                default -> { group = Integer.MAX_VALUE / 2; unordered = false; whole = true; }
            }
        }

        void ordered(byte[]... parts) {
            for (byte[] p : parts) {
                lengthPrefixed(ordered, p);
            }
        }

        void element(byte[][] parts) {
            MessageDigest d = sha();
            for (byte[] p : parts) {
                lengthPrefixed(d, p);
            }
            byte[] h = d.digest();
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = hi << 8 | (h[i] & 0xff);
                lo = lo << 8 | (h[8 + i] & 0xff);
            }
            long newLo = sumLo + lo;
            sumHi += hi + (Long.compareUnsigned(newLo, sumLo) < 0 ? 1 : 0);
            sumLo = newLo;
        }

        ValueDigest.Fingerprint result() {
            byte[] h = ordered.digest();
            long hi = sumHi;
            long lo = sumLo;
            for (int i = 0; i < 8; i++) {
                hi ^= (long) (h[i] & 0xff) << (8 * (7 - i));
                lo ^= (long) (h[8 + i] & 0xff) << (8 * (7 - i));
            }
            return new ValueDigest.Fingerprint(type, hi, lo);
        }

        private static void lengthPrefixed(MessageDigest d, byte[] p) {
            int n = p.length;
            d.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            d.update(p);
        }

        private static MessageDigest sha() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JRE", e);
            }
        }
    }
}
