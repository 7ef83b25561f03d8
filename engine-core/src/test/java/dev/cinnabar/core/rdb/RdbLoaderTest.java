// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbLoaderTest {
    private Engine engine;

    @BeforeEach
    void open() {
        engine = Engine.open();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private <T> T onEngine(Callable<T> task) throws Exception {
        try {
            return engine.loop().submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private RdbLoader.Result load(byte[] file) throws Exception {
        return onEngine(() -> RdbLoader.load(engine, new ByteArrayInputStream(file), "test.rdb"));
    }

    private long num(String... args) {
        return ((RespValue.Integer) engine.execute(args)).value();
    }

    private String cmd(String... args) {
        return engine.execute(args).toString();
    }

    @Test
    void loadsARedisFileIntoTheDatabases() throws Exception {
        RdbLoader.Result r = load(RdbFileReaderTest.resource("redis-7.0.15-strings.rdb"));
        assertEquals(6, r.keysLoaded());
        assertEquals(0, r.keysExpired());
        assertEquals(10, r.rdbVersion());
        assertEquals("7.0.15", r.auxFields().get("redis-ver"));
        assertEquals(RdbFileReaderTest.resource("redis-7.0.15-strings.rdb").length, r.bytesRead());
        assertEquals(bulk("bar"), engine.execute("GET", "foo"));
        assertEquals(bulk("12345"), engine.execute("GET", "n"));
        assertEquals(bulk("a".repeat(100)), engine.execute("GET", "long"));
        assertEquals(bulk(""), engine.execute("GET", "e"));
        RespValue bin = engine.execute("GET".getBytes(UTF_8), "k".getBytes(UTF_8));
        assertArrayEquals(new byte[] {'b', 'i', 'n', 0, (byte) 0xff}, bulkBytes(bin));
        engine.execute("SELECT", "2");
        assertEquals(bulk("v"), engine.execute("GET", "ttl"));
        assertEquals(4102444800000L, num("PEXPIRETIME", "ttl"));
    }

    @Test
    void aCorruptFileLeavesTheEngineAsItWas() throws Exception {
        engine.execute("SET", "before", "1");
        byte[] file = RdbFileReaderTest.resource("redis-7.0.15-strings.rdb");
        byte[] cut = Arrays.copyOf(file, file.length - 3);
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> load(cut));
        assertTrue(e.getMessage().startsWith("test.rdb: "), e.getMessage());
        assertEquals(bulk("1"), engine.execute("GET", "before"));
        assertEquals(1, num("DBSIZE"));
    }

    @Test
    void aLoadReplacesWhatWasThere() throws Exception {
        engine.execute("SET", "before", "1");
        engine.execute("SELECT", "9");
        engine.execute("SET", "other", "1");
        load(new RdbFileBuilder(10).string("k", "v").end());
        assertEquals(0, num("DBSIZE"));
        engine.execute("SELECT", "0");
        assertEquals(1, num("DBSIZE"));
        assertEquals(bulk("v"), engine.execute("GET", "k"));
    }

    @Test
    void aMergingLoadKeepsTheEngineKeysAndReplacesDuplicates() throws Exception {
        engine.execute("SET", "mine", "1");
        engine.execute("SET", "both", "engine");
        byte[] file = new RdbFileBuilder(10).expireAtMillis(4102444800000L).string("both", "file").idle(50)
                .string("new", "x").end();
        RdbLoader.Result r = onEngine(() -> RdbLoader.load(engine, new ByteArrayInputStream(file), "merge.rdb",
                RdbLoader.Options.forEngine(engine).merging()));
        assertEquals(2, r.keysLoaded());
        assertEquals(3, num("DBSIZE"));
        assertEquals(bulk("1"), engine.execute("GET", "mine"));
        assertEquals(bulk("file"), engine.execute("GET", "both"));
        assertEquals(4102444800000L, num("PEXPIRETIME", "both"));
        long idle = num("OBJECT", "IDLETIME", "new");
        assertTrue(idle >= 49 && idle <= 52, "idle " + idle);
    }

    @Test
    void expiredKeysAreDroppedAndCounted() throws Exception {
        long past = System.currentTimeMillis() - 10_000;
        byte[] file = new RdbFileBuilder(10).selectDb(0).resizeDb(3, 2).expireAtMillis(past).string("gone", "1")
                .expireAtSeconds(1).string("gone too", "1").expireAtMillis(4102444800000L).string("kept", "1")
                .end();
        RdbLoader.Result r = load(file);
        assertEquals(1, r.keysLoaded());
        assertEquals(2, r.keysExpired());
        assertEquals(1, num("DBSIZE"));
        assertTrue(cmd("INFO", "keyspace").contains("db0:keys=1,expires=1"), cmd("INFO", "keyspace"));
    }

    @Test
    void anAofPreambleKeepsExpiredKeys() throws Exception {
        long past = System.currentTimeMillis() - 10_000;
        byte[] file = new RdbFileBuilder(10).expireAtMillis(past).string("old", "1").end();
        RdbLoader.Result r = onEngine(() -> RdbLoader.load(engine, new ByteArrayInputStream(file), "base.rdb",
                RdbLoader.Options.aofPreamble(engine)));
        assertEquals(1, r.keysLoaded());
        assertEquals(0, r.keysExpired());
        assertTrue(cmd("INFO", "keyspace").contains("db0:keys=1,expires=1"), cmd("INFO", "keyspace"));
    }

    @Test
    void idleTimesAreApplied() throws Exception {
        load(new RdbFileBuilder(10).idle(1000).string("k", "v").string("fresh", "v").end());
        long idle = num("OBJECT", "IDLETIME", "k");
        assertTrue(idle >= 1000 && idle <= 1002, "idle " + idle);
        assertTrue(num("OBJECT", "IDLETIME", "fresh") <= 2);
    }

    @Test
    void aDuplicateKeyIsAnError() throws Exception {
        RdbFileBuilder b = new RdbFileBuilder(10).string("k", "1");
        long at = b.offset();
        byte[] file = b.string("k", "2").end();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> load(file));
        assertEquals(at, e.offset());
        assertTrue(e.getMessage().contains("duplicated key \"k\""), e.getMessage());
        assertEquals(0, num("DBSIZE"));
    }

    @Test
    void aDatabaseBeyondTheConfiguredCountIsAnError() {
        byte[] file = new RdbFileBuilder(10).selectDb(16).string("k", "1").end();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> load(file));
        assertTrue(e.getMessage().contains("more than 16 databases"), e.getMessage());
    }

    @Test
    void moduleAuxDataIsAnErrorNamingTheModule() {
        byte[] file = new RdbFileBuilder(10).moduleAux(RdbFileBuilder.moduleId("graphdata", 1), 2).end();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> load(file));
        assertTrue(e.getMessage().contains("'graphdata'"), e.getMessage());
    }

    @Test
    void functionLibrariesAreKept() throws Exception {
        String code = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)";
        RdbLoader.Result r = load(new RdbFileBuilder(10).function(code).end());
        assertEquals(1, r.functionLibraries().size());
        assertEquals(code, new String(engine.functionLibraries().get(0), UTF_8));
    }

    @Test
    void theChecksumIsNotVerifiedWithRdbchecksumNo() throws Exception {
        byte[] file = new RdbFileBuilder(10).string("k", "v").end();
        file[file.length - 1] ^= 1;
        assertThrows(RdbFormatException.class, () -> load(file));
        RdbLoader.Result r = onEngine(() -> RdbLoader.load(engine, new ByteArrayInputStream(file), "t",
                new RdbLoader.Options(true, false)));
        assertEquals(1, r.keysLoaded());
    }

    @Test
    void truncationAtEveryOffsetNeverHalfLoads() throws Exception {
        byte[] file = RdbFileReaderTest.resource("redis-7.0.15-strings.rdb");
        for (int n = 0; n < file.length; n++) {
            byte[] cut = Arrays.copyOf(file, n);
            assertInstanceOf(RdbFormatException.class, assertThrows(Exception.class, () -> load(cut)));
            assertEquals(0, num("DBSIZE"));
        }
    }

    private static RespValue bulk(String s) {
        return new RespValue.Bulk(s.getBytes(UTF_8));
    }

    private static byte[] bulkBytes(RespValue v) {
        return ((RespValue.Bulk) v).value();
    }
}
