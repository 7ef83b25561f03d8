// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectCommandsTest extends EngineTestBase {
    @Test
    void encodingFollowsTheStringType() {
        run("SET", "n", "123");
        run("SET", "s", "hello");
        run("SET", "r", "x".repeat(45));
        assertEquals(bulk("int"), run("OBJECT", "ENCODING", "n"));
        assertEquals(bulk("embstr"), run("OBJECT", "ENCODING", "s"));
        assertEquals(bulk("raw"), run("OBJECT", "ENCODING", "r"));
        assertEquals(nil(), run("OBJECT", "ENCODING", "missing"));
    }

    @Test
    void refcountIsSharedOnlyForSmallNonNegativeIntegers() {
        run("SET", "small", "9999");
        run("SET", "big", "10000");
        run("SET", "negative", "-1");
        run("SET", "text", "v");
        assertEquals(integer(Integer.MAX_VALUE), run("OBJECT", "REFCOUNT", "small"));
        assertEquals(integer(1), run("OBJECT", "REFCOUNT", "big"));
        assertEquals(integer(1), run("OBJECT", "REFCOUNT", "negative"));
        assertEquals(integer(1), run("OBJECT", "REFCOUNT", "text"));
        assertEquals(nil(), run("OBJECT", "REFCOUNT", "missing"));
    }

    @Test
    void freqIsNotTrackedUnderTheDefaultPolicy() {
        run("SET", "k", "v");
        assertEquals(error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
                + "note that when switching between policies at runtime LRU and LFU data will take some time to "
                + "adjust."), run("OBJECT", "FREQ", "k"));
        assertEquals(nil(), run("OBJECT", "FREQ", "missing"));
    }

    @Test
    void idletimeCountsSecondsSinceTheLastAccess() throws InterruptedException {
        run("SET", "k", "v");
        assertEquals(integer(0), run("OBJECT", "IDLETIME", "k"));
        assertEquals(nil(), run("OBJECT", "IDLETIME", "missing"));
        Thread.sleep(2100);
        long idle = ((RespValue.Integer) run("OBJECT", "IDLETIME", "k")).value();
        assertTrue(idle >= 2 && idle <= 3, "idle " + idle);
        run("OBJECT", "ENCODING", "k");
        run("TYPE", "k");
        run("EXISTS", "k");
        assertEquals(integer(idle), run("OBJECT", "IDLETIME", "k"));
        run("GET", "k");
        assertEquals(integer(0), run("OBJECT", "IDLETIME", "k"));
    }

    @Test
    void helpListsTheSubcommands() {
        RespValue.Array help = (RespValue.Array) run("OBJECT", "HELP");
        assertEquals(15, help.items().size());
        assertEquals(new RespValue.Simple("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
                help.items().get(0));
        assertEquals(new RespValue.Simple("    Prints this help."), help.items().get(14));
    }

    @Test
    void unknownSubcommandsAndArityAreTheDispatchersErrors() {
        assertEquals(error("ERR unknown subcommand 'FOO'. Try OBJECT HELP."), run("OBJECT", "FOO"));
        assertEquals(error("ERR wrong number of arguments for 'object|encoding' command"),
                run("OBJECT", "ENCODING"));
    }
}
