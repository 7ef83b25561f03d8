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
 * <p>Stream entries and module values are not decoded by the walk: such keys appear in {@code keys} only.
 * The schema is documented in docs/tools.md.
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
    };

    private static final String[] INDEXES = {
        "CREATE INDEX keys_key ON keys (db, key)",
        "CREATE INDEX keys_key_text ON keys (key_text)",
        "CREATE INDEX strings_key ON strings (db, key)",
        "CREATE INDEX lists_key ON lists (db, key, idx)",
        "CREATE INDEX sets_key ON sets (db, key)",
        "CREATE INDEX hashes_key ON hashes (db, key)",
        "CREATE INDEX zsets_key ON zsets (db, key)",
    };

    private final Connection db;
    private final PreparedStatement meta;
    private final PreparedStatement keys;
    private final PreparedStatement strings;
    private final PreparedStatement lists;
    private final PreparedStatement sets;
    private final PreparedStatement hashes;
    private final PreparedStatement zsets;
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
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        try {
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
            if (type.equals("stream") || type.equals("module")) {
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
        for (PreparedStatement s : new PreparedStatement[] {keys, strings, lists, sets, hashes, zsets}) {
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
