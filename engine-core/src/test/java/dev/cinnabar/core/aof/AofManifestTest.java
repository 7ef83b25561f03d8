// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AofManifestTest {
    private static AofManifest parse(String text) {
        return AofManifest.parse(text.getBytes(StandardCharsets.UTF_8), "appendonly.aof", "appendonly.aof.manifest");
    }

    private static String error(String text) {
        return assertThrows(AofFormatException.class, () -> parse(text)).getMessage();
    }

    @Test
    void formatIsRedisLinesBaseHistoryThenIncr() {
        AofManifest m = new AofManifest("appendonly.aof");
        assertEquals("appendonly.aof.1.base.rdb", m.newBase(true));
        assertEquals("appendonly.aof.1.incr.aof", m.newIncr());
        assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                m.format());
        m.newIncr();
        assertEquals("appendonly.aof.2.base.aof", m.newBase(false));
        // as backgroundRewriteDoneHandler: the old base goes to history first, then each rewritten incr file is
        // put before it
        m.markRewrittenIncrAsHistory(true);
        assertEquals("""
                file appendonly.aof.2.base.aof seq 2 type b
                file appendonly.aof.1.incr.aof seq 1 type h
                file appendonly.aof.1.base.rdb seq 1 type h
                file appendonly.aof.2.incr.aof seq 2 type i
                """, m.format());
    }

    @Test
    void parseRoundTripsRedisManifest() {
        String text = "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.4.incr.aof seq 4 type i\nfile appendonly.aof.5.incr.aof seq 5 type i\n";
        AofManifest m = parse(text);
        assertEquals(text, m.format());
        assertEquals("appendonly.aof.6.incr.aof", m.newIncr());
        assertEquals("appendonly.aof.3.base.aof", m.newBase(false));
    }

    @Test
    void commentsAndUnknownKeysAreSkippedAndKeysAreCaseInsensitive() {
        AofManifest m = parse("# a comment\nFILE a.aof SEQ 1 TYPE i extra value\n");
        assertEquals("a.aof", m.incr().get(0).name());
        assertNull(m.base());
    }

    @Test
    void namesNeedingQuotesAreWrittenAndReadWithEscapes() {
        AofManifest m = new AofManifest("my aof\n");
        m.newIncr();
        String text = m.format();
        assertEquals("file \"my aof\\n.1.incr.aof\" seq 1 type i\n", text);
        assertEquals("my aof\n.1.incr.aof", parse(text).incr().get(0).name());
    }

    @Test
    void malformedManifestsAreRefusedWithLine() {
        assertTrue(error("").contains("Found an empty AOF manifest"));
        assertTrue(error("file a seq 1 type b").contains("too long line"));
        assertTrue(error("\n").contains("Invalid AOF manifest file format at line 1"));
        assertTrue(error("file a seq 1\n").contains("Invalid AOF manifest file format"));
        assertTrue(error("file a seq 1 type\n").contains("Invalid AOF manifest file format"));
        assertTrue(error("file a seq x type b\n").contains("Invalid AOF manifest file format"));
        assertTrue(error("file \"a seq 1 type b\n").contains("Invalid AOF manifest file format"));
        assertTrue(error("file ../a seq 1 type b\n").contains("File can't be a path, just a filename"));
        assertTrue(error("file a seq 1 type x\n").contains("Unknown AOF file type"));
        assertTrue(error("file a seq 1 type b\nfile b seq 2 type b\n").contains("Found duplicate base file"));
        assertTrue(error("file a seq 2 type i\nfile b seq 2 type i\n")
                .contains("Found a non-monotonic sequence number at line 2"));
        assertTrue(error("file " + "x".repeat(1100) + " seq 1 type b\n").contains("too long line"));
    }

    @Test
    void typeLettersArePinned() {
        assertEquals('b', AofManifest.Type.BASE.letter);
        assertEquals('h', AofManifest.Type.HISTORY.letter);
        assertEquals('i', AofManifest.Type.INCR.letter);
    }
}
