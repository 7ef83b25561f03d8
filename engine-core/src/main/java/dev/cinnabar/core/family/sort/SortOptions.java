// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sort;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of one SORT or SORT_RO, parsed as {@code sortCommandGeneric} does: left to right, later options
 * overriding earlier ones, an option missing its arguments being a syntax error.
 */
final class SortOptions {
    boolean desc;
    boolean alpha;
    long limitStart;
    long limitCount = -1;
    byte[] store;
    byte[] by;
    /** Set by a BY pattern without {@code *} and never cleared by a later BY, as in Redis. */
    boolean dontSort;
    final List<byte[]> gets = new ArrayList<>();

    /**
     * Parses the arguments after the key.
     *
     * @param readonly SORT_RO: STORE is then an unknown option (syntax error)
     */
    private static final dev.cinnabar.spi.RedisError BY_DENIED =
            dev.cinnabar.spi.RedisError.err("BY option of SORT denied due to insufficient ACL permissions.");
    private static final dev.cinnabar.spi.RedisError GET_DENIED =
            dev.cinnabar.spi.RedisError.err("GET option of SORT denied due to insufficient ACL permissions.");

    static SortOptions parse(Arguments args, boolean readonly, java.util.function.BooleanSupplier anyKeyReadable) {
        SortOptions o = new SortOptions();
        for (int j = 2; j < args.size(); j++) {
            int left = args.size() - j - 1;
            if (args.is(j, "asc")) {
                o.desc = false;
            } else if (args.is(j, "desc")) {
                o.desc = true;
            } else if (args.is(j, "alpha")) {
                o.alpha = true;
            } else if (args.is(j, "limit") && left >= 2) {
                o.limitStart = args.longValue(j + 1);
                o.limitCount = args.longValue(j + 2);
                j += 2;
            } else if (!readonly && args.is(j, "store") && left >= 1) {
                o.store = args.get(++j);
            } else if (args.is(j, "by") && left >= 1) {
                o.by = args.get(++j);
                if (SortPatterns.star(o.by) < 0) {
                    o.dontSort = true;
                } else if (!anyKeyReadable.getAsBoolean()) {
                    // a pattern reads keys the command line does not name: only for users who may read any key
                    throw BY_DENIED;
                }
            } else if (args.is(j, "get") && left >= 1) {
                if (!anyKeyReadable.getAsBoolean()) {
                    throw GET_DENIED;
                }
                o.gets.add(args.get(++j));
            } else {
                throw Errors.SYNTAX;
            }
        }
        return o;
    }
}
