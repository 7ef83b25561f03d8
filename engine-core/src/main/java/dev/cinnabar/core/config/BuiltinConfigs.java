// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.config;

import dev.cinnabar.spi.ConfigFlag;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.ConfigType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The table of every Redis 7.0 config parameter ({@code config-7.0.txt}): name, alias, type, flags,
 * default and bounds. Each becomes a {@link ConfigParam} that stores its value; a family that implements
 * the parameter's behaviour registers it again to attach its change listener.
 */
public final class BuiltinConfigs {
    private static final String RESOURCE = "/dev/cinnabar/core/config-7.0.txt";

    /**
     * One line of the table.
     *
     * @param kind bool, int, memory, umemory, memory-percent, octal, string, enum, multienum or special
     */
    public record Row(String name, String alias, String kind, Set<String> flags, String defaultValue, long min,
                      long max, List<String> values) {
    }

    private BuiltinConfigs() {
    }

    public static List<Row> rows() {
        try (InputStream in = BuiltinConfigs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            List<Row> rows = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(parse(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Row parse(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length != 8) {
            throw new IllegalStateException(RESOURCE + ": expected 8 columns: " + line);
        }
        return new Row(f[0], f[1], f[2], f[3].isEmpty() ? Set.of() : Set.of(f[3].split(",")), f[4],
                f[5].isEmpty() ? 0 : Long.parseLong(f[5]), f[6].isEmpty() ? 0 : Long.parseLong(f[6]),
                f[7].isEmpty() ? List.of() : List.of(f[7].split(",")));
    }

    /** The parameter a row describes, storing its value without further behaviour. */
    static ConfigParam toParam(Row row, SpecialConfigs specials) {
        ConfigType type = switch (row.kind()) {
            case "bool" -> ConfigType.BOOLEAN;
            case "int", "octal" -> ConfigType.INTEGER;
            case "memory", "umemory", "memory-percent" -> ConfigType.MEMORY;
            case "enum" -> ConfigType.ENUM;
            case "multienum" -> ConfigType.FLAGS;
            case "string", "special" -> ConfigType.STRING;
            default -> throw new IllegalStateException("unknown config type " + row.kind() + " of " + row.name());
        };
        UnaryOperator<String> parser = switch (row.kind()) {
            case "umemory" -> ConfigValues::unsignedMemory;
            case "memory-percent" -> raw -> ConfigValues.memoryOrPercent(raw, row.min(), row.max());
            case "octal" -> raw -> ConfigValues.octal(raw, row.min(), row.max());
            case "special" -> specials.parser(row);
            default -> null;
        };
        Set<ConfigFlag> flags = EnumSet.noneOf(ConfigFlag.class);
        for (String f : row.flags()) {
            switch (f) {
                case "immutable" -> { }
                case "protected" -> flags.add(ConfigFlag.PROTECTED);
                case "hidden" -> flags.add(ConfigFlag.HIDDEN);
                case "sensitive" -> flags.add(ConfigFlag.SENSITIVE);
                case "deny-loading" -> flags.add(ConfigFlag.DENY_LOADING);
                default -> throw new IllegalStateException("unknown config flag " + f + " of " + row.name());
            }
        }
        return new ConfigParam(row.name(), row.alias().isEmpty() ? List.of() : List.of(row.alias()), type,
                row.defaultValue(), row.values(), row.min(), row.max(), row.flags().contains("immutable"), v -> { },
                flags, parser);
    }
}
