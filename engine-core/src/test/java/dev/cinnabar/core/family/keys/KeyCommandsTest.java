// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCommandsTest extends EngineTestBase {
    @Test
    void delCountsEachExistingKeyOnce() {
        run("SET", "a", "1");
        run("SET", "b", "2");
        assertEquals(integer(2), run("DEL", "a", "b", "a", "missing"));
        assertEquals(integer(0), run("EXISTS", "a", "b"));
    }

    @Test
    void unlinkDeletesLikeDel() {
        run("SET", "a", "1");
        assertEquals(integer(1), run("UNLINK", "a", "a"));
        assertEquals(nil(), run("GET", "a"));
    }

    @Test
    void delDoesNotCountAKeyThatHasExpired() throws InterruptedException {
        run("SET", "a", "1", "PX", "1");
        Thread.sleep(5);
        assertEquals(integer(0), run("DEL", "a"));
    }

    @Test
    void existsCountsRepeatedKeysEachTime() {
        run("SET", "a", "1");
        assertEquals(integer(3), run("EXISTS", "a", "a", "missing", "a"));
    }

    @Test
    void touchCountsExistingKeysAndResetsIdleTime() {
        run("SET", "a", "1");
        byte[] payload = ((RespValue.Bulk) run("DUMP", "a")).value();
        engine.execute(ascii("RESTORE"), ascii("b"), ascii("0"), payload, ascii("IDLETIME"), ascii("100"));
        assertEquals(integer(100), run("OBJECT", "IDLETIME", "b"));
        assertEquals(integer(1), run("TOUCH", "b", "missing"));
        assertEquals(integer(0), run("OBJECT", "IDLETIME", "b"));
    }

    @Test
    void typeNamesTheTypeOrNone() {
        run("SET", "a", "1");
        assertEquals(new RespValue.Simple("string"), run("TYPE", "a"));
        assertEquals(new RespValue.Simple("none"), run("TYPE", "missing"));
    }

    @Test
    void randomkeyReturnsAnExistingKeyOrNil() {
        assertEquals(nil(), run("RANDOMKEY"));
        run("SET", "a", "1");
        run("SET", "b", "2");
        String key = ((RespValue.Bulk) run("RANDOMKEY")).text();
        assertTrue(key.equals("a") || key.equals("b"));
    }

    @Test
    void renameMovesTheValueAndItsTtl() {
        run("SET", "a", "v");
        run("PEXPIREAT", "a", "4102444800000");
        assertEquals(ok(), run("RENAME", "a", "b"));
        assertEquals(nil(), run("GET", "a"));
        assertEquals(bulk("v"), run("GET", "b"));
        assertEquals(integer(4102444800000L), run("PEXPIRETIME", "b"));
    }

    @Test
    void renameOverwritesTheTargetAndItsTtl() {
        run("SET", "a", "v");
        run("SET", "b", "old", "EX", "100");
        assertEquals(ok(), run("RENAME", "a", "b"));
        assertEquals(bulk("v"), run("GET", "b"));
        assertEquals(integer(-1), run("TTL", "b"));
    }

    @Test
    void renameOfAMissingKeyIsAnErrorEvenOntoItself() {
        assertEquals(error("ERR no such key"), run("RENAME", "a", "b"));
        assertEquals(error("ERR no such key"), run("RENAME", "a", "a"));
        assertEquals(error("ERR no such key"), run("RENAMENX", "a", "a"));
    }

    @Test
    void renameOntoItselfIsANoOp() {
        run("SET", "a", "v", "EX", "100");
        assertEquals(ok(), run("RENAME", "a", "a"));
        assertEquals(integer(0), run("RENAMENX", "a", "a"));
        assertEquals(bulk("v"), run("GET", "a"));
        assertEquals(integer(100), run("TTL", "a"));
    }

    @Test
    void renamenxRefusesAnExistingTarget() {
        run("SET", "a", "1");
        run("SET", "b", "2");
        assertEquals(integer(0), run("RENAMENX", "a", "b"));
        assertEquals(bulk("2"), run("GET", "b"));
        assertEquals(integer(1), run("RENAMENX", "a", "c"));
        assertEquals(bulk("1"), run("GET", "c"));
    }

    @Test
    void copyDuplicatesTheValueAndTtl() {
        run("SET", "a", "v", "EX", "100");
        assertEquals(integer(1), run("COPY", "a", "b"));
        assertEquals(bulk("v"), run("GET", "b"));
        assertEquals(integer(100), run("TTL", "b"));
        run("SET", "a", "changed");
        assertEquals(bulk("v"), run("GET", "b"));
    }

    @Test
    void copyRefusesAnExistingTargetUnlessReplace() {
        run("SET", "a", "1");
        run("SET", "b", "2", "EX", "100");
        assertEquals(integer(0), run("COPY", "a", "b"));
        assertEquals(integer(1), run("COPY", "a", "b", "REPLACE"));
        assertEquals(bulk("1"), run("GET", "b"));
        assertEquals(integer(-1), run("TTL", "b"));
    }

    @Test
    void copyToAnotherDatabase() {
        run("SET", "a", "v");
        assertEquals(integer(1), run("COPY", "a", "a", "DB", "3"));
        run("SELECT", "3");
        assertEquals(bulk("v"), run("GET", "a"));
    }

    @Test
    void copyValidatesItsOptionsBeforeLookingAtKeys() {
        assertEquals(error("ERR source and destination objects are the same"), run("COPY", "a", "a"));
        assertEquals(error("ERR syntax error"), run("COPY", "a", "b", "DB"));
        assertEquals(error("ERR DB index is out of range"), run("COPY", "a", "b", "DB", "16"));
        assertEquals(error("ERR value is out of range, value must between -2147483648 and 2147483647"),
                run("COPY", "a", "b", "DB", "2147483648"));
        assertEquals(integer(0), run("COPY", "missing", "b"));
    }

    @Test
    void moveTransfersTheKeyWithItsTtl() {
        run("SET", "a", "v", "EX", "100");
        assertEquals(integer(1), run("MOVE", "a", "1"));
        assertEquals(integer(0), run("EXISTS", "a"));
        run("SELECT", "1");
        assertEquals(bulk("v"), run("GET", "a"));
        assertEquals(integer(100), run("TTL", "a"));
    }

    @Test
    void moveRefusesWhenTheTargetHasTheKey() {
        run("SET", "a", "here");
        run("SELECT", "1");
        run("SET", "a", "there");
        run("SELECT", "0");
        assertEquals(integer(0), run("MOVE", "a", "1"));
        assertEquals(bulk("here"), run("GET", "a"));
    }

    @Test
    void moveChecksTheDatabaseBeforeTheKey() {
        assertEquals(error("ERR source and destination objects are the same"), run("MOVE", "missing", "0"));
        assertEquals(error("ERR DB index is out of range"), run("MOVE", "missing", "-1"));
        assertEquals(error("ERR value is not an integer or out of range"), run("MOVE", "a", "x"));
        assertEquals(integer(0), run("MOVE", "missing", "1"));
    }
}
