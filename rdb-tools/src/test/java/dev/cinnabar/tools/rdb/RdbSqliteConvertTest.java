// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbSqliteConvertTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private static List<String> column(Connection db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    private static String one(Connection db, String sql) throws SQLException {
        List<String> rows = column(db, sql);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }

    @Test
    void aRealDumpCanBeQueriedWithSql() throws Exception {
        Path dump;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("redis")))) {
            redis.fillAllTypes();
            redis.call("ZADD", "zinf", "inf", "top", "-inf", "bottom");
            // invalid UTF-8, which has no text form
            assertEquals(List.of(), redis.pipe("*3\r\n$3\r\nSET\r\n$7\r\nraw\u00ffkey\r\n$2\r\n\u00fe\u00ff\r\n"
                    .getBytes(ISO_8859_1)));
            dump = redis.save();
            // what the server holds, to compare the tables with
            assertEquals(":400", redis.call("LLEN", "biglist"));
        }
        Path out = tmp.resolve("dump.db");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "convert", dump.toString(), "--to", "sqlite", "--out", out.toString()), err::toString);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out)) {
            assertEquals(List.of("hash:2", "list:3", "set:3", "stream:1", "string:7", "zset:3"), column(db,
                    "SELECT type || ':' || count(*) FROM keys GROUP BY type ORDER BY type"));
            assertEquals("1", one(db, "SELECT count(*) FROM keys WHERE db = 5 AND key_text = 'db5'"));
            assertEquals("hello", one(db, "SELECT value_text FROM strings WHERE key_text = 'str'"));
            assertEquals("-123456", one(db, "SELECT value_text FROM strings WHERE key_text = 'int'"));
            assertEquals("\u0000\u0001\u00ff", one(db, "SELECT value_text FROM strings WHERE key_text = 'binary'"));
            assertEquals("20000", one(db, "SELECT length(value) FROM strings WHERE key_text = 'compressible'"));
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT value, value_text, key_text FROM strings WHERE key = x'726177ff6b6579'")) {
                assertTrue(r.next());
                assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0xff}, r.getBytes(1));
                assertNull(r.getString(2), "invalid UTF-8 has no text form");
                assertNull(r.getString(3));
            }
            long expiresAt = Long.parseLong(one(db, "SELECT expires_at FROM keys WHERE key_text = 'ttl'"));
            assertTrue(Math.abs(expiresAt - (System.currentTimeMillis() + 100_000_000L)) < 600_000, "" + expiresAt);
            assertEquals(Long.toString(expiresAt), one(db, "SELECT expires_at FROM strings WHERE key_text = 'ttl'"));
            assertEquals(List.of("a", "b", "1", "2"),
                    column(db, "SELECT value_text FROM lists WHERE key_text = 'list' ORDER BY idx"));
            assertEquals("400|0|399", one(db, "SELECT count(*) || '|' || min(idx) || '|' || max(idx) FROM lists "
                    + "WHERE key_text = 'biglist'"));
            assertEquals("element-399-" + "x".repeat(40),
                    one(db, "SELECT value_text FROM lists WHERE key_text = 'biglist' AND idx = 399"));
            assertEquals(List.of("small"), column(db, "SELECT value_text FROM lists WHERE key_text = 'plainlist' AND idx = 1"));
            assertEquals(List.of("-7", "1", "2", "3"),
                    column(db, "SELECT member_text FROM sets WHERE key_text = 'intset' ORDER BY CAST(member_text AS INTEGER)"));
            assertEquals("600", one(db, "SELECT count(*) FROM sets WHERE key_text = 'bigintset'"));
            assertEquals("value599", one(db, "SELECT value_text FROM hashes WHERE key_text = 'bighash' AND field_text = 'field599'"));
            assertEquals(List.of("f=v", "g=1"), column(db,
                    "SELECT field_text || '=' || value_text FROM hashes WHERE key_text = 'hash' ORDER BY field_text"));
            assertEquals(List.of("b:-2.0", "a:1.5"),
                    column(db, "SELECT member_text || ':' || score FROM zsets WHERE key_text = 'zset' ORDER BY score"));
            assertEquals("200|19900.0", one(db, "SELECT count(*) || '|' || sum(score) FROM zsets WHERE key_text = 'bigzset'"));
            assertEquals(List.of("bottom", "top"), column(db, "SELECT member_text FROM zsets WHERE key_text = 'zinf' ORDER BY score"));
            assertEquals("listpack|2", one(db, "SELECT encoding || '|' || elements FROM keys WHERE key_text = 'hash'"));
            assertEquals("hashtable", one(db, "SELECT encoding FROM keys WHERE key_text = 'bighash'"));
            assertEquals("2", one(db, "SELECT elements FROM keys WHERE key_text = 'stream'"));
            assertTrue(Long.parseLong(one(db, "SELECT serialized_size FROM keys WHERE key_text = 'biglist'")) > 400);
            assertEquals("7.0", one(db, "SELECT substr(value, 1, 3) FROM meta WHERE name = 'redis-ver'"));
            // lookups by key have an index
            assertTrue(column(db, "SELECT name FROM pragma_index_list('hashes')").contains("hashes_key"));
        }
        // an existing file is not overwritten
        StringWriter again = new StringWriter();
        assertEquals(2, run(again, "convert", dump.toString(), "--to", "sqlite", "--out", out.toString()));
        assertTrue(again.toString().contains("already exists"), again::toString);
    }

    @Test
    void filtersApplyAndMissingOutIsAUsageError() throws Exception {
        Path dump;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("redis")))) {
            redis.fillAllTypes();
            dump = redis.save();
        }
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "convert", dump.toString(), "--to", "sqlite"));
        Path out = tmp.resolve("hashes.db");
        assertEquals(0, run(err, "convert", dump.toString(), "--to", "sqlite", "--out", out.toString(), "--type", "hash"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out)) {
            assertEquals(List.of("bighash", "hash"), column(db, "SELECT key_text FROM keys ORDER BY key_text"));
            assertEquals("0", one(db, "SELECT count(*) FROM strings"));
        }
    }
}
