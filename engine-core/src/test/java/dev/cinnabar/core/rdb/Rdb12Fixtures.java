// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * RDB 12 files laid out byte for byte as Redis 7.4's {@code rdbSaveRio} writes them, since no Redis 7.4 is
 * installed here: the AUX fields 7.4 writes, strings through {@link RdbWriter} with {@code rdbcompression
 * yes} (integer encoding up to 11 characters, LZF above 20 bytes when it saves space, as
 * {@code rdbSaveRawString}), and the hash field expiry types as {@code rdbSaveObject} writes them:
 * <ul>
 * <li>RDB_TYPE_HASH_LISTPACK_EX (25): the minimum field expiry as 8 little-endian bytes (0 when no field has
 * one, e.g. after HPERSIST), then the listpack of field, value, absolute expiry triples, fields with an
 * expiry first in expiry order, the others with expiry 0;</li>
 * <li>RDB_TYPE_HASH_METADATA (24, a hashtable with at least one field TTL): the minimum expiry as 8 bytes,
 * the field count, then per field its expiry minus the minimum plus one as a length (0: none), the field and
 * the value;</li>
 * <li>the 7.4 release candidates' 22 and 23: the same without the minimum, the metadata form's expiries
 * absolute;</li>
 * <li>SLOT_INFO (244), written in cluster mode only, before each slot's keys: slot, keys, expires.</li>
 * </ul>
 * {@link Rdb12FixturesTest} keeps the files under {@code src/test/resources/rdb/} equal to these bytes
 * ({@code -Drdb.fixtures.update=true} rewrites them; rdb-tools keeps a copy of each).
 */
final class Rdb12Fixtures {
    /** 2100-01-01: a field TTL that stays in the future. */
    static final long T1 = 4102444800000L;
    static final long T2 = T1 + 500;
    /** Long past: fields with these TTLs are expired at any load clock. */
    static final long PAST1 = 1000;
    static final long PAST2 = 2000;

    static final String MAIN = "redis-7.4-v12.rdb";
    static final String CLUSTER = "redis-7.4-v12-cluster.rdb";

    private Rdb12Fixtures() {
    }

    static Map<String, byte[]> all() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put(MAIN, main());
        f.put(CLUSTER, cluster());
        return f;
    }

    private static RdbFileBuilder header() {
        return new RdbFileBuilder(12, true).aux("redis-ver", "7.4.1").aux("redis-bits", "64")
                .aux("ctime", "1733000000").aux("used-mem", "1048576").aux("aof-base", "0");
    }

    /** Every hash field expiry type, live, expired and persisted fields, next to keys of older types. */
    static byte[] main() {
        return header().selectDb(0).resizeDb(11, 1)
                .entry(Rdb.TYPE_HASH_LISTPACK_EX, "hfe:lp", listpackEx(T1,
                        "f1", "v1", T1, "f2", "v2", T2, "f3", "v3", 0L))
                .entry(Rdb.TYPE_HASH_LISTPACK_EX, "hfe:lp:expired", listpackEx(PAST1,
                        "old", "gone", PAST1, "live", "1", T1, "plain", "x", 0L))
                .entry(Rdb.TYPE_HASH_LISTPACK_EX, "hfe:lp:allexpired", listpackEx(PAST1,
                        "a", "1", PAST1, "b", "2", PAST2))
                .entry(Rdb.TYPE_HASH_LISTPACK_EX, "hfe:lp:persisted", listpackEx(0, "k", "v", 0L))
                .entry(Rdb.TYPE_HASH_METADATA, "hfe:ht", metadata(T1, "a", "1", T1, "b", "2", 0L, "c", "3", T2))
                .entry(Rdb.TYPE_HASH_METADATA, "hfe:ht:expired", metadata(PAST1,
                        "x", "old", PAST1, "y", "live", T1, "z", "plain", 0L))
                .entry(Rdb.TYPE_HASH_METADATA_PRE_GA, "hfe:rc:ht", metadata(-1, "p", "1", T1, "q", "2", 0L))
                .entry(Rdb.TYPE_HASH_LISTPACK_EX_PRE_GA, "hfe:rc:lp", body(w -> w.writeString(
                        triples("m", "1", T1, "n", "2", 0L))))
                .entry(Rdb.TYPE_HASH_LISTPACK, "plain:hash", body(w -> w.writeString(
                        new ListpackWriter().append(b("k")).append(b("v")).toBytes())))
                .entry(Rdb.TYPE_SET_LISTPACK, "lpset", body(w -> w.writeString(
                        new ListpackWriter().append(b("a")).append(b("b")).toBytes())))
                .expireAtMillis(T1).string("s", "v")
                .end();
    }

    /** A cluster node's file: SLOT_INFO before each slot's keys ("b" is slot 3300, "a" slot 15495). */
    static byte[] cluster() {
        return header().selectDb(0).resizeDb(2, 0)
                .slotInfo(3300, 1, 0).string("b", "2")
                .slotInfo(15495, 1, 0).string("a", "1")
                .end();
    }

    /** Type 25's body: the minimum expiry, then the listpack of triples. */
    private static byte[] listpackEx(long minExpire, Object... triples) {
        return body(w -> {
            w.writeLittleEndian(minExpire, 8);
            w.writeString(triples(triples));
        });
    }

    private static byte[] triples(Object... triples) {
        ListpackWriter lp = new ListpackWriter();
        for (int i = 0; i < triples.length; i += 3) {
            lp.append(b((String) triples[i])).append(b((String) triples[i + 1])).appendInteger((Long) triples[i + 2]);
        }
        return lp.toBytes();
    }

    /**
     * Type 24's body (type 22's with {@code minExpire} -1: no minimum, absolute expiries): field, value,
     * expiry triples in, TTL field value out.
     */
    private static byte[] metadata(long minExpire, Object... triples) {
        return body(w -> {
            if (minExpire >= 0) {
                w.writeLittleEndian(minExpire, 8);
            }
            w.writeLength(triples.length / 3);
            for (int i = 0; i < triples.length; i += 3) {
                long expireAt = (Long) triples[i + 2];
                w.writeLength(minExpire < 0 || expireAt == 0 ? expireAt : expireAt - minExpire + 1);
                w.writeString(b((String) triples[i]));
                w.writeString(b((String) triples[i + 1]));
            }
        });
    }

    private static byte[] body(Consumer<RdbWriter> write) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(bytes, true);
        write.accept(w);
        w.flush();
        return bytes.toByteArray();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
