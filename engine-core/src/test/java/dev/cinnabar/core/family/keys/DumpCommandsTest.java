// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpCommandsTest extends EngineTestBase {
    /** DUMP of the string "v" from Redis 7.0.15. */
    private static final String REDIS_DUMP_OF_V = "0001760a009108ceb219388ace";
    /** DUMP of RPUSH l a b from Redis 7.0.15: a quicklist (type 18). */
    private static final String REDIS_DUMP_OF_LIST = "1201020d0d0000000200816102816202ff0a0068eb0a891341bbb1";
    /** A module value (RDB_TYPE_MODULE_2, type 7) with a valid footer: no registered type reads it. */
    private static final String MODULE_PAYLOAD = "07810a004d195fd72e01a524";

    private String dumpHex(String key) {
        return HexFormat.of().formatHex(((RespValue.Bulk) run("DUMP", key)).value());
    }

    private RespValue restore(String key, String ttl, String payloadHex, String... options) {
        byte[][] argv = new byte[4 + options.length][];
        argv[0] = ascii("RESTORE");
        argv[1] = ascii(key);
        argv[2] = ascii(ttl);
        argv[3] = HexFormat.of().parseHex(payloadHex);
        for (int i = 0; i < options.length; i++) {
            argv[4 + i] = ascii(options[i]);
        }
        return engine.execute(argv);
    }

    @Test
    void dumpGivesRedisBytesForEveryStringEncoding() {
        String[][] cases = {
            {"v", REDIS_DUMP_OF_V},
            {"1", "00c0010a002678e7b6d10111fc"},
            {"-129", "00c17fff0a001760822854808480"},
            {"40000", "00c2409c00000a0009cd631ff3b98cf2"},
            {"3000000000", "000a333030303030303030300a00e7076b7954bb7947"},
            {"a".repeat(57), "00c30939016161e02c000161610a0079b7596d0358a774"},
            {"abc".repeat(9), "00c30b1b0361626361e00c020162630a0028b67f7fba109493"},
        };
        for (String[] c : cases) {
            run("SET", "k", c[0]);
            assertEquals(c[1], dumpHex("k"), c[0]);
        }
        assertEquals(nil(), run("DUMP", "missing"));
    }

    @Test
    void restoreReadsARedisPayload() {
        assertEquals(ok(), restore("k", "0", REDIS_DUMP_OF_V));
        assertEquals(bulk("v"), run("GET", "k"));
        assertEquals(integer(-1), run("TTL", "k"));
    }

    @Test
    void dumpThenRestoreRoundTripsLongAndBinaryStrings() {
        byte[] value = new byte[5000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i % 7 == 0 ? i : 'x');
        }
        engine.execute(ascii("SET"), ascii("k"), value);
        byte[] payload = ((RespValue.Bulk) run("DUMP", "k")).value();
        engine.execute(ascii("RESTORE"), ascii("copy"), ascii("0"), payload);
        assertEquals(new RespValue.Bulk(value), run("GET", "copy"));
    }

    @Test
    void restoreRefusesAnExistingKeyUnlessReplace() {
        run("SET", "k", "old");
        assertEquals(error("BUSYKEY Target key name already exists."), restore("k", "0", REDIS_DUMP_OF_V));
        assertEquals(ok(), restore("k", "0", REDIS_DUMP_OF_V, "REPLACE"));
        assertEquals(bulk("v"), run("GET", "k"));
    }

    @Test
    void restoreSetsARelativeOrAbsoluteTtl() {
        restore("k", "100000", REDIS_DUMP_OF_V);
        long pttl = ((RespValue.Integer) run("PTTL", "k")).value();
        assertTrue(pttl > 99_000 && pttl <= 100_000, "pttl " + pttl);
        restore("k", "4102444800000", REDIS_DUMP_OF_V, "REPLACE", "ABSTTL");
        assertEquals(integer(4102444800000L), run("PEXPIRETIME", "k"));
    }

    @Test
    void restoreWithATtlInThePastCreatesNothingAndDeletesTheReplacedKey() {
        run("SET", "k", "old");
        assertEquals(ok(), restore("k", "1", REDIS_DUMP_OF_V, "REPLACE", "ABSTTL"));
        assertEquals(integer(0), run("EXISTS", "k"));
        assertEquals(ok(), restore("k", "9223372036854775807", REDIS_DUMP_OF_V));
        assertEquals(integer(0), run("EXISTS", "k"));
    }

    @Test
    void restoreIdletimeBackdatesTheLastAccessOnRedisWrappingClock() {
        restore("k", "0", REDIS_DUMP_OF_V, "IDLETIME", "1000");
        assertEquals(integer(1000), run("OBJECT", "IDLETIME", "k"));
        restore("k", "0", REDIS_DUMP_OF_V, "REPLACE", "IDLETIME", "9223372036854775807");
        assertEquals(integer(16777214), run("OBJECT", "IDLETIME", "k"));
        restore("k", "0", REDIS_DUMP_OF_V, "REPLACE", "IDLETIME", "16777215");
        assertEquals(integer(0), run("OBJECT", "IDLETIME", "k"));
        restore("k", "0", REDIS_DUMP_OF_V, "REPLACE", "FREQ", "5");
        assertEquals(integer(0), run("OBJECT", "IDLETIME", "k"));
    }

    @Test
    void restoreValidatesOptionsThenKeyThenTtlThenPayload() {
        run("SET", "k", "old");
        assertEquals(error("ERR syntax error"), restore("k", "x", "00", "IDLETIME", "5", "FREQ", "5"));
        assertEquals(error("ERR Invalid IDLETIME value, must be >= 0"), restore("k", "x", "00", "IDLETIME", "-1"));
        assertEquals(error("ERR Invalid FREQ value, must be >= 0 and <= 255"), restore("k", "x", "00", "FREQ", "256"));
        assertEquals(error("BUSYKEY Target key name already exists."), restore("k", "x", "00"));
        assertEquals(error("ERR value is not an integer or out of range"), restore("k", "x", "00", "REPLACE"));
        assertEquals(error("ERR Invalid TTL value, must be >= 0"), restore("k", "-1", "00", "REPLACE"));
        assertEquals(error("ERR DUMP payload version or checksum are wrong"), restore("k", "0", "00", "REPLACE"));
    }

    @Test
    void restoreChecksTheVersionAndChecksum() {
        String flipped = REDIS_DUMP_OF_V.substring(0, REDIS_DUMP_OF_V.length() - 2) + "cf";
        assertEquals(error("ERR DUMP payload version or checksum are wrong"), restore("k", "0", flipped));
        String newer = "0001760b009108ceb219388ace";
        assertEquals(error("ERR DUMP payload version or checksum are wrong"), restore("k", "0", newer));
    }

    @Test
    void restoreOfATypeIdNoRegisteredTypeReadsIsBadDataFormat() {
        assertEquals(error("ERR Bad data format"), restore("k", "0", MODULE_PAYLOAD));
        assertEquals(integer(0), run("EXISTS", "k"));
    }

    @Test
    void restoreOfARedisListThenDumpGivesTheSameBytes() {
        assertEquals(ok(), restore("l", "0", REDIS_DUMP_OF_LIST));
        assertEquals(texts(run("LRANGE", "l", "0", "-1")), java.util.List.of("a", "b"));
        assertEquals(REDIS_DUMP_OF_LIST, dumpHex("l"));
    }
}
