// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of command sequences over the string and key families, the collection families it is
 * given (hashes, lists, sets, sorted sets, geo sets, HyperLogLogs, bitmaps: {@link RandomFamily}), SELECT,
 * MULTI/EXEC/WATCH and DBSIZE/FLUSHDB/FLUSHALL/SWAPDB, on a key space of ten keys in databases 0-2 shared by every type. Every
 * command it makes has a reply that is a function of the sequence alone, or is compared only in what is:
 * expiries are either already past or at least 1000 s away, GT/LT compare only absolute times, replies in a
 * hash table's order are compared as multisets, and random picks by their size; so two servers that run
 * the same sequence must answer the same.
 */
final class RandomCommands extends RandomArgs {
    /** How a reply is compared between the two servers. */
    enum Compare {
        /** Byte for byte. */
        EXACT,
        /** The top-level array as a multiset (KEYS). */
        UNORDERED,
        /** Integer replies by class only: -2, -1 or positive (TTL and PTTL run at different instants). */
        TTL_CLASS,
        /**
         * EXPIRETIME and PEXPIRETIME: exact for an absolute expiry (within {@link #ABSOLUTE_SPAN_SECONDS} of
         * the generator's future base), by class for one set relative to a clock that the two servers read at
         * different instants.
         */
        EXPIRE_TIME,
        /** The top-level array as a multiset of consecutive pairs (HGETALL in RESP2; maps always are). */
        PAIRS,
        /** Random picks (SRANDMEMBER, SPOP…): the same type and number of elements, or null both. */
        SHAPE,
        /** A [cursor, elements] scan reply: the cursor exactly, the elements as a multiset. */
        SCAN,
        /** As {@link #SCAN}, the elements as a multiset of field-value or member-score pairs. */
        SCAN_PAIRS,
        /** DUMP: exactly for a string; a collection's serialized form is not Redis's byte for byte yet. */
        DUMP
    }

    /** The collection families whose commands are generated. */
    enum Family { HASH, LIST, SET, ZSET, GEO, HLL, BITMAP, STREAM }

    /** One command; {@code other} sends it on the second connection, which stays in db 0. */
    record Command(boolean other, byte[][] argv, Compare compare) {
        String text() {
            StringBuilder sb = new StringBuilder(other ? "[other] " : "");
            for (byte[] a : argv) {
                if (sb.length() > (other ? 8 : 0)) {
                    sb.append(' ');
                }
                sb.append('"').append(RawReply.show(a).replace("\"", "\\\"")).append('"');
            }
            return sb.toString();
        }
    }

    /** Absolute expiries that should not fire lie in [futureSeconds, futureSeconds + this]. */
    static final long ABSOLUTE_SPAN_SECONDS = 3000;
    /** Unix seconds at least a day ahead, the base of every absolute expiry that should not fire. */
    private final long futureSeconds;
    private final List<RandomFamily> families = new ArrayList<>();

    RandomCommands(Random rnd, long futureSeconds, Set<Family> families) {
        super(rnd);
        this.futureSeconds = futureSeconds;
        for (Family f : families) {
            this.families.add(switch (f) {
                case HASH -> new RandomHashCommands(rnd);
                case LIST -> new RandomListCommands(rnd);
                case SET -> new RandomSetCommands(rnd);
                case ZSET -> new RandomZsetCommands(rnd);
                case GEO -> new RandomGeoCommands(rnd);
                case HLL -> new RandomHllCommands(rnd);
                case BITMAP -> new RandomBitmapCommands(rnd);
                case STREAM -> new RandomStreamCommands(rnd);
            });
        }
    }

    /** The next group of commands: one command or a few of a family, a MULTI/EXEC block, or a WATCH scenario. */
    List<Command> next() {
        int r = rnd.nextInt(100);
        if (r < 7) {
            return block(false);
        }
        if (r < 10) {
            return block(true);
        }
        RandomFamily family = family();
        return family != null ? family.group() : List.of(single(false));
    }

    /** A collection family for three commands in five when there are any, else null. */
    private RandomFamily family() {
        return families.isEmpty() || rnd.nextInt(5) < 2 ? null : families.get(rnd.nextInt(families.size()));
    }

    private List<Command> block(boolean watch) {
        List<Command> out = new ArrayList<>();
        if (watch) {
            out.add(cmd("WATCH", keys(1 + rnd.nextInt(3))));
            // a write by this or another client between WATCH and EXEC may or may not touch the watched keys
            switch (rnd.nextInt(4)) {
                case 0, 1 -> out.add(onOther());
                case 2 -> out.add(single(false));
                default -> { }
            }
        }
        out.add(cmd("MULTI"));
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            out.add(single(true));
        }
        out.add(rnd.nextInt(8) == 0 ? cmd("DISCARD") : cmd("EXEC"));
        return out;
    }

    /** One command; inside MULTI only commands whose reply can be compared byte for byte. */
    private Command single(boolean inMulti) {
        RandomFamily family = inMulti ? family() : null;
        if (family != null) {
            return family.command(Where.IN_MULTI, true);
        }
        int choice = rnd.nextInt(inMulti ? 34 : 38);
        if (choice == 33) {
            return mutated(base(rnd.nextInt(31), inMulti));
        }
        return base(choice, inMulti);
    }

    private Command base(int choice, boolean inMulti) {
        return switch (choice) {
            case 0, 1 -> set();
            case 2, 3 -> cmd("GET", key());
            case 4 -> cmd("APPEND", key(), value());
            case 5 -> cmd(pick("INCR", "DECR"), key());
            case 6 -> cmd(pick("INCRBY", "DECRBY"), key(), integerArg());
            case 7, 8 -> cmd("INCRBYFLOAT", key(), floatArg());
            case 9 -> cmd(pick("GETRANGE", "SUBSTR"), key(), offset(), offset());
            case 10 -> cmd("SETRANGE", key(), rnd.nextInt(30) == 0 ? pick("536870912", "-1", "x")
                    : Integer.toString(rnd.nextInt(24)), value());
            case 11 -> mset();
            case 12 -> cmd("MGET", keys(1 + rnd.nextInt(4)));
            case 13 -> cmd("GETDEL", key());
            case 14 -> getex();
            case 15 -> rnd.nextBoolean() ? cmd("STRLEN", key()) : cmd(pick("SETNX", "GETSET"), key(), value());
            case 16 -> cmd(pick("DEL", "UNLINK"), keys(1 + rnd.nextInt(3)));
            case 17 -> cmd(pick("EXISTS", "TOUCH"), keys(1 + rnd.nextInt(4)));
            case 18 -> cmd("TYPE", key());
            case 19 -> cmd(pick("RENAME", "RENAMENX"), key(), key());
            case 20 -> copy();
            case 21 -> expireRelative();
            case 22 -> expireAbsolute();
            case 23 -> cmd("PERSIST", key());
            case 24 -> cmd("SELECT", rnd.nextInt(20) == 0 ? pick("16", "-1", "x", "1.0") : db());
            case 25 -> cmd("MOVE", key(), db());
            case 26 -> {
                String name = pick("SETEX", "PSETEX");
                yield cmd(name, key(), expireAmount(name), value());
            }
            // not OBJECT ENCODING: Cinnabar derives a string's encoding from its bytes, while Redis keeps how the
            // value was made (INCRBYFLOAT's "72" is embstr, APPEND's "abc" is raw); see docs/compatibility.md
            case 27 -> cmd("STRLEN", key());
            // in a hash table's order for some collections: not where it must be compared byte for byte
            case 28 -> inMulti && !families.isEmpty() ? cmd("STRLEN", key()) : cmd(Compare.DUMP, "DUMP", key());
            case 29 -> lcs();
            case 30 -> cmd(pick("MSETNX", "MSET"), key(), value(), key(), value());
            case 31 -> server();
            case 32 -> inMulti ? (rnd.nextBoolean() ? cmd("MULTI") : cmd("WATCH", key()))
                    : cmd(pick("EXEC", "DISCARD", "UNWATCH"));
            case 34 -> new Command(false, args(pick("TTL", "PTTL"), key()), Compare.TTL_CLASS);
            case 35 -> new Command(false, args(pick("EXPIRETIME", "PEXPIRETIME"), key()), Compare.EXPIRE_TIME);
            case 36, 37 -> new Command(false, args("KEYS", pick(PATTERNS)), Compare.UNORDERED);
            default -> throw new IllegalStateException("no command " + choice);
        };
    }

    private Command set() {
        List<String> a = new ArrayList<>(List.of("SET", key(), value()));
        if (rnd.nextInt(3) == 0) {
            a.add(pick("NX", "XX"));
        }
        if (rnd.nextInt(4) == 0) {
            a.add("GET");
        }
        switch (rnd.nextInt(8)) {
            case 0 -> {
                String unit = pick("EX", "PX");
                a.addAll(List.of(unit, expireAmount(unit)));
            }
            case 1 -> {
                // never a past time: SET keeps such a key until active expiry reclaims it, so DBSIZE would
                // depend on when each server's expiry cycle runs (EXPIREAT and GETEX delete at once)
                String unit = pick("EXAT", "PXAT");
                a.addAll(List.of(unit, rnd.nextInt(10) == 0 ? "0" : futureTime(unit)));
            }
            case 2 -> a.add("KEEPTTL");
            default -> { }
        }
        if (rnd.nextInt(30) == 0) {
            a.add(pick("NX", "XX", "KEEPTTL", "EX", "GET", "PX", "1"));
        }
        if (rnd.nextInt(6) == 0) {
            shuffleTail(a, 3);
        }
        return cmd(a.toArray(String[]::new));
    }

    /** Mostly DBSIZE; now and then a whole database emptied or two swapped, which WATCH must notice. */
    private Command server() {
        return switch (rnd.nextInt(12)) {
            case 0 -> cmd("SWAPDB", db(), db());
            case 1 -> rnd.nextBoolean() ? cmd("FLUSHDB") : cmd("FLUSHDB", pick("SYNC", "ASYNC"));
            case 2 -> rnd.nextInt(4) == 0 ? cmd("FLUSHALL") : cmd("SWAPDB", db(), pick("16", "-1", "x"));
            default -> cmd("DBSIZE");
        };
    }

    private Command getex() {
        return switch (rnd.nextInt(6)) {
            case 0 -> {
                String unit = pick("EX", "PX");
                yield cmd("GETEX", key(), unit, expireAmount(unit));
            }
            case 1 -> {
                String unit = pick("EXAT", "PXAT");
                yield cmd("GETEX", key(), unit, absoluteTime(unit));
            }
            case 2 -> cmd("GETEX", key(), "PERSIST");
            case 3 -> cmd("GETEX", key(), "PERSIST", "EX", "100");
            default -> cmd("GETEX", key());
        };
    }

    private Command mset() {
        int pairs = 1 + rnd.nextInt(3);
        String[] a = new String[1 + 2 * pairs];
        a[0] = pick("MSET", "MSET", "MSETNX");
        for (int i = 0; i < pairs; i++) {
            a[1 + 2 * i] = key();
            a[2 + 2 * i] = value();
        }
        return cmd(a);
    }

    private Command copy() {
        List<String> a = new ArrayList<>(List.of("COPY", key(), key()));
        if (rnd.nextBoolean()) {
            a.addAll(List.of("DB", db()));
        }
        if (rnd.nextBoolean()) {
            a.add("REPLACE");
        }
        return cmd(a.toArray(String[]::new));
    }

    /** EXPIRE or PEXPIRE with a relative time that is past, far away or out of range; NX/XX only. */
    private Command expireRelative() {
        String name = pick("EXPIRE", "PEXPIRE");
        List<String> a = new ArrayList<>(List.of(name, key(), expireAmount(name)));
        if (rnd.nextInt(3) == 0) {
            a.add(pick("NX", "XX"));
        }
        if (rnd.nextInt(20) == 0) {
            a.add(pick("NX", "XX", "ZZ"));
        }
        return cmd(a.toArray(String[]::new));
    }

    /** EXPIREAT or PEXPIREAT: absolute times compare the same on both servers, so GT/LT are safe here. */
    private Command expireAbsolute() {
        String name = pick("EXPIREAT", "PEXPIREAT");
        List<String> a = new ArrayList<>(List.of(name, key(), absoluteTime(name)));
        if (rnd.nextInt(2) == 0) {
            a.add(pick("NX", "XX", "GT", "LT"));
        }
        return cmd(a.toArray(String[]::new));
    }

    private Command lcs() {
        List<String> a = new ArrayList<>(List.of("LCS", key(), key()));
        switch (rnd.nextInt(4)) {
            case 0 -> a.add("LEN");
            case 1 -> {
                a.add("IDX");
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("MINMATCHLEN", Integer.toString(rnd.nextInt(4))));
                }
                if (rnd.nextBoolean()) {
                    a.add("WITHMATCHLEN");
                }
            }
            default -> { }
        }
        return cmd(a.toArray(String[]::new));
    }

    /**
     * A relative expiry for a command or option whose name starts with P when it is in milliseconds. It never
     * fires during a run unless it is not positive, and when in range it ends before {@link #futureSeconds},
     * so an EXPIRETIME in the absolute span came from an absolute time and must be the same on both servers.
     */
    private String expireAmount(String unit) {
        long seconds = 1000 + rnd.nextInt(49_000);
        return switch (rnd.nextInt(10)) {
            case 0 -> pick("0", "-1", "-100");
            case 1 -> pick("9223372036854775807", "9223372036854774", "-9223372036854775808", "abc", "1.5", "");
            default -> Long.toString(unit.startsWith("P") ? seconds * 1000 + rnd.nextInt(1000) : seconds);
        };
    }

    /** An absolute expiry for an {@code …AT} option or command: mostly far ahead, sometimes already past. */
    private String absoluteTime(String unit) {
        return switch (rnd.nextInt(8)) {
            case 0 -> Long.toString(1 + rnd.nextInt(1_000_000));
            case 1 -> "0";
            default -> futureTime(unit);
        };
    }

    /** An absolute time in the span after {@link #futureSeconds}, in milliseconds when {@code unit} is P…. */
    private String futureTime(String unit) {
        long seconds = futureSeconds + rnd.nextInt(4) * (ABSOLUTE_SPAN_SECONDS / 3);
        return Long.toString(unit.startsWith("P") ? seconds * 1000 + rnd.nextInt(3) : seconds);
    }

    private String offset() {
        return rnd.nextInt(12) == 0 ? pick("9223372036854775807", "-9223372036854775808", "x")
                : Integer.toString(rnd.nextInt(30) - 12);
    }

    private String db() {
        return Integer.toString(rnd.nextInt(3));
    }

    private void shuffleTail(List<String> a, int from) {
        for (int i = a.size() - 1; i > from; i--) {
            int j = from + rnd.nextInt(i - from + 1);
            a.set(i, a.set(j, a.get(i)));
        }
    }

    /** A command for the second connection, which stays in db 0 and out of MULTI: anything but SELECT. */
    private Command onOther() {
        RandomFamily family = family();
        int choice = rnd.nextInt(31);
        Command c = family != null ? family.command(Where.OTHER) : base(choice < 24 ? choice : choice + 1, false);
        return new Command(true, c.argv(), c.compare());
    }

}
