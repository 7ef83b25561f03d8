// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.family.hashes.HashType;
import dev.cinnabar.core.family.lists.ListType;
import dev.cinnabar.core.family.sets.SetType;
import dev.cinnabar.core.family.strings.StringType;
import dev.cinnabar.core.family.zsets.ZSetType;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.spi.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RDB type ids, DUMP bytes of Redis 7.0.15 for each deterministic encoding, and AOF rewrite commands. */
class TypeCodecsTest {
    private Engine engine;

    @BeforeEach
    void open() {
        engine = Engine.open();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void rdbTypeIdsAreRedisNumbers() {
        int[][] pinned = {
            {Rdb.TYPE_LIST, 1}, {Rdb.TYPE_SET, 2}, {Rdb.TYPE_ZSET, 3}, {Rdb.TYPE_HASH, 4}, {Rdb.TYPE_ZSET_2, 5},
            {Rdb.TYPE_MODULE, 6}, {Rdb.TYPE_MODULE_2, 7}, {Rdb.TYPE_HASH_ZIPMAP, 9}, {Rdb.TYPE_LIST_ZIPLIST, 10},
            {Rdb.TYPE_SET_INTSET, 11}, {Rdb.TYPE_ZSET_ZIPLIST, 12}, {Rdb.TYPE_HASH_ZIPLIST, 13},
            {Rdb.TYPE_LIST_QUICKLIST, 14}, {Rdb.TYPE_STREAM_LISTPACKS, 15}, {Rdb.TYPE_HASH_LISTPACK, 16},
            {Rdb.TYPE_ZSET_LISTPACK, 17}, {Rdb.TYPE_LIST_QUICKLIST_2, 18}, {Rdb.TYPE_STREAM_LISTPACKS_2, 19},
            {Rdb.TYPE_SET_LISTPACK, 20}, {Rdb.TYPE_STREAM_LISTPACKS_3, 21},
            {Rdb.QUICKLIST_NODE_PLAIN, 1}, {Rdb.QUICKLIST_NODE_PACKED, 2},
        };
        for (int[] p : pinned) {
            assertEquals(p[1], p[0]);
        }
    }

    private String dumpHex(String key) {
        return HexFormat.of().formatHex(((RespValue.Bulk) engine.execute("DUMP", key)).value());
    }

    @Test
    void dumpGivesRedisBytesForEveryDeterministicEncoding() {
        engine.execute("HSET", "h", "f", "1", "g", "hello", "12345", "x");
        engine.execute("RPUSH", "l", "a", "b", "1", "2", "300");
        engine.execute("SADD", "s", "1", "2", "3", "70000");
        engine.execute("ZADD", "z", "1.5", "a", "1", "b", "2.25", "c", "100000", "d");
        // each from DUMP of the same commands on redis-server 7.0.15
        assertEquals("101d1d000000060081660201018167028568656c6c6f06f1393003817802ff0a00cdebedad937fdcb3", dumpHex("h"));
        assertEquals("1201021414000000050081610281620201010201c12c02ff0a008421c79fc0b821fa", dumpHex("l"));
        assertEquals("0b180400000004000000010000000200000003000000701101000a00ef2e6521e385a22a", dumpHex("s"));
        assertEquals("1125250000000800816202010181610283312e350481630284322e323505816402f2a0860104ff0a00"
                + "7ed614474c8caf7d", dumpHex("z"));
    }

    private static <T> List<List<String>> rewrite(ValueType<T> type, Object value) {
        List<List<String>> commands = new ArrayList<>();
        type.rewrite("k".getBytes(StandardCharsets.US_ASCII), type.valueClass().cast(value), argv -> {
            List<String> c = new ArrayList<>();
            for (byte[] a : argv) {
                c.add(new String(a, StandardCharsets.US_ASCII));
            }
            commands.add(c);
        });
        return commands;
    }

    /** The value of {@code key}, read back from its DUMP payload through the type's codec. */
    private Object value(ValueType<?> type, String key) {
        byte[] payload = ((RespValue.Bulk) engine.execute("DUMP", key)).value();
        RdbReader in = new RdbReader(new ByteArrayInputStream(payload), Rdb.VERSION);
        return type.readRdb(in.readByte(), in);
    }

    @Test
    void rewriteEmitsBatchesOf64ItemsAsRedis() {
        List<String> push = new ArrayList<>(List.of("RPUSH", "l"));
        for (int i = 0; i < 130; i++) {
            push.add("e" + i);
        }
        engine.execute(push.toArray(new String[0]));
        List<List<String>> list = rewrite(ListType.INSTANCE, value(ListType.INSTANCE, "l"));
        assertEquals(3, list.size());
        assertEquals(66, list.get(0).size());
        assertEquals(List.of("RPUSH", "k", "e128", "e129"), list.get(2));
        assertEquals("e64", list.get(1).get(2));

        engine.execute("HSET", "h", "f", "v", "g", "w");
        assertEquals(List.of(List.of("HMSET", "k", "f", "v", "g", "w")), rewrite(HashType.INSTANCE, value(HashType.INSTANCE, "h")));
        engine.execute("ZADD", "z", "0.1", "a", "2", "b", "inf", "c");
        assertEquals(List.of(List.of("ZADD", "k", "0.10000000000000001", "a", "2", "b", "inf", "c")),
                rewrite(ZSetType.INSTANCE, value(ZSetType.INSTANCE, "z")));
        engine.execute("SADD", "s", "3", "1", "2");
        assertEquals(List.of(List.of("SADD", "k", "1", "2", "3")), rewrite(SetType.INSTANCE, value(SetType.INSTANCE, "s")));
        assertEquals(List.of(List.of("SET", "k", "v")), rewrite(StringType.INSTANCE, "v".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void damagedListpacksFailWithTheOffsetOfTheirString() {
        byte[] lp = new ListpackWriter().append("abc".getBytes(StandardCharsets.US_ASCII)).appendInteger(300).toBytes();
        assertEquals(2, ListpackReader.validate(lp, "Listpack", 7));
        byte[][] damaged = {lp.clone(), lp.clone(), lp.clone(), lp.clone(), java.util.Arrays.copyOf(lp, 5)};
        damaged[0][0]++;
        damaged[1][lp.length - 1] = 0;
        damaged[2][4] = 3;
        damaged[3][6 + 4] = 9;
        for (byte[] d : damaged) {
            RdbFormatException e = assertThrows(RdbFormatException.class, () -> ListpackReader.validate(d, "Listpack", 7));
            assertEquals(7, e.offset());
            assertTrue(e.getMessage().startsWith("Listpack integrity check failed"), e.getMessage());
        }
    }
}
