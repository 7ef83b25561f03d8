// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolCommandsTest {
    @TempDir
    Path tmp;

    private String out;
    private String err;

    /** Runs {@code args} as {@code main} does: on the branch of the tree they name. */
    private int run(String... args) {
        return run(true, args);
    }

    private int run(boolean branchOnly, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        PrintWriter po = new PrintWriter(o);
        PrintWriter pe = new PrintWriter(e);
        int code = (branchOnly ? Cli.commandLine(po, pe, args) : Cli.commandLine(po, pe)).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void aBranchOfTheTreeAnswersAsTheWholeTreeDoes() {
        String[][] cases = {{"rdb", "check", "--help"}, {"rdb", "check"}, {"rdb", "chek", "x"}, {"rdb", "--help"},
            {"aof", "inspect", "--help"}, {"aof", "replay", "--bogus", "x"}, {"version"}, {"--help"}, {"nope"}};
        for (String[] args : cases) {
            int wholeCode = run(false, args);
            String wholeOut = out;
            String wholeErr = err;
            assertEquals(wholeCode, run(true, args), String.join(" ", args));
            assertEquals(wholeOut, out, String.join(" ", args));
            assertEquals(wholeErr, err, String.join(" ", args));
        }
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
    void rdbCheckExitsZeroOnAnIntactFile() throws Exception {
        Path f = Files.write(tmp.resolve("dump.rdb"), rdb());
        assertEquals(0, run("rdb", "check", f.toString()), err);
        assertTrue(out.contains("OK: 1 keys"), out);
    }

    @Test
    void rdbCheckExitsOneWithTheOffsetOnATruncatedFile() throws Exception {
        byte[] rdb = rdb();
        Path f = Files.write(tmp.resolve("dump.rdb"), Arrays.copyOf(rdb, 12));
        assertEquals(1, run("rdb", "check", "--json", f.toString()));
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals(false, json.get("ok").asBoolean());
        assertEquals(12, json.get("error").get("offset").asLong());
        assertEquals("\"k\"", json.get("error").get("key").asText());
    }

    @Test
    void rdbCheckExitsTwoOnAMissingFileOrBadArguments() {
        assertEquals(2, run("rdb", "check", tmp.resolve("nope.rdb").toString()));
        assertEquals(2, run("rdb", "check"));
    }

    @Test
    void aofCheckFixesATornSingleFile() throws Exception {
        String good = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
        Path f = Files.writeString(tmp.resolve("appendonly.aof"), good + "*3\r\n$3\r\nSET\r\n$1");
        assertEquals(1, run("aof", "check", f.toString()));
        assertTrue(out.contains("TRUNCATED"), out);
        assertEquals(0, run("aof", "check", "--fix", f.toString()), out);
        assertEquals(good, Files.readString(f));
        assertTrue(Files.exists(tmp.resolve("appendonly.aof.bak")));
        assertEquals(0, run("aof", "check", f.toString()));
    }

    @Test
    void helpListsTheToolCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.contains("rdb") && out.contains("aof"), out);
        assertEquals(0, run("rdb", "check", "--help"));
        assertTrue(out.contains("Exit codes"), out);
    }
}
