// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One set of permissions (Redis's {@code aclSelector}): the commands allowed as a bit per command id, the
 * first arguments allowed for otherwise denied commands ({@code +select|0}), key patterns and channel
 * patterns. A user has a root selector and any number of {@code (…)} selectors; a command is allowed if one
 * of them allows all of it.
 */
final class Selector {
    private final CommandIndex index;
    final boolean root;
    boolean allKeys;
    boolean allChannels;
    boolean allCommands;
    final BitSet allowed;
    /** Allowed first arguments per command id, in the order they were added. */
    final Map<Integer, List<String>> firstArgs = new LinkedHashMap<>();
    final List<KeyPattern> patterns = new ArrayList<>();
    final List<byte[]> channels = new ArrayList<>();

    Selector(CommandIndex index, boolean root, boolean allChannelsByDefault) {
        this.index = Objects.requireNonNull(index, "index is null");
        this.root = root;
        this.allChannels = allChannelsByDefault;
        this.allowed = new BitSet(index.size() + 1);
    }

    CommandIndex allowedIndex() {
        return index;
    }

    Selector copy() {
        Selector s = new Selector(index, root, allChannels);
        s.allKeys = allKeys;
        s.allCommands = allCommands;
        s.allowed.or(allowed);
        firstArgs.forEach((id, args) -> s.firstArgs.put(id, new ArrayList<>(args)));
        patterns.forEach(p -> s.patterns.add(p.copy()));
        s.channels.addAll(channels);
        return s;
    }

    /** Applies one rule (Redis's {@code ACLSetSelector}); throws {@link RuleError.Refused} when it cannot. */
    void apply(byte[] op) {
        String word = new String(op, StandardCharsets.ISO_8859_1);
        if (word.equalsIgnoreCase("allkeys") || word.equals("~*")) {
            allKeys = true;
            patterns.clear();
        } else if (word.equalsIgnoreCase("resetkeys")) {
            allKeys = false;
            patterns.clear();
        } else if (word.equalsIgnoreCase("allchannels") || word.equals("&*")) {
            allChannels = true;
            channels.clear();
        } else if (word.equalsIgnoreCase("resetchannels")) {
            allChannels = false;
            channels.clear();
        } else if (word.equalsIgnoreCase("allcommands") || word.equalsIgnoreCase("+@all")) {
            allowed.set(0, index.size() + 1);
            allCommands = true;
            firstArgs.clear();
        } else if (word.equalsIgnoreCase("nocommands") || word.equalsIgnoreCase("-@all")) {
            allowed.clear();
            allCommands = false;
            firstArgs.clear();
        } else if (op.length > 0 && (op[0] == '~' || op[0] == '%')) {
            addKeyPattern(op);
        } else if (op.length > 0 && op[0] == '&') {
            if (allChannels) {
                throw RuleError.CHANNEL_AFTER_ALL.refused();
            }
            byte[] pattern = Arrays.copyOfRange(op, 1, op.length);
            if (Users.hasSpaces(pattern)) {
                throw RuleError.SYNTAX.refused();
            }
            if (channels.stream().noneMatch(c -> Arrays.equals(c, pattern))) {
                channels.add(pattern);
            }
        } else if (op.length > 0 && op[0] == '+' && (op.length == 1 || op[1] != '@')) {
            allowCommand(word.substring(1));
        } else if (op.length > 0 && op[0] == '-' && (op.length == 1 || op[1] != '@')) {
            int id = index.lookup(word.substring(1));
            if (id < 0) {
                throw RuleError.UNKNOWN_NAME.refused();
            }
            change(id, false);
        } else if (op.length > 1 && (op[0] == '+' || op[0] == '-') && op[1] == '@') {
            Category category = Category.byName(word.substring(2));
            if (category == null) {
                throw RuleError.UNKNOWN_NAME.refused();
            }
            changeCategory(category, op[0] == '+');
        } else {
            throw RuleError.SYNTAX.refused();
        }
    }

    private void addKeyPattern(byte[] op) {
        if (allKeys) {
            throw RuleError.KEY_AFTER_ALL.refused();
        }
        boolean read = false;
        boolean write = false;
        int offset = 1;
        if (op[0] == '%') {
            for (; offset < op.length; offset++) {
                byte c = op[offset];
                if ((c == 'R' || c == 'r') && !read) {
                    read = true;
                } else if ((c == 'W' || c == 'w') && !write) {
                    write = true;
                } else if (c == '~') {
                    offset++;
                    break;
                } else {
                    throw RuleError.SYNTAX.refused();
                }
            }
            if (!read && !write) {
                throw RuleError.SYNTAX.refused();
            }
        } else {
            read = true;
            write = true;
        }
        byte[] pattern = Arrays.copyOfRange(op, Math.min(offset, op.length), op.length);
        if (Users.hasSpaces(pattern)) {
            throw RuleError.SYNTAX.refused();
        }
        for (KeyPattern existing : patterns) {
            if (existing.samePattern(pattern)) {
                existing.read |= read;
                existing.write |= write;
                allKeys = false;
                return;
            }
        }
        patterns.add(new KeyPattern(pattern, read, write));
        allKeys = false;
    }

    /** {@code +name}, {@code +container|sub} or {@code +command|first-arg}. */
    private void allowCommand(String name) {
        int bar = name.lastIndexOf('|');
        if (bar < 0) {
            int id = index.lookup(name);
            if (id < 0) {
                throw RuleError.UNKNOWN_NAME.refused();
            }
            change(id, true);
            return;
        }
        int id = index.lookup(name.substring(0, bar));
        if (id < 0) {
            throw RuleError.UNKNOWN_NAME.refused();
        }
        if (index.isSubcommand(id)) {
            throw RuleError.FIRST_ARG_OF_SUBCOMMAND.refused();
        }
        String sub = name.substring(bar + 1);
        if (sub.isEmpty()) {
            throw RuleError.SYNTAX.refused();
        }
        if (index.hasSubcommands(id)) {
            int subId = index.lookup(name);
            if (subId < 0) {
                throw RuleError.UNKNOWN_NAME.refused();
            }
            change(subId, true);
        } else {
            List<String> args = firstArgs.computeIfAbsent(id, k -> new ArrayList<>());
            if (args.stream().noneMatch(a -> a.equalsIgnoreCase(sub))) {
                args.add(sub);
            }
        }
    }

    /** Allows or denies a command and, for a container, all its subcommands (Redis's {@code ACLChangeSelectorPerm}). */
    void change(int id, boolean allow) {
        setBit(id, allow);
        firstArgs.remove(id);
        for (int sub : index.subcommands(id)) {
            setBit(sub, allow);
        }
    }

    private void setBit(int id, boolean allow) {
        if (allow) {
            allowed.set(id);
        } else {
            allowed.clear(id);
            allCommands = false;
        }
    }

    void changeCategory(Category category, boolean allow) {
        for (int id : index.roots()) {
            changeCategoryFrom(id, category, allow);
        }
    }

    private void changeCategoryFrom(int id, Category category, boolean allow) {
        if (index.inCategory(id, category)) {
            change(id, allow);
        }
        for (int sub : index.subcommands(id)) {
            changeCategoryFrom(sub, category, allow);
        }
    }

    boolean canRunFutureCommands() {
        return allowed.get(index.futureBit());
    }

    /**
     * True if the command is allowed by the bit set or by its first argument ({@code argv[1]}, or
     * {@code argv[2]} for a subcommand). NO_AUTH commands are always allowed, as in Redis.
     */
    boolean allowsCommand(int id, boolean noAuth, byte[][] argv) {
        if (allCommands || noAuth || allowed.get(id)) {
            return true;
        }
        List<String> args = firstArgs.get(id);
        if (args == null || argv.length < 2) {
            return false;
        }
        int at = index.isSubcommand(id) ? 2 : 1;
        if (at >= argv.length) {
            return false;
        }
        String first = new String(argv[at], StandardCharsets.ISO_8859_1);
        return args.stream().anyMatch(a -> a.equalsIgnoreCase(first));
    }

    /** Redis's {@code ACLSelectorCheckKey}: a pattern granting at least what the command does must match. */
    boolean allowsKey(byte[] key, boolean read, boolean write) {
        if (allKeys) {
            return true;
        }
        for (KeyPattern p : patterns) {
            if ((read && !p.read) || (write && !p.write)) {
                continue;
            }
            if (Glob.matches(p.pattern, key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Redis's {@code ACLCheckChannelAgainstList}: a channel must match one of the patterns; a pattern the
     * client subscribes to ({@code literal}) must equal one of them exactly.
     */
    boolean allowsChannel(byte[] channel, boolean literal) {
        if (allChannels) {
            return true;
        }
        return channelListAllows(channels, channel, literal);
    }

    static boolean channelListAllows(List<byte[]> list, byte[] channel, boolean literal) {
        for (byte[] pattern : list) {
            if (literal ? Arrays.equals(pattern, channel) : Glob.matches(pattern, channel)) {
                return true;
            }
        }
        return false;
    }
}
