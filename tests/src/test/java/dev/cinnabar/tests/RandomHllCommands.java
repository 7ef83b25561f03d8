// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random HyperLogLog commands, mostly on k0 and k1: element sets small and large (so values cross the sparse
 * to dense promotion at the seed's {@code hll-sparse-max-bytes}), merges of several keys, and the registers
 * and bytes read back (PFDEBUG GETREG, GET) to compare them with Redis's.
 */
final class RandomHllCommands extends RandomFamily {
    private static final int HOME = 0;

    RandomHllCommands(Random rnd) {
        super(rnd);
    }

    @Override
    Command command(Where where) {
        String key = key(HOME);
        return switch (rnd.nextInt(14)) {
            case 0, 1, 2, 3 -> cmd("PFADD", key, hllElements(rnd.nextInt(8) == 0 ? 50 + rnd.nextInt(400)
                    : rnd.nextInt(6)));
            case 4, 5 -> cmd("PFCOUNT", key);
            case 6 -> cmd("PFCOUNT", homeKeys(HOME, 2 + rnd.nextInt(3)));
            case 7, 8 -> cmd("PFMERGE", key, homeKeys(HOME, rnd.nextInt(4)));
            case 9 -> cmd("PFDEBUG", pick("ENCODING", "DECODE", "TODENSE"), key);
            case 10 -> cmd("PFDEBUG", "GETREG", key);
            case 11 -> cmd("GET", key);
            case 12 -> cmd("STRLEN", key);
            default -> cmd("PFADD", key, element());
        };
    }

    /** Elements from a large space, so most of them set a register, with a few of the shared pool. */
    private String[] hllElements(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rnd.nextInt(10) == 0 ? element() : Integer.toString(rnd.nextInt(1_000_000)));
        }
        return out.toArray(String[]::new);
    }
}
