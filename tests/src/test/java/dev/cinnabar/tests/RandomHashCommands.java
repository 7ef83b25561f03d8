// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;
import dev.cinnabar.tests.RandomCommands.Compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random hash commands, mostly on k1 and k2. */
final class RandomHashCommands extends RandomFamily {
    private static final int HOME = 1;
    /** Choices below this have replies that are a function of the sequence alone. */
    private static final int EXACT = 13;

    RandomHashCommands(Random rnd) {
        super(rnd);
    }

    @Override
    Command command(Where where) {
        String key = key(HOME);
        return switch (rnd.nextInt(where.exactOnly() ? EXACT : EXACT + 5)) {
            case 0, 1 -> hset(pick("HSET", "HSET", "HMSET"), key);
            case 2 -> cmd("HSETNX", key, element(), value());
            case 3, 11 -> cmd("HGET", key, element());
            case 4 -> cmd("HMGET", key, elements(1 + rnd.nextInt(3)));
            case 5 -> cmd("HDEL", key, elements(1 + rnd.nextInt(3)));
            case 6 -> cmd("HLEN", key);
            case 7 -> cmd("HEXISTS", key, element());
            case 8 -> cmd("HSTRLEN", key, element());
            case 9 -> cmd("HINCRBY", key, element(), integerArg());
            case 10 -> cmd("HINCRBYFLOAT", key, element(), floatArg());
            case 12 -> rnd.nextBoolean() ? cmd("HLEN", key) : hset("HSET", key);
            // a hashtable's order is the server's own: as a multiset of field-value pairs
            case 13 -> cmd(Compare.PAIRS, "HGETALL", key);
            case 14 -> cmd(Compare.UNORDERED, pick("HKEYS", "HVALS"), key);
            case 15 -> randomPick("HRANDFIELD", key, "WITHVALUES");
            case 16 -> scan("HSCAN", key, Compare.SCAN_PAIRS);
            default -> cmd(Compare.PAIRS, "HGETALL", key);
        };
    }

    private Command hset(String name, String key) {
        List<String> a = new ArrayList<>(List.of(name, key));
        int pairs = 1 + rnd.nextInt(3);
        for (int i = 0; i < pairs; i++) {
            a.add(element());
            a.add(value());
        }
        return cmd(a);
    }
}
