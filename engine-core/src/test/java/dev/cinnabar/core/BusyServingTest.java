// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.testing.RespSocket;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.RedisError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.cinnabar.core.testing.Resp.array;
import static dev.cinnabar.core.testing.Resp.bulk;
import static dev.cinnabar.core.testing.Resp.error;
import static dev.cinnabar.core.testing.Resp.integer;
import static dev.cinnabar.core.testing.Resp.simple;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A long command that serves other clients meanwhile (a busy script): they get the busy error except for
 * allow-busy commands, and nothing else runs until the long command ends.
 */
class BusyServingTest {
    private static final RedisError BUSY = new RedisError(ErrorCode.BUSY,
            "Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");

    private Engine engine;
    private RespServer server;
    private volatile boolean stop;
    private final java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void open() throws InterruptedException {
        engine = Engine.open(Map.of("save", ""));
        engine.loop().submit(() -> {
            // test.spin pushes to a list, then serves others until test.stop (an allow-busy command) runs
            engine.commands().register(new CommandSpec("test.spin", 1, Set.of(CommandFlag.WRITE), List.of(), List.of(),
                    "module", "Spins until stopped.", (ctx, args) -> spin(ctx)));
            engine.commands().register(new CommandSpec("test.stop", 1, Set.of(CommandFlag.ALLOW_BUSY), List.of(),
                    List.of(), "module", "Stops the spin.", (ctx, args) -> {
                        stop = true;
                        ctx.reply().ok();
                    }));
        }).syncUninterruptibly();
        server = new RespServer(engine);
    }

    private void spin(CommandContext ctx) {
        ctx.call(new dev.cinnabar.core.resp.ValueReplyWriter(2), bytes("RPUSH"), bytes("list"), bytes("x"));
        while (!stop) {
            ctx.serveWhileBusy(BUSY);
            served.incrementAndGet();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ctx.reply().bulk("done");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @AfterEach
    void close() {
        stop = true;
        server.close();
        engine.close();
    }

    @Test
    void othersGetBusyUntilAnAllowBusyCommandEndsTheLongOne() throws InterruptedException {
        int port = server.start(0);
        try (RespSocket runner = new RespSocket(port); RespSocket other = new RespSocket(port);
             RespSocket waiter = new RespSocket(port)) {
            waiter.send("BLPOP", "list", "0");
            while (!other.call("INFO", "clients").contains("blocked_clients:1")) {
                Thread.sleep(5);
            }
            runner.send("test.spin");
            runner.send("PING");
            while (served.get() == 0) {
                Thread.sleep(5);
            }
            assertEquals(error(BUSY.line()), other.call("PING"));
            assertEquals(error(BUSY.line()), other.call("GET", "list"));
            // MULTI and DISCARD are allow-busy; what a transaction would queue is refused meanwhile
            assertEquals(simple("OK"), other.call("MULTI"));
            assertEquals(error(BUSY.line()), other.call("LLEN", "list"));
            assertEquals(simple("OK"), other.call("DISCARD"));
            assertEquals(simple("OK"), other.call("test.stop"));
            assertEquals(bulk("done"), runner.read());
            assertEquals(simple("PONG"), runner.read());
            // the blocked client is served once the long command is over, from what it pushed
            assertEquals(array(bulk("list"), bulk("x")), waiter.read());
            assertEquals(integer(0), other.call("LLEN", "list"));
        }
    }

    @Test
    void aConnectionOpenedWhileBusyIsAcceptedAndServed() throws Exception {
        int port = server.start(0);
        try (RespSocket runner = new RespSocket(port)) {
            runner.send("test.spin");
            while (served.get() == 0) {
                Thread.sleep(5);
            }
            try (RespSocket late = new RespSocket(port)) {
                assertEquals(error(BUSY.line()), late.call("PING"));
                assertEquals(simple("OK"), late.call("test.stop"));
            }
            assertEquals(bulk("done"), runner.read());
        }
    }
}
