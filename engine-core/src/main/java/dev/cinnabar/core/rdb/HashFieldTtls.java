// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Decodes the hashes of RDB 12 (Redis 7.4) whose fields carry their own expiry, types 22 to 25, as 7.4's
 * {@code rdbLoadObject} reads them, with the same checks: a field expiry is at most
 * {@link Rdb#HASH_FIELD_EXPIRE_MAX}; in a listpack the expiry is an integer, and fields with one come first,
 * in expiry order ({@code lpValidateIntegrityAndDups}); field, value and expiry come in whole triples.
 * Duplicate fields are left to the hash codec that builds the value. An expiry of 0 means none.
 */
public final class HashFieldTtls {
    /** EB_EXPIRE_TIME_INVALID: the largest stored minimum expiry that is not corrupt. */
    private static final long EXPIRE_TIME_INVALID = Rdb.HASH_FIELD_EXPIRE_MAX + 1;

    private HashFieldTtls() {
    }

    /**
     * A hash as the file holds it.
     *
     * @param fields   the fields in file order
     * @param values   their values
     * @param expireAt each field's absolute expiry in Unix ms, 0 for none
     */
    public record Decoded(List<byte[]> fields, List<byte[]> values, long[] expireAt) {
        public int size() {
            return fields.size();
        }
    }

    /** Whether {@code typeId} is one of the hash types with field TTLs (22 to 25). */
    public static boolean isFieldTtlType(int typeId) {
        return typeId >= Rdb.TYPE_HASH_METADATA_PRE_GA && typeId <= Rdb.TYPE_HASH_LISTPACK_EX;
    }

    /** Whether {@code typeId} stores a listpack (23, 25) rather than a field count (22, 24). */
    public static boolean isListpack(int typeId) {
        return typeId == Rdb.TYPE_HASH_LISTPACK_EX || typeId == Rdb.TYPE_HASH_LISTPACK_EX_PRE_GA;
    }

    /** One field of a hash with field TTLs, as {@link #forEach} reads it. */
    @FunctionalInterface
    public interface FieldSink {
        /** @param expireAt the field's absolute expiry in Unix ms, 0 for none */
        void field(byte[] field, byte[] value, long expireAt);
    }

    /** Reads a whole hash of type 22 to 25 from {@code in}, the type byte and key already read. */
    public static Decoded read(int typeId, RdbReader in) {
        List<byte[]> fields = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        long[][] expireAt = {new long[16]};
        forEach(typeId, in, (field, value, expiry) -> {
            int i = fields.size();
            if (i == expireAt[0].length) {
                expireAt[0] = java.util.Arrays.copyOf(expireAt[0], i * 2);
            }
            expireAt[0][i] = expiry;
            fields.add(field);
            values.add(value);
        });
        return new Decoded(fields, values, java.util.Arrays.copyOf(expireAt[0], fields.size()));
    }

    /**
     * Reads a hash of type 22 to 25 from {@code in} field by field, the type byte and key already read: a
     * hashtable-stored hash (22, 24) is never held, only the field being read; a listpack one (23, 25) is one
     * blob anyway.
     *
     * @return the number of fields
     */
    public static long forEach(int typeId, RdbReader in, FieldSink sink) {
        long at = in.offset();
        if (isListpack(typeId)) {
            if (typeId == Rdb.TYPE_HASH_LISTPACK_EX) {
                // the minimum is kept for a future use by 7.4 and not checked on load (UNUSED(minExpire))
                in.readLittleEndian(8);
            }
            long lpAt = in.offset();
            Decoded hash = listpackTriples(in.readString(), lpAt);
            for (int i = 0; i < hash.size(); i++) {
                sink.field(hash.fields().get(i), hash.values().get(i), hash.expireAt()[i]);
            }
            return hash.size();
        }
        long minExpire = readMinExpire(typeId, in);
        long count = in.readLength();
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw new RdbFormatException("hash field count " + Long.toUnsignedString(count) + " out of range", at);
        }
        for (long i = 0; i < count; i++) {
            long ttlAt = in.offset();
            long expiry = metadataExpireAt(typeId, minExpire, in.readLength(), ttlAt);
            sink.field(in.readString(), in.readString(), expiry);
        }
        return count;
    }

    /**
     * What becomes of a hash's fields once loaded at a time: the fields kept, the TTLs they lose (no RDB before
     * 12 holds one), the fields already expired ({@link #expired}) and left out.
     */
    public record FieldFate(long kept, long ttlsDropped, long expired) {
        /** Whether anything is lost: a TTL or a field. */
        public boolean anyLost() {
            return ttlsDropped > 0 || expired > 0;
        }
    }

    /** Reads a hash of type 22 to 25 from {@code in} (type byte and key already read) and says its {@link FieldFate}. */
    public static FieldFate fate(int typeId, RdbReader in, long now) {
        long[] keptTtlsExpired = new long[3];
        forEach(typeId, in, (field, value, expireAt) -> {
            if (expired(expireAt, now)) {
                keptTtlsExpired[2]++;
            } else {
                keptTtlsExpired[0]++;
                keptTtlsExpired[1] += expireAt != 0 ? 1 : 0;
            }
        });
        return new FieldFate(keptTtlsExpired[0], keptTtlsExpired[1], keptTtlsExpired[2]);
    }

    /**
     * Whether a field whose expiry is {@code fieldExpireAt} (0: none) has expired before {@code now}: a Redis 7.4
     * master that loads it expires it at once.
     */
    public static boolean expired(long fieldExpireAt, long now) {
        return fieldExpireAt != 0 && fieldExpireAt < now;
    }

    /**
     * The minimum expiry that starts a type 24 hash (8 little-endian bytes; above 2^48 is corrupt), -1 for
     * type 22, which has none.
     */
    public static long readMinExpire(int typeId, RdbReader in) {
        if (typeId != Rdb.TYPE_HASH_METADATA) {
            return -1;
        }
        long at = in.offset();
        long minExpire = in.readLittleEndian(8);
        if (Long.compareUnsigned(minExpire, EXPIRE_TIME_INVALID) > 0) {
            throw new RdbFormatException("Hash read invalid minExpire value " + Long.toUnsignedString(minExpire), at);
        }
        return minExpire;
    }

    /**
     * A field's absolute expiry from the length stored before it: in type 24 relative to the hash's minimum
     * plus one (0: none), in type 22 absolute.
     */
    public static long metadataExpireAt(int typeId, long minExpire, long stored, long at) {
        long expireAt;
        if (typeId == Rdb.TYPE_HASH_METADATA) {
            // unsigned: a corrupt 64-bit length must not wrap around into a plausible time
            if (stored != 0 && Long.compareUnsigned(stored, EXPIRE_TIME_INVALID) > 0) {
                throw invalidExpiry(stored, at);
            }
            expireAt = stored == 0 ? 0 : stored + minExpire - 1;
        } else {
            expireAt = stored;
        }
        if (Long.compareUnsigned(expireAt, Rdb.HASH_FIELD_EXPIRE_MAX) > 0) {
            throw invalidExpiry(expireAt, at);
        }
        return expireAt;
    }

    private static RdbFormatException invalidExpiry(long value, long at) {
        return new RdbFormatException("invalid hash field expireAt time: " + Long.toUnsignedString(value), at);
    }

    /** The field, value, expiry triples of a listpack-ex blob, checked as 7.4 checks them. */
    public static Decoded listpackTriples(byte[] lp, long at) {
        List<byte[]> elements = ListpackReader.elements(lp, "Hash listpackex", at);
        if (elements.size() % 3 != 0) {
            throw new RdbFormatException("Hash listpackex integrity check failed: " + elements.size()
                    + " elements, not field, value, TTL triples", at);
        }
        int n = elements.size() / 3;
        List<byte[]> fields = new ArrayList<>(n);
        List<byte[]> values = new ArrayList<>(n);
        long[] expireAt = new long[n];
        long last = -1;
        for (int i = 0; i < n; i++) {
            fields.add(elements.get(3 * i));
            values.add(elements.get(3 * i + 1));
            long expiry = integer(elements.get(3 * i + 2), i, at);
            if (expiry < 0 || expiry > Rdb.HASH_FIELD_EXPIRE_MAX) {
                throw new RdbFormatException("Hash listpackex integrity check failed: field " + i + " has TTL "
                        + expiry + ", outside 0 to " + Rdb.HASH_FIELD_EXPIRE_MAX, at);
            }
            if (expiry != 0 && (last == 0 || expiry < last)) {
                throw new RdbFormatException("Hash listpackex integrity check failed: field " + i
                        + " breaks the TTL order (fields with a TTL first, smallest first)", at);
            }
            last = expiry;
            expireAt[i] = expiry;
        }
        return new Decoded(fields, values, expireAt);
    }

    private static long integer(byte[] text, int field, long at) {
        try {
            return Long.parseLong(new String(text, US_ASCII));
        } catch (NumberFormatException e) {
            throw new RdbFormatException("Hash listpackex integrity check failed: the TTL of field " + field
                    + " is not an integer", at);
        }
    }
}
