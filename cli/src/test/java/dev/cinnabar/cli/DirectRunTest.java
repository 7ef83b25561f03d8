// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import dev.cinnabar.core.rdb.Crc64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plain {@code rdb check FILE} / {@code aof check PATH} run without picocli answers as picocli's run does. */
class DirectRunTest {
    @TempDir
    Path tmp;

    private record Run(Integer code, String out, String err) {
    }

    private static Run direct(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        Integer code = DirectRun.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Run(code, o.toString(), e.toString());
    }

    private static Run picocli(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        PrintWriter po = new PrintWriter(o, true);
        PrintWriter pe = new PrintWriter(e, true);
        int code = Cli.commandLine(po, pe, args).execute(args);
        return new Run(code, o.toString(), e.toString());
    }

    private static void assertSameAsPicocli(String... args) {
        Run d = direct(args);
        assertNotNull(d.code(), String.join(" ", args) + " should run directly");
        assertEquals(picocli(args), d, String.join(" ", args));
    }

    /** "REDIS0010", one string key "k" = "v", EOF, CRC-64. */
    private static byte[] rdb() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("REDIS0010".getBytes(US_ASCII));
        b.writeBytes(new byte[] {0, 1, 'k', 1, 'v', (byte) 0xff});
        long crc = Crc64.of(b.toByteArray());
        for (int i = 0; i < 8; i++) {
            b.write((int) (crc >>> (8 * i)));
        }
        return b.toByteArray();
    }

    @Test
    void rdbCheckOfIntactCorruptAndMissingFiles() throws Exception {
        byte[] rdb = rdb();
        assertSameAsPicocli("rdb", "check", Files.write(tmp.resolve("ok.rdb"), rdb).toString());
        assertSameAsPicocli("rdb", "check", Files.write(tmp.resolve("cut.rdb"), Arrays.copyOf(rdb, 12)).toString());
        byte[] flipped = rdb.clone();
        flipped[flipped.length - 1] ^= 1;
        assertSameAsPicocli("rdb", "check", Files.write(tmp.resolve("crc.rdb"), flipped).toString());
        byte[] trailing = Arrays.copyOf(rdb, rdb.length + 3);
        assertSameAsPicocli("rdb", "check", Files.write(tmp.resolve("trailing.rdb"), trailing).toString());
        assertSameAsPicocli("rdb", "check", tmp.resolve("nope.rdb").toString());
        assertSameAsPicocli("rdb", "check", tmp.toString());
        Run cut = direct("rdb", "check", tmp.resolve("cut.rdb").toString());
        assertEquals(1, cut.code());
        assertTrue(cut.out().contains("CORRUPT at offset 12"), cut.out());
    }

    @Test
    void aofCheckOfIntactAndTornFiles() throws Exception {
        String good = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
        assertSameAsPicocli("aof", "check", Files.writeString(tmp.resolve("ok.aof"), good).toString());
        Path torn = Files.writeString(tmp.resolve("torn.aof"), good + "*3\r\n$3\r\nSET\r\n$1");
        assertSameAsPicocli("aof", "check", torn.toString());
        assertEquals(1, direct("aof", "check", torn.toString()).code());
        assertEquals(good + "*3\r\n$3\r\nSET\r\n$1", Files.readString(torn), "a check without --fix changes nothing");
        assertSameAsPicocli("aof", "check", tmp.resolve("nope").toString());
    }

    @Test
    void anythingButAPlainCheckIsLeftToPicocli() {
        String[][] cases = {{"rdb", "check"}, {"rdb", "check", "--json", "x"}, {"rdb", "check", "--help"},
            {"rdb", "check", "-h"}, {"rdb", "check", "@args"}, {"rdb", "check", ""}, {"rdb", "check", "a", "b"},
            {"rdb", "inspect", "x"}, {"aof", "check", "--fix"}, {"aof", "inspect", "x"}, {"version"}, {},
            {"server", "check", "x"}, {"rdb", "check", "nul\0byte"}};
        for (String[] args : cases) {
            assertNull(direct(args).code(), String.join(" ", args));
        }
    }
}
