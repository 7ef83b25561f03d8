// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random bit commands, mostly on k8 and the binary key: random BITFIELD programs (types of every width,
 * plain and {@code #} offsets, values at the edges of each width, every OVERFLOW mode), random BITCOUNT and
 * BITPOS ranges in BYTE and BIT units, SETBIT, GETBIT and BITOP, over strings of random bytes.
 */
final class RandomBitmapCommands extends RandomFamily {
    private static final int HOME = 8;

    RandomBitmapCommands(Random rnd) {
        super(rnd);
    }

    @Override
    Command command(Where where) {
        String key = key(HOME);
        return switch (rnd.nextInt(16)) {
            case 0, 1 -> cmd("SETBIT", key, bitOffset(), rnd.nextInt(25) == 0 ? pick("2", "-1", "x") : pick("0", "1"));
            case 2 -> cmd("GETBIT", key, bitOffset());
            case 3, 4 -> bitcount(key);
            case 5, 6 -> bitpos(key);
            case 7 -> cmd("BITOP", pick("AND", "OR", "XOR", "and", "or", "xor"),
                    concat(key, homeKeys(HOME, 1 + rnd.nextInt(3))));
            case 8 -> cmd("BITOP", "NOT", key, key(HOME));
            case 9, 10, 11 -> bitfield("BITFIELD", key, true);
            case 12 -> bitfield("BITFIELD_RO", key, rnd.nextInt(10) == 0);
            case 13 -> cmd("SET", key, randomBytes());
            case 14 -> cmd("GET", key);
            default -> cmd("STRLEN", key);
        };
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[1 + rest.length];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** A string of 0 to 40 random bytes, runs of 0x00 and 0xff more likely than chance makes them. */
    private String randomBytes() {
        int n = rnd.nextInt(41);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 0xff;
                default -> rnd.nextInt(256);
            });
        }
        return sb.toString();
    }

    /** A bit offset: mostly inside a few hundred bits, now and then far out or not an offset at all. */
    private String bitOffset() {
        return switch (rnd.nextInt(30)) {
            case 0 -> pick("-1", "x", "4294967296", "1.5", "");
            case 1 -> Integer.toString(rnd.nextInt(20000));
            default -> Integer.toString(rnd.nextInt(400));
        };
    }

    private Command bitcount(String key) {
        List<String> a = new ArrayList<>(List.of("BITCOUNT", key));
        if (rnd.nextInt(5) > 0) {
            boolean bits = rnd.nextBoolean();
            a.add(rangeIndex(bits));
            a.add(rangeIndex(bits));
            if (bits || rnd.nextBoolean()) {
                a.add(unit(bits));
            }
        }
        return cmd(a);
    }

    private Command bitpos(String key) {
        List<String> a = new ArrayList<>(List.of("BITPOS", key, rnd.nextInt(30) == 0 ? pick("2", "x") : pick("0", "1")));
        int extra = rnd.nextInt(4);
        boolean bits = extra == 3 && rnd.nextBoolean();
        if (extra >= 1) {
            a.add(rangeIndex(bits));
        }
        if (extra >= 2) {
            a.add(rangeIndex(bits));
        }
        if (extra == 3) {
            a.add(unit(bits));
        }
        return cmd(a);
    }

    /** A start or end of a range: from either end, in bytes or bits, sometimes past the string. */
    private String rangeIndex(boolean bits) {
        if (rnd.nextInt(40) == 0) {
            return pick("x", "9223372036854775807", "-9223372036854775808");
        }
        int span = bits ? 400 : 50;
        return Integer.toString(rnd.nextInt(2 * span + 1) - span);
    }

    private String unit(boolean bits) {
        if (rnd.nextInt(30) == 0) {
            return pick("bits", "x");
        }
        return bits ? pick("BIT", "bit") : pick("BYTE", "byte");
    }

    /** A BITFIELD program of one to six operations; {@code writes} allows SET and INCRBY. */
    private Command bitfield(String name, String key, boolean writes) {
        List<String> a = new ArrayList<>(List.of(name, key));
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(4) == 0) {
                a.add("OVERFLOW");
                a.add(rnd.nextInt(40) == 0 ? "x" : pick("WRAP", "SAT", "FAIL", "wrap", "sat", "fail"));
            }
            boolean signed = rnd.nextBoolean();
            int bits = 1 + rnd.nextInt(signed ? 64 : 63);
            String type = rnd.nextInt(60) == 0 ? pick("u64", "i65", "i0", "x8") : (signed ? "i" : "u") + bits;
            String offset = rnd.nextInt(4) == 0 ? "#" + rnd.nextInt(12) : Integer.toString(rnd.nextInt(200));
            int op = writes ? rnd.nextInt(3) : 0;
            switch (op) {
                case 0 -> a.addAll(List.of("GET", type, offset));
                case 1 -> a.addAll(List.of("SET", type, offset, fieldValue(signed, bits)));
                default -> a.addAll(List.of("INCRBY", type, offset, fieldValue(signed, bits)));
            }
        }
        return cmd(a);
    }

    /** A SET value or increment: small, at the edges of the width, or any 64-bit integer. */
    private String fieldValue(boolean signed, int bits) {
        long edge = signed ? (bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1))) : 0;
        long max = signed ? (bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1) : (1L << bits) - 1;
        return switch (rnd.nextInt(8)) {
            case 0 -> Long.toString(rnd.nextLong());
            case 1 -> Long.toString(edge + rnd.nextInt(5) - 2);
            case 2 -> Long.toString(max + rnd.nextInt(5) - 2);
            case 3 -> Long.toString(-max + rnd.nextInt(5) - 2);
            case 4 -> pick("9223372036854775807", "-9223372036854775808", "x", "1.5");
            case 5 -> Long.toString(rnd.nextLong() >> rnd.nextInt(64));
            default -> Integer.toString(rnd.nextInt(601) - 300);
        };
    }
}
