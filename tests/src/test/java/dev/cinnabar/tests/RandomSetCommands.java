// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;
import dev.cinnabar.tests.RandomCommands.Compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random set commands, mostly on k5 and k6. */
final class RandomSetCommands extends RandomFamily {
    private static final int HOME = 5;
    /** Choices below this have replies that are a function of the sequence alone. */
    private static final int EXACT = 12;

    RandomSetCommands(Random rnd) {
        super(rnd);
    }

    @Override
    Command command(Where where) {
        String key = key(HOME);
        return switch (rnd.nextInt(where.exactOnly() ? EXACT : EXACT + 5)) {
            case 0, 1, 2 -> cmd("SADD", key, elements(1 + rnd.nextInt(4)));
            case 3 -> cmd("SREM", key, elements(1 + rnd.nextInt(3)));
            case 4 -> cmd("SCARD", key);
            case 5 -> cmd("SISMEMBER", key, element());
            case 6 -> cmd("SMISMEMBER", key, elements(1 + rnd.nextInt(3)));
            case 7 -> cmd("SMOVE", key, key(HOME), element());
            case 8, 9 -> cmd(pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), key, keys(1 + rnd.nextInt(3)));
            case 10 -> intercard("SINTERCARD", HOME);
            case 11 -> cmd("SADD", key, element());
            // a hashtable's order is the server's own
            case 12 -> cmd(Compare.UNORDERED, "SMEMBERS", key);
            case 13 -> cmd(Compare.UNORDERED, pick("SINTER", "SUNION", "SDIFF"), homeKeys(HOME, 1 + rnd.nextInt(3)));
            case 14 -> rnd.nextBoolean() ? cmd(Compare.SHAPE, "SRANDMEMBER", key)
                    : cmd(Compare.SHAPE, "SRANDMEMBER", key, count());
            case 15 -> scan("SSCAN", key, Compare.SCAN);
            default -> cmd(Compare.UNORDERED, "SMEMBERS", key);
        };
    }

    /**
     * SPOP removes members of its own choosing, so the two servers' sets differ after it: compare how many
     * it popped, then how many are left, then delete the key so the sequence goes on from the same state.
     */
    @Override
    List<Command> group() {
        if (rnd.nextInt(12) != 0) {
            return super.group();
        }
        String key = key(HOME);
        Command spop = rnd.nextBoolean() ? cmd(Compare.SHAPE, "SPOP", key) : cmd(Compare.SHAPE, "SPOP", key, count());
        return List.of(spop, cmd("SCARD", key), cmd("DEL", key));
    }
}
