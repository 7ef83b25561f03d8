// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AofCommandReaderTest {
    private static AofCommandReader reader(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return new AofCommandReader(new ByteArrayInputStream(b), "f.aof", 0, b.length);
    }

    private static List<String> all(AofCommandReader r) {
        List<String> out = new ArrayList<>();
        for (byte[][] argv = r.next(); argv != null; argv = r.next()) {
            List<String> words = new ArrayList<>();
            for (byte[] a : argv) {
                words.add(new String(a, StandardCharsets.ISO_8859_1));
            }
            out.add(String.join(" ", words));
        }
        return out;
    }

    @Test
    void readsCommandsAndTimestampAnnotations() {
        AofCommandReader r = reader("#TS:1700000000\r\n*3\r\n$3\r\nset\r\n$1\r\nk\r\n$0\r\n\r\n*1\r\n$5\r\nMULTI\r\n");
        assertEquals(List.of("set k ", "MULTI"), all(r));
        assertEquals(1700000000L, r.lastTimestamp());
    }

    @Test
    void binaryArgumentsAreKeptExactly() {
        AofCommandReader r = reader("*1\r\n$4\r\n\r\n\0\u00ff\r\n");
        assertArrayEquals(new byte[]{'\r', '\n', 0, (byte) 0xff}, r.next()[0]);
        assertNull(r.next());
    }

    @Test
    void truncationReportsLastCompleteCommand() {
        String one = "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n";
        for (int cut = 1; cut < one.length(); cut++) {
            AofCommandReader r = reader(one + one.substring(0, cut));
            r.next();
            AofTruncatedException e = assertThrows(AofTruncatedException.class, r::next, "cut at " + cut);
            assertEquals(one.length(), e.validUpTo());
        }
    }

    @Test
    void hugeLengthInCorruptFileIsTruncationWithoutAllocating() {
        AofTruncatedException e = assertThrows(AofTruncatedException.class,
                () -> reader("*1\r\n$2000000000\r\nabc").next());
        assertEquals(0, e.validUpTo());
        assertThrows(AofTruncatedException.class, () -> reader("*2000000000\r\n$1\r\na\r\n").next());
    }

    @Test
    void corruptionNamesFileAndOffset() {
        String one = "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n";
        AofCommandReader r = reader(one + "garbage\r\n" + one);
        r.next();
        AofFormatException e = assertThrows(AofFormatException.class, r::next);
        assertEquals(one.length(), e.offset());
        assertEquals("f.aof", e.file());
        assertEquals(AofFormatException.class, e.getClass());
        assertEquals(AofFormatException.class, assertThrows(AofFormatException.class,
                () -> reader("*1\r\n$3\r\nDELxx").next()).getClass());
        assertThrows(AofFormatException.class, () -> reader("*0\r\n").next());
        assertThrows(AofFormatException.class, () -> reader("*1\r\n+3\r\nDEL\r\n").next());
        assertThrows(AofFormatException.class, () -> reader("*1\n$3\r\nDEL\r\n").next());
    }
}
