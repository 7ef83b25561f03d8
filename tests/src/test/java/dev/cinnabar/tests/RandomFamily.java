// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;
import dev.cinnabar.tests.RandomCommands.Compare;

import java.nio.charset.StandardCharsets;

import java.util.List;
import java.util.Random;
import java.util.Set;

/** The random commands of one collection family, for {@link RandomCommands}. */
abstract class RandomFamily extends RandomArgs {
    private static final Set<String> BLOCKING = Set.of("BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP",
            "BZPOPMIN", "BZPOPMAX", "BZMPOP");

    RandomFamily(Random rnd) {
        super(rnd);
    }

    /** One command that may be sent {@code where}. */
    abstract Command command(Where where);

    /** The next commands at the top level: usually one, a few when a random reply must be made up for. */
    List<Command> group() {
        return List.of(command(Where.TOP, true));
    }

    /**
     * One command, now and then with an argument too few or too many when {@code mayMutate}. Only commands
     * compared byte for byte, whose mutants still are (an extra key for SINTER is not), and never a blocking
     * one (BLPOP k 0.01 with one more argument waits ten seconds).
     */
    Command command(Where where, boolean mayMutate) {
        Command c = command(where);
        if (!mayMutate || rnd.nextInt(15) != 0 || c.compare() != Compare.EXACT
                || BLOCKING.contains(new String(c.argv()[0], StandardCharsets.ISO_8859_1))) {
            return c;
        }
        return mutated(c);
    }
}
