// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.spi.FunctionStore;
import dev.cinnabar.spi.RedisError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine persists function libraries through the scripting plugin's store. */
class FunctionStoreTest {
    private static final String LIBRARY = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)";

    @TempDir
    Path dir;

    /** Keeps code as given; refuses any library whose code contains {@code refused}, as a compiler would. */
    private static final class ListStore implements FunctionStore {
        private final String refused;
        private List<byte[]> libraries = List.of();

        ListStore(String refused) {
            this.refused = refused;
        }

        @Override
        public List<byte[]> libraries() {
            return libraries;
        }

        @Override
        public void replaceAll(List<byte[]> codes) {
            for (byte[] code : codes) {
                if (refused != null && new String(code, StandardCharsets.UTF_8).contains(refused)) {
                    throw RedisError.err("Library refused");
                }
            }
            libraries = new ArrayList<>(codes);
        }

        List<String> names() {
            return libraries.stream().map(c -> new String(c, StandardCharsets.UTF_8)).toList();
        }
    }

    private Engine open(ListStore store, String... settings) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("dir", dir.toString(), "save", ""));
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        Engine engine = Engine.open(config);
        engine.loop().submit(() -> engine.functionStore(store)).syncUninterruptibly();
        return engine;
    }

    @Test
    void savedFilesCarryTheStoresLibrariesAndLoadsReplaceThem() {
        ListStore saving = new ListStore(null);
        try (Engine engine = open(saving)) {
            saving.replaceAll(List.of(LIBRARY.getBytes(StandardCharsets.UTF_8)));
            engine.execute("set", "k", "v");
            assertEquals("OK", engine.execute("save").toString());
        }
        ListStore loading = new ListStore(null);
        try (Engine engine = open(loading)) {
            engine.persistence().loadAtStartup();
            assertEquals(List.of(LIBRARY), loading.names());
            assertEquals("\"v\"", engine.execute("get", "k").toString());
        }
    }

    @Test
    void aLibraryTheStoreRefusesLeavesTheDatabasesAsTheyWere() {
        ListStore saving = new ListStore(null);
        try (Engine engine = open(saving)) {
            saving.replaceAll(List.of(LIBRARY.getBytes(StandardCharsets.UTF_8)));
            engine.execute("set", "k", "v");
            engine.execute("save");
        }
        ListStore refusing = new ListStore("mylib");
        try (Engine engine = open(refusing, "enable-debug-command", "yes")) {
            engine.execute("set", "before", "1");
            String reply = engine.execute("debug", "reload", "nosave").toString();
            assertTrue(reply.contains("Library refused"), reply);
            assertEquals("\"1\"", engine.execute("get", "before").toString());
            assertEquals(0L, ((dev.cinnabar.core.resp.RespValue.Integer) engine.execute("exists", "k")).value());
            assertEquals(List.of(), refusing.names());
        }
    }

    @Test
    void librariesReadBeforeTheStoreRegisteredMoveIntoIt() {
        try (Engine engine = Engine.open(Map.of("save", ""))) {
            engine.loop().submit(() -> engine.functionLibraries(List.of(LIBRARY.getBytes(StandardCharsets.UTF_8))))
                    .syncUninterruptibly();
            ListStore store = new ListStore(null);
            engine.loop().submit(() -> engine.functionStore(store)).syncUninterruptibly();
            assertEquals(List.of(LIBRARY), store.names());
            assertThrows(IllegalStateException.class,
                    () -> engine.loop().submit(() -> engine.functionStore(new ListStore(null))).syncUninterruptibly());
        }
    }

    @Test
    void anAofRewriteWithoutPreambleLoadsEveryLibraryFirst() throws Exception {
        ListStore store = new ListStore(null);
        try (Engine engine = open(store, "appendonly", "yes", "aof-use-rdb-preamble", "no")) {
            store.replaceAll(List.of(LIBRARY.getBytes(StandardCharsets.UTF_8)));
            engine.execute("set", "k", "v");
            engine.execute("bgrewriteaof");
            Path base = dir.resolve("appendonlydir/appendonly.aof.2.base.aof");
            for (int i = 0; i < 200 && !Files.exists(base); i++) {
                Thread.sleep(25);
            }
            String expected = "*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n$" + LIBRARY.length() + "\r\n" + LIBRARY + "\r\n"
                    + "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n";
            assertTrue(Files.readString(base).startsWith(expected), Files.readString(base));
        }
    }
}
