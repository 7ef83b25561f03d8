// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.CommandSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command and subcommand with the number that indexes it in a selector's bit set (Redis's command id),
 * its categories and its place among containers. Built once, from the engine's command table, after every
 * family has registered; id {@link #futureBit()} is Redis's reserved bit meaning "commands added later".
 */
final class CommandIndex {
    private final List<CommandSpec> specs = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<List<Integer>> children = new ArrayList<>();
    private final List<Integer> parents = new ArrayList<>();
    private final List<Long> masks = new ArrayList<>();
    /** Top-level commands in table order, the order Redis walks its command dict in. */
    private final List<Integer> roots = new ArrayList<>();

    CommandIndex(List<CommandSpec> table) {
        java.util.Objects.requireNonNull(table, "table is null");
        for (CommandSpec spec : table) {
            int id = specs.size();
            specs.add(spec);
            ids.put(spec.name(), id);
            children.add(new ArrayList<>());
            masks.add(Category.maskOf(spec));
            int bar = spec.name().indexOf('|');
            Integer parent = bar < 0 ? null : ids.get(spec.name().substring(0, bar));
            parents.add(parent == null ? -1 : parent);
            if (parent == null) {
                roots.add(id);
            } else {
                children.get(parent).add(id);
            }
        }
    }

    int size() {
        return specs.size();
    }

    /** The bit set only by {@code +@all} / {@code allcommands}: the selector allows commands added later. */
    int futureBit() {
        return specs.size();
    }

    /** The id of a command ({@code "get"}) or subcommand ({@code "config|get"}) in any case, or -1. */
    int id(String name) {
        Integer id = ids.get(name.toLowerCase(Locale.ROOT));
        return id == null ? -1 : id;
    }

    CommandSpec spec(int id) {
        return specs.get(id);
    }

    String name(int id) {
        return specs.get(id).name();
    }

    List<Integer> subcommands(int id) {
        return children.get(id);
    }

    boolean hasSubcommands(int id) {
        return !children.get(id).isEmpty();
    }

    boolean isSubcommand(int id) {
        return parents.get(id) >= 0;
    }

    boolean inCategory(int id, Category category) {
        return (masks.get(id) & category.bit()) != 0;
    }

    /** Top-level commands; walk each one's {@link #subcommands} after it, as Redis walks its tables. */
    List<Integer> roots() {
        return roots;
    }

    /**
     * Redis's strict {@code lookupCommandBySds}: {@code "name"} or {@code "container|sub"}; a {@code "|"} part
     * on a command without subcommands, or more than two parts, finds nothing. Returns -1 when not found.
     */
    int lookup(String name) {
        String[] parts = name.split("\\|", -1);
        if (parts.length > 2) {
            return -1;
        }
        int base = id(parts[0]);
        if (parts.length == 1 || base < 0) {
            return base;
        }
        if (!hasSubcommands(base)) {
            return -1;
        }
        return id(parts[0] + "|" + parts[1]);
    }
}
