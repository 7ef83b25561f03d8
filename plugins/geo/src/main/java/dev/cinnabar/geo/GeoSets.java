// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.ScoredSet;
import dev.cinnabar.spi.SortedSetType;
import dev.cinnabar.spi.ValueType;

import java.util.Objects;

/**
 * The core sorted set type, where geo members live. Found by name on first use rather than at
 * registration: the engine loads families in class path order, so the zset family may register after geo.
 */
final class GeoSets {
    private final FamilyContext ctx;
    private SortedSetType<ScoredSet> type;

    GeoSets(FamilyContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx is null");
    }

    @SuppressWarnings("unchecked")
    SortedSetType<ScoredSet> type() {
        if (type == null) {
            ValueType<?> found = ctx.valueType("zset").orElseThrow(
                    () -> new IllegalStateException("geo needs the zset type, which no family registered"));
            if (!(found instanceof SortedSetType<?>)) {
                throw new IllegalStateException("the zset type " + found.getClass().getName()
                        + " is not a " + SortedSetType.class.getSimpleName());
            }
            // values only ever come from this same type, so its parameter is ScoredSet as far as geo is concerned
            type = (SortedSetType<ScoredSet>) found;
        }
        return type;
    }
}
