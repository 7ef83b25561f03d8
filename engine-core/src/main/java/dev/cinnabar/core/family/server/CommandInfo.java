// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.command.CommandFacts;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.KeySpec;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One COMMAND / COMMAND INFO entry as Redis 7.0's {@code addReplyCommandInfo} builds it: name, arity,
 * flags, the legacy first/last/step key range, ACL categories (those the flags imply included), tips, key
 * specs and subcommands. Derived from the command's spec and facts, so it holds for any registered
 * command. Key-spec notes are prose the facts leave out, so they are never sent.
 */
final class CommandInfo {
    /** Flags in the order COMMAND INFO lists them; Redis hides the others on purpose. */
    private static final List<CommandFlag> REPLY_FLAGS = List.of(CommandFlag.WRITE, CommandFlag.READONLY,
            CommandFlag.DENYOOM, CommandFlag.MODULE, CommandFlag.ADMIN, CommandFlag.PUBSUB, CommandFlag.NOSCRIPT,
            CommandFlag.BLOCKING, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SKIP_MONITOR,
            CommandFlag.SKIP_SLOWLOG, CommandFlag.ASKING, CommandFlag.FAST, CommandFlag.NO_AUTH,
            CommandFlag.NO_MANDATORY_KEYS, CommandFlag.NO_ASYNC_LOADING, CommandFlag.NO_MULTI,
            CommandFlag.MOVABLE_KEYS, CommandFlag.ALLOW_BUSY);
    /** ACL categories in Redis's {@code ACLCommandCategories} order. */
    static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list",
            "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
            "blocking", "dangerous", "connection", "transaction", "scripting");
    /** Key-spec flags in the order Redis lists them. */
    private static final List<String> KEY_FLAGS = List.of("RO", "RW", "OW", "RM", "ACCESS", "UPDATE", "INSERT",
            "DELETE", "NOT_KEY", "INCOMPLETE", "VARIABLE_FLAGS");

    /** The legacy key range: what COMMAND INFO's fourth to sixth fields say. */
    record LegacyRange(int firstKey, int lastKey, int step, boolean movable) {
    }

    private CommandInfo() {
    }

    static void write(ReplyWriter out, Command command) {
        CommandSpec spec = command.spec();
        LegacyRange range = legacyRange(spec.keySpecs());
        out.array(10);
        out.bulk(command.fullName());
        out.integer(spec.arity());
        Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        flags.addAll(spec.flags());
        if (range.movable()) {
            flags.add(CommandFlag.MOVABLE_KEYS);
        }
        List<String> shown = new ArrayList<>();
        for (CommandFlag f : REPLY_FLAGS) {
            if (flags.contains(f)) {
                shown.add(f == CommandFlag.MOVABLE_KEYS ? "movablekeys" : f.replyName());
            }
        }
        statusSet(out, shown);
        out.integer(range.firstKey());
        out.integer(range.lastKey());
        out.integer(range.step());
        List<String> categories = new ArrayList<>();
        for (String c : categories(spec)) {
            categories.add("@" + c);
        }
        statusSet(out, categories);
        CommandFacts.Fact fact = command.fact();
        List<String> tips = fact == null ? List.of() : fact.tips();
        out.set(tips.size());
        for (String tip : tips) {
            out.bulk(tip.toLowerCase(Locale.ROOT));
        }
        out.set(spec.keySpecs().size());
        for (KeySpec k : spec.keySpecs()) {
            keySpec(out, k);
        }
        if (command.subcommands().isEmpty()) {
            out.set(0);
        } else {
            out.array(command.subcommands().size());
            for (Command sub : command.subcommands().values()) {
                write(out, sub);
            }
        }
    }

    /** The categories of a command in Redis's order: its own plus those its flags imply. */
    static List<String> categories(CommandSpec spec) {
        Set<String> all = new java.util.HashSet<>();
        for (String c : spec.aclCategories()) {
            all.add(c.toLowerCase(Locale.ROOT));
        }
        if (spec.has(CommandFlag.WRITE)) {
            all.add("write");
        }
        // scripting commands are not counted as reads
        if (spec.has(CommandFlag.READONLY) && !all.contains("scripting")) {
            all.add("read");
        }
        if (spec.has(CommandFlag.ADMIN)) {
            all.add("admin");
            all.add("dangerous");
        }
        if (spec.has(CommandFlag.PUBSUB)) {
            all.add("pubsub");
        }
        if (spec.has(CommandFlag.FAST)) {
            all.add("fast");
        }
        if (spec.has(CommandFlag.BLOCKING)) {
            all.add("blocking");
        }
        if (!all.contains("fast")) {
            all.add("slow");
        }
        List<String> ordered = new ArrayList<>();
        for (String c : CATEGORIES) {
            if (all.contains(c)) {
                ordered.add(c);
            }
        }
        return ordered;
    }

    /**
     * Redis's {@code populateCommandLegacyRangeSpec}: the span covered by consecutive plain index/range
     * specs of step 1; any other spec, or an incomplete one, makes the keys "movable".
     */
    static LegacyRange legacyRange(List<KeySpec> specs) {
        if (specs.isEmpty()) {
            return new LegacyRange(0, 0, 0, false);
        }
        if (specs.size() == 1 && isPlainRange(specs.get(0))) {
            KeySpec k = specs.get(0);
            return new LegacyRange(k.beginIndex(), absoluteLast(k), k.step(), k.flags().contains("INCOMPLETE"));
        }
        boolean movable = false;
        int first = Integer.MAX_VALUE;
        int last = 0;
        int prevLast = 0;
        for (KeySpec k : specs) {
            if (!isPlainRange(k) || k.step() != 1 || (prevLast != 0 && prevLast != k.beginIndex() - 1)) {
                movable = true;
                continue;
            }
            if (k.flags().contains("INCOMPLETE")) {
                movable = true;
            }
            first = Math.min(first, k.beginIndex());
            int abs = k.lastKey() >= 0 ? k.lastKey() + k.beginIndex() : k.lastKey();
            // Redis compares as unsigned, so a negative (from the end) last key wins
            last = Integer.compareUnsigned(last, abs) >= 0 ? last : abs;
            prevLast = last;
        }
        if (first == Integer.MAX_VALUE) {
            return new LegacyRange(0, 0, 0, true);
        }
        return new LegacyRange(first, last, 1, movable);
    }

    private static boolean isPlainRange(KeySpec k) {
        return k.beginKeyword() == null && !k.isBeginUnknown() && !k.isKeyNum() && !k.isFindUnknown();
    }

    private static int absoluteLast(KeySpec k) {
        return k.lastKey() >= 0 ? k.lastKey() + k.beginIndex() : k.lastKey();
    }

    private static void keySpec(ReplyWriter out, KeySpec k) {
        out.map(3);
        out.bulk("flags");
        statusSet(out, keyFlags(k.flags()));
        out.bulk("begin_search");
        out.map(2);
        out.bulk("type");
        if (k.isBeginUnknown()) {
            out.bulk("unknown");
            out.bulk("spec");
            out.map(0);
        } else if (k.beginKeyword() != null) {
            out.bulk("keyword");
            out.bulk("spec");
            out.map(2);
            out.bulk("keyword");
            out.bulk(k.beginKeyword());
            out.bulk("startfrom");
            out.integer(k.beginIndex());
        } else {
            out.bulk("index");
            out.bulk("spec");
            out.map(1);
            out.bulk("index");
            out.integer(k.beginIndex());
        }
        out.bulk("find_keys");
        out.map(2);
        out.bulk("type");
        if (k.isFindUnknown()) {
            out.bulk("unknown");
            out.bulk("spec");
            out.map(0);
        } else if (k.isKeyNum()) {
            out.bulk("keynum");
            out.bulk("spec");
            out.map(3);
            out.bulk("keynumidx");
            out.integer(k.keyNumIndex());
            out.bulk("firstkey");
            out.integer(k.firstKey());
            out.bulk("keystep");
            out.integer(k.step());
        } else {
            out.bulk("range");
            out.bulk("spec");
            out.map(3);
            out.bulk("lastkey");
            out.integer(k.lastKey());
            out.bulk("keystep");
            out.integer(k.step());
            out.bulk("limit");
            out.integer(k.limit());
        }
    }

    /** Key-spec flags as replies spell them: RO, RW, OW, RM upper-case, the rest lower-case. */
    static List<String> keyFlags(List<String> flags) {
        List<String> out = new ArrayList<>();
        for (String f : KEY_FLAGS) {
            if (flags.contains(f)) {
                out.add(f.length() == 2 ? f : f.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static void statusSet(ReplyWriter out, List<String> items) {
        out.set(items.size());
        for (String s : items) {
            out.simple(s);
        }
    }
}
