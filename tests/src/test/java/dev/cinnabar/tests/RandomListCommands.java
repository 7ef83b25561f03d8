// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random list commands, mostly on k3 and k4: every reply is a function of the sequence. */
final class RandomListCommands extends RandomFamily {
    private static final int HOME = 3;

    RandomListCommands(Random rnd) {
        super(rnd);
    }

    @Override
    Command command(Where where) {
        String key = key(HOME);
        return switch (rnd.nextInt(where == Where.OTHER ? 19 : 21)) {
            case 0, 1, 2 -> cmd(pick("LPUSH", "RPUSH"), key, elements(1 + rnd.nextInt(4)));
            case 3 -> cmd(pick("LPUSHX", "RPUSHX"), key, elements(1 + rnd.nextInt(2)));
            case 4 -> rnd.nextBoolean() ? cmd(pick("LPOP", "RPOP"), key) : cmd(pick("LPOP", "RPOP"), key, count());
            case 5 -> cmd("LLEN", key);
            case 6 -> cmd("LINDEX", key, index());
            case 7 -> cmd("LSET", key, index(), element());
            case 8, 9 -> cmd("LRANGE", key, index(), index());
            case 10 -> cmd("LTRIM", key, index(), index());
            case 11 -> cmd("LREM", key, pick("0", "1", "-1", "2", "-2", "x"), element());
            case 12 -> cmd("LINSERT", key, pick("BEFORE", "AFTER", "before", "MIDDLE"), element(), element());
            case 13 -> lpos(key);
            case 14 -> cmd("LMOVE", key, key(HOME), side(), side());
            case 15 -> cmd("RPOPLPUSH", key, key(HOME));
            case 16 -> mpop("LMPOP", List.of());
            case 17 -> cmd("LRANGE", key, "0", "-1");
            case 18 -> cmd(pick("LPUSH", "RPUSH"), key, element());
            // blocking: at once when a list has elements, else after the timeout (never inside MULTI)
            case 19 -> {
                List<String> a = new ArrayList<>(List.of(pick("BLPOP", "BRPOP")));
                a.addAll(List.of(homeKeys(HOME, 1 + rnd.nextInt(2))));
                a.add(timeout(where));
                yield cmd(a);
            }
            default -> switch (rnd.nextInt(3)) {
                case 0 -> cmd("BLMOVE", key, key(HOME), side(), side(), timeout(where));
                case 1 -> cmd("BRPOPLPUSH", key, key(HOME), timeout(where));
                default -> mpop("BLMPOP", List.of(timeout(where)));
            };
        };
    }

    private String side() {
        return rnd.nextInt(20) == 0 ? pick("UP", "left") : pick("LEFT", "RIGHT");
    }

    private Command lpos(String key) {
        List<String> a = new ArrayList<>(List.of("LPOS", key, element()));
        if (rnd.nextBoolean()) {
            a.addAll(List.of("RANK", pick("1", "-1", "2", "-2", "0", "-9223372036854775808", "x")));
        }
        if (rnd.nextBoolean()) {
            a.addAll(List.of("COUNT", pick("0", "1", "2", "-1")));
        }
        if (rnd.nextInt(3) == 0) {
            a.addAll(List.of("MAXLEN", pick("0", "1", "3", "-1")));
        }
        return cmd(a);
    }

    /** LMPOP / BLMPOP [timeout] numkeys key… LEFT|RIGHT [COUNT n], now and then a wrong numkeys. */
    private Command mpop(String name, List<String> timeout) {
        List<String> a = new ArrayList<>(List.of(name));
        a.addAll(timeout);
        int n = 1 + rnd.nextInt(2);
        a.add(rnd.nextInt(15) == 0 ? pick("0", "-1", "3", "x") : Integer.toString(n));
        for (int i = 0; i < n; i++) {
            a.add(key(HOME));
        }
        a.add(side());
        if (rnd.nextBoolean()) {
            a.addAll(List.of("COUNT", count()));
        }
        return cmd(a);
    }
}
