// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.cinnabar.tools.rdb.RdbDiffTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rdb convert --to aof}, written key by key: the server's layout, and a real redis-server loads the same data. */
class RdbToAofTest {
    @TempDir
    Path tmp;

    @Test
    void theDirectoryHasTheRewriteLayoutAndLoadsToTheSameDigest() throws Exception {
        Path dump = tmp.resolve("dump.rdb");
        String digest;
        String functions;
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("src")))) {
            r.fillAllTypes();
            digest = r.call("DEBUG", "DIGEST");
            functions = r.call("FUNCTION", "LIST");
            Files.copy(r.save(), dump);
        }
        Path dir = tmp.resolve("out").resolve("appendonlydir");
        RdbDiffTest.Run run = run("convert", dump.toString(), "--to", "aof", "--out", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                Files.readString(dir.resolve("appendonly.aof.manifest")));
        assertEquals(0, Files.size(dir.resolve("appendonly.aof.1.incr.aof")));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temp file left");
        }
        RdbCheckReport base = RdbChecker.check(dir.resolve("appendonly.aof.1.base.rdb"));
        assertTrue(base.ok(), String.valueOf(base.failure()));
        assertEquals("1", base.aux().get("aof-base"));
        try (RealRedis loaded = RealRedis.startOrSkip(dir.getParent(), "--appendonly", "yes")) {
            assertEquals(digest, loaded.call("DEBUG", "DIGEST"));
            assertEquals(functions, loaded.call("FUNCTION", "LIST"));
        }
        // a directory holding a manifest is refused
        assertEquals(2, run("convert", dump.toString(), "--to", "aof", "--out", dir.toString()).code());

        // a torn file writes nothing
        byte[] bytes = Files.readAllBytes(dump);
        Path torn = Files.write(tmp.resolve("torn.rdb"), Arrays.copyOf(bytes, bytes.length - 30));
        Path none = tmp.resolve("none");
        run = run("convert", torn.toString(), "--to", "aof", "--out", none.toString());
        assertEquals(1, run.code(), run.err());
        assertFalse(Files.exists(none.resolve("appendonly.aof.manifest")));
    }
}
