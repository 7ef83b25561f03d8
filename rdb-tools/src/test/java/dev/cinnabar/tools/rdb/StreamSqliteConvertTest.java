// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rdb convert --to sqlite} of streams written by a real Redis 7.0: entries, counters, groups, PELs. */
class StreamSqliteConvertTest {
    @TempDir
    Path tmp;

    private static List<String> rows(Connection db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(c > 1 ? "|" : "").append(r.getString(c));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void streamsCanBeQueriedWithSql() throws Exception {
        Path dump = StreamRoundTripTest.realStreamDump(tmp);
        Path out = tmp.resolve("dump.db");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("convert", dump.toString(), "--to", "sqlite", "--out", out.toString()), err::toString);
        assertTrue(!err.toString().contains("skipped"), err::toString);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out)) {
            assertEquals(List.of("s:big|10000|20000-5|1-1|15000-0|10500|0", "s:groups|19|20-0|1-0|3-0|20|3"),
                    rows(db, "SELECT key_text, length, last_id, first_id, max_deleted_id, entries_added, groups "
                            + "FROM streams WHERE key_text IN ('s:big', 's:groups') ORDER BY key_text"));
            assertEquals(List.of("10000|18572"), rows(db, "SELECT count(DISTINCT id), count(*) FROM stream_entries "
                    + "WHERE key_text = 's:big'"));
            assertEquals(List.of("7|v7"), rows(db, "SELECT ms, value_text FROM stream_entries WHERE key_text = 's:big' "
                    + "AND field_text = 'other' ORDER BY ms LIMIT 1"));
            assertEquals(List.of("g1|8-0|8", "g2|20-0|null", "g3|10-0|7"), rows(db,
                    "SELECT name_text, last_delivered_id, entries_read FROM stream_groups WHERE key_text = 's:groups' ORDER BY name_text"));
            assertEquals(List.of("alice|4", "bob|2", "carol|1"), rows(db, "SELECT name_text, pending FROM stream_consumers "
                    + "WHERE key_text = 's:groups' AND group_text = 'g1' ORDER BY name_text"));
            // the documented query: who holds what, for how long, delivered how often
            assertEquals(List.of("1-0|alice|1", "3-0|alice|1", "4-0|alice|1", "5-0|alice|1", "6-0|bob|1",
                    "7-0|carol|9", "8-0|bob|1"), rows(db, "SELECT id, consumer_text, delivery_count FROM stream_pending "
                    + "WHERE key_text = 's:groups' AND group_text = 'g1' ORDER BY ms, seq"));
            assertEquals(List.of("1700000000000"), rows(db, "SELECT delivery_time FROM stream_pending WHERE id = '7-0'"));
            assertEquals(List.of("1|FF00|C0"), rows(db, "SELECT ms, hex(field), hex(value) FROM stream_entries "
                    + "WHERE key_text = 's:bin' AND value_text IS NULL"));
            assertEquals(List.of("stream|s:big|10000", "stream|s:bin|2"), rows(db, "SELECT type, key_text, elements FROM keys "
                    + "WHERE key_text IN ('s:big', 's:bin') ORDER BY key_text"));
        }
    }
}
