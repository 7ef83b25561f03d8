// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code rdb convert --to sqlite}: a SQLite database with a table per type, so a dump can be queried with
 * SQL. Every byte string is a BLOB column plus a {@code _text} column holding it as text when it is valid
 * UTF-8 (NULL otherwise), which is what queries compare against. Rows go out in JDBC batches inside
 * transactions of {@link #ROWS_PER_TRANSACTION} rows, so memory stays bounded whatever a value's size;
 * the indexes are built once at the end, which is faster than maintaining them row by row. Journal and
 * fsync are off: the file is a throw-away product of the dump, not a store to protect.
 *
 * <p>Streams fill {@code streams} (counters), {@code stream_entries} (a row per field of an entry),
 * {@code stream_groups}, {@code stream_consumers} and {@code stream_pending}. A pending entry's consumer is
 * only known once the group's consumers are read (the file lists the group's pending entries first), so
 * the consumers' pending ids go to a scratch table joined into {@code stream_pending} at the end. Module
 * values are not decoded: their keys appear in {@code keys} only. The schema is documented in docs/tools.md.
 */
public final class RdbSqliteWriter implements RdbConverter, AutoCloseable {
    static final int ROWS_PER_TRANSACTION = 50_000;

    private static final String[] SCHEMA = {
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)",
        "CREATE TABLE keys (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, type TEXT NOT NULL, "
                + "encoding TEXT NOT NULL, expires_at INTEGER, elements INTEGER NOT NULL, serialized_size INTEGER NOT NULL)",
        "CREATE TABLE strings (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, value BLOB NOT NULL, "
                + "value_text TEXT, expires_at INTEGER)",
        "CREATE TABLE lists (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, idx INTEGER NOT NULL, "
                + "value BLOB NOT NULL, value_text TEXT)",
        "CREATE TABLE sets (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, member BLOB NOT NULL, member_text TEXT)",
        "CREATE TABLE hashes (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, field BLOB NOT NULL, "
                + "field_text TEXT, value BLOB NOT NULL, value_text TEXT)",
        "CREATE TABLE zsets (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, member BLOB NOT NULL, "
                + "member_text TEXT, score REAL)",
        "CREATE TABLE streams (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, length INTEGER NOT NULL, "
                + "last_id TEXT NOT NULL, first_id TEXT, max_deleted_id TEXT, entries_added INTEGER, groups INTEGER NOT NULL)",
        "CREATE TABLE stream_entries (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, id TEXT NOT NULL, "
                + "ms INTEGER NOT NULL, seq INTEGER NOT NULL, pos INTEGER NOT NULL, field BLOB NOT NULL, field_text TEXT, "
                + "value BLOB NOT NULL, value_text TEXT)",
        "CREATE TABLE stream_groups (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, name BLOB NOT NULL, "
                + "name_text TEXT, last_delivered_id TEXT NOT NULL, entries_read INTEGER)",
        "CREATE TABLE stream_consumers (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, group_name BLOB NOT NULL, "
                + "group_text TEXT, name BLOB NOT NULL, name_text TEXT, seen_time INTEGER NOT NULL, active_time INTEGER, "
                + "pending INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE stream_pending (db INTEGER NOT NULL, key BLOB NOT NULL, key_text TEXT, group_name BLOB NOT NULL, "
                + "group_text TEXT, id TEXT NOT NULL, ms INTEGER NOT NULL, seq INTEGER NOT NULL, consumer BLOB, "
                + "consumer_text TEXT, delivery_time INTEGER NOT NULL, delivery_count INTEGER NOT NULL)",
        "CREATE TEMP TABLE stream_owned (db INTEGER NOT NULL, key BLOB NOT NULL, group_name BLOB NOT NULL, "
                + "consumer BLOB NOT NULL, consumer_text TEXT, ms INTEGER NOT NULL, seq INTEGER NOT NULL)",
    };

    private static final String[] INDEXES = {
        "CREATE INDEX keys_key ON keys (db, key)",
        "CREATE INDEX keys_key_text ON keys (key_text)",
        "CREATE INDEX strings_key ON strings (db, key)",
        "CREATE INDEX lists_key ON lists (db, key, idx)",
        "CREATE INDEX sets_key ON sets (db, key)",
        "CREATE INDEX hashes_key ON hashes (db, key)",
        "CREATE INDEX zsets_key ON zsets (db, key)",
        "CREATE INDEX streams_key ON streams (db, key)",
        "CREATE INDEX stream_entries_key ON stream_entries (db, key, ms, seq)",
        "CREATE INDEX stream_groups_key ON stream_groups (db, key)",
        "CREATE INDEX stream_consumers_key ON stream_consumers (db, key, group_name)",
        "CREATE INDEX stream_pending_key ON stream_pending (db, key, group_name, ms, seq)",
    };

    /** Who owns each pending entry, from the scratch table of the consumers' lists; then the scratch goes. */
    private static final String[] JOIN_PENDING_OWNERS = {
        "UPDATE stream_pending SET consumer = o.consumer, consumer_text = o.consumer_text FROM stream_owned o "
                + "WHERE o.db = stream_pending.db AND o.key = stream_pending.key AND o.group_name = stream_pending.group_name "
                + "AND o.ms = stream_pending.ms AND o.seq = stream_pending.seq",
        "DROP TABLE stream_owned",
    };

    private final Connection db;
    private final PreparedStatement meta;
    private final PreparedStatement keys;
    private final PreparedStatement strings;
    private final PreparedStatement lists;
    private final PreparedStatement sets;
    private final PreparedStatement hashes;
    private final PreparedStatement zsets;
    private final PreparedStatement streams;
    private final PreparedStatement streamEntries;
    private final PreparedStatement streamGroups;
    private final PreparedStatement streamConsumers;
    private final PreparedStatement streamPending;
    private final PreparedStatement streamOwned;
    private final PreparedStatement[] all;
    private final CharsetDecoder utf8 = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private long dbNumber;
    /** Whether {@link #element} events are list items (with an index) or set members. */
    private boolean currentIsList;
    private byte[] key;
    private String keyText;
    private long expireAtMs;
    private long index;
    private long pendingRows;
    private long written;
    private long skipped;
    /** The stream's counters, held until its group count is known (the key's end). */
    private StreamEvent.Metadata streamMeta;
    private long streamGroupCount;
    private byte[] group;
    private String groupText;
    private byte[] consumer;
    private String consumerText;
    private long consumerSeen;
    private long consumerActive;
    private long consumerPending;

    /** Creates the database at {@code file}, which must not exist yet (a stale table would mix two dumps). */
    public RdbSqliteWriter(Path file) throws SQLException {
        if (Files.exists(file)) {
            throw new SQLException(file + " already exists; remove it or choose another --out");
        }
        db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=OFF");
            s.execute("PRAGMA synchronous=OFF");
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
        }
        db.setAutoCommit(false);
        meta = db.prepareStatement("INSERT OR REPLACE INTO meta VALUES (?, ?)");
        keys = db.prepareStatement("INSERT INTO keys VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        strings = db.prepareStatement("INSERT INTO strings VALUES (?, ?, ?, ?, ?, ?)");
        lists = db.prepareStatement("INSERT INTO lists VALUES (?, ?, ?, ?, ?, ?)");
        sets = db.prepareStatement("INSERT INTO sets VALUES (?, ?, ?, ?, ?)");
        hashes = db.prepareStatement("INSERT INTO hashes VALUES (?, ?, ?, ?, ?, ?, ?)");
        zsets = db.prepareStatement("INSERT INTO zsets VALUES (?, ?, ?, ?, ?, ?)");
        streams = db.prepareStatement("INSERT INTO streams VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        streamEntries = db.prepareStatement("INSERT INTO stream_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        streamGroups = db.prepareStatement("INSERT INTO stream_groups VALUES (?, ?, ?, ?, ?, ?, ?)");
        streamConsumers = db.prepareStatement("INSERT INTO stream_consumers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        streamPending = db.prepareStatement("INSERT INTO stream_pending VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        streamOwned = db.prepareStatement("INSERT INTO stream_owned VALUES (?, ?, ?, ?, ?, ?, ?)");
        all = new PreparedStatement[] {keys, strings, lists, sets, hashes, zsets, streams, streamEntries, streamGroups,
            streamConsumers, streamPending, streamOwned};
    }

    @Override
    public void aux(String name, String value) {
        try {
            meta.setString(1, name);
            meta.setString(2, value);
            meta.executeUpdate();
        } catch (SQLException e) {
            throw new SqliteWriteException(e);
        }
    }

    @Override
    public boolean wantsValues() {
        return true;
    }

    @Override
    public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
        this.dbNumber = db;
        this.key = key;
        this.keyText = text(key);
        this.expireAtMs = expireAtMs;
        this.index = 0;
        this.currentIsList = RdbTypes.typeName(rdbType).equals("list");
        this.streamMeta = null;
        this.streamGroupCount = 0;
        this.consumer = null;
    }

    /** Binds db, key and key_text, the first three columns of every table. */
    private void bindKey(PreparedStatement s) throws SQLException {
        s.setLong(1, dbNumber);
        s.setBytes(2, key);
        s.setString(3, keyText);
    }

    private void bindExpiry(PreparedStatement s, int column, long expireAtMs) throws SQLException {
        if (expireAtMs >= 0) {
            s.setLong(column, expireAtMs);
        } else {
            s.setNull(column, Types.INTEGER);
        }
    }

    @Override
    public void string(byte[] value) {
        try {
            bindKey(strings);
            strings.setBytes(4, value);
            strings.setString(5, text(value));
            bindExpiry(strings, 6, expireAtMs);
            add(strings);
        } catch (SQLException e) {
            throw new SqliteWriteException(e);
        }
    }

    @Override
    public void element(byte[] value) {
        try {
            if (currentIsList) {
                bindKey(lists);
                lists.setLong(4, index++);
                lists.setBytes(5, value);
                lists.setString(6, text(value));
                add(lists);
            } else {
                bindKey(sets);
                sets.setBytes(4, value);
                sets.setString(5, text(value));
                add(sets);
            }
        } catch (SQLException e) {
            throw new SqliteWriteException(e);
        }
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        try {
            bindKey(hashes);
            hashes.setBytes(4, field);
            hashes.setString(5, text(field));
            hashes.setBytes(6, value);
            hashes.setString(7, text(value));
            add(hashes);
        } catch (SQLException e) {
            throw new SqliteWriteException(e);
        }
    }

    @Override
    public void scored(byte[] member, double score) {
        try {
            bindKey(zsets);
            zsets.setBytes(4, member);
            zsets.setString(5, text(member));
            if (Double.isNaN(score)) {
                zsets.setNull(6, Types.REAL);
            } else {
                zsets.setDouble(6, score);
            }
            add(zsets);
        } catch (SQLException e) {
            throw new SqliteWriteException(e);
        }
    }

    @Override
    public void stream(StreamEvent event) {
        try {
            if (event instanceof StreamEvent.Entry e) {
                byte[][] fv = e.fieldsAndValues();
                for (int i = 0; i + 1 < fv.length; i += 2) {
                    bindKey(streamEntries);
                    streamEntries.setString(4, e.id().toString());
                    streamEntries.setLong(5, e.id().ms());
                    streamEntries.setLong(6, e.id().seq());
                    streamEntries.setInt(7, i / 2);
                    streamEntries.setBytes(8, fv[i]);
                    streamEntries.setString(9, text(fv[i]));
                    streamEntries.setBytes(10, fv[i + 1]);
                    streamEntries.setString(11, text(fv[i + 1]));
                    add(streamEntries);
                }
            } else if (event instanceof StreamEvent.Metadata m) {
                streamMeta = m;
            } else if (event instanceof StreamEvent.Group g) {
                endConsumer();
                streamGroupCount++;
                group = g.name();
                groupText = text(group);
                bindKey(streamGroups);
                streamGroups.setBytes(4, group);
                streamGroups.setString(5, groupText);
                streamGroups.setString(6, g.lastDeliveredId().toString());
                bindCounter(streamGroups, 7, g.entriesRead());
                add(streamGroups);
            } else if (event instanceof StreamEvent.Pending p) {
                bindGroup(streamPending);
                streamPending.setString(6, p.id().toString());
                streamPending.setLong(7, p.id().ms());
                streamPending.setLong(8, p.id().seq());
                streamPending.setNull(9, Types.BLOB);
                streamPending.setNull(10, Types.VARCHAR);
                streamPending.setLong(11, p.deliveryTimeMs());
                streamPending.setLong(12, p.deliveryCount());
                add(streamPending);
            } else if (event instanceof StreamEvent.Consumer c) {
                endConsumer();
                consumer = c.name();
                consumerText = text(consumer);
                consumerSeen = c.seenTimeMs();
                consumerActive = c.activeTimeMs();
                consumerPending = 0;
            } else if (event instanceof StreamEvent.ConsumerPending p) {
                consumerPending++;
                streamOwned.setLong(1, dbNumber);
                streamOwned.setBytes(2, key);
                streamOwned.setBytes(3, group);
                streamOwned.setBytes(4, consumer);
                streamOwned.setString(5, consumerText);
                streamOwned.setLong(6, p.id().ms());
                streamOwned.setLong(7, p.id().seq());
                add(streamOwned);
            }
        } catch (SQLException e) {
            throw new SqliteWriteException(e);
        }
    }

    /** Binds db, key, key_text, group_name and group_text, the first five columns of the group tables. */
    private void bindGroup(PreparedStatement s) throws SQLException {
        bindKey(s);
        s.setBytes(4, group);
        s.setString(5, groupText);
    }

    /** The current consumer's row, once its pending count is known. */
    private void endConsumer() throws SQLException {
        if (consumer != null) {
            bindGroup(streamConsumers);
            streamConsumers.setBytes(6, consumer);
            streamConsumers.setString(7, consumerText);
            streamConsumers.setLong(8, consumerSeen);
            bindCounter(streamConsumers, 9, consumerActive);
            streamConsumers.setLong(10, consumerPending);
            add(streamConsumers);
            consumer = null;
        }
    }

    /** A counter, NULL when the file does not know it (-1). */
    private static void bindCounter(PreparedStatement s, int column, long value) throws SQLException {
        if (value < 0) {
            s.setNull(column, Types.INTEGER);
        } else {
            s.setLong(column, value);
        }
    }

    /** The {@code streams} row, at the key's end. */
    private void endStream() throws SQLException {
        endConsumer();
        StreamEvent.Metadata m = streamMeta;
        if (m == null) {
            return;
        }
        bindKey(streams);
        streams.setLong(4, m.length());
        streams.setString(5, m.lastId().toString());
        streams.setString(6, m.firstId() == null ? null : m.firstId().toString());
        streams.setString(7, m.maxDeletedId() == null ? null : m.maxDeletedId().toString());
        bindCounter(streams, 8, m.entriesAdded());
        streams.setLong(9, streamGroupCount);
        add(streams);
        streamMeta = null;
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        try {
            endStream();
            keys.setLong(1, db);
            keys.setBytes(2, key);
            keys.setString(3, this.key == key ? keyText : text(key));
            String type = RdbTypes.typeName(rdbType);
            keys.setString(4, type);
            keys.setString(5, RdbTypes.encodingName(rdbType));
            bindExpiry(keys, 6, expireAtMs);
            keys.setLong(7, elements);
            keys.setLong(8, bytes);
            add(keys);
            if (type.equals("module")) {
                skipped++;
            } else {
                written++;
            }
        } catch (SQLException e) {
            throw new SqliteWriteException(e);
        }
    }

    private void add(PreparedStatement s) throws SQLException {
        s.addBatch();
        if (++pendingRows % 1_000 == 0) {
            flushBatches();
        }
        if (pendingRows >= ROWS_PER_TRANSACTION) {
            db.commit();
            pendingRows = 0;
        }
    }

    private void flushBatches() throws SQLException {
        for (PreparedStatement s : all) {
            s.executeBatch();
        }
    }

    private String text(byte[] b) {
        try {
            return utf8.decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public long keysWritten() {
        return written;
    }

    @Override
    public long keysSkipped() {
        return skipped;
    }

    /** Writes what is pending and builds the indexes. */
    @Override
    public void finish() {
        try {
            flushBatches();
            db.commit();
            try (Statement s = db.createStatement()) {
                for (String ddl : INDEXES) {
                    s.execute(ddl);
                }
                for (String sql : JOIN_PENDING_OWNERS) {
                    s.execute(sql);
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new SqliteWriteException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }

    /** A failed write, unchecked because the visitor's events cannot throw SQLException. */
    public static final class SqliteWriteException extends RuntimeException {
        SqliteWriteException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
