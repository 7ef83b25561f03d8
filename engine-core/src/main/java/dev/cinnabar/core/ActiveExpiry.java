// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.stats.Stats;

/**
 * Redis's slow active expire cycle ({@code activeExpireCycle}, effort 1): sample 20 keys with a TTL per
 * database and repeat while more than 10% of a sample was expired, within 25% of one cron period.
 */
final class ActiveExpiry {
    /** ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    private static final int KEYS_PER_LOOP = 20;
    /** ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE, percent. */
    private static final int ACCEPTABLE_STALE = 10;
    /** ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC at hz 10: 25 ms. */
    private static final long TIME_LIMIT_NANOS = 25_000_000L;

    private ActiveExpiry() {
    }

    static void cycle(Database[] databases, long now, Stats stats) {
        long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
        for (Database db : databases) {
            while (db.expiresSize() > 0) {
                int sampled = (int) Math.min(KEYS_PER_LOOP, db.expiresSize());
                int expired = db.expireSample(sampled, now);
                if (expired * 100 <= sampled * ACCEPTABLE_STALE || System.nanoTime() > deadline) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                return;
            }
        }
    }
}
