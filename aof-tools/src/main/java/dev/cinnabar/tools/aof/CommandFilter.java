// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.command.CommandTable;
import dev.cinnabar.core.family.server.KeyFinder;
import dev.cinnabar.tools.rdb.KeyFilter;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Which commands of an AOF touch the databases and keys of a {@link KeyFilter}: the history of a key, or of
 * a database, as {@code aof convert --to jsonl --key …} prints it. Keys are found as the server finds them
 * (the command's key specs). A command selects when it runs in a selected database (or moves or copies into
 * one) and, under a key filter, names a matching key; FLUSHALL and SWAPDB always select (they change every
 * key of the databases they name), FLUSHDB when its database is selected. Transactions are not kept whole:
 * MULTI and EXEC name no key.
 */
final class CommandFilter {
    private final CommandTable commands;
    private final KeyFilter filter;

    CommandFilter(CommandTable commands, KeyFilter filter) {
        this.commands = commands;
        this.filter = filter;
    }

    /** Whether {@code argv}, run with {@code db} selected, touches the filter's databases and keys. */
    boolean selects(byte[][] argv, long db) {
        Command cmd = commands.lookup(argv);
        if (cmd == null) {
            return false;
        }
        String name = cmd.fullName();
        switch (name) {
            case "flushall":
                return true;
            case "swapdb":
                return argv.length == 3 && (filter.matchesDb(number(argv[1])) || filter.matchesDb(number(argv[2])));
            case "flushdb":
                return filter.matchesDb(db);
            default:
                break;
        }
        long target = targetDb(name, argv);
        if (!filter.matchesDb(db) && !(target >= 0 && filter.matchesDb(target))) {
            return false;
        }
        if (!filter.filtersKeys()) {
            return true;
        }
        for (KeyFinder.Key k : KeyFinder.find(cmd, argv)) {
            if (filter.matchesKey(argv[k.pos()])) {
                return true;
            }
        }
        return false;
    }

    /** The other database MOVE KEY DB or COPY SRC DST DB N writes into; -1 when none (or not a number). */
    static long targetDb(String name, byte[][] argv) {
        if (name.equals("move") && argv.length == 3) {
            return number(argv[2]);
        }
        long target = -1;
        if (name.equals("copy")) {
            for (int i = 3; i + 1 < argv.length; i++) {
                if (new String(argv[i], UTF_8).equalsIgnoreCase("db")) {
                    target = number(argv[i + 1]);
                }
            }
        }
        return target;
    }

    private static long number(byte[] arg) {
        try {
            return Long.parseLong(new String(arg, UTF_8));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
