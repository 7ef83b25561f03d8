// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.command.CommandTable;
import dev.cinnabar.core.family.server.KeyFinder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code aof inspect}'s statistics from {@link AofChecker}'s events, in bounded memory: a command histogram
 * (at most {@link #MAX_NAMES} distinct names), writes per database (following SELECT, each file starting
 * in db 0), the {@code #TS:} timeline, per-file sizes and command counts, and the commands that would fail
 * on replay because the engine's command table does not know them or their argument count is wrong
 * (counted, with the first {@link #MAX_SAMPLES} listed), key writes per database (exact), and the keys
 * written most often (exact up to {@link #trackedKeys(int)} distinct keys, bounds past it): each key a write
 * command writes (found as the server finds them, through the command's key specs, read-only keys such as
 * SORT's source left out) counts once per command, in at most {@link #trackedKeys(int)} counters.
 */
public final class AofInspector implements AofVisitor {
    /** Distinct command names kept in the histogram; the rest are counted under {@link #OTHER}. */
    public static final int MAX_NAMES = 1_000;
    public static final String OTHER = "(other names, cap reached)";
    /** Failing commands listed with their place. */
    public static final int MAX_SAMPLES = 20;
    /** Keys counted at least, whatever the top asked: below it, counts are exact. */
    public static final int MIN_TRACKED_KEYS = 100_000;

    /** One file: name, role (base, incr, file), size in bytes, commands. */
    public static final class FileStats {
        public final String name;
        public final String role;
        public final long size;
        public long commands;

        FileStats(String name, String role, long size) {
            this.name = name;
            this.role = role;
            this.size = size;
        }
    }

    /** A command that would fail on replay. */
    public record Failing(String file, long offset, String command, String reason) {
    }

    private final CommandTable commands;
    private final Map<String, Long> histogram = new TreeMap<>();
    private final TreeMap<Long, Long> writesPerDb = new TreeMap<>();
    private final TreeMap<Long, Long> keyWritesPerDb = new TreeMap<>();
    private final List<FileStats> files = new ArrayList<>();
    private final List<Failing> failing = new ArrayList<>();
    private long failingCount;
    private long total;
    private long db;
    private long prevTs;
    private long firstTs = -1;
    private long lastTs = -1;
    private long tsCount;
    private final int top;
    private final TopKeyCounter keyWrites;

    /** @param commands the engine's command table, which decides what replay would refuse */
    public AofInspector(CommandTable commands) {
        this(commands, 10);
    }

    /** @param top how many of the most written keys {@link #topKeys()} lists */
    public AofInspector(CommandTable commands, int top) {
        this.commands = commands;
        this.top = top;
        this.keyWrites = new TopKeyCounter(trackedKeys(top));
    }

    /** Distinct keys counted for a top of {@code top}: enough that the top is exact or nearly. */
    public static int trackedKeys(int top) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_TRACKED_KEYS, 100L * top));
    }

    @Override
    public void file(String name, String role, long size) {
        files.add(new FileStats(name, role, size));
        db = 0;
        prevTs = -1;
    }

    @Override
    public void command(byte[][] argv, long offset, long lastTsSeen) {
        total++;
        files.get(files.size() - 1).commands++;
        if (lastTsSeen >= 0 && lastTsSeen != prevTs) {
            prevTs = lastTsSeen;
            tsCount++;
            if (firstTs < 0) {
                firstTs = lastTsSeen;
            }
            lastTs = lastTsSeen;
        }
        Command cmd = commands.lookup(argv[0]);
        if (cmd != null && argv.length >= 2 && !cmd.subcommands().isEmpty()) {
            Command sub = cmd.subcommand(argv[1]);
            cmd = sub != null ? sub : cmd;
        }
        String name = cmd != null ? cmd.fullName() : new String(argv[0], UTF_8).toLowerCase(java.util.Locale.ROOT);
        if (histogram.containsKey(name) || histogram.size() < MAX_NAMES) {
            histogram.merge(name, 1L, Long::sum);
        } else {
            histogram.merge(OTHER, 1L, Long::sum);
        }
        if (cmd == null) {
            fail(offset, name, "unknown command");
            return;
        }
        if (!cmd.arityOk(argv.length)) {
            fail(offset, name, "wrong number of arguments (" + argv.length + ", arity " + cmd.spec().arity() + ")");
            return;
        }
        if (name.equals("select")) {
            try {
                db = Long.parseLong(new String(argv[1], UTF_8));
            } catch (NumberFormatException e) {
                fail(offset, name, "database is not an integer");
            }
        } else if (cmd.isWrite()) {
            writesPerDb.merge(db, 1L, Long::sum);
            long target = CommandFilter.targetDb(name, argv);
            for (KeyFinder.Key k : KeyFinder.find(cmd, argv)) {
                if (!k.flags().contains("RO")) {
                    // MOVE's key and COPY ... DB n's destination are written in the other db
                    boolean elsewhere = target >= 0 && (name.equals("move") || k.pos() == 2);
                    long into = elsewhere ? target : db;
                    keyWrites.add(into, argv[k.pos()]);
                    keyWritesPerDb.merge(into, 1L, Long::sum);
                    if (elsewhere && name.equals("move")) {
                        // the key also leaves the current db
                        keyWrites.add(db, argv[k.pos()]);
                        keyWritesPerDb.merge(db, 1L, Long::sum);
                    }
                }
            }
        }
    }

    private void fail(long offset, String name, String reason) {
        failingCount++;
        if (failing.size() < MAX_SAMPLES) {
            failing.add(new Failing(files.get(files.size() - 1).name, offset, name, reason));
        }
    }

    public long commands() {
        return total;
    }

    /** Command name (as the table names it, "config|set" for a subcommand) → count, by name. */
    public Map<String, Long> histogram() {
        return histogram;
    }

    /** Write commands per database (exact): each counts once, in the db selected when it ran. */
    public Map<Long, Long> writesPerDb() {
        return writesPerDb;
    }

    /**
     * Key writes per database (exact): each key a write command writes counts once in the db it is written
     * in (MOVE counts its key in both databases, COPY ... DB n its destination in n).
     */
    public Map<Long, Long> keyWritesPerDb() {
        return keyWritesPerDb;
    }

    /** The most written keys, most first; counts are upper bounds, exact unless {@link #topKeysExact()} is false. */
    public List<TopKeyCounter.Entry> topKeys() {
        return keyWrites.top(top);
    }

    /** True if no more distinct keys were written than were counted: every count of the top is exact. */
    public boolean topKeysExact() {
        return keyWrites.exact();
    }

    public List<FileStats> files() {
        return files;
    }

    public List<Failing> failingSamples() {
        return failing;
    }

    public long failingCount() {
        return failingCount;
    }

    /** first, last (Unix seconds, -1 if none) and count of distinct consecutive #TS values before commands. */
    public Map<String, Long> timeline() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("first", firstTs);
        m.put("last", lastTs);
        m.put("count", tsCount);
        return m;
    }
}
