// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.spi.ValueType;

import java.util.Objects;

/**
 * One key of an RDB file with what the opcodes before it said about it.
 *
 * @param db             the database selected by the last SELECTDB (0 before any)
 * @param key            the key
 * @param typeId         the value's RDB type id
 * @param type           the registered type that decoded it
 * @param value          the decoded value
 * @param expireAtMillis Unix ms of its expiry, -1 if none (EXPIRETIME seconds are converted)
 * @param idleSeconds    LRU idle time from IDLE, -1 if none
 * @param lfuFrequency   LFU counter from FREQ, -1 if none
 * @param offset         where the entry's record starts: its first EXPIRETIME/IDLE/FREQ opcode, else its type
 */
public record RdbEntry(long db, byte[] key, int typeId, ValueType<?> type, Object value, long expireAtMillis,
        long idleSeconds, int lfuFrequency, long offset) {
    public RdbEntry {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(value, "value is null");
    }
}
