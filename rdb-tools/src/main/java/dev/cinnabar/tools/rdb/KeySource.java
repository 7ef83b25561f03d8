// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.DumpPayload;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbVisitor;
import dev.cinnabar.spi.ValueType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The keys of one side of {@code rdb diff}: an RDB file (read with engine-core's RDB reader) or a live
 * server ({@code redis://host:port}, read with SCAN, then DUMP and PTTL per key, decoded with engine-core's
 * DUMP payload reader). Each key is handed out as a fingerprint of its value, never held.
 */
public interface KeySource {
    /** One key: where it is, what its value hashes to, when it expires (Unix ms, -1 never). */
    record Item(long db, byte[] key, ValueDigest.Fingerprint value, long expireAtMs) {
    }

    /** A name for reports. */
    String name();

    /**
     * Hands every key to {@code sink}.
     *
     * @throws RdbFormatException for a corrupt file (with its offset)
     * @throws IOException        on I/O errors or a server that answers with errors
     */
    void forEach(Consumer<Item> sink) throws IOException;

    /** A file path, or a live server when it starts with {@code redis://}. */
    static KeySource of(String spec, TypeRegistry types) {
        if (spec.startsWith("redis://")) {
            return new Live(spec, types);
        }
        return new File(Path.of(spec), types);
    }

    /** An RDB file. */
    final class File implements KeySource {
        private final Path path;
        private final TypeRegistry types;

        File(Path path, TypeRegistry types) {
            this.path = path;
            this.types = types;
        }

        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public void forEach(Consumer<Item> sink) throws IOException {
            try (InputStream in = new BufferedInputStream(Progress.track(Files.newInputStream(path)), 1 << 16)) {
                new RdbFileReader(in, types).read(new RdbVisitor() {
                    @Override
                    public void entry(RdbEntry e) {
                        sink.accept(new Item(e.db(), e.key(), ValueDigest.of(e.type(), e.value()), e.expireAtMillis()));
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** A live server, read with SCAN + DUMP + PTTL (a key that vanishes between them is skipped). */
    final class Live implements KeySource {
        private static final int BATCH = 500;
        private final String address;
        private final TypeRegistry types;

        Live(String address, TypeRegistry types) {
            this.address = address;
            this.types = types;
        }

        @Override
        public String name() {
            return address;
        }

        @Override
        public void forEach(Consumer<Item> sink) throws IOException {
            try (RespConnection c = RespConnection.open(address, BATCH * 2)) {
                for (int db : databasesWithKeys(c)) {
                    expect(c.call("SELECT", Integer.toString(db)), "SELECT");
                    String cursor = "0";
                    do {
                        Object reply = expect(c.call("SCAN", cursor, "COUNT", "1000"), "SCAN");
                        List<?> parts = (List<?>) reply;
                        cursor = RespConnection.text(parts.get(0));
                        List<?> keys = (List<?>) parts.get(1);
                        for (int i = 0; i < keys.size(); i += BATCH) {
                            batch(c, db, keys.subList(i, Math.min(keys.size(), i + BATCH)), sink);
                        }
                    } while (!"0".equals(cursor));
                }
            }
        }

        private void batch(RespConnection c, int db, List<?> keys, Consumer<Item> sink) throws IOException {
            List<byte[][]> commands = new ArrayList<>();
            for (Object k : keys) {
                commands.add(new byte[][] {"DUMP".getBytes(StandardCharsets.US_ASCII), (byte[]) k});
                commands.add(new byte[][] {"PTTL".getBytes(StandardCharsets.US_ASCII), (byte[]) k});
            }
            long now = System.currentTimeMillis();
            List<Object> replies = c.callAll(commands);
            for (int i = 0; i < keys.size(); i++) {
                Object dump = expect(replies.get(2 * i), "DUMP");
                Object pttl = expect(replies.get(2 * i + 1), "PTTL");
                if (!(dump instanceof byte[] payload) || !(pttl instanceof Long ttl) || ttl == -2) {
                    continue;
                }
                byte[] key = (byte[]) keys.get(i);
                if (!DumpPayload.verify(payload)) {
                    throw new IOException(address + ": DUMP of " + RdbFileReader.quote(key) + " does not verify "
                            + "(a newer RDB version than 10?)");
                }
                Object value = DumpPayload.read(payload, types::forRdbType);
                if (value == null) {
                    continue;
                }
                ValueType<?> type = types.of(value);
                sink.accept(new Item(db, key, ValueDigest.of(type, value), ttl < 0 ? -1 : now + ttl));
            }
        }

        private static List<Integer> databasesWithKeys(RespConnection c) throws IOException {
            String info = RespConnection.text(expect(c.call("INFO", "keyspace"), "INFO keyspace"));
            List<Integer> dbs = new ArrayList<>();
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("db") && line.contains(":keys=")) {
                    dbs.add(Integer.parseInt(line.substring(2, line.indexOf(':'))));
                }
            }
            return dbs;
        }

        private static Object expect(Object reply, String what) throws IOException {
            if (reply instanceof RespConnection.RespError e) {
                throw new IOException(what + ": " + e.message());
            }
            return reply;
        }
    }
}
