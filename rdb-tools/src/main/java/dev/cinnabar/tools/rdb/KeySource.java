// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The keys of one side of {@code rdb diff}: an RDB file, walked by {@link RdbChecker}, or a live server
 * ({@code redis://host:port}, read with SCAN, then DUMP and PTTL per key, each DUMP payload walked by the same
 * walker as a one-record RDB). Either way each value is fingerprinted from its element events
 * ({@link DigestVisitor}), never held: a file's value of any size costs one element at a time; a server's
 * costs its DUMP payload (which the server builds whole anyway).
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
    static KeySource of(String spec) {
        if (spec.startsWith("redis://")) {
            return new Live(spec);
        }
        return new File(Path.of(spec));
    }

    /** An RDB file. */
    final class File implements KeySource {
        private final Path path;

        File(Path path) {
            this.path = path;
        }

        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public void forEach(Consumer<Item> sink) throws IOException {
            try (FileRecords records = new FileRecords(path)) {
                RdbCheckReport report = RdbChecker.check(path, new DigestVisitor(sink, records::feedValue,
                        System.currentTimeMillis()));
                if (report.failure() != null) {
                    throw new RdbFormatException(report.failure().reason(), report.failure().offset());
                }
            }
        }
    }

    /** A live server, read with SCAN + DUMP + PTTL (a key that vanishes between them is skipped). */
    final class Live implements KeySource {
        private static final int BATCH = 500;
        private final String address;

        Live(String address) {
            this.address = address;
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
                long expireAt = ttl < 0 ? -1 : now + ttl;
                RdbCheckReport report;
                try {
                    // the walk sees no expiry opcode: the item takes PTTL's
                    report = RdbChecker.check(OneRecordRdb.fromDumpPayload(db, key, payload), new DigestVisitor(
                            item -> sink.accept(new Item(item.db(), item.key(), item.value(), expireAt)),
                            (start, end, digest) -> digest.raw(payload, 1, payload.length - 11), now));
                } catch (RdbFormatException e) {
                    throw new IOException(address + ": DUMP of " + RdbFileReader.quote(key) + ": " + e.getMessage());
                }
                if (report.failure() != null) {
                    throw new IOException(address + ": DUMP of " + RdbFileReader.quote(key) + " does not decode: "
                            + report.failure().reason());
                }
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
