// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpireCommandsTest extends EngineTestBase {
    private static final String YEAR_2100_MS = "4102444800000";

    @Test
    void expireSetsARelativeTtl() {
        run("SET", "k", "v");
        assertEquals(integer(1), run("EXPIRE", "k", "100"));
        assertEquals(integer(100), run("TTL", "k"));
        long pttl = ((RespValue.Integer) run("PTTL", "k")).value();
        assertTrue(pttl > 99_000 && pttl <= 100_000, "pttl " + pttl);
    }

    @Test
    void expireOfAMissingKeyIsZero() {
        assertEquals(integer(0), run("EXPIRE", "missing", "100"));
        assertEquals(integer(-2), run("TTL", "missing"));
    }

    @Test
    void aTimeInThePastDeletesTheKey() {
        for (String[] cmd : new String[][]{{"EXPIRE", "-1"}, {"PEXPIRE", "0"}, {"EXPIREAT", "1"},
                {"PEXPIREAT", "1"}}) {
            run("SET", "k", "v");
            assertEquals(integer(1), run(cmd[0], "k", cmd[1]));
            assertEquals(integer(0), run("EXISTS", "k"), cmd[0]);
        }
    }

    @Test
    void absoluteVariantsSetTheGivenTime() {
        run("SET", "k", "v");
        run("EXPIREAT", "k", "4102444800");
        assertEquals(integer(4102444800L), run("EXPIRETIME", "k"));
        assertEquals(integer(4102444800000L), run("PEXPIRETIME", "k"));
        run("PEXPIREAT", "k", "4102444800499");
        assertEquals(integer(4102444800L), run("EXPIRETIME", "k"));
        run("PEXPIREAT", "k", "4102444800500");
        assertEquals(integer(4102444801L), run("EXPIRETIME", "k"));
    }

    @Test
    void nxAndXxDependOnWhetherTheKeyHasATtl() {
        run("SET", "k", "v");
        assertEquals(integer(0), run("EXPIRE", "k", "100", "XX"));
        assertEquals(integer(1), run("EXPIRE", "k", "100", "NX"));
        assertEquals(integer(0), run("EXPIRE", "k", "200", "NX"));
        assertEquals(integer(1), run("EXPIRE", "k", "200", "XX"));
        assertEquals(integer(200), run("TTL", "k"));
    }

    @Test
    void gtTreatsNoTtlAsInfiniteAndLtSetsIt() {
        run("SET", "k", "v");
        assertEquals(integer(0), run("EXPIRE", "k", "100", "GT"));
        assertEquals(integer(1), run("EXPIRE", "k", "100", "LT"));
        assertEquals(integer(0), run("EXPIRE", "k", "200", "LT"));
        assertEquals(integer(0), run("EXPIRE", "k", "50", "GT"));
        assertEquals(integer(1), run("EXPIRE", "k", "200", "GT"));
        assertEquals(integer(1), run("EXPIRE", "k", "50", "LT"));
        assertEquals(integer(50), run("TTL", "k"));
    }

    @Test
    void conflictingOptionsAreRejectedBeforeTheNumberIsParsed() {
        String nx = "ERR NX and XX, GT or LT options at the same time are not compatible";
        assertEquals(error(nx), run("EXPIRE", "k", "abc", "NX", "XX"));
        assertEquals(error(nx), run("EXPIRE", "k", "10", "GT", "NX"));
        assertEquals(error("ERR GT and LT options at the same time are not compatible"),
                run("EXPIRE", "k", "10", "GT", "LT"));
        assertEquals(error("ERR Unsupported option foo"), run("EXPIRE", "k", "abc", "foo"));
        assertEquals(error("ERR value is not an integer or out of range"), run("EXPIRE", "k", "abc", "NX"));
    }

    @Test
    void overflowingTimesAreInvalidWithTheCommandName() {
        run("SET", "k", "v");
        assertEquals(error("ERR invalid expire time in 'expire' command"),
                run("EXPIRE", "k", "9223372036854775807"));
        assertEquals(error("ERR invalid expire time in 'expire' command"),
                run("EXPIRE", "k", "-9223372036854775808"));
        assertEquals(error("ERR invalid expire time in 'pexpire' command"),
                run("PEXPIRE", "k", "9223372036854775807"));
        assertEquals(error("ERR invalid expire time in 'expireat' command"),
                run("expireat", "k", "9223372036854775807"));
        assertEquals(integer(1), run("PEXPIREAT", "k", "9223372036854775807"));
        assertEquals(integer(9223372036854776L), run("EXPIRETIME", "k"));
    }

    @Test
    void persistRemovesTheTtlOnce() {
        run("SET", "k", "v", "EX", "100");
        assertEquals(integer(1), run("PERSIST", "k"));
        assertEquals(integer(0), run("PERSIST", "k"));
        assertEquals(integer(-1), run("TTL", "k"));
        assertEquals(integer(0), run("PERSIST", "missing"));
    }

    @Test
    void ttlVariantsReportMissingAndPersistentKeys() {
        run("SET", "k", "v");
        for (String cmd : new String[]{"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) {
            assertEquals(integer(-1), run(cmd, "k"));
            assertEquals(integer(-2), run(cmd, "missing"));
        }
    }

    @Test
    void expiredKeyIsGoneAfterItsTime() throws InterruptedException {
        run("SET", "k", "v");
        run("PEXPIRE", "k", "20");
        Thread.sleep(40);
        assertEquals(integer(-2), run("PTTL", "k"));
        assertEquals(nil(), run("GET", "k"));
    }

    @Test
    void relativeExpiryIsPropagatedAsPexpireatAndPastTimesAsDel() {
        List<String> propagated = new ArrayList<>();
        engine.loop().submit(() -> engine.dispatcher().addPropagation((db, argv) -> {
            StringBuilder line = new StringBuilder();
            for (byte[] a : argv) {
                line.append(line.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
            }
            propagated.add(line.toString());
        })).syncUninterruptibly();
        run("SET", "k", "v");
        run("PEXPIREAT", "k", YEAR_2100_MS);
        run("EXPIREAT", "k", "4102444801", "GT");
        run("EXPIRE", "k", "10", "GT");
        run("EXPIRE", "k", "-1");
        assertEquals(List.of("SET k v", "PEXPIREAT k " + YEAR_2100_MS, "PEXPIREAT k 4102444801000 GT", "DEL k"),
                propagated);
    }
}
