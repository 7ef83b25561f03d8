// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.client;

import dev.cinnabar.core.keyspace.ByteKey;

/** A key a client watches in one database; {@code expiredAtWatch} follows Redis 7.0's WATCH on expired keys. */
public record WatchedKey(int db, ByteKey key, boolean expiredAtWatch) {
}
