// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the dispatcher needs to know about one command or subcommand.
 *
 * @param name          lower-case full name, {@code "get"} or {@code "client|list"}
 * @param arity         argument count including the name; negative means "at least"
 * @param flags         drive the dispatcher's checks (a handler never repeats them)
 * @param aclCategories categories beyond those implied by the flags, upper-case without {@code @}
 * @param keySpecs      where the keys are
 * @param group         documentation group, e.g. {@code "string"}
 * @param summary       one line for COMMAND DOCS and HELP
 * @param handler       the code; null only for containers, whose subcommands carry the handlers
 */
public record CommandSpec(String name, int arity, Set<CommandFlag> flags, List<String> aclCategories,
                          List<KeySpec> keySpecs, String group, String summary, CommandHandler handler) {
    public CommandSpec {
        Objects.requireNonNull(name, "name is null");
        flags = Set.copyOf(Objects.requireNonNull(flags, "flags is null"));
        aclCategories = List.copyOf(Objects.requireNonNull(aclCategories, "aclCategories is null"));
        keySpecs = List.copyOf(Objects.requireNonNull(keySpecs, "keySpecs is null"));
        Objects.requireNonNull(group, "group is null");
        Objects.requireNonNull(summary, "summary is null");
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }
}
