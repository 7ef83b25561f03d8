// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;
import dev.cinnabar.tests.RandomCommands.Compare;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What the generators of random commands share: one seeded {@link Random}, the key space, argument pools
 * with edge cases, and building commands. Keys and values are written with chars 0-255 standing for bytes.
 */
abstract class RandomArgs {
    static final String[] KEYS = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "b\u0000\u00ff"};
    static final String[] INTEGERS = {"0", "1", "-1", "2", "10", "42", "-100", "9999", "10000",
        "123456789", "9223372036854775807", "-9223372036854775808", "9223372036854775806", "-9223372036854775807",
        "18446744073709551616", "007", "-0", " 5", "+5", "5 ", "1e3", "0x10", ""};
    static final String[] FLOATS = {"0", "1.5", "-0.5", "3.0", "0.1", "-0.1", "1e10", "-1e-5", "2.5e-3",
        "10.25", "5.0e3", "1.7976931348623157e308", "-1.7976931348623157e308", "inf", "-inf", "+inf", "nan",
        "1e309", "0x1p3", " 1.5", "1.5 ", "1,5", ".5", "5.", "00.5", "1E2", "3.14159265358979323846"};
    static final String[] TEXTS = {"", "a", "abc", "hello world", "foo bar baz", "\u00e9", "x".repeat(44),
        "y".repeat(45), "ab".repeat(40), "\u0000\u00ff\r\n", "\r\n", "12abc", "-", "*"};
    static final String[] PATTERNS = {"*", "k*", "k?", "k[0-4]", "k[^0-4]", "*1", "b*", "*\u00ff",
        "k[", "\\k*", "nope*", "k[1-3]*", "?"};
    /**
     * Collection elements (fields, members): few, so they collide; integers keep sets in intset; one longer
     * than every {@code *-max-listpack-value} the run sets, to force the conversion.
     */
    static final String[] ELEMENTS = {"a", "b", "c", "d", "e", "abc", "1", "2", "3", "-7", "100", "0",
        "9223372036854775807", "\u0000\u00ff", "z".repeat(70)};

    /** Where a command is sent, which limits what it may be. */
    enum Where {
        /** Anything, its reply compared in any of the {@link Compare} ways. */
        TOP,
        /** Inside MULTI: only replies compared byte for byte (EXEC returns them in one array). */
        IN_MULTI,
        /** On the second connection between WATCH and EXEC: byte for byte, and never blocking. */
        OTHER;

        boolean exactOnly() {
            return this != TOP;
        }
    }

    final Random rnd;

    RandomArgs(Random rnd) {
        this.rnd = rnd;
    }

    /**
     * A blocking command's timeout: a few milliseconds, so an empty key costs little; inside MULTI, where
     * blocking commands never block, also 0 (forever).
     */
    String timeout(Where where) {
        return where == Where.IN_MULTI && rnd.nextBoolean() ? "0" : pick("0.01", "0.02");
    }

    String value() {
        int r = rnd.nextInt(20);
        if (r < 7) {
            return integerArg();
        }
        if (r < 11) {
            return floatArg();
        }
        return pick(TEXTS);
    }

    String integerArg() {
        return rnd.nextBoolean() ? pick(INTEGERS) : Integer.toString(rnd.nextInt(2001) - 1000);
    }

    String floatArg() {
        return switch (rnd.nextInt(3)) {
            case 0 -> pick(FLOATS);
            case 1 -> Integer.toString(rnd.nextInt(200) - 100);
            default -> Double.toString((rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(12) - 4));
        };
    }

    /** A small count, now and then zero, negative, huge or not a number. */
    String count() {
        return switch (rnd.nextInt(12)) {
            case 0 -> pick("0", "-1", "-5");
            case 1 -> pick("9223372036854775807", "-9223372036854775808", "x", "1.5", "100");
            default -> Integer.toString(1 + rnd.nextInt(5));
        };
    }

    /** An index into a list or a rank range: mostly small, positive or from the end. */
    String index() {
        return rnd.nextInt(15) == 0 ? pick("9223372036854775807", "-9223372036854775808", "x", "1.0")
                : Integer.toString(rnd.nextInt(16) - 8);
    }

    String element() {
        return pick(ELEMENTS);
    }

    String[] elements(int n) {
        String[] e = new String[n];
        for (int i = 0; i < n; i++) {
            e[i] = element();
        }
        return e;
    }

    String key() {
        return KEYS[rnd.nextInt(KEYS.length)];
    }

    String[] keys(int n) {
        String[] k = new String[n];
        for (int i = 0; i < n; i++) {
            k[i] = key();
        }
        return k;
    }

    /**
     * A key of a collection family: mostly one of its two home keys, so collections grow; otherwise any key,
     * so commands meet other types (WRONGTYPE) and strings meet collections.
     */
    String key(int home) {
        return rnd.nextInt(4) == 0 ? key() : KEYS[home + rnd.nextInt(2)];
    }

    /** {@code n} keys of a collection family, as {@link #key(int)} picks them. */
    String[] homeKeys(int home, int n) {
        String[] k = new String[n];
        for (int i = 0; i < n; i++) {
            k[i] = key(home);
        }
        return k;
    }

    @SafeVarargs
    final <T> T pick(T... choices) {
        return choices[rnd.nextInt(choices.length)];
    }

    /**
     * {@code NAME key 0 [MATCH p] COUNT 1000}, whose COUNT covers the whole table, so one call returns every
     * element in the server's own order; now and then an invalid cursor.
     */
    Command scan(String name, String key, Compare compare) {
        if (rnd.nextInt(10) == 0) {
            return cmd(name, key, pick("x", "1.5", "18446744073709551616"));
        }
        List<String> a = new ArrayList<>(List.of(name, key, "0"));
        if (rnd.nextInt(3) == 0) {
            a.addAll(List.of("MATCH", pick("*", "a*", "?", "[a-c]", "1*", "z*", "nope")));
        }
        a.addAll(List.of("COUNT", "1000"));
        return cmd(compare, a.toArray(String[]::new));
    }

    /** HRANDFIELD / ZRANDMEMBER key [count [WITH…]]: random picks, compared by their number only. */
    Command randomPick(String name, String key, String withOption) {
        return switch (rnd.nextInt(3)) {
            case 0 -> cmd(Compare.SHAPE, name, key);
            case 1 -> cmd(Compare.SHAPE, name, key, count());
            default -> cmd(Compare.SHAPE, name, key, pick("-3", "2", "10", "-1", "0"), withOption);
        };
    }

    /** SINTERCARD / ZINTERCARD numkeys key… [LIMIT n], now and then a wrong numkeys. */
    Command intercard(String name, int home) {
        int n = 1 + rnd.nextInt(3);
        List<String> a = new ArrayList<>(List.of(name, rnd.nextInt(15) == 0 ? pick("0", "-1", "5", "x")
                : Integer.toString(n)));
        a.addAll(List.of(homeKeys(home, n)));
        if (rnd.nextBoolean()) {
            a.addAll(List.of("LIMIT", pick("0", "1", "2", "-1", "x")));
        }
        return cmd(a);
    }

    /** The command with its last argument dropped or one more added: arity and syntax errors. */
    Command mutated(Command c) {
        byte[][] argv = c.argv();
        byte[][] changed = rnd.nextBoolean() && argv.length > 1
                ? Arrays.copyOf(argv, argv.length - 1)
                : Arrays.copyOf(argv, argv.length + 1);
        if (changed.length > argv.length) {
            changed[argv.length] = bytes(pick("extra", "NX", "XX", "EX", "10", "KEEPTTL", "GET", "REPLACE",
                    "COUNT", "WITHSCORES", "LIMIT"));
        }
        return new Command(false, changed, Compare.EXACT);
    }

    static Command cmd(String... all) {
        return cmd(Compare.EXACT, all);
    }

    static Command cmd(Compare compare, String... all) {
        return new Command(false, args(all), compare);
    }

    static Command cmd(List<String> all) {
        return cmd(all.toArray(String[]::new));
    }

    static Command cmd(String name, String[] rest) {
        String[] all = new String[1 + rest.length];
        all[0] = name;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return cmd(all);
    }

    static Command cmd(String name, String key, String[] rest) {
        String[] all = new String[2 + rest.length];
        all[0] = name;
        all[1] = key;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return cmd(all);
    }

    static Command cmd(Compare compare, String name, String[] rest) {
        Command c = cmd(name, rest);
        return new Command(false, c.argv(), compare);
    }

    static byte[][] args(String... all) {
        byte[][] argv = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            argv[i] = bytes(all[i]);
        }
        return argv;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
