// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.pubsub;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.ByteKey;
import dev.cinnabar.core.keyspace.Glob;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Channel and pattern subscriptions and message delivery. Messages are written into each receiver's
 * output buffer and the receiver is handed to {@code wake} to be flushed after the current batch.
 */
public final class PubSub {
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SMESSAGE = "smessage".getBytes(StandardCharsets.US_ASCII);

    private final Map<ByteKey, Set<Client>> channels = new LinkedHashMap<>();
    private final Map<ByteKey, Set<Client>> shardChannels = new LinkedHashMap<>();
    private final Map<ByteKey, Set<Client>> patterns = new LinkedHashMap<>();
    private final Consumer<Client> wake;

    public PubSub(Consumer<Client> wake) {
        this.wake = wake;
    }

    /** @return true if newly subscribed */
    public boolean subscribe(Client c, ByteKey channel) {
        if (!c.subscriptions.channels.add(channel)) {
            return false;
        }
        channels.computeIfAbsent(channel, k -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean unsubscribe(Client c, ByteKey channel) {
        if (!c.subscriptions.channels.remove(channel)) {
            return false;
        }
        removeFrom(channels, channel, c);
        return true;
    }

    public boolean psubscribe(Client c, ByteKey pattern) {
        if (!c.subscriptions.patterns.add(pattern)) {
            return false;
        }
        patterns.computeIfAbsent(pattern, k -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean punsubscribe(Client c, ByteKey pattern) {
        if (!c.subscriptions.patterns.remove(pattern)) {
            return false;
        }
        removeFrom(patterns, pattern, c);
        return true;
    }

    public boolean ssubscribe(Client c, ByteKey channel) {
        if (!c.subscriptions.shardChannels.add(channel)) {
            return false;
        }
        shardChannels.computeIfAbsent(channel, k -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean sunsubscribe(Client c, ByteKey channel) {
        if (!c.subscriptions.shardChannels.remove(channel)) {
            return false;
        }
        removeFrom(shardChannels, channel, c);
        return true;
    }

    private static void removeFrom(Map<ByteKey, Set<Client>> map, ByteKey key, Client c) {
        Set<Client> set = map.get(key);
        if (set != null) {
            set.remove(c);
            if (set.isEmpty()) {
                map.remove(key);
            }
        }
    }

    /** Drops every subscription of a client that is closing or RESET. */
    public void removeAll(Client c) {
        for (ByteKey k : c.subscriptions.channels) {
            removeFrom(channels, k, c);
        }
        for (ByteKey k : c.subscriptions.patterns) {
            removeFrom(patterns, k, c);
        }
        for (ByteKey k : c.subscriptions.shardChannels) {
            removeFrom(shardChannels, k, c);
        }
        c.subscriptions.channels.clear();
        c.subscriptions.patterns.clear();
        c.subscriptions.shardChannels.clear();
    }

    /** Delivers to channel subscribers, then pattern subscribers, as Redis's {@code pubsubPublishMessage}. */
    public long publish(byte[] channel, byte[] message) {
        long receivers = 0;
        Set<Client> subs = channels.get(new ByteKey(channel));
        if (subs != null) {
            for (Client c : subs) {
                ReplyWriter w = c.reply();
                w.push(3);
                w.bulk(MESSAGE);
                w.bulk(channel);
                w.bulk(message);
                wake.accept(c);
                receivers++;
            }
        }
        for (Map.Entry<ByteKey, Set<Client>> e : patterns.entrySet()) {
            byte[] pattern = e.getKey().bytes();
            if (!Glob.matches(pattern, channel, false)) {
                continue;
            }
            for (Client c : e.getValue()) {
                ReplyWriter w = c.reply();
                w.push(4);
                w.bulk(PMESSAGE);
                w.bulk(pattern);
                w.bulk(channel);
                w.bulk(message);
                wake.accept(c);
                receivers++;
            }
        }
        return receivers;
    }

    /** SPUBLISH: shard channel subscribers only. */
    public long spublish(byte[] channel, byte[] message) {
        Set<Client> subs = shardChannels.get(new ByteKey(channel));
        if (subs == null) {
            return 0;
        }
        for (Client c : subs) {
            ReplyWriter w = c.reply();
            w.push(3);
            w.bulk(SMESSAGE);
            w.bulk(channel);
            w.bulk(message);
            wake.accept(c);
        }
        return subs.size();
    }

    public Collection<ByteKey> channels() {
        return channels.keySet();
    }

    public Collection<ByteKey> shardChannels() {
        return shardChannels.keySet();
    }

    public int subscribers(ByteKey channel) {
        Set<Client> s = channels.get(channel);
        return s == null ? 0 : s.size();
    }

    public int shardSubscribers(ByteKey channel) {
        Set<Client> s = shardChannels.get(channel);
        return s == null ? 0 : s.size();
    }

    /** PUBSUB NUMPAT: distinct patterns with at least one subscriber. */
    public int patternCount() {
        return patterns.size();
    }
}
