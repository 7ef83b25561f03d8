// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.config;

import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.ConfigType;
import dev.cinnabar.spi.RedisError;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Every config parameter with its current value, as CONFIG GET prints it. */
public final class ConfigRegistry {
    private final Map<String, ConfigParam> params = new TreeMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final Map<String, String> values = new TreeMap<>();

    /** Registers a parameter at its default value and applies the default. */
    public void register(ConfigParam param) {
        if (params.containsKey(param.name()) || aliases.containsKey(param.name())) {
            throw new IllegalArgumentException("config parameter '" + param.name() + "' is registered twice");
        }
        params.put(param.name(), param);
        for (String alias : param.aliases()) {
            aliases.put(alias, param.name());
        }
        values.put(param.name(), param.defaultValue());
        param.onChange().accept(param.defaultValue());
    }

    /** The parameter named {@code name} or one of its aliases, any case; null if unknown. */
    public ConfigParam find(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        ConfigParam p = params.get(lower);
        if (p == null) {
            String canonical = aliases.get(lower);
            p = canonical == null ? null : params.get(canonical);
        }
        return p;
    }

    public String get(String name) {
        ConfigParam p = find(name);
        return p == null ? null : values.get(p.name());
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }

    public boolean getBool(String name) {
        return "yes".equals(get(name));
    }

    /**
     * Validates, normalizes and applies a value.
     *
     * @param startup true while reading the config file or command line (immutable params allowed)
     * @throws RedisError with the reason (without Redis's CONFIG SET prefix) when invalid
     */
    public void set(String name, String raw, boolean startup) {
        ConfigParam p = find(name);
        if (p == null) {
            throw RedisError.err("Unknown option or number of arguments for CONFIG SET - '" + name + "'");
        }
        if (p.immutable() && !startup) {
            throw RedisError.err("can't set immutable config");
        }
        String value = normalize(p, raw);
        String old = values.get(p.name());
        values.put(p.name(), value);
        try {
            p.onChange().accept(value);
        } catch (RuntimeException e) {
            values.put(p.name(), old);
            throw e;
        }
    }

    /** Restores a value without validation (rolling back a multi-parameter CONFIG SET). */
    public void restore(String name, String value) {
        ConfigParam p = find(name);
        values.put(p.name(), value);
        p.onChange().accept(value);
    }

    public Collection<ConfigParam> all() {
        return Collections.unmodifiableCollection(params.values());
    }

    public Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    /** Parses a value by the parameter's type and returns it as CONFIG GET prints it. */
    static String normalize(ConfigParam p, String raw) {
        switch (p.type()) {
            case BOOLEAN -> {
                String v = raw.toLowerCase(Locale.ROOT);
                if (!v.equals("yes") && !v.equals("no")) {
                    throw RedisError.err("argument must be 'yes' or 'no'");
                }
                return v;
            }
            case INTEGER, MEMORY -> {
                long v = p.type() == ConfigType.MEMORY ? parseMemory(raw) : parseInteger(raw);
                if (v < p.min() || v > p.max()) {
                    throw RedisError.err("argument must be between " + p.min() + " and " + p.max() + " inclusive");
                }
                return Long.toString(v);
            }
            case ENUM -> {
                String v = raw.toLowerCase(Locale.ROOT);
                if (!p.enumValues().contains(v)) {
                    throw RedisError.err("argument(s) must be one of the following: "
                            + String.join(", ", p.enumValues()));
                }
                return v;
            }
            case FLAGS -> {
                StringBuilder out = new StringBuilder();
                for (String f : raw.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
                    if (f.isEmpty()) {
                        continue;
                    }
                    if (!p.enumValues().contains(f)) {
                        throw RedisError.err("argument(s) must be one of the following: "
                                + String.join(", ", p.enumValues()));
                    }
                    out.append(out.length() == 0 ? "" : " ").append(f);
                }
                return out.toString();
            }
            default -> {
                return raw;
            }
        }
    }

    static long parseInteger(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw RedisError.err("argument couldn't be parsed into an integer");
        }
    }

    /** Redis's {@code memtoull}: a number with an optional unit k, kb, m, mb, g, gb (case-insensitive). */
    public static long parseMemory(String raw) {
        String v = raw.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"},
                {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                multiplier = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw RedisError.err("argument must be a memory value");
        }
    }
}
