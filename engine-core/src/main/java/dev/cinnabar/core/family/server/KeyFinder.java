// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.KeySpec;
import dev.cinnabar.spi.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the keys of a command line for COMMAND GETKEYS and GETKEYSANDFLAGS as Redis 7.0's
 * {@code getKeysFromCommandWithSpecs}: key specs first, unless one has variable flags; the command's
 * own key-finding procedure where the specs cannot tell (unknown or incomplete specs, bad counts).
 */
public final class KeyFinder {
    /** A key's position in the command line and its key-spec flags (as the facts spell them). */
    public record Key(int pos, List<String> flags) {
    }

    private static final List<String> NONE = List.of();
    /** What C's atoi reads: optional blanks and sign, then digits. */
    private static final Pattern LEADING_INT = Pattern.compile("^\\s*[+-]?\\d+");
    private static final List<String> RO_ACCESS = List.of("RO", "ACCESS");
    private static final List<String> OW_UPDATE = List.of("OW", "UPDATE");
    private static final List<String> RW_ACCESS_UPDATE = List.of("RW", "ACCESS", "UPDATE");
    private static final List<String> RW_ACCESS_DELETE = List.of("RW", "ACCESS", "DELETE");

    /** The commands that have a key-finding procedure of their own in Redis 7.0 ({@code *GetKeys} in db.c). */
    private static final Map<String, Function<byte[][], List<Key>>> PROCEDURES = Map.ofEntries(
            Map.entry("zunion", argv -> counted(0, 1, 2, argv)),
            Map.entry("zinter", argv -> counted(0, 1, 2, argv)),
            Map.entry("zdiff", argv -> counted(0, 1, 2, argv)),
            Map.entry("zintercard", argv -> counted(0, 1, 2, argv)),
            Map.entry("zunionstore", argv -> counted(1, 2, 3, argv)),
            Map.entry("zinterstore", argv -> counted(1, 2, 3, argv)),
            Map.entry("zdiffstore", argv -> counted(1, 2, 3, argv)),
            Map.entry("sintercard", argv -> counted(0, 1, 2, argv)),
            Map.entry("eval", argv -> counted(0, 2, 3, argv)),
            Map.entry("evalsha", argv -> counted(0, 2, 3, argv)),
            Map.entry("eval_ro", argv -> counted(0, 2, 3, argv)),
            Map.entry("evalsha_ro", argv -> counted(0, 2, 3, argv)),
            Map.entry("fcall", argv -> counted(0, 2, 3, argv)),
            Map.entry("fcall_ro", argv -> counted(0, 2, 3, argv)),
            Map.entry("lmpop", argv -> counted(0, 1, 2, argv)),
            Map.entry("zmpop", argv -> counted(0, 1, 2, argv)),
            Map.entry("blmpop", argv -> counted(0, 2, 3, argv)),
            Map.entry("bzmpop", argv -> counted(0, 2, 3, argv)),
            Map.entry("sort", KeyFinder::sort),
            Map.entry("sort_ro", argv -> List.of(new Key(1, RO_ACCESS))),
            Map.entry("migrate", KeyFinder::migrate),
            Map.entry("georadius", KeyFinder::georadius),
            Map.entry("georadiusbymember", KeyFinder::georadius),
            Map.entry("xread", KeyFinder::xread),
            Map.entry("xreadgroup", KeyFinder::xread),
            Map.entry("set", KeyFinder::set),
            Map.entry("bitfield", KeyFinder::bitfield));

    private KeyFinder() {
    }

    /** True if the command can have keys (COMMAND GETKEYS refuses the others). */
    public static boolean hasKeys(Command command) {
        return PROCEDURES.containsKey(command.fullName())
                || command.spec().keySpecs().stream().anyMatch(k -> !k.flags().contains("NOT_KEY"));
    }

    /** The keys of {@code argv} (index 0 is the command, or the container for a subcommand); may be empty. */
    public static List<Key> find(Command command, byte[][] argv) {
        List<KeySpec> specs = command.spec().keySpecs();
        boolean hasKeySpec = specs.stream().anyMatch(k -> !k.flags().contains("NOT_KEY"));
        boolean variableFlags = specs.stream().anyMatch(k -> k.flags().contains("VARIABLE_FLAGS"));
        if (hasKeySpec && !variableFlags) {
            List<Key> keys = fromSpecs(command, specs, argv);
            if (keys != null) {
                return keys;
            }
        }
        Function<byte[][], List<Key>> procedure = PROCEDURES.get(command.fullName());
        return procedure == null ? List.of() : procedure.apply(argv);
    }

    /** Redis's {@code getKeysUsingKeySpecs}; null when a spec cannot be applied (invalid or incomplete). */
    private static List<Key> fromSpecs(Command command, List<KeySpec> specs, byte[][] argv) {
        int argc = argv.length;
        List<Key> keys = new ArrayList<>();
        for (KeySpec spec : specs) {
            if (spec.flags().contains("NOT_KEY")) {
                continue;
            }
            int first = 0;
            if (spec.isBeginUnknown()) {
                return null;
            } else if (spec.beginKeyword() == null) {
                first = spec.beginIndex();
            } else {
                int start = spec.beginIndex() > 0 ? spec.beginIndex() : argc + spec.beginIndex();
                int end = spec.beginIndex() > 0 ? argc - 1 : 0;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) {
                        break;
                    }
                    if (new String(argv[i], StandardCharsets.UTF_8).equalsIgnoreCase(spec.beginKeyword())) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) {
                    continue;
                }
            }
            int last;
            int step;
            if (spec.isFindUnknown()) {
                return null;
            } else if (spec.isKeyNum()) {
                step = spec.step();
                if (spec.keyNumIndex() >= argc - first) {
                    return null;
                }
                long count = Numbers.parseLongOr(argv[first + spec.keyNumIndex()], -1);
                if (count < 0) {
                    return null;
                }
                first += spec.firstKey();
                last = (int) (first + count - 1);
            } else {
                step = spec.step();
                if (spec.lastKey() >= 0) {
                    last = first + spec.lastKey();
                } else if (spec.limit() == 0) {
                    last = argc + spec.lastKey();
                } else {
                    last = first + ((argc - first) / spec.limit() + spec.lastKey());
                }
            }
            if (last >= argc || last < first || first >= argc) {
                return null;
            }
            for (int i = first; i <= last; i += step) {
                if (i >= argc || i < first) {
                    if (command.spec().arity() < 0) {
                        continue;
                    }
                    return null;
                }
                keys.add(new Key(i, spec.flags()));
            }
            if (spec.flags().contains("INCOMPLETE")) {
                return null;
            }
        }
        return keys;
    }

    /** Redis's {@code genericGetKeys}: a count (read with atoi) then that many keys, maybe a store key. */
    private static List<Key> counted(int storeAt, int countAt, int firstAt, byte[][] argv) {
        long num = atoi(argv[countAt]);
        if (num < 1 || num > argv.length - firstAt) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < num; i++) {
            keys.add(new Key(firstAt + i, NONE));
        }
        if (storeAt != 0) {
            keys.add(new Key(storeAt, NONE));
        }
        return keys;
    }

    private static long atoi(byte[] s) {
        Matcher m = LEADING_INT.matcher(new String(s, StandardCharsets.UTF_8));
        if (!m.find()) {
            return 0;
        }
        try {
            return Integer.parseInt(m.group().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean is(byte[] arg, String token) {
        return new String(arg, StandardCharsets.UTF_8).equalsIgnoreCase(token);
    }

    /** {@code sortGetKeys}: the sorted key, and the last STORE destination. */
    private static List<Key> sort(byte[][] argv) {
        Key store = null;
        for (int i = 2; i < argv.length; i++) {
            if (is(argv[i], "LIMIT")) {
                i += 2;
            } else if (is(argv[i], "GET") || is(argv[i], "BY")) {
                i += 1;
            } else if (is(argv[i], "STORE") && i + 1 < argv.length) {
                store = new Key(i + 1, OW_UPDATE);
            }
        }
        return store == null ? List.of(new Key(1, RO_ACCESS)) : List.of(new Key(1, RO_ACCESS), store);
    }

    /** {@code migrateGetKeys}: the key argument, or the keys after KEYS (then the key argument is empty). */
    private static List<Key> migrate(byte[][] argv) {
        int first = 3;
        int num = 1;
        for (int i = 6; i < argv.length && argv.length > 6; i++) {
            if (is(argv[i], "KEYS")) {
                if (argv[3].length > 0) {
                    // KEYS needs an empty key argument: MIGRATE will reply an error
                    return List.of();
                }
                first = i + 1;
                num = argv.length - first;
                break;
            }
            if (is(argv[i], "AUTH")) {
                i += 1;
            } else if (is(argv[i], "AUTH2")) {
                i += 2;
            }
        }
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < num; i++) {
            keys.add(new Key(first + i, RW_ACCESS_DELETE));
        }
        return keys;
    }

    /** {@code georadiusGetKeys}: the key, and the last STORE or STOREDIST destination. */
    private static List<Key> georadius(byte[][] argv) {
        int stored = -1;
        for (int i = 5; i < argv.length; i++) {
            if ((is(argv[i], "STORE") || is(argv[i], "STOREDIST")) && i + 1 < argv.length) {
                stored = i + 1;
                i++;
            }
        }
        return stored < 0 ? List.of(new Key(1, RO_ACCESS)) : List.of(new Key(1, RO_ACCESS), new Key(stored, OW_UPDATE));
    }

    /** {@code xreadGetKeys}: the first half of what follows STREAMS. */
    private static List<Key> xread(byte[][] argv) {
        int streams = -1;
        for (int i = 1; i < argv.length; i++) {
            if (is(argv[i], "BLOCK") || is(argv[i], "COUNT")) {
                i++;
            } else if (is(argv[i], "GROUP")) {
                i += 2;
            } else if (is(argv[i], "NOACK")) {
                continue;
            } else {
                if (is(argv[i], "STREAMS")) {
                    streams = i;
                }
                break;
            }
        }
        int num = argv.length - streams - 1;
        if (streams == -1 || num == 0 || num % 2 != 0) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (int i = streams + 1; i < argv.length - num / 2; i++) {
            keys.add(new Key(i, NONE));
        }
        return keys;
    }

    /** {@code setGetKeys}: read-write when GET is present, overwrite otherwise. */
    private static List<Key> set(byte[][] argv) {
        for (int i = 3; i < argv.length; i++) {
            if (is(argv[i], "GET")) {
                return List.of(new Key(1, RW_ACCESS_UPDATE));
            }
        }
        return List.of(new Key(1, OW_UPDATE));
    }

    /** {@code bitfieldGetKeys}: read-only when only GET and OVERFLOW are used. */
    private static List<Key> bitfield(byte[][] argv) {
        boolean readonly = true;
        for (int i = 2; i < argv.length; i++) {
            int remaining = argv.length - i - 1;
            if (is(argv[i], "GET") && remaining >= 2) {
                i += 2;
            } else if ((is(argv[i], "SET") || is(argv[i], "INCRBY")) && remaining >= 3) {
                readonly = false;
                break;
            } else if (is(argv[i], "OVERFLOW") && remaining >= 1) {
                i += 1;
            } else {
                readonly = false;
                break;
            }
        }
        return List.of(new Key(1, readonly ? RO_ACCESS : RW_ACCESS_UPDATE));
    }
}
