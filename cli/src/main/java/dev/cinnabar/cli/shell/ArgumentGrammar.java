// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One command's argument grammar as {@code COMMAND DOCS} gives it (types, tokens, optional, multiple,
 * oneof and block), matched against the words typed after the command name. The match follows redis-cli
 * 7.2's hint rules: required arguments in order, a run of consecutive optional arguments in any order, a
 * multiple argument as often as the words allow; of a oneof, the alternative that takes the most words. From a match come the hint (the arguments still to come),
 * the tokens and whether a key may come next (completion), and what each typed word is (highlighting).
 */
public final class ArgumentGrammar {
    /** What a typed word is: the command's name (or subcommand), one of its tokens, a key, another value. */
    public enum Role { COMMAND, TOKEN, KEY, VALUE }

    enum Type { KEY, STRING, INTEGER, DOUBLE, PATTERN, UNIX_TIME, PURE_TOKEN, ONEOF, BLOCK }

    /** One argument of the grammar; {@code token} is null when it has none. */
    record Argument(String name, Type type, String token, boolean optional, boolean multiple, boolean multipleToken,
            List<Argument> children) {
    }

    /** A word that no token equals and every string argument takes: where a key or value could go. */
    private static final String PROBE = "\u0000probe";
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DOUBLE = Pattern.compile("(?i)[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?|[+-]?inf");

    private final List<Argument> arguments;
    private final Set<String> tokens;

    private ArgumentGrammar(List<Argument> arguments) {
        this.arguments = arguments;
        Set<String> all = new LinkedHashSet<>();
        collectTokens(arguments, all);
        this.tokens = Collections.unmodifiableSet(all);
    }

    /** The grammar of a COMMAND DOCS {@code arguments} field (RESP2 or RESP3); null when there is none. */
    static ArgumentGrammar of(RespValue arguments) {
        if (!(arguments instanceof RespValue.Array list)) {
            return null;
        }
        return new ArgumentGrammar(parse(list));
    }

    private static List<Argument> parse(RespValue.Array list) {
        List<Argument> out = new ArrayList<>();
        for (RespValue item : list.items()) {
            Map<String, RespValue> fields = fields(item);
            Type type = switch (string(fields.get("type"))) {
                case "key" -> Type.KEY;
                case "integer" -> Type.INTEGER;
                case "double" -> Type.DOUBLE;
                case "pattern" -> Type.PATTERN;
                case "unix-time" -> Type.UNIX_TIME;
                case "pure-token" -> Type.PURE_TOKEN;
                case "oneof" -> Type.ONEOF;
                case "block" -> Type.BLOCK;
                default -> Type.STRING;
            };
            Set<String> flags = new LinkedHashSet<>();
            if (fields.get("flags") instanceof RespValue.Array array) {
                array.items().forEach(f -> flags.add(string(f)));
            }
            List<Argument> children = fields.get("arguments") instanceof RespValue.Array nested ? parse(nested)
                    : List.of();
            out.add(new Argument(string(fields.get("name")), type,
                    fields.containsKey("token") ? string(fields.get("token")) : null, flags.contains("optional"),
                    flags.contains("multiple"), flags.contains("multiple_token"), children));
        }
        return List.copyOf(out);
    }

    private static void collectTokens(List<Argument> args, Set<String> into) {
        for (Argument a : args) {
            if (a.token() != null && !a.token().isEmpty()) {
                into.add(a.token());
            }
            collectTokens(a.children(), into);
        }
    }

    /** Every token of the grammar, nested ones included, once each. */
    public Set<String> tokens() {
        return tokens;
    }

    /** The words (after the command name) matched against the grammar. */
    public Match match(List<String> words) {
        Matcher m = new Matcher(words);
        int used = m.sequence(0, arguments);
        return new Match(m, used == words.size());
    }

    /**
     * What may come after {@code words}: the tokens the grammar accepts there, and whether a key goes there.
     * Null when the words do not follow the grammar (nothing is known about what comes next).
     */
    public Next next(List<String> words) {
        if (!match(words).complete()) {
            return null;
        }
        List<String> next = new ArrayList<>();
        List<String> probe = new ArrayList<>(words);
        probe.add(PROBE);
        for (String token : tokens) {
            probe.set(words.size(), token);
            Match m = match(probe);
            if (m.complete() && m.role(words.size()) == Role.TOKEN) {
                next.add(token);
            }
        }
        probe.set(words.size(), PROBE);
        Match m = match(probe);
        return new Next(List.copyOf(next), m.complete() && m.role(words.size()) == Role.KEY);
    }

    /** The tokens that may come next, and whether a key may. */
    public record Next(List<String> tokens, boolean key) {
    }

    /** The outcome of matching typed words: whether all of them follow the grammar, what each is, the hint. */
    public static final class Match {
        private final Matcher matcher;
        private final boolean complete;

        private Match(Matcher matcher, boolean complete) {
            this.matcher = matcher;
            this.complete = complete;
        }

        /** True when every word follows the grammar (arguments still to come do not matter). */
        public boolean complete() {
            return complete;
        }

        /** What word {@code index} was matched as; null when it was not matched. */
        public Role role(int index) {
            return matcher.roles[index];
        }

        /** The arguments still to come, as redis-cli 7.2 hints them; empty when the words do not match. */
        public String hint() {
            return complete ? matcher.hint(matcher.grammar(), " ") : "";
        }
    }

    /** How far one argument has been matched. */
    private static final class Progress {
        int words;
        boolean token;
        boolean value;
        boolean done;

        Progress copy() {
            Progress p = new Progress();
            p.words = words;
            p.token = token;
            p.value = value;
            p.done = done;
            return p;
        }
    }

    /** One matching pass: the progress of each argument and the role of each word. */
    private final class Matcher {
        private final List<String> words;
        private final Role[] roles;
        private final Map<Argument, Progress> progress = new IdentityHashMap<>();

        Matcher(List<String> words) {
            this.words = words;
            this.roles = new Role[words.size()];
        }

        List<Argument> grammar() {
            return arguments;
        }

        private Progress of(Argument a) {
            return progress.computeIfAbsent(a, k -> new Progress());
        }

        /** Arguments in order from word {@code from}; a run of optional ones in any order. 0 when a required one fails. */
        int sequence(int from, List<Argument> args) {
            int next = from;
            for (int i = 0; i < args.size() && next < words.size(); i++) {
                Argument a = args.get(i);
                if (a.optional()) {
                    int end = i;
                    while (end < args.size() && args.get(end).optional()) {
                        end++;
                    }
                    next += anyOrder(next, args.subList(i, end));
                    i = end - 1;
                } else {
                    int used = attempt(next, a);
                    if (used == 0) {
                        return 0;
                    }
                    next += used;
                }
            }
            return next - from;
        }

        /** Optional arguments, each at most once, in any order; an earlier one is done once a later one matches. */
        private int anyOrder(int from, List<Argument> group) {
            int next = from;
            Argument last = null;
            while (next < words.size()) {
                Argument hit = null;
                int used = 0;
                for (Argument a : group) {
                    if (of(a).words != 0) {
                        continue;
                    }
                    used = attempt(next, a);
                    if (used != 0) {
                        hit = a;
                        break;
                    }
                }
                if (hit == null) {
                    break;
                }
                if (last != null) {
                    of(last).done = true;
                }
                last = hit;
                next += used;
            }
            return next - from;
        }

        /** {@link #repeated}, leaving no trace of a failed attempt. */
        private int attempt(int from, Argument a) {
            Map<Argument, Progress> saved = snapshot(a);
            int used = repeated(from, a);
            if (used == 0) {
                restore(a, saved);
            }
            return used;
        }

        /** The argument once, then again while it is complete and words remain when it is multiple. */
        private int repeated(int from, Argument a) {
            int total = once(from, a);
            if (!a.multiple() || total == 0) {
                return total;
            }
            while (of(a).done && from + total < words.size()) {
                Map<Argument, Progress> saved = snapshot(a);
                reset(a);
                int used;
                if (a.token() != null && !a.multipleToken()) {
                    // the token comes once, before the first repetition only
                    used = value(from + total, a);
                    of(a).token = true;
                } else {
                    used = once(from + total, a);
                }
                if (used == 0) {
                    restore(a, saved);
                    break;
                }
                of(a).words = total + used;
                total += used;
            }
            // a multiple argument can always take one more
            of(a).done = false;
            return total;
        }

        /** The token, if any, then the value; a token alone counts when it is the last word. */
        private int once(int from, Argument a) {
            Progress p = of(a);
            int at = from;
            if (a.token() != null) {
                if (!a.token().equalsIgnoreCase(words.get(at))) {
                    return 0;
                }
                p.token = true;
                p.words = 1;
                roles[at] = Role.TOKEN;
                if (a.type() == Type.PURE_TOKEN) {
                    p.done = true;
                    return 1;
                }
                if (at + 1 == words.size()) {
                    return 1;
                }
                at++;
            }
            int used = value(at, a);
            if (used == 0) {
                p.words = 0;
                p.token = false;
                return 0;
            }
            return at - from + used;
        }

        /** The argument without its token: 0 when the word at {@code at} does not fit. */
        private int value(int at, Argument a) {
            Progress p = of(a);
            switch (a.type()) {
                case BLOCK -> {
                    int used = sequence(at, a.children());
                    p.words += used;
                    p.done = a.children().stream().allMatch(c -> of(c).done);
                    return used;
                }
                case ONEOF -> {
                    // the alternative that takes the most words, a token before a plain value on a tie (redis-cli
                    // takes the first that fits: CLIENT KILL's old ip:port form would swallow "ID" as a value)
                    Argument best = null;
                    int bestScore = 0;
                    for (Argument c : a.children()) {
                        Map<Argument, Progress> saved = snapshot(c);
                        Role[] savedRoles = roles.clone();
                        int used = attempt(at, c);
                        int score = used * 2 + (used > 0 && roles[at] == Role.TOKEN ? 1 : 0);
                        if (score > bestScore) {
                            best = c;
                            bestScore = score;
                        }
                        restore(c, saved);
                        System.arraycopy(savedRoles, 0, roles, 0, roles.length);
                    }
                    if (best == null) {
                        return 0;
                    }
                    int used = attempt(at, best);
                    p.words += used;
                    p.done = of(best).done;
                    return used;
                }
                case PURE_TOKEN -> {
                    return 0;
                }
                default -> {
                    String word = words.get(at);
                    boolean fits = switch (a.type()) {
                        case INTEGER, UNIX_TIME -> INTEGER.matcher(word).matches();
                        case DOUBLE -> DOUBLE.matcher(word).matches();
                        default -> true;
                    };
                    if (!fits) {
                        return 0;
                    }
                    p.words += 1;
                    p.value = true;
                    p.done = true;
                    roles[at] = a.type() == Type.KEY ? Role.KEY : Role.VALUE;
                    return 1;
                }
            }
        }

        private Map<Argument, Progress> snapshot(Argument a) {
            Map<Argument, Progress> saved = new HashMap<>();
            snapshot(a, saved);
            return saved;
        }

        private void snapshot(Argument a, Map<Argument, Progress> into) {
            Progress p = progress.get(a);
            if (p != null) {
                into.put(a, p.copy());
            }
            a.children().forEach(c -> snapshot(c, into));
        }

        private void restore(Argument a, Map<Argument, Progress> saved) {
            Progress p = saved.get(a);
            if (p == null) {
                progress.remove(a);
            } else {
                progress.put(a, p.copy());
            }
            a.children().forEach(c -> restore(c, saved));
        }

        private void reset(Argument a) {
            progress.remove(a);
            a.children().forEach(this::reset);
        }

        /** The hint for {@code args}: what each still needs, optional ones that may still come in brackets. */
        String hint(List<Argument> args, String separator) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                Argument a = args.get(i);
                if (!a.optional()) {
                    parts.add(hint(a));
                    continue;
                }
                int end = i;
                while (end < args.size() && args.get(end).optional()) {
                    end++;
                }
                // an optional argument begun but not finished comes first: it is what is being typed
                Set<Argument> begun = Collections.newSetFromMap(new IdentityHashMap<>());
                for (int j = i; j < end; j++) {
                    Progress p = of(args.get(j));
                    if (p.words != 0 && !p.done) {
                        parts.add(hint(args.get(j)));
                        begun.add(args.get(j));
                    }
                }
                // the others may still come, unless a required argument after them has started
                if (end == args.size() || of(args.get(end)).words == 0) {
                    for (int j = i; j < end; j++) {
                        if (!begun.contains(args.get(j))) {
                            parts.add(hint(args.get(j)));
                        }
                    }
                }
                i = end - 1;
            }
            StringBuilder out = new StringBuilder();
            for (String part : parts) {
                if (!part.isEmpty()) {
                    if (out.length() > 0) {
                        out.append(separator);
                    }
                    out.append(part);
                }
            }
            return out.toString();
        }

        private String hint(Argument a) {
            Progress p = of(a);
            if (p.done) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            boolean bracket = a.optional() && p.words == 0;
            if (bracket) {
                sb.append('[');
            }
            if (a.token() != null && !p.token) {
                sb.append(shown(a.token()));
                if (a.type() != Type.PURE_TOKEN) {
                    sb.append(' ');
                }
            }
            switch (a.type()) {
                case ONEOF -> {
                    if (p.words == 0) {
                        sb.append(hint(a.children(), "|"));
                    } else {
                        for (Argument c : a.children()) {
                            if (of(c).words != 0) {
                                sb.append(hint(c));
                            }
                        }
                    }
                }
                case BLOCK -> sb.append(hint(a.children(), " "));
                case PURE_TOKEN -> { }
                default -> {
                    if (!p.value) {
                        sb.append(shown(a.name()));
                    }
                }
            }
            if (a.multiple()) {
                // the repeated part is the whole unit again: what was typed of this repetition does not count
                reset(a);
                String unit = hint(a.children(), a.type() == Type.ONEOF ? "|" : " ");
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ' && sb.charAt(sb.length() - 1) != '[') {
                    sb.append(' ');
                }
                sb.append('[');
                if (a.multipleToken() && a.token() != null) {
                    sb.append(shown(a.token()));
                    if (a.type() != Type.PURE_TOKEN) {
                        sb.append(' ');
                    }
                }
                sb.append(switch (a.type()) {
                    case ONEOF, BLOCK -> unit;
                    case PURE_TOKEN -> "";
                    default -> shown(a.name());
                });
                sb.append(" ...]");
            }
            if (bracket) {
                sb.append(']');
            }
            return sb.toString().strip();
        }
    }

    /** An empty token or name shows as {@code ""}, as redis-cli shows MIGRATE's empty key. */
    private static String shown(String s) {
        return s.isEmpty() ? "\"\"" : s;
    }

    /** The fields of a RESP3 map, or of a RESP2 array of alternating names and values. */
    static Map<String, RespValue> fields(RespValue v) {
        List<RespValue> items = v instanceof RespValue.Map m ? m.entries()
                : v instanceof RespValue.Array a ? a.items() : List.of();
        Map<String, RespValue> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            fields.put(string(items.get(i)).toLowerCase(Locale.ROOT), items.get(i + 1));
        }
        return fields;
    }

    static String string(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.value(), StandardCharsets.UTF_8);
        }
        if (v instanceof RespValue.Simple s) {
            return s.value();
        }
        if (v instanceof RespValue.Verbatim t) {
            return t.text();
        }
        return "";
    }
}
