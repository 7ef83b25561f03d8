// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.client;

import dev.cinnabar.core.keyspace.ByteKey;

import java.util.LinkedHashSet;
import java.util.Set;

/** The channels, patterns and shard channels one client is subscribed to, in subscription order. */
public final class Subscriptions {
    public final Set<ByteKey> channels = new LinkedHashSet<>();
    public final Set<ByteKey> patterns = new LinkedHashSet<>();
    public final Set<ByteKey> shardChannels = new LinkedHashSet<>();

    /** Total count, what SUBSCRIBE replies report (shard channels are counted separately by Redis). */
    public int count() {
        return channels.size() + patterns.size();
    }

    public boolean any() {
        return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
    }
}
