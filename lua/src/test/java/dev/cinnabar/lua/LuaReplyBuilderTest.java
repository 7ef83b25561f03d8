// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replies of nested commands become the Lua values of Redis's redisProtocolToLuaType, in the script's
 * protocol, and Lua values become replies as luaReplyToRedisReply writes them.
 */
class LuaReplyBuilderTest {
    private static String reply(LuaValue v, int scriptProtocol, int clientProtocol) {
        ValueReplyWriter w = new ValueReplyWriter(clientProtocol);
        LuaReplies.write(v, w, scriptProtocol);
        List<RespValue> out = w.take();
        assertEquals(1, out.size());
        return out.get(0).toString();
    }

    @Test
    void resp3TypesBecomeRedisTables() {
        LuaReplyBuilder b = new LuaReplyBuilder(3);
        b.array(7);
        b.map(1);
        b.bulk("k");
        b.set(1);
        b.bulk("m");
        b.doubleValue(3.141);
        b.bigNumber("1234567999999999999999999999999999999");
        b.verbatim("txt", "This is a verbatim\nstring");
        b.bool(true);
        b.nullBulk();
        b.simple("OK");
        LuaValue v = b.result();
        LuaValue map = v.get(1).get("map");
        assertTrue(map.get("k").get("set").get("m").toboolean());
        assertEquals(3.141, v.get(2).get("double").todouble());
        assertEquals("1234567999999999999999999999999999999", v.get(3).get("big_number").tojstring());
        assertEquals("txt", v.get(4).get("verbatim_string").get("format").tojstring());
        assertEquals(LuaValue.TRUE, v.get(5));
        assertTrue(v.get(6).isnil());
        // the array goes on after a RESP3 null, which leaves a hole
        assertEquals("OK", v.get(7).get("ok").tojstring());
    }

    @Test
    void resp2ScriptsSeeTheRedis2Degradations() {
        LuaReplyBuilder b = new LuaReplyBuilder(2);
        b.array(5);
        b.map(1);
        b.bulk("k");
        b.bulk("v");
        b.doubleValue(3.141);
        b.bool(false);
        b.nullBulk();
        b.bigNumber("12");
        LuaValue v = b.result();
        assertEquals("k", v.get(1).get(1).tojstring());
        assertEquals("v", v.get(1).get(2).tojstring());
        assertEquals("3.141", v.get(2).tojstring());
        assertEquals(0, v.get(3).toint());
        assertEquals(LuaValue.FALSE, v.get(4));
        assertEquals("12", v.get(5).tojstring());
    }

    @Test
    void errorsKeepTheirCode() {
        LuaReplyBuilder b = new LuaReplyBuilder(2);
        b.error("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertTrue(b.isError());
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                b.result().get("err").tojstring());
        assertEquals("ERR bare", LuaReplyBuilder.errorTable("bare").get("err").tojstring());
        assertEquals("ERR x", LuaReplyBuilder.errorTable("-x").get("err").tojstring());
        assertFalse(new LuaReplyBuilder(2).isError());
    }

    @Test
    void luaValuesBecomeReplies() {
        LuaTable t = new LuaTable();
        t.set(1, LuaValue.valueOf(1.9));
        t.set(2, LuaValue.valueOf("a"));
        t.set(3, LuaValue.FALSE);
        t.set(5, LuaValue.valueOf(5));
        assertEquals("[(integer) 1, \"a\", (nil)]", reply(t, 2, 2));
        assertEquals("(integer) 1", reply(LuaValue.TRUE, 2, 3));
        assertEquals("Bool[value=true]", reply(LuaValue.TRUE, 3, 3).replace("#t", "true"));
        assertEquals("(integer) -9223372036854775808", reply(LuaValue.valueOf(Double.NaN), 2, 2));
        assertEquals("(error) x  y", reply(LuaReplyBuilder.single(LuaValue.valueOf("err"),
                LuaValue.valueOf("x\r\ny\n")), 2, 2));
    }

    @Test
    void aCyclicTableEndsWithRedisStackLimitError() {
        LuaTable a = new LuaTable();
        LuaTable b = new LuaTable();
        a.set(1, b);
        b.set(1, a);
        String r = reply(a, 2, 2);
        assertTrue(r.startsWith("[[[["), r.substring(0, 10));
        assertTrue(r.contains("[(error) ERR reached lua stack limit]"), r.substring(r.length() - 60));
    }
}
