// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.family.hashes.HashType;
import dev.cinnabar.core.family.lists.ListType;
import dev.cinnabar.core.family.sets.SetType;
import dev.cinnabar.core.family.zsets.ZSetType;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.spi.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.cinnabar.core.rdb.LegacyEncodings.intset;
import static dev.cinnabar.core.rdb.LegacyEncodings.linkedList;
import static dev.cinnabar.core.rdb.LegacyEncodings.payload;
import static dev.cinnabar.core.rdb.LegacyEncodings.quicklistV1;
import static dev.cinnabar.core.rdb.LegacyEncodings.rdbString;
import static dev.cinnabar.core.rdb.LegacyEncodings.ziplist;
import static dev.cinnabar.core.rdb.LegacyEncodings.zipmap;
import static dev.cinnabar.core.rdb.LegacyEncodings.zsetV1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values in the encodings of Redis 2.4 to 6.2 load as Redis 7.0 loads them; damaged ones fail cleanly. */
class LegacyEncodingsTest {
    /** The RDB version of Redis 6.2, which wrote ziplists. */
    private static final int V9 = 9;
    private Engine engine;

    @BeforeEach
    void open() {
        engine = Engine.open();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private RespValue restore(String key, byte[] payload) {
        return engine.execute(bytes("RESTORE"), bytes(key), bytes("0"), payload);
    }

    private List<String> texts(String... command) {
        List<String> out = new ArrayList<>();
        for (RespValue item : ((RespValue.Array) engine.execute(command)).items()) {
            out.add(((RespValue.Bulk) item).text());
        }
        return out;
    }

    private String encoding(String key) {
        return ((RespValue.Bulk) engine.execute("OBJECT", "ENCODING", key)).text();
    }

    private byte[] dump(String key) {
        return ((RespValue.Bulk) engine.execute("DUMP", key)).value();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static <T> T read(ValueType<T> type, int typeId, byte[] body) {
        return type.readRdb(typeId, new RdbReader(new ByteArrayInputStream(body), V9));
    }

    @Test
    void ziplistListLoadsEveryEntryEncoding() {
        byte[] zl = ziplist("a", 5L, "hello", -200L, 100000L, 5_000_000_000L, 12L, -1L, "x".repeat(300));
        assertEquals(new RespValue.Simple("OK"), restore("l", payload(Rdb.TYPE_LIST_ZIPLIST, rdbString(zl), V9)));
        assertEquals(List.of("a", "5", "hello", "-200", "100000", "5000000000", "12", "-1", "x".repeat(300)),
                texts("LRANGE", "l", "0", "-1"));
        assertEquals("quicklist", encoding("l"));
    }

    @Test
    void linkedListAndQuicklistOfZiplistsLoadInOrder() {
        restore("l", payload(Rdb.TYPE_LIST, linkedList("a", "b", "c"), V9));
        assertEquals(List.of("a", "b", "c"), texts("LRANGE", "l", "0", "-1"));
        byte[] body = quicklistV1(ziplist("a", 1L), ziplist(), ziplist("b", 2L, "c"));
        restore("q", payload(Rdb.TYPE_LIST_QUICKLIST, body, V9));
        assertEquals(List.of("a", "1", "b", "2", "c"), texts("LRANGE", "q", "0", "-1"));
        // each non-empty ziplist node became one listpack node, as Redis's quicklistAppendListpack keeps nodes
        byte[] dumped = dump("q");
        assertEquals(Rdb.TYPE_LIST_QUICKLIST_2, dumped[0]);
        assertEquals(2, dumped[1]);
    }

    @Test
    void ziplistAndZipmapHashesBecomeTheListpackRedisWouldBuild() {
        engine.execute("HSET", "expected", "f", "1", "g", "v");
        byte[] expected = dump("expected");
        restore("zl", payload(Rdb.TYPE_HASH_ZIPLIST, rdbString(ziplist("f", 1L, "g", "v")), V9));
        restore("zm", payload(Rdb.TYPE_HASH_ZIPMAP, rdbString(zipmap(3, "f", "1", "g", "v")), V9));
        assertEquals("listpack", encoding("zl"));
        assertEquals("listpack", encoding("zm"));
        assertEquals(Arrays.toString(expected), Arrays.toString(dump("zl")));
        assertEquals(Arrays.toString(expected), Arrays.toString(dump("zm")));
    }

    @Test
    void zipmapHashWithALongValueOrTooManyPairsBecomesAHashtable() {
        restore("long", payload(Rdb.TYPE_HASH_ZIPMAP, rdbString(zipmap(0, "f", "v".repeat(300))), V9));
        assertEquals("hashtable", encoding("long"));
        assertEquals(List.of("v".repeat(300)), texts("HMGET", "long", "f"));
        engine.execute("CONFIG", "SET", "hash-max-listpack-entries", "1");
        restore("many", payload(Rdb.TYPE_HASH_ZIPLIST, rdbString(ziplist("a", "1", "b", "2")), V9));
        assertEquals("hashtable", encoding("many"));
    }

    @Test
    void ziplistZsetAndStringScoreZsetLoadWithInfinities() {
        restore("zl", payload(Rdb.TYPE_ZSET_ZIPLIST, rdbString(ziplist("a", 1L, "b", "2.5")), V9));
        assertEquals(List.of("a", "1", "b", "2.5"), texts("ZRANGE", "zl", "0", "-1", "WITHSCORES"));
        assertEquals("listpack", encoding("zl"));
        restore("v1", payload(Rdb.TYPE_ZSET, zsetV1("a", "1.5", "b", "inf", "c", "-inf"), 6));
        assertEquals(List.of("c", "-inf", "a", "1.5", "b", "inf"), texts("ZRANGE", "v1", "0", "-1", "WITHSCORES"));
        assertEquals("listpack", encoding("v1"));
    }

    @Test
    void intsetKeepsItsWidthAcrossRestoreAndDump() {
        byte[] p = payload(Rdb.TYPE_SET_INTSET, rdbString(intset(8, -3, 1, 2)), Rdb.VERSION);
        restore("s", p);
        assertEquals("intset", encoding("s"));
        assertEquals(Arrays.toString(p), Arrays.toString(dump("s")));
    }

    @Test
    void nanScoreDuplicatesAndEmptyValuesAreBadDataFormat() {
        RespValue bad = new RespValue.Error("ERR Bad data format");
        assertEquals(bad, restore("k", payload(Rdb.TYPE_ZSET, zsetV1("a", "nan"), V9)));
        assertEquals(bad, restore("k", payload(Rdb.TYPE_ZSET_ZIPLIST, rdbString(ziplist("a", 1L, "a", 2L)), V9)));
        assertEquals(bad, restore("k", payload(Rdb.TYPE_HASH_ZIPMAP, rdbString(zipmap(0, "a", "1", "a", "2")), V9)));
        assertEquals(bad, restore("k", payload(Rdb.TYPE_HASH_ZIPLIST, rdbString(ziplist("a", 1L, "b")), V9)));
        assertEquals(bad, restore("k", payload(Rdb.TYPE_LIST_ZIPLIST, rdbString(ziplist()), V9)));
        assertEquals(bad, restore("k", payload(Rdb.TYPE_SET_INTSET, rdbString(intset(2, 2, 1)), V9)));
        assertEquals(bad, restore("k", payload(Rdb.TYPE_SET_INTSET, rdbString(intset(2)), V9)));
        assertEquals(0L, ((RespValue.Integer) engine.execute("EXISTS", "k")).value());
    }

    @Test
    void damagedZiplistsFailWithAnOffset() {
        byte[] zl = ziplist("abc", 7L, "defg");
        List<byte[]> damaged = new ArrayList<>();
        damaged.add(Arrays.copyOf(zl, zl.length - 3));
        byte[] wrongTotal = zl.clone();
        wrongTotal[0]++;
        damaged.add(wrongTotal);
        byte[] wrongPrevlen = zl.clone();
        wrongPrevlen[10 + 5]++;
        damaged.add(wrongPrevlen);
        byte[] wrongTail = zl.clone();
        wrongTail[4]--;
        damaged.add(wrongTail);
        byte[] wrongCount = zl.clone();
        wrongCount[8] = 4;
        damaged.add(wrongCount);
        byte[] badEncoding = zl.clone();
        badEncoding[11] = (byte) 0xC1;
        damaged.add(badEncoding);
        byte[] noEnd = zl.clone();
        noEnd[zl.length - 1] = 0;
        damaged.add(noEnd);
        for (byte[] d : damaged) {
            RdbFormatException e = assertThrows(RdbFormatException.class,
                    () -> read(ListType.INSTANCE, Rdb.TYPE_LIST_ZIPLIST, rdbString(d)));
            assertEquals(0, e.offset());
            assertTrue(e.getMessage().contains("List ziplist integrity check failed"), e.getMessage());
        }
    }

    @Test
    void truncatedOldValuesFailAsFormatErrors() {
        List<Object[]> cases = List.of(
                new Object[] {ListType.INSTANCE, Rdb.TYPE_LIST, linkedList("a", "b", "c")},
                new Object[] {ListType.INSTANCE, Rdb.TYPE_LIST_QUICKLIST, quicklistV1(ziplist("a"), ziplist("b"))},
                new Object[] {ZSetType.INSTANCE, Rdb.TYPE_ZSET, zsetV1("a", "1.5", "b", "2")},
                new Object[] {HashType.INSTANCE, Rdb.TYPE_HASH_ZIPMAP, rdbString(zipmap(2, "a", "1", "bb", "22"))},
                new Object[] {SetType.INSTANCE, Rdb.TYPE_SET_INTSET, rdbString(intset(4, 1, 2, 3))});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            ValueType<Object> type = (ValueType<Object>) c[0];
            byte[] body = (byte[]) c[2];
            for (int cut = 0; cut < body.length; cut++) {
                byte[] part = Arrays.copyOf(body, cut);
                assertThrows(RdbFormatException.class, () -> read(type, (Integer) c[1], part),
                        type.name() + " cut at " + cut);
            }
        }
    }

    @Test
    void damagedZipmapsFail() {
        byte[] zm = zipmap(2, "a", "1", "bb", "22");
        byte[] longFree = zm.clone();
        longFree[4] = 100;
        byte[] wrongCount = zm.clone();
        wrongCount[0] = 3;
        byte[] trailing = Arrays.copyOf(zm, zm.length + 1);
        for (byte[] d : List.of(longFree, wrongCount, trailing)) {
            assertThrows(RdbFormatException.class, () -> read(HashType.INSTANCE, Rdb.TYPE_HASH_ZIPMAP, rdbString(d)));
        }
    }

    @Test
    void aHugeDeclaredCountFailsAtTheEndOfTheDataWithoutAllocatingIt() {
        byte[] body = LegacyEncodings.rdbLength(4_000_000_000L);
        assertThrows(RdbFormatException.class, () -> read(SetType.INSTANCE, Rdb.TYPE_SET, body));
        assertThrows(RdbFormatException.class, () -> read(HashType.INSTANCE, Rdb.TYPE_HASH, body));
        assertThrows(RdbFormatException.class, () -> read(ZSetType.INSTANCE, Rdb.TYPE_ZSET_2, body));
        assertThrows(RdbFormatException.class, () -> read(ListType.INSTANCE, Rdb.TYPE_LIST_QUICKLIST_2, body));
        assertNull(read(ListType.INSTANCE, Rdb.TYPE_LIST, LegacyEncodings.rdbLength(0)));
    }
}
