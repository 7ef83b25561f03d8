// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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

    /** Hands out at most {@code chunk} bytes per read, as a pipe or a slow disk may. */
    private static InputStream trickle(byte[] b, int chunk) {
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] dst, int off, int len) {
                return super.read(dst, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void commandsAcrossBufferBoundariesAndLongArgumentsReadExactly() {
        // arguments from empty to several times the reader's 64 KB buffer, read whole and in small pieces
        Random random = new Random(42);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<byte[][]> expected = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int c = 0; c < 400; c++) {
            if (c % 50 == 0) {
                file.writeBytes(("#TS:" + (1700000000 + c) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            starts.add((long) file.size());
            int argc = 1 + random.nextInt(c % 97 == 0 ? 3000 : 5);
            byte[][] argv = new byte[argc][];
            file.writeBytes(("*" + argc + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < argc; i++) {
                int len = c % 37 == 0 && i == 0 ? 200_000 + random.nextInt(1000) : random.nextInt(40);
                argv[i] = new byte[len];
                random.nextBytes(argv[i]);
                file.writeBytes(("$" + len + "\r\n").getBytes(StandardCharsets.US_ASCII));
                file.writeBytes(argv[i]);
                file.writeBytes(new byte[]{'\r', '\n'});
            }
            expected.add(argv);
        }
        byte[] bytes = file.toByteArray();
        for (int chunk : new int[]{Integer.MAX_VALUE, 7, 1}) {
            AofCommandReader r = new AofCommandReader(trickle(bytes, chunk), "f.aof", 0, bytes.length);
            for (int c = 0; c < expected.size(); c++) {
                byte[][] argv = r.next();
                assertEquals(expected.get(c).length, argv.length, "command " + c);
                for (int i = 0; i < argv.length; i++) {
                    assertArrayEquals(expected.get(c)[i], argv[i], "command " + c + " argument " + i);
                }
                assertEquals(starts.get(c), r.lastCommandStart(), "command " + c);
            }
            assertNull(r.next());
            assertEquals(bytes.length, r.offset());
            assertEquals(1700000350L, r.lastTimestamp());
        }
    }

    @Test
    void lineLimitHoldsAcrossBufferRefills() {
        // a header line of exactly 1024 bytes (CR included) is read, one byte more is refused, in any chunking
        String ok = "#" + "x".repeat(AofCommandReader.MAX_LINE - 2) + "\r\n" + "*1\r\n$4\r\nPING\r\n";
        String tooLong = "#" + "x".repeat(AofCommandReader.MAX_LINE - 1) + "\r\n" + "*1\r\n$4\r\nPING\r\n";
        for (int chunk : new int[]{Integer.MAX_VALUE, 5, 1}) {
            byte[] b = ok.getBytes(StandardCharsets.ISO_8859_1);
            AofCommandReader r = new AofCommandReader(trickle(b, chunk), "f.aof", 0, b.length);
            assertEquals("PING", new String(r.next()[0], StandardCharsets.US_ASCII));
            byte[] c = tooLong.getBytes(StandardCharsets.ISO_8859_1);
            AofFormatException e = assertThrows(AofFormatException.class,
                    () -> new AofCommandReader(trickle(c, chunk), "f.aof", 0, c.length).next());
            assertEquals(0, e.offset());
        }
    }
}
