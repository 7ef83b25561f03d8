// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.command;

import dev.cinnabar.spi.CommandHandler;
import dev.cinnabar.spi.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every registered command, looked up by name case-insensitively without allocating: an open-addressing
 * table keyed by the lower-cased ASCII hash of the name.
 */
public final class CommandTable {
    private final CommandFacts facts;
    private final Map<String, Command> byName = new TreeMap<>();
    private Command[] slots = new Command[0];
    private byte[][] slotNames = new byte[0][];
    private int mask;

    public CommandTable(CommandFacts facts) {
        this.facts = facts;
    }

    public CommandFacts facts() {
        return facts;
    }

    /** Registers a command Redis defines: its spec comes from the facts. */
    public Command register(String name, CommandHandler handler) {
        String lower = name.toLowerCase(Locale.ROOT);
        CommandFacts.Fact fact = facts.get(lower);
        if (fact == null) {
            throw new IllegalArgumentException("Redis 7.0 has no command '" + name
                    + "'; register it with a full CommandSpec");
        }
        CommandSpec spec = new CommandSpec(lower, fact.arity(), fact.flags(), fact.aclCategories(), fact.keySpecs(),
                fact.group(), Summaries.of(lower), handler);
        return add(spec, fact);
    }

    /** Registers a command with a spec of its own (plugins' commands). */
    public Command register(CommandSpec spec) {
        return add(spec, facts.get(spec.name()));
    }

    private Command add(CommandSpec spec, CommandFacts.Fact fact) {
        String name = spec.name();
        int bar = name.indexOf('|');
        if (bar < 0) {
            Command existing = byName.get(name);
            if (existing != null && existing.spec().handler() != null) {
                throw new IllegalArgumentException("command '" + name + "' is registered twice");
            }
            Command command = new Command(spec, fact, null);
            if (existing != null) {
                command.subcommands().putAll(existing.subcommands());
            }
            byName.put(name, command);
            rebuildIndex();
            return command;
        }
        String parentName = name.substring(0, bar);
        Command parent = byName.get(parentName);
        if (parent == null) {
            CommandFacts.Fact parentFact = facts.get(parentName);
            if (parentFact == null) {
                throw new IllegalArgumentException("no container command '" + parentName + "'");
            }
            CommandSpec parentSpec = new CommandSpec(parentName, parentFact.arity(), parentFact.flags(),
                    parentFact.aclCategories(), parentFact.keySpecs(), parentFact.group(),
                    Summaries.of(parentName), null);
            parent = new Command(parentSpec, parentFact, null);
            byName.put(parentName, parent);
            rebuildIndex();
        }
        String sub = name.substring(bar + 1);
        if (parent.subcommands().containsKey(sub)) {
            throw new IllegalArgumentException("command '" + name + "' is registered twice");
        }
        Command command = new Command(spec, fact, parent);
        parent.subcommands().put(sub, command);
        return command;
    }

    private void rebuildIndex() {
        int capacity = Integer.highestOneBit(Math.max(16, byName.size() * 4) - 1) << 1;
        slots = new Command[capacity];
        slotNames = new byte[capacity][];
        mask = capacity - 1;
        for (Command c : byName.values()) {
            byte[] n = c.fullName().getBytes(StandardCharsets.US_ASCII);
            int i = hashLower(n) & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = c;
            slotNames[i] = n;
        }
    }

    private static int hashLower(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
        return h ^ (h >>> 16);
    }

    /** The top-level command named by {@code name} in any case, or null. */
    public Command lookup(byte[] name) {
        int i = hashLower(name) & mask;
        while (true) {
            byte[] candidate = slotNames[i];
            if (candidate == null) {
                return null;
            }
            if (equalsLower(candidate, name)) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * The command a command line names: the subcommand when its container has subcommands and the line
     * names one ({@code CONFIG GET …}), else the top-level command; null when either is unknown.
     */
    public Command lookup(byte[][] argv) {
        Command cmd = argv.length == 0 ? null : lookup(argv[0]);
        if (cmd != null && argv.length >= 2 && !cmd.subcommands().isEmpty()) {
            cmd = cmd.subcommand(argv[1]);
        }
        return cmd;
    }

    private static boolean equalsLower(byte[] lower, byte[] any) {
        if (lower.length != any.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            byte b = any[i];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    public Command get(String lowerName) {
        int bar = lowerName.indexOf('|');
        if (bar < 0) {
            return byName.get(lowerName);
        }
        Command parent = byName.get(lowerName.substring(0, bar));
        return parent == null ? null : parent.subcommands().get(lowerName.substring(bar + 1));
    }

    /** Top-level commands by name. */
    public Collection<Command> all() {
        return Collections.unmodifiableCollection(byName.values());
    }
}
