// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.keyspace.Glob;
import dev.cinnabar.core.rdb.RdbFileReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * {@code rdb inspect}'s statistics, gathered from {@link RdbChecker}'s events with bounded memory: per
 * database and per type/encoding counts and bytes, two top-N heaps (serialized size, element count),
 * namespaces (the key's first delimiter-separated segment) capped at {@link #MAX_NAMESPACES} distinct
 * prefixes, and the TTL distribution. Keys outside the filters are not counted.
 */
public final class RdbInspector implements RdbVisitor {
    /** Distinct namespaces kept; keys of prefixes seen after the cap are counted under {@link #OTHER}. */
    public static final int MAX_NAMESPACES = 10_000;
    /** The namespace that collects keys once the cap is reached. */
    public static final String OTHER = "(other prefixes, cap reached)";
    /** The TTL buckets, in order. */
    public static final List<String> TTL_BUCKETS = List.of("none", "expired", "<1h", "<1d", "<7d", ">=7d");

    private static final long HOUR_MS = 3_600_000L;

    /** One key as the top lists show it. */
    public record KeyInfo(long db, String key, String type, String encoding, long elements, long bytes,
            long expireAtMs) {
    }

    /** A key of the top list by estimated memory: its type and encoding as the engine loads it. */
    public record MemoryKey(long db, String key, String type, String encoding, long memory) {
    }

    /** Keys and bytes of one group (a database, a type/encoding, a namespace), and its memory estimate. */
    public static final class Totals {
        long keys;
        long bytes;
        long memory;

        /** The sum of the keys' {@code MEMORY USAGE} estimates; 0 unless {@link #memory(KeyMemory)} was fed. */
        public long memory() {
            return memory;
        }

        public long keys() {
            return keys;
        }

        public long bytes() {
            return bytes;
        }

        void add(long b) {
            keys++;
            bytes += b;
        }
    }

    private final int top;
    private final byte[] delimiter;
    private final Long dbFilter;
    private final byte[] keyGlob;
    private final String typeFilter;
    private final long now;
    private final Map<String, String> aux = new LinkedHashMap<>();
    private final TreeMap<Long, Totals> dbs = new TreeMap<>();
    private final TreeMap<String, Totals> encodings = new TreeMap<>();
    private final HashMap<String, Totals> namespaces = new HashMap<>();
    private final long[] ttl = new long[TTL_BUCKETS.size()];
    private final PriorityQueue<KeyInfo> bySize;
    private final PriorityQueue<KeyInfo> byElements;
    private KeyFilter extraFilter = KeyFilter.ALL;
    private boolean excludeExpired;
    private boolean namespacesCapped;
    private long keysSkipped;
    private final TreeMap<String, Totals> memoryByType = new TreeMap<>();
    private PriorityQueue<MemoryKey> byMemory;
    private boolean memoryWalked;
    private long keysWithoutEstimate;

    /**
     * @param top       how many keys each top list keeps
     * @param delimiter the namespace delimiter (its first occurrence ends the prefix)
     * @param db        only this database, null for all
     * @param keyGlob   only keys matching this glob (Redis KEYS syntax), null for all
     * @param type      only this type ("string", "list", …), null for all
     * @param now       the clock for "expired", Unix ms
     */
    public RdbInspector(int top, String delimiter, Long db, String keyGlob, String type, long now) {
        if (top < 0) {
            throw new IllegalArgumentException("top must not be negative: " + top);
        }
        if (delimiter == null || delimiter.isEmpty()) {
            throw new IllegalArgumentException("the delimiter must not be empty");
        }
        this.top = top;
        this.delimiter = delimiter.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.dbFilter = db;
        this.keyGlob = keyGlob == null ? null : keyGlob.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.typeFilter = type;
        this.now = now;
        this.bySize = new PriorityQueue<>(order(KeyInfo::bytes));
        this.byElements = new PriorityQueue<>(order(KeyInfo::elements));
    }

    /**
     * More filters: {@code --key-regex} (as a {@link KeyFilter}) and {@code --expired exclude} (keys whose
     * expiry is at or before the clock given to the constructor are left out).
     */
    public RdbInspector alsoFilter(KeyFilter filter, boolean excludeExpiredKeys) {
        this.extraFilter = java.util.Objects.requireNonNull(filter, "filter is null");
        this.excludeExpired = excludeExpiredKeys;
        return this;
    }

    /** Smallest first (the heap's head is evicted), ties broken by key so the output is stable. */
    private static Comparator<KeyInfo> order(ToLongFunction<KeyInfo> metric) {
        return Comparator.comparingLong(metric).thenComparing(KeyInfo::key, Comparator.reverseOrder());
    }

    @Override
    public void aux(String name, String value) {
        aux.put(name, value);
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        String type = RdbTypes.typeName(rdbType);
        if ((dbFilter != null && dbFilter != db) || (typeFilter != null && !typeFilter.equalsIgnoreCase(type))
                || (keyGlob != null && !Glob.matches(keyGlob, key, false)) || !extraFilter.matches(db, key)
                || (excludeExpired && expireAtMs >= 0 && expireAtMs <= now)) {
            keysSkipped++;
            return;
        }
        String encoding = RdbTypes.encodingName(rdbType);
        dbs.computeIfAbsent(db, d -> new Totals()).add(bytes);
        encodings.computeIfAbsent(type + "/" + encoding, e -> new Totals()).add(bytes);
        namespace(key).add(bytes);
        ttl[ttlBucket(expireAtMs)]++;
        if (top > 0) {
            KeyInfo[] made = new KeyInfo[1];
            offer(bySize, KeyInfo::bytes, bytes, made, db, key, type, encoding, elements, bytes, expireAtMs);
            offer(byElements, KeyInfo::elements, elements, made, db, key, type, encoding, elements, bytes, expireAtMs);
        }
    }

    /**
     * A key's estimate from {@code --memory}'s {@link MemoryWalk} (the one {@code convert --to csv-memory}
     * writes): added to its database, type and namespace totals and offered to the top list by memory. The
     * same filters apply; each key comes after its {@link #key} event, so a capped namespace table sends its
     * memory where its bytes went.
     */
    public void memory(KeyMemory k) {
        if (byMemory == null) {
            byMemory = new PriorityQueue<>(Comparator.comparingLong(MemoryKey::memory)
                    .thenComparing(MemoryKey::key, Comparator.reverseOrder()));
            memoryWalked = true;
        }
        long db = k.db();
        byte[] key = k.key();
        String type = k.type();
        long expireAtMs = k.expireAtMs();
        if ((dbFilter != null && dbFilter != db) || (typeFilter != null && !typeFilter.equalsIgnoreCase(type))
                || (keyGlob != null && !Glob.matches(keyGlob, key, false)) || !extraFilter.matches(db, key)
                || (excludeExpired && expireAtMs >= 0 && expireAtMs <= now)) {
            return;
        }
        if (!k.estimated()) {
            keysWithoutEstimate++;
            return;
        }
        long estimate = k.memory();
        dbs.computeIfAbsent(db, d -> new Totals()).memory += estimate;
        Totals byType = memoryByType.computeIfAbsent(type, t -> new Totals());
        byType.keys++;
        byType.memory += estimate;
        namespace(key).memory += estimate;
        if (top > 0) {
            if (byMemory.size() >= top) {
                if (estimate <= byMemory.peek().memory()) {
                    return;
                }
                byMemory.poll();
            }
            byMemory.add(new MemoryKey(db, RdbFileReader.quote(key), type, k.encoding(), estimate));
        }
    }

    /** Keys the memory walk could give no estimate (module values without their plugin); not in the totals. */
    public long keysWithoutEstimate() {
        return keysWithoutEstimate;
    }

    /** True once {@link #memory(KeyMemory)} was fed: the memory figures mean something. */
    public boolean hasMemory() {
        return memoryWalked;
    }

    /** Type name (as the engine names it) → keys and memory estimate. */
    public Map<String, Totals> memoryByType() {
        return memoryByType;
    }

    /** The biggest keys by memory estimate, biggest first. */
    public List<MemoryKey> topByMemory() {
        if (byMemory == null) {
            return List.of();
        }
        List<MemoryKey> l = new ArrayList<>(byMemory);
        l.sort(Comparator.comparingLong(MemoryKey::memory).reversed().thenComparing(MemoryKey::key));
        return l;
    }

    public long memory() {
        return dbs.values().stream().mapToLong(Totals::memory).sum();
    }

    /** Adds the key to {@code heap} if it beats the smallest kept; the KeyInfo is built once, lazily. */
    private void offer(PriorityQueue<KeyInfo> heap, ToLongFunction<KeyInfo> metric, long candidate, KeyInfo[] made,
            long db, byte[] key, String type, String encoding, long elements, long bytes, long expireAtMs) {
        if (heap.size() >= top) {
            if (candidate <= metric.applyAsLong(heap.peek())) {
                return;
            }
            heap.poll();
        }
        if (made[0] == null) {
            made[0] = new KeyInfo(db, RdbFileReader.quote(key), type, encoding, elements, bytes, expireAtMs);
        }
        heap.add(made[0]);
    }

    private Totals namespace(byte[] key) {
        String prefix = new String(key, 0, prefixLength(key), java.nio.charset.StandardCharsets.UTF_8);
        Totals t = namespaces.get(prefix);
        if (t == null) {
            if (namespaces.size() >= MAX_NAMESPACES) {
                namespacesCapped = true;
                return namespaces.computeIfAbsent(OTHER, o -> new Totals());
            }
            t = new Totals();
            namespaces.put(prefix, t);
        }
        return t;
    }

    /** The length of the key up to the first delimiter, the whole key if there is none. */
    private int prefixLength(byte[] key) {
        outer:
        for (int i = 0; i + delimiter.length <= key.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (key[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return key.length;
    }

    private int ttlBucket(long expireAtMs) {
        if (expireAtMs < 0) {
            return 0;
        }
        long left = expireAtMs - now;
        if (left <= 0) {
            return 1;
        }
        return left < HOUR_MS ? 2 : left < 24 * HOUR_MS ? 3 : left < 7 * 24 * HOUR_MS ? 4 : 5;
    }

    public Map<String, String> aux() {
        return aux;
    }

    public Map<Long, Totals> databases() {
        return dbs;
    }

    /** "type/encoding" → totals, sorted by name. */
    public Map<String, Totals> encodings() {
        return encodings;
    }

    /** Namespaces by bytes, largest first, at most {@code limit} of them. */
    public List<Map.Entry<String, Totals>> namespaces(int limit) {
        List<Map.Entry<String, Totals>> all = new ArrayList<>(namespaces.entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<String, Totals> e) -> e.getValue().bytes).reversed()
                .thenComparing(Map.Entry::getKey));
        return all.subList(0, Math.min(limit, all.size()));
    }

    public int namespaceCount() {
        return namespaces.size();
    }

    /** Whether more distinct prefixes than {@link #MAX_NAMESPACES} were seen (the rest are under {@link #OTHER}). */
    public boolean namespacesCapped() {
        return namespacesCapped;
    }

    /** Bucket name → keys, in {@link #TTL_BUCKETS} order. */
    public Map<String, Long> ttl() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < ttl.length; i++) {
            m.put(TTL_BUCKETS.get(i), ttl[i]);
        }
        return m;
    }

    /** The biggest keys by serialized bytes, biggest first. */
    public List<KeyInfo> topBySize() {
        return sorted(bySize, KeyInfo::bytes);
    }

    /** The biggest keys by element count, biggest first. */
    public List<KeyInfo> topByElements() {
        return sorted(byElements, KeyInfo::elements);
    }

    private static List<KeyInfo> sorted(PriorityQueue<KeyInfo> heap, ToLongFunction<KeyInfo> metric) {
        List<KeyInfo> l = new ArrayList<>(heap);
        l.sort(order(metric).reversed());
        return l;
    }

    public long keys() {
        return dbs.values().stream().mapToLong(Totals::keys).sum();
    }

    public long bytes() {
        return dbs.values().stream().mapToLong(Totals::bytes).sum();
    }

    /** Keys walked but left out by --db, --key or --type. */
    public long keysSkipped() {
        return keysSkipped;
    }
}
