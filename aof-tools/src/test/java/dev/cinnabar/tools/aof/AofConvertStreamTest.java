// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.tools.rdb.RealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.cinnabar.tools.aof.AofReplayTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code aof convert --to resp} of a multi-part AOF whose RDB preamble holds streams (written by the rdb
 * convert's RESP writer) and whose incremental file changes them: piped into a fresh Redis, every stream has
 * the source's digest and XINFO STREAM FULL (but for consumers' seen-times, which no command sets, and the
 * radix tree's node counts, which the deleted entry changes, as after Redis's own rewrite).
 */
class AofConvertStreamTest {
    private static final List<String> STREAMS = List.of("s", "empty", "ttl");

    @TempDir
    Path tmp;

    private static Map<String, String> view(RealRedis r) throws Exception {
        Map<String, String> v = new HashMap<>();
        for (String s : STREAMS) {
            v.put(s + " digest", r.call("DEBUG", "DIGEST-VALUE", s));
            v.put(s + " ttl", r.call("PEXPIRETIME", s));
            // the node layout (radix-tree-keys, -nodes) follows the order of writes, deleted entries included
            v.put(s, r.call("XINFO", "STREAM", s, "FULL").replaceAll("seen-time\n:?[0-9]+\n", "seen-time\n*\n")
                    .replaceAll("radix-tree-(keys|nodes)\n:?[0-9]+\n", "radix-tree-$1\n*\n"));
        }
        return v;
    }

    @Test
    void streamsOfThePreambleAndTheIncrementalFileComeBack() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Map<String, String> original;
        try (RealRedis r = RealRedis.startOrSkip(src, "--appendonly", "yes")) {
            for (int i = 1; i <= 300; i++) {
                r.call("XADD", "s", i + "-0", "f", "v" + i, "n", Integer.toString(i));
            }
            r.call("XDEL", "s", "10-0");
            r.call("XGROUP", "CREATE", "s", "g", "0");
            r.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "4", "STREAMS", "s", ">");
            r.call("XACK", "s", "g", "2-0");
            r.call("XGROUP", "CREATECONSUMER", "s", "g", "bob");
            r.call("XGROUP", "CREATE", "empty", "g0", "$", "MKSTREAM");
            r.call("XADD", "ttl", "1-1", "a", "b");
            r.call("PEXPIREAT", "ttl", Long.toString(System.currentTimeMillis() + 86_400_000L));
            r.call("BGREWRITEAOF");
            r.awaitInfo("aof_rewrite_in_progress", "0");
            r.call("XADD", "s", "400-0", "after", "rewrite");
            r.call("XREADGROUP", "GROUP", "g", "bob", "COUNT", "2", "STREAMS", "s", ">");
            original = view(r);
        }
        Path resp = tmp.resolve("all.resp");
        AofReplayTest.Run run = run("convert", src.resolve("appendonlydir").toString(), "--to", "resp", "--out",
                resp.toString());
        assertEquals(0, run.code(), run.err());
        try (RealRedis target = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("dst")))) {
            assertEquals(List.of(), target.pipe(Files.readAllBytes(resp)));
            target.call("SELECT", "0");
            Map<String, String> piped = view(target);
            for (String k : original.keySet()) {
                assertEquals(original.get(k), piped.get(k), k);
            }
        }
        assertTrue(original.get("s").contains("bob"), original.get("s"));
    }
}
