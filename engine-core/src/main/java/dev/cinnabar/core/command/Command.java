// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.command;

import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A command in the table: its spec, its facts (null for a plugin's own command), subcommands and stats. */
public final class Command {
    private final CommandSpec spec;
    private final CommandFacts.Fact fact;
    private final Command container;
    private final Map<String, Command> subcommands = new TreeMap<>();
    private final boolean write;
    private final boolean readonly;
    private final boolean denyOom;
    private final boolean noAuth;
    /** Protocol name as replies spell it: {@code "get"} or {@code "client|list"}. */
    private final String fullName;

    public long calls;
    public long microseconds;
    public long rejectedCalls;
    public long failedCalls;

    public Command(CommandSpec spec, CommandFacts.Fact fact, Command container) {
        this.spec = spec;
        this.fact = fact;
        this.container = container;
        this.write = spec.has(CommandFlag.WRITE);
        this.readonly = spec.has(CommandFlag.READONLY);
        this.denyOom = spec.has(CommandFlag.DENYOOM);
        this.noAuth = spec.has(CommandFlag.NO_AUTH);
        this.fullName = spec.name();
    }

    public CommandSpec spec() {
        return spec;
    }

    public CommandFacts.Fact fact() {
        return fact;
    }

    public Command container() {
        return container;
    }

    public String fullName() {
        return fullName;
    }

    /** The name alone, without the container: {@code "list"} for {@code client|list}. */
    public String shortName() {
        int bar = fullName.indexOf('|');
        return bar < 0 ? fullName : fullName.substring(bar + 1);
    }

    public boolean isContainer() {
        return !subcommands.isEmpty() || (fact != null && !fact.subcommands().isEmpty());
    }

    public Map<String, Command> subcommands() {
        return subcommands;
    }

    public Command subcommand(byte[] name) {
        return subcommands.get(new String(name, java.nio.charset.StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT));
    }

    public boolean isWrite() {
        return write;
    }

    public boolean isReadonly() {
        return readonly;
    }

    public boolean isDenyOom() {
        return denyOom;
    }

    public boolean isNoAuth() {
        return noAuth;
    }

    public boolean has(CommandFlag flag) {
        return spec.has(flag);
    }

    public boolean arityOk(int argc) {
        int arity = spec.arity();
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public void resetStats() {
        calls = 0;
        microseconds = 0;
        rejectedCalls = 0;
        failedCalls = 0;
    }
}
