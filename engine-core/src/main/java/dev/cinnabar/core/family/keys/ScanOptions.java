// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.keyspace.Glob;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.Errors;

/**
 * The options of SCAN, HSCAN, SSCAN and ZSCAN as Redis's {@code scanGenericCommand} parses them.
 *
 * @param count   elements to aim for per call (COUNT, at least 1)
 * @param pattern MATCH's glob, or null when there is none or it matches everything ({@code *})
 * @param type    TYPE's name (SCAN only), or null
 */
public record ScanOptions(long count, byte[] pattern, String type) {
    /** SCAN's default COUNT. */
    private static final int DEFAULT_COUNT = 10;

    /**
     * Parses the options from {@code args[from]} on; TYPE is accepted only when {@code withType} (SCAN of
     * the keyspace), elsewhere it is a syntax error as in Redis.
     */
    public static ScanOptions parse(Arguments args, int from, boolean withType) {
        long count = DEFAULT_COUNT;
        byte[] pattern = null;
        String type = null;
        for (int i = from; i < args.size(); i += 2) {
            boolean hasValue = i + 1 < args.size();
            if (args.is(i, "COUNT") && hasValue) {
                count = args.longValue(i + 1);
                if (count < 1) {
                    throw Errors.SYNTAX;
                }
            } else if (args.is(i, "MATCH") && hasValue) {
                pattern = Glob.matchesAll(args.get(i + 1)) ? null : args.get(i + 1);
            } else if (withType && args.is(i, "TYPE") && hasValue) {
                type = args.string(i + 1);
            } else {
                throw Errors.SYNTAX;
            }
        }
        return new ScanOptions(count, pattern, type);
    }

    /** True if {@code element} passes MATCH. */
    public boolean matches(byte[] element) {
        return pattern == null || Glob.matches(pattern, element, false);
    }
}
