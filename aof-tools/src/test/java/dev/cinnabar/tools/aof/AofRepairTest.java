// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.tools.rdb.RealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.cinnabar.tools.aof.AofReplayTest.resp;
import static dev.cinnabar.tools.aof.AofReplayTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AofRepairTest {
    private static final String MANIFEST = "file appendonly.aof.1.base.aof seq 1 type b\n"
            + "file appendonly.aof.1.incr.aof seq 1 type i\n"
            + "file appendonly.aof.2.incr.aof seq 2 type i\n"
            + "file appendonly.aof.3.incr.aof seq 3 type i\n";

    @TempDir
    Path tmp;

    private Path fourFiles() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d").resolve("appendonlydir"));
        Files.writeString(dir.resolve("appendonly.aof.manifest"), MANIFEST);
        Files.writeString(dir.resolve("appendonly.aof.1.base.aof"), resp("SELECT", "0") + resp("SET", "base", "1"));
        Files.writeString(dir.resolve("appendonly.aof.1.incr.aof"), "#TS:1000\r\n" + resp("SELECT", "0")
                + resp("SET", "one", "1"));
        Files.writeString(dir.resolve("appendonly.aof.2.incr.aof"), "#TS:2000\r\n" + resp("SELECT", "0")
                + resp("SET", "two-a", "1") + resp("MULTI") + resp("SET", "two-b", "1") + "#TS:2500\r\n"
                + resp("SET", "two-c", "1") + resp("EXEC") + resp("SET", "two-d", "1"));
        Files.writeString(dir.resolve("appendonly.aof.3.incr.aof"), "#TS:3000\r\n" + resp("SELECT", "0")
                + resp("SET", "three", "1"));
        return dir;
    }

    @Test
    void fixingAMiddleFileDropsTheLaterOnesAndRewritesTheManifest() throws Exception {
        Path dir = fourFiles();
        Path incr2 = dir.resolve("appendonly.aof.2.incr.aof");
        byte[] b = Files.readAllBytes(incr2);
        String text = new String(b, StandardCharsets.US_ASCII);
        int damage = text.indexOf("two-d") - 4;
        b[damage] = 'X';
        Files.write(incr2, b);
        AofReplayTest.Run r = run("check", dir.toString());
        assertEquals(1, r.code());
        r = run("check", "--fix", dir.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("FIXED"), r.out());
        assertEquals(MANIFEST, Files.readString(dir.resolve("appendonly.aof.manifest.bak")));
        assertEquals(MANIFEST.substring(0, MANIFEST.indexOf("file appendonly.aof.3")),
                Files.readString(dir.resolve("appendonly.aof.manifest")));
        assertFalse(Files.exists(dir.resolve("appendonly.aof.3.incr.aof")));
        assertTrue(Files.exists(dir.resolve("appendonly.aof.3.incr.aof.bak")));
        assertEquals(text.indexOf("*3\r\n$3\r\nSET\r\n$5\r\ntwo-d"), Files.size(incr2));
        assertTrue(Files.exists(dir.resolve("appendonly.aof.2.incr.aof.bak")));
        assertEquals(0, run("check", dir.toString()).code());

        // a real redis 7.0 starts on the repaired directory: everything before the damage, nothing after
        try (RealRedis redis = RealRedis.startOrSkip(dir.getParent(), "--appendonly", "yes")) {
            assertEquals("1", redis.call("GET", "two-c"));
            assertEquals("", redis.call("GET", "two-d"));
            assertEquals("", redis.call("GET", "three"));
            assertEquals("1", redis.call("GET", "base"));
        }
    }

    @Test
    void aMissingMiddleFileIsDroppedWithTheLaterOnes() throws Exception {
        Path dir = fourFiles();
        Files.delete(dir.resolve("appendonly.aof.2.incr.aof"));
        AofReplayTest.Run r = run("check", "--fix", "--json", dir.toString());
        assertEquals(0, r.code(), r.out());
        assertEquals(MANIFEST.substring(0, MANIFEST.indexOf("file appendonly.aof.2")),
                Files.readString(dir.resolve("appendonly.aof.manifest")));
        assertTrue(Files.exists(dir.resolve("appendonly.aof.3.incr.aof.bak")));
    }

    @Test
    void truncateToTimestampCutsInAnyFileAndATransactionWhole() throws Exception {
        Path dir = fourFiles();
        AofReplayTest.Run r = run("check", "--truncate-to-timestamp", "2200", dir.toString());
        assertEquals(0, r.code(), r.out());
        // the #TS:2500 inside the MULTI: the transaction goes whole, incr 3 is dropped
        String incr2 = Files.readString(dir.resolve("appendonly.aof.2.incr.aof"));
        assertTrue(incr2.endsWith(resp("SET", "two-a", "1")), incr2);
        assertFalse(Files.exists(dir.resolve("appendonly.aof.3.incr.aof")));
        assertEquals(0, run("check", dir.toString()).code());

        dir = Files.createDirectories(tmp.resolve("second"));
        Path fresh = fourFiles();
        r = run("check", "--truncate-to-timestamp", "2999", fresh.toString());
        assertEquals(0, r.code(), r.out());
        assertEquals(0, Files.size(fresh.resolve("appendonly.aof.3.incr.aof")), "cut before its #TS line");
        assertEquals(MANIFEST, Files.readString(fresh.resolve("appendonly.aof.manifest")));

        r = run("check", "--truncate-to-timestamp", "4000", fresh.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("NOTHING DONE"), r.out());
        assertEquals(2, run("check", "--truncate-to-timestamp", "soon", fresh.toString()).code());
        assertEquals(2, run("check", "--fix", "--truncate-to-timestamp", "1", fresh.toString()).code());
    }

    @Test
    void aBaseWrittenAfterThePointIsNotCutAway() throws Exception {
        Path file = tmp.resolve("appendonly.aof");
        Files.writeString(file, "#TS:5000\r\n" + resp("SET", "a", "1"));
        AofReplayTest.Run r = run("check", "--truncate-to-timestamp", "100", file.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("holds nothing older"), r.out());
        assertEquals("#TS:5000\r\n" + resp("SET", "a", "1"), Files.readString(file));
    }
}
