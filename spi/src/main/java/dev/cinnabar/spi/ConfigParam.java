// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A config parameter for CONFIG GET/SET, the config file and the command line.
 *
 * @param name         lower-case name, e.g. {@code "hash-max-listpack-entries"}
 * @param aliases      older names Redis still accepts, e.g. {@code "hash-max-ziplist-entries"}
 * @param type         how values are parsed and printed
 * @param defaultValue as CONFIG GET prints it
 * @param enumValues   allowed values for {@link ConfigType#ENUM} and {@link ConfigType#FLAGS}
 * @param min          lower bound for numeric types
 * @param max          upper bound for numeric types
 * @param immutable    true if it can be set only at startup
 * @param onChange     receives the new value as CONFIG GET would print it; may throw RedisError to refuse,
 *                     and CONFIG SET then rolls every parameter it set back
 * @param flags        traits beyond the type
 * @param parser       checks a raw value and returns it as CONFIG GET prints it, throwing RedisError with
 *                     the reason (Redis's wording, e.g. "argument must be a memory value") when invalid;
 *                     null to parse by {@code type}
 */
public record ConfigParam(String name, List<String> aliases, ConfigType type, String defaultValue,
                          List<String> enumValues, long min, long max, boolean immutable,
                          Consumer<String> onChange, Set<ConfigFlag> flags, UnaryOperator<String> parser) {
    public ConfigParam {
        Objects.requireNonNull(name, "name is null");
        aliases = List.copyOf(Objects.requireNonNull(aliases, "aliases is null"));
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(defaultValue, "defaultValue is null");
        enumValues = List.copyOf(Objects.requireNonNull(enumValues, "enumValues is null"));
        Objects.requireNonNull(onChange, "onChange is null");
        flags = Set.copyOf(Objects.requireNonNull(flags, "flags is null"));
    }

    /** A parameter without flags, parsed by its type. */
    public ConfigParam(String name, List<String> aliases, ConfigType type, String defaultValue,
                       List<String> enumValues, long min, long max, boolean immutable, Consumer<String> onChange) {
        this(name, aliases, type, defaultValue, enumValues, min, max, immutable, onChange, Set.of(), null);
    }

    public static ConfigParam ofInt(String name, long defaultValue, long min, long max, Consumer<String> onChange) {
        return new ConfigParam(name, List.of(), ConfigType.INTEGER, Long.toString(defaultValue), List.of(), min,
                max, false, onChange);
    }

    public static ConfigParam ofBool(String name, boolean defaultValue, Consumer<String> onChange) {
        return new ConfigParam(name, List.of(), ConfigType.BOOLEAN, defaultValue ? "yes" : "no", List.of(), 0, 1,
                false, onChange);
    }

    public static ConfigParam ofString(String name, String defaultValue, Consumer<String> onChange) {
        return new ConfigParam(name, List.of(), ConfigType.STRING, defaultValue, List.of(), 0, 0, false, onChange);
    }

    public static ConfigParam ofEnum(String name, String defaultValue, List<String> values, Consumer<String> onChange) {
        return new ConfigParam(name, List.of(), ConfigType.ENUM, defaultValue, values, 0, 0, false, onChange);
    }

    public static ConfigParam ofMemory(String name, long defaultBytes, long min, long max, Consumer<String> onChange) {
        return new ConfigParam(name, List.of(), ConfigType.MEMORY, Long.toString(defaultBytes), List.of(), min, max,
                false, onChange);
    }

    public ConfigParam withAliases(String... names) {
        return new ConfigParam(name, List.of(names), type, defaultValue, enumValues, min, max, immutable, onChange,
                flags, parser);
    }

    public ConfigParam asImmutable() {
        return new ConfigParam(name, aliases, type, defaultValue, enumValues, min, max, true, onChange, flags,
                parser);
    }

    public ConfigParam withFlags(ConfigFlag... traits) {
        Set<ConfigFlag> all = flags.isEmpty() ? EnumSet.noneOf(ConfigFlag.class) : EnumSet.copyOf(flags);
        all.addAll(List.of(traits));
        return new ConfigParam(name, aliases, type, defaultValue, enumValues, min, max, immutable, onChange, all,
                parser);
    }

    public ConfigParam withParser(UnaryOperator<String> valueParser) {
        return new ConfigParam(name, aliases, type, defaultValue, enumValues, min, max, immutable, onChange, flags,
                valueParser);
    }

    public boolean has(ConfigFlag flag) {
        return flags.contains(flag);
    }
}
