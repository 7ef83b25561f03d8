// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long-running scripts, as Redis's scripting tests drive them: past busy-reply-threshold other clients get
 * BUSY, SCRIPT KILL and FUNCTION KILL stop a read-only script (even one that catches errors with pcall), a
 * script that wrote cannot be killed, FUNCTION STATS shows the running function, and the script's own
 * connection goes on afterwards. Each scenario runs on redis-server and on Cinnabar; the transcripts of
 * replies must be equal.
 */
class ScriptBusyIT extends AgainstRedis {
    /** Runs until a second has passed by the server's clock, after writing a key. */
    private static final String WRITE_THEN_SPIN = """
            redis.call('set', KEYS[1], 'y')
            local function now() local t = redis.call('time') return t[1] * 1000000 + t[2] end
            local start = now()
            while now() - start < 1000000 do end
            return 'done'""";

    @Test
    void scriptKillStopsAReadOnlyEval() throws Exception {
        compare(port -> {
            List<String> t = new ArrayList<>();
            try (RespConnection script = new RespConnection(port); RespConnection other = new RespConnection(port)) {
                other.call("CONFIG", "SET", "lua-time-limit", "10");
                script.send(argv("EVAL", "while true do end", "0"));
                t.add(untilBusy(other));
                t.add(show(other.call("FUNCTION", "KILL")));
                t.add(show(other.call("FUNCTION", "STATS")));
                t.add(show(other.call("SCRIPT", "KILL")));
                t.add(show(script.readReply()));
                t.add(show(script.call("PING")));
                t.add(show(other.call("SCRIPT", "KILL")));
            }
            return t;
        });
    }

    @Test
    void scriptKillStopsAScriptThatCatchesErrors() throws Exception {
        compare(port -> {
            List<String> t = new ArrayList<>();
            try (RespConnection script = new RespConnection(port); RespConnection other = new RespConnection(port)) {
                other.call("CONFIG", "SET", "lua-time-limit", "10");
                script.send(argv("EVAL", "local f = function() while 1 do redis.call('ping') end end "
                        + "while 1 do pcall(f) end", "0"));
                t.add(untilBusy(other));
                t.add(show(other.call("SCRIPT", "KILL")));
                t.add(show(script.readReply()));
                t.add(untilNotBusy(other));
            }
            return t;
        });
    }

    @Test
    void functionKillStopsARunningFunctionAndItsConnectionGoesOn() throws Exception {
        compare(port -> {
            List<String> t = new ArrayList<>();
            try (RespConnection script = new RespConnection(port); RespConnection other = new RespConnection(port);
                 RespConnection transaction = new RespConnection(port)) {
                other.call("CONFIG", "SET", "busy-reply-threshold", "10");
                t.add(show(other.call("FUNCTION", "LOAD", "REPLACE", "#!lua name=busy\n"
                        + "redis.register_function('spin', function() while 1 do redis.call('ping') end end)")));
                // FCALL and PING in one write: the PING waits for the function, it is not lost
                script.sendRaw(("*3\r\n$5\r\nfcall\r\n$4\r\nspin\r\n$1\r\n0\r\n*1\r\n$4\r\nping\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                t.add(untilBusy(other));
                t.add(show(other.call("SCRIPT", "KILL")));
                t.add(withoutDuration(show(other.call("FUNCTION", "STATS"))));
                t.add(show(transaction.call("MULTI")));
                t.add(show(transaction.call("SET", "k", "v")));
                t.add(show(other.call("FUNCTION", "KILL")));
                t.add(show(script.readReply()));
                t.add(show(script.readReply()));
                t.add(show(transaction.call("EXEC")));
                t.add(show(other.call("FUNCTION", "STATS")));
                other.call("FUNCTION", "DELETE", "busy");
            }
            return t;
        });
    }

    @Test
    void aScriptThatWroteCannotBeKilledAndBlockedClientsWaitForIt() throws Exception {
        compare(port -> {
            List<String> t = new ArrayList<>();
            try (RespConnection script = new RespConnection(port); RespConnection other = new RespConnection(port);
                 RespConnection blocked = new RespConnection(port)) {
                other.call("CONFIG", "SET", "lua-time-limit", "10");
                other.call("DEL", "list", "x");
                blocked.send(argv("BLPOP", "list", "0"));
                waitForBlocked(other);
                script.send(argv("EVAL", "redis.call('rpush', 'list', 'a')\n" + WRITE_THEN_SPIN, "1", "x"));
                t.add(untilBusy(other));
                t.add(show(other.call("SCRIPT", "KILL")));
                t.add(show(other.call("FUNCTION", "KILL")));
                t.add(show(other.call("SHUTDOWN")));
                t.add(show(script.readReply()));
                t.add(show(blocked.readReply()));
                t.add(show(other.call("GET", "x")));
            }
            return t;
        });
    }

    @Test
    void aConnectionIsUsableAfterALongScript() throws Exception {
        compare(port -> {
            List<String> t = new ArrayList<>();
            try (RespConnection c = new RespConnection(port)) {
                c.call("CONFIG", "SET", "lua-time-limit", "10");
                t.add(show(c.call("EVAL", "for i=1,100000 do redis.call('ping') end return 'ok'", "0")));
                t.add(show(c.call("PING")));
            }
            return t;
        });
    }

    interface Scenario {
        List<String> run(int port) throws Exception;
    }

    private static void compare(Scenario scenario) throws Exception {
        List<String> expected = run(scenario, redis.port());
        List<String> actual = run(scenario, cinnabar.port());
        assertEquals(expected, actual);
    }

    /** Runs a scenario; one that fails must not leave a script running for the next. */
    private static List<String> run(Scenario scenario, int port) throws Exception {
        try {
            return scenario.run(port);
        } finally {
            try (RespConnection c = new RespConnection(port)) {
                c.call("SCRIPT", "KILL");
                c.call("FUNCTION", "KILL");
            }
        }
    }

    /** PINGs until the server answers BUSY (the script has passed the threshold); returns that reply. */
    private static String untilBusy(RespConnection c) throws Exception {
        return pingUntil(c, true);
    }

    private static String untilNotBusy(RespConnection c) throws Exception {
        return pingUntil(c, false);
    }

    private static String pingUntil(RespConnection c, boolean busy) throws Exception {
        for (int i = 0; i < 500; i++) {
            String reply = show(c.call("PING"));
            if (reply.startsWith("-BUSY") == busy) {
                return reply;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(busy ? "the script never made the server busy" : "the server stayed busy");
    }

    private static void waitForBlocked(RespConnection c) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (show(c.call("INFO", "clients")).contains("blocked_clients:1")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the client never blocked");
    }

    private static String withoutDuration(String stats) {
        int at = stats.indexOf("duration_ms");
        assertTrue(at > 0, stats);
        int end = stats.indexOf("\r\n", stats.indexOf(':', at));
        return stats.substring(0, at) + stats.substring(end);
    }

    private static String show(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    private static byte[][] argv(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return argv;
    }
}
