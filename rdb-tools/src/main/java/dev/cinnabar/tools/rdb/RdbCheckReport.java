// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link RdbChecker} found in one RDB: the file's version, aux fields and per-database counts, and
 * either success or the first failure with where it is.
 *
 * @param rdbVersion       the header's version, -1 if the header could not be read
 * @param bytesRead        bytes walked: to the end of the checksum on success, to the failure otherwise
 * @param aux              AUX fields in file order (UTF-8, invalid bytes replaced)
 * @param databases        counts per database number
 * @param functions        function libraries (FUNCTION2 records)
 * @param moduleAux        MODULE_AUX records read past
 * @param emptyKeys        collections stored with no element (Redis skips them on load)
 * @param storedChecksum   the CRC-64 after EOF; 0 when written without one or before RDB 5
 * @param computedChecksum the CRC-64 of the bytes before it
 * @param failure          null if the file is intact
 * @param fieldTtls        hash field TTLs (RDB 12, Redis 7.4) of the keys walked
 * @param keysCheckedForDuplicates keys looked up for a second record of theirs: all of them, or as many as a
 *                         quarter of the heap holds
 */
public record RdbCheckReport(int rdbVersion, long bytesRead, Map<String, String> aux,
        SortedMap<Long, DbStats> databases, long functions, long moduleAux, long emptyKeys, long storedChecksum,
        long computedChecksum, Failure failure, FieldTtlStats fieldTtls, long keysCheckedForDuplicates) {
    public RdbCheckReport {
        Objects.requireNonNull(fieldTtls, "fieldTtls is null");
        aux = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(aux, "aux is null")));
        databases = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(databases,
                "databases is null")));
    }

    /** True if the whole file, checksum included, is valid. */
    public boolean ok() {
        return failure == null;
    }

    /** Keys in every database. */
    public long keys() {
        return databases.values().stream().mapToLong(DbStats::keys).sum();
    }

    /**
     * Where and why the check stopped.
     *
     * @param offset  byte offset from the start of the file
     * @param reason  what was wrong or expected
     * @param key     the key being read (quoted, escaped), null outside a key
     * @param rdbType the RDB type id of that key's value, -1 outside a key
     * @param doing     what the checker was reading, e.g. "read-object-value" (redis-check-rdb's words)
     * @param endOfData whether the data ended too soon (a truncated file) rather than being wrong
     */
    public record Failure(long offset, String reason, String key, int rdbType, String doing, boolean endOfData) {
        public Failure {
            Objects.requireNonNull(reason, "reason is null");
            Objects.requireNonNull(doing, "doing is null");
        }
    }

    /** Counts of one database. */
    public static final class DbStats {
        private long keys;
        private long expires;
        private long alreadyExpired;
        private long resizeKeys = -1;
        private long resizeExpires = -1;
        /** Keys per RDB type id (a type id is one byte). */
        private final long[] byType = new long[256];

        void key(int typeId, long expireAt, long now) {
            keys++;
            byType[typeId]++;
            if (expireAt != -1) {
                expires++;
                if (expireAt < now) {
                    alreadyExpired++;
                }
            }
        }

        void resize(long size, long expiresSize) {
            resizeKeys = size;
            resizeExpires = expiresSize;
        }

        public long keys() {
            return keys;
        }

        public long expires() {
            return expires;
        }

        public long alreadyExpired() {
            return alreadyExpired;
        }

        /** The RESIZEDB hint's key count, -1 if the file has none for this database. */
        public long resizeKeys() {
            return resizeKeys;
        }

        public long resizeExpires() {
            return resizeExpires;
        }

        /** Keys per "type/encoding", e.g. "hash/listpack", sorted by name. */
        public Map<String, Long> byEncoding() {
            Map<String, Long> m = new TreeMap<>();
            for (int id = 0; id < byType.length; id++) {
                if (byType[id] > 0) {
                    m.merge(RdbTypes.typeName(id) + "/" + RdbTypes.encodingName(id), byType[id], Long::sum);
                }
            }
            return Collections.unmodifiableMap(m);
        }
    }

    /**
     * Hash fields with their own TTL (Redis 7.4's hash field expiry, RDB types 22 to 25): how many, in how many
     * keys, per "type/encoding" of the key, and how many had already expired at the check's clock (Redis 7.4
     * drops those on load). Cinnabar, like Redis 7.0, loads the others without their TTL.
     */
    public static final class FieldTtlStats {
        private long keys;
        private long fields;
        private long alreadyExpired;
        private final Map<String, Long> byEncoding = new TreeMap<>();

        void key(int typeId, long fieldsWithTtl, long expired) {
            if (fieldsWithTtl == 0) {
                return;
            }
            keys++;
            fields += fieldsWithTtl;
            alreadyExpired += expired;
            byEncoding.merge(RdbTypes.typeName(typeId) + "/" + RdbTypes.encodingName(typeId), fieldsWithTtl, Long::sum);
        }

        /** Keys with at least one field with a TTL. */
        public long keys() {
            return keys;
        }

        /** Fields with a TTL, expired or not. */
        public long fields() {
            return fields;
        }

        public long alreadyExpired() {
            return alreadyExpired;
        }

        /** Fields with a TTL per "type/encoding" of their key, e.g. "hash/listpackex". */
        public Map<String, Long> byEncoding() {
            return Collections.unmodifiableMap(byEncoding);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("keys", keys);
            m.put("fields", fields);
            m.put("already_expired", alreadyExpired);
            m.put("by_encoding", byEncoding());
            return m;
        }
    }

    /** The report as nested maps and lists, for a JSON writer. */
    public Map<String, Object> toMap(String file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("ok", ok());
        m.put("rdb_version", rdbVersion);
        m.put("bytes_read", bytesRead);
        m.put("keys", keys());
        m.put("aux", aux);
        List<Map<String, Object>> dbs = new ArrayList<>();
        databases.forEach((n, s) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("db", n);
            d.put("keys", s.keys());
            d.put("expires", s.expires());
            d.put("already_expired", s.alreadyExpired());
            d.put("types", s.byEncoding());
            dbs.add(d);
        });
        m.put("databases", dbs);
        m.put("functions", functions);
        m.put("module_aux", moduleAux);
        m.put("empty_keys_skipped", emptyKeys);
        m.put("keys_checked_for_duplicates", keysCheckedForDuplicates);
        m.put("hash_field_ttls", fieldTtls.toMap());
        m.put("checksum_stored", String.format("%016x", storedChecksum));
        m.put("checksum_computed", String.format("%016x", computedChecksum));
        if (failure != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("offset", failure.offset());
            f.put("reason", failure.reason());
            f.put("key", failure.key());
            f.put("rdb_type", failure.rdbType() < 0 ? null : failure.rdbType());
            f.put("doing", failure.doing());
            m.put("error", f);
        }
        return m;
    }
}
