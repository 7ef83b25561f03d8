// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.command;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command the engine registers is a Redis 7.0 command and agrees with the facts it was built from. */
class CommandTableFactsTest {
    @Test
    void everyRegisteredCommandMatchesItsRedisFacts() {
        List<String> problems = new ArrayList<>();
        try (Engine engine = Engine.open()) {
            CommandFacts facts = engine.commands().facts();
            for (Command top : engine.commands().all()) {
                check(top, facts, problems);
                top.subcommands().values().forEach(sub -> check(sub, facts, problems));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void check(Command c, CommandFacts facts, List<String> problems) {
        CommandFacts.Fact fact = facts.get(c.fullName());
        if (fact == null) {
            problems.add(c.fullName() + ": not a Redis 7.0 command");
            return;
        }
        if (fact.arity() != c.spec().arity()) {
            problems.add(c.fullName() + ": arity " + c.spec().arity() + ", Redis " + fact.arity());
        }
        if (!fact.flags().equals(c.spec().flags())) {
            problems.add(c.fullName() + ": flags " + c.spec().flags() + ", Redis " + fact.flags());
        }
        if (!fact.keySpecs().equals(c.spec().keySpecs())) {
            problems.add(c.fullName() + ": key specs differ from Redis's");
        }
    }

    @Test
    void everyRegisteredSubcommandHasItsContainer() {
        try (Engine engine = Engine.open()) {
            for (Command top : engine.commands().all()) {
                for (Command sub : top.subcommands().values()) {
                    assertTrue(sub.fullName().startsWith(top.fullName() + "|"), sub.fullName());
                }
            }
        }
    }
}
