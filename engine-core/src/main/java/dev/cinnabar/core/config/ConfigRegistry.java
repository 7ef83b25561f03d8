// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.config;

import dev.cinnabar.core.keyspace.Glob;
import dev.cinnabar.spi.ConfigFlag;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every config parameter with its current value, as CONFIG GET prints it. Starts with every Redis 7.0
 * parameter from {@link BuiltinConfigs}, storing values only; a family that registers one of them takes
 * it over with its change listener. Engine thread only, except at startup.
 */
public final class ConfigRegistry {
    /** One name/value pair of CONFIG SET, the name as the client typed it. */
    public record Change(String name, String value) {
    }

    private final Map<String, ConfigParam> params = new TreeMap<>();
    private final Map<String, String> aliases = new TreeMap<>();
    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, BuiltinConfigs.Row> builtin = new LinkedHashMap<>();
    private final Set<String> attached = new HashSet<>();

    public ConfigRegistry() {
        SpecialConfigs specials = new SpecialConfigs(this::get);
        for (BuiltinConfigs.Row row : BuiltinConfigs.rows()) {
            builtin.put(row.name(), row);
            add(BuiltinConfigs.toParam(row, specials));
        }
    }

    /**
     * Registers a parameter at its default value and applies the default. For a Redis parameter of the
     * built-in table, the table's type, aliases and flags stay and the family's default, change listener
     * and parser (if it has one) are attached.
     */
    public void register(ConfigParam param) {
        ConfigParam table = params.get(param.name());
        if (table == null || !builtin.containsKey(param.name())) {
            if (table != null || aliases.containsKey(param.name())) {
                throw new IllegalArgumentException("config parameter '" + param.name() + "' is registered twice");
            }
            add(param);
            return;
        }
        if (!attached.add(param.name())) {
            throw new IllegalArgumentException("config parameter '" + param.name() + "' is registered twice");
        }
        ConfigParam merged = new ConfigParam(table.name(), table.aliases(), table.type(), param.defaultValue(),
                table.enumValues(), table.min(), table.max(), table.immutable() || param.immutable(),
                param.onChange(), table.flags(), param.parser() != null ? param.parser() : table.parser());
        params.put(merged.name(), merged);
        values.put(merged.name(), merged.defaultValue());
        merged.onChange().accept(merged.defaultValue());
    }

    private void add(ConfigParam param) {
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
     * Validates, normalizes and applies one value (config file, command line, embedded callers).
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
        String value = parse(p, raw);
        String old = values.get(p.name());
        values.put(p.name(), value);
        try {
            p.onChange().accept(value);
        } catch (RuntimeException e) {
            values.put(p.name(), old);
            p.onChange().accept(old);
            throw e;
        }
    }

    /**
     * CONFIG SET with any number of pairs, all or nothing, with Redis 7.0's checks in its order: every
     * name is known, settable and given once; then every value parses; then every change listener
     * accepts. On failure everything set is rolled back.
     *
     * @param protectedAllowed whether {@code enable-protected-configs} lets this client change protected ones
     * @throws RedisError with CONFIG SET's whole message
     */
    public void setAll(List<Change> changes, boolean protectedAllowed) {
        List<ConfigParam> targets = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            String typed = changes.get(i).name();
            ConfigParam p = find(typed);
            if (p == null) {
                throw RedisError.err("Unknown option or number of arguments for CONFIG SET - '" + typed + "'");
            }
            if (p.immutable() || (p.has(ConfigFlag.PROTECTED) && !protectedAllowed)) {
                throw failed(typed, p.immutable() ? "can't set immutable config" : "can't set protected config");
            }
            for (int j = 0; j < i; j++) {
                if (changes.get(j).name().equalsIgnoreCase(typed)) {
                    throw failed(typed, "duplicate parameter");
                }
            }
            targets.add(p);
        }
        List<String> parsed = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            try {
                parsed.add(parse(targets.get(i), changes.get(i).value()));
            } catch (RedisError e) {
                throw failed(changes.get(i).name().toLowerCase(Locale.ROOT), e.getMessage());
            }
        }
        List<String> old = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            old.add(values.get(targets.get(i).name()));
            values.put(targets.get(i).name(), parsed.get(i));
        }
        for (int i = 0; i < targets.size(); i++) {
            try {
                targets.get(i).onChange().accept(parsed.get(i));
            } catch (RedisError e) {
                rollback(targets, old, i);
                throw failed(changes.get(i).name().toLowerCase(Locale.ROOT), e.getMessage());
            }
        }
    }

    private void rollback(List<ConfigParam> targets, List<String> old, int failedAt) {
        for (int i = targets.size() - 1; i >= 0; i--) {
            values.put(targets.get(i).name(), old.get(i));
        }
        for (int i = 0; i <= failedAt; i++) {
            targets.get(i).onChange().accept(old.get(i));
        }
    }

    private static RedisError failed(String name, String reason) {
        return RedisError.err("CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    /**
     * CONFIG GET: the parameters named by each argument, in order. A plain name (any case, aliases and
     * hidden parameters included) is replied under the name as given; a glob pattern matches names and
     * aliases case-insensitively, skipping hidden parameters. A parameter is listed once.
     */
    public Map<String, String> matching(List<String> patterns) {
        Map<String, String> seen = new LinkedHashMap<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (String pattern : patterns) {
            if (pattern.chars().noneMatch(ch -> ch == '*' || ch == '?' || ch == '[')) {
                String key = pattern.toLowerCase(Locale.ROOT);
                ConfigParam p = find(pattern);
                if (p != null && !seen.containsKey(key)) {
                    seen.put(key, key);
                    out.put(pattern, values.get(p.name()));
                }
                continue;
            }
            byte[] glob = pattern.getBytes(StandardCharsets.UTF_8);
            for (String name : allNames()) {
                ConfigParam p = find(name);
                if (!p.has(ConfigFlag.HIDDEN) && !seen.containsKey(name)
                        && Glob.matches(glob, name.getBytes(StandardCharsets.UTF_8), true)) {
                    seen.put(name, name);
                    out.put(name, values.get(p.name()));
                }
            }
        }
        return out;
    }

    /** Every name CONFIG GET knows, parameters and aliases, sorted. */
    private Collection<String> allNames() {
        List<String> names = new ArrayList<>(params.keySet());
        names.addAll(aliases.keySet());
        Collections.sort(names);
        return names;
    }

    /** Parses a value by the parameter's parser, or by its type. */
    static String parse(ConfigParam p, String raw) {
        if (p.parser() != null) {
            return p.parser().apply(raw);
        }
        return switch (p.type()) {
            case BOOLEAN -> ConfigValues.bool(raw);
            case INTEGER -> ConfigValues.integer(raw, p.min(), p.max());
            case MEMORY -> ConfigValues.memory(raw, p.min(), p.max());
            case ENUM -> ConfigValues.enumeration(raw, p.enumValues());
            case FLAGS -> ConfigValues.multiEnumeration(raw, p.enumValues());
            case STRING -> raw;
        };
    }

    public Collection<ConfigParam> all() {
        return Collections.unmodifiableCollection(params.values());
    }

    public Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    /** The built-in table's row for a Redis parameter, or null for a plugin's own parameter. */
    public BuiltinConfigs.Row builtin(String name) {
        return builtin.get(name);
    }

    /** Redis parameters whose value is stored but whose behaviour nothing implements yet. */
    public List<String> storedOnly() {
        List<String> out = new ArrayList<>();
        for (String name : builtin.keySet()) {
            if (!attached.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
