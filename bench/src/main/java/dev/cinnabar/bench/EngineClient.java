// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bench;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import io.netty.buffer.ByteBuf;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * An embedded {@link Engine} and one authenticated client of it, driven on the engine thread as a
 * connection's read drives it: a whole batch per hand-off, the replies dropped as a flush would.
 */
final class EngineClient implements AutoCloseable {
    final Engine engine;
    final Client client;

    private EngineClient(Engine engine, Client client) {
        this.engine = engine;
        this.client = client;
    }

    static EngineClient open() throws InterruptedException, ExecutionException {
        Engine engine = Engine.open();
        Client client = engine.loop().submit(() -> {
            Client c = new Client(engine.newClientId(), null, engine.now());
            c.authenticated = true;
            return c;
        }).get();
        return new EngineClient(engine, client);
    }

    /** Runs {@code commands} in one batch on the engine thread; returns the size of their replies. */
    int dispatch(byte[][][] commands) throws InterruptedException, ExecutionException {
        return onEngine(() -> {
            for (byte[][] argv : commands) {
                engine.dispatcher().process(client, argv);
            }
            return discardOutput();
        });
    }

    /** Drops the replies written so far, as a flush to the socket would; returns their size. */
    int discardOutput() {
        ByteBuf out = client.takeOutput();
        if (out == null) {
            return 0;
        }
        int n = out.readableBytes();
        out.release();
        return n;
    }

    <T> T onEngine(Callable<T> task) throws InterruptedException, ExecutionException {
        return engine.loop().submit(task).get();
    }

    @Override
    public void close() {
        engine.close();
    }
}
