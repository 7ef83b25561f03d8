// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

/**
 * One key's {@code MEMORY USAGE} estimate, as {@link MemoryWalk} hands it to {@code inspect --memory} and
 * {@code convert --to csv-memory}.
 *
 * @param type       the type name as the engine names it ("module" for a module value no plugin decodes)
 * @param encoding   the encoding the engine (and Redis 7.0) would load the value into
 * @param elements   members, fields, items or stream entries; 1 for a string or a module value
 * @param expireAtMs the absolute expiry in Unix ms, -1 without one
 * @param memory     the estimate in bytes (value, key sds and dict entry), -1 when there is none (a module
 *                   value without its plugin)
 */
public record KeyMemory(long db, byte[] key, String type, String encoding, long elements, long expireAtMs, long memory) {
    /** Whether the key has an estimate. */
    public boolean estimated() {
        return memory >= 0;
    }
}
