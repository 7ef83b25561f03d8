// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.ValueType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The walk behind {@code inspect --memory} and {@code convert --to csv-memory}: each key's {@code MEMORY USAGE}
 * estimate with bounded memory whatever a value's size. A record of at most {@link #WHOLE_DECODE_BYTES} is
 * read again from the file and decoded whole by the engine, whose type estimates it exactly as the engine's
 * MEMORY USAGE would, unless its estimate from the walk's events is exact already (a listpack hash or
 * sorted set, a stream, a list of RDB type 1 or 10: {@link CollectionMemory#exact}); a bigger hash, set or sorted set is estimated from the walk's
 * events as they come
 * ({@link HashMemory}, {@link SetMemory}, {@link ZSetMemory}, a stream by {@link StreamMemory}, a list of
 * RDB type 1 or 10 by {@link PreQuicklistListMemory}) and a bigger quicklist from its first nodes
 * ({@link ListMemory}). A string is estimated from the walk's own copy of it; module values are always
 * decoded whole. A value no registered type decodes (a module value without its plugin) is reported without
 * an estimate; the walk goes on.
 */
final class MemoryWalk implements RdbVisitor, AutoCloseable {
    /**
     * Records up to this size are decoded whole (the engine's figure, sampling its own table order); a
     * decoded value takes a few times its serialized size on the heap.
     */
    static final long WHOLE_DECODE_BYTES = 1 << 20;

    private final long wholeDecodeBytes;
    private final boolean trustExact;
    private final FileRecords records;
    private final RecordDecoder decoder;
    private final EncodingLimits limits;
    private final KeyFilter filter;
    private final String typeFilter;
    private final boolean excludeExpired;
    private final long now;
    private final Consumer<KeyMemory> sink;
    private final ValueType<?> stringType;
    private final ValueType<?> listType;
    private boolean passing;
    private CollectionMemory collection;
    /** The current key's value when it is a string: the walk hands it whole, so it need not be read again. */
    private byte[] string;
    private long recordStart;
    private long recordEnd;

    /**
     * @param typeFilter only keys of this type (the engine's name, or "module"), null for all
     * @param sink       receives each key that passes the filters, in file order
     */
    MemoryWalk(Path file, TypeRegistry types, EncodingLimits limits, KeyFilter filter, String typeFilter,
            boolean excludeExpired, long now, Consumer<KeyMemory> sink) throws IOException {
        this(file, types, limits, filter, typeFilter, excludeExpired, now, sink, WHOLE_DECODE_BYTES, true);
    }

    /**
     * For tests that compare both ways.
     *
     * @param wholeDecodeBytes the biggest record decoded whole
     * @param trustExact       whether an exact estimate from events spares the decode of a small record
     */
    MemoryWalk(Path file, TypeRegistry types, EncodingLimits limits, KeyFilter filter, String typeFilter,
            boolean excludeExpired, long now, Consumer<KeyMemory> sink, long wholeDecodeBytes, boolean trustExact)
            throws IOException {
        this.wholeDecodeBytes = wholeDecodeBytes;
        this.trustExact = trustExact;
        this.records = new FileRecords(file);
        this.decoder = new RecordDecoder(records, types, now);
        this.stringType = types.forRdbType(Rdb.TYPE_STRING).orElseThrow();
        this.listType = types.forRdbType(Rdb.TYPE_LIST).orElseThrow();
        this.limits = limits;
        this.filter = filter;
        this.typeFilter = typeFilter;
        this.excludeExpired = excludeExpired;
        this.now = now;
        this.sink = sink;
    }

    @Override
    public boolean wantsValues() {
        return true;
    }

    @Override
    public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
        String type = RdbTypes.typeName(rdbType);
        // a module value's type name is known once decoded
        passing = filter.matches(db, key) && !(excludeExpired && expireAtMs >= 0 && expireAtMs <= now)
                && (typeFilter == null || type.equals("module") || typeFilter.equalsIgnoreCase(type));
        collection = passing ? collectionFor(rdbType) : null;
        string = null;
    }

    @Override
    public void string(byte[] value) {
        if (passing) {
            string = value;
        }
    }

    private CollectionMemory collectionFor(int rdbType) {
        return switch (rdbType) {
            case Rdb.TYPE_HASH, RdbTypes.TYPE_HASH_METADATA, RdbTypes.TYPE_HASH_METADATA_PRE_GA,
                    Rdb.TYPE_HASH_ZIPMAP -> new HashMemory(limits, true);
            case Rdb.TYPE_HASH_ZIPLIST, Rdb.TYPE_HASH_LISTPACK, RdbTypes.TYPE_HASH_LISTPACK_EX,
                    RdbTypes.TYPE_HASH_LISTPACK_EX_PRE_GA -> new HashMemory(limits, false);
            case Rdb.TYPE_SET, Rdb.TYPE_SET_INTSET, Rdb.TYPE_SET_LISTPACK -> new SetMemory();
            case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2 -> new ZSetMemory(limits, true);
            case Rdb.TYPE_ZSET_ZIPLIST, Rdb.TYPE_ZSET_LISTPACK -> new ZSetMemory(limits, false);
            case Rdb.TYPE_STREAM_LISTPACKS, Rdb.TYPE_STREAM_LISTPACKS_2, Rdb.TYPE_STREAM_LISTPACKS_3 ->
                    new StreamMemory(CollectionMemory.SAMPLES);
            // a compressed node's size depends on its distance from the list's ends: decoded whole then
            case Rdb.TYPE_LIST, Rdb.TYPE_LIST_ZIPLIST -> limits.listCompressDepth() == 0
                    ? new PreQuicklistListMemory(listType, limits.listFill()) : null;
            default -> null;
        };
    }

    @Override
    public void element(byte[] value) {
        if (collection != null) {
            collection.element(value);
        }
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        if (collection != null) {
            collection.pair(field, value);
        }
    }

    @Override
    public void pair(byte[] field, byte[] value, long expireAtMs) {
        // the decode drops a field whose own TTL has passed (RecordDecoder's clock), so the estimate does too
        if (collection != null && !(expireAtMs >= 0 && expireAtMs < now)) {
            collection.pair(field, value);
        }
    }

    @Override
    public void scored(byte[] member, double score) {
        if (collection != null) {
            collection.scored(member, score);
        }
    }

    @Override
    public void stream(StreamEvent event) {
        if (collection != null) {
            collection.stream(event);
        }
    }

    @Override
    public void keyRecord(long start, long end) {
        recordStart = start;
        recordEnd = end;
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        if (!passing || elements == 0) {
            // Redis skips an empty collection
            return;
        }
        boolean big = recordEnd - recordStart > wholeDecodeBytes;
        KeyMemory k;
        if (collection != null && collection.usable() && (big || (trustExact && collection.exact()))) {
            if (collection.elements() == 0) {
                return;
            }
            k = new KeyMemory(db, key, RdbTypes.typeName(rdbType), collection.encoding(), collection.elements(),
                    expireAtMs, collection.usage() + keyOverhead(key));
        } else if (string != null && rdbType == Rdb.TYPE_STRING) {
            k = new KeyMemory(db, key, stringType.name(), encoding(stringType, string), 1, expireAtMs,
                    usage(stringType, string) + keyOverhead(key));
        } else if (big && ListMemory.handles(rdbType)) {
            k = listFromHead(db, key, rdbType, expireAtMs, elements);
        } else {
            k = decodeWhole(db, key, rdbType, expireAtMs, elements);
        }
        if (k != null && (typeFilter == null || typeFilter.equalsIgnoreCase(k.type()))) {
            sink.accept(k);
        }
    }

    private KeyMemory listFromHead(long db, byte[] key, int rdbType, long expireAtMs, long elements) {
        long usage;
        try {
            usage = ListMemory.usage(records, decoder, recordStart, recordEnd);
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            // a head the engine will not read alone (the walk verified the record): the whole value then
            return decodeWhole(db, key, rdbType, expireAtMs, elements);
        }
        return new KeyMemory(db, key, "list", "quicklist", elements, expireAtMs, usage + keyOverhead(key));
    }

    /** The key's own share of MEMORY USAGE: its sds and its entry in the keyspace dict. */
    private static long keyOverhead(byte[] key) {
        return RedisMemory.sds(key.length) + RedisMemory.DICT_ENTRY;
    }

    /** The engine's figure for the whole decoded value; null when the load would drop the key. */
    /**
     * @param elements the walk's count: members, fields, items, stream entries, 1 for a string or a module
     *                 value (a hash's is counted again once decoded: fields whose own TTL passed are gone)
     */
    private KeyMemory decodeWhole(long db, byte[] key, int rdbType, long expireAtMs, long elements) {
        RdbEntry[] decoded = new RdbEntry[1];
        try {
            if (recordEnd - recordStart <= WHOLE_DECODE_BYTES) {
                // read at once: most records are small, and a buffered stream per key would cost its buffer
                decoder.decode(records.bytes(recordStart, recordEnd), e -> decoded[0] = e);
            } else {
                decoder.decode(recordStart, recordEnd, e -> decoded[0] = e);
            }
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            // the walk verified the record: only a value no registered type reads gets here
            return new KeyMemory(db, key, RdbTypes.typeName(rdbType), RdbTypes.encodingName(rdbType), 1, expireAtMs, -1);
        }
        RdbEntry e = decoded[0];
        if (e == null) {
            // every field of an RDB 12 hash had expired
            return null;
        }
        long count = e.type().name().equals("hash") ? fields(e.type(), e.value()) : elements;
        return new KeyMemory(db, key, e.type().name(), encoding(e.type(), e.value()), count,
                expireAtMs, usage(e.type(), e.value()) + keyOverhead(key));
    }

    @SuppressWarnings("unchecked")
    private static <T> long usage(ValueType<T> type, Object value) {
        return type.memoryUsage((T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T> String encoding(ValueType<T> type, Object value) {
        return type.encoding((T) value);
    }

    /** A hash's fields, as its AOF rewrite spells them (field-value pairs after the command and key). */
    @SuppressWarnings("unchecked")
    private static <T> long fields(ValueType<T> type, Object value) {
        long[] n = {0};
        type.rewrite(new byte[0], (T) value, argv -> n[0] += (argv.length - 2) / 2);
        return n[0];
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
