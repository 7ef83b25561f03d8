// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The keys of one side of {@code rdb diff}: an RDB file, walked by {@link RdbChecker}, or a live server
 * ({@code redis://host:port}, read with SCAN, then DUMP and PTTL per key, each DUMP payload walked by the same
 * walker as a one-record RDB). Either way each value is fingerprinted from its element events
 * ({@link DigestVisitor}), never held: a file's value of any size costs one element at a time; so does a
 * server's, whose DUMP payload is held only up to {@link Live#spillBytes} and read from a temporary file
 * beyond.
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

    /**
     * A file path, or a live server when it starts with {@code redis://} (its big DUMP payloads go to temporary
     * files in {@code tempDir}).
     */
    static KeySource of(String spec, Path tempDir) {
        if (spec.startsWith("redis://")) {
            return new Live(spec, tempDir);
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

    /**
     * A live server, read with SCAN, then PTTL + DUMP per key, pipelined a SCAN batch at a time (a key that
     * vanishes between them is skipped). Replies are taken one at a time as they arrive; a DUMP payload up to
     * {@link #spillBytes} is walked from the heap, a bigger one is streamed from the socket into a temporary file
     * and walked from there ({@link OneRecordRdb#fromDumpPayload(long, byte[], FileChannel, long)}), so a value
     * of any size costs a bounded amount of memory.
     */
    final class Live implements KeySource {
        private static final int BATCH = 500;
        private static final byte[] PTTL = "PTTL".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DUMP = "DUMP".getBytes(StandardCharsets.US_ASCII);
        /** DUMP payloads longer than this go to a temporary file (a knob for tests). */
        static long spillBytes = 1 << 20;
        private final String address;
        private final Path tempDir;

        Live(String address, Path tempDir) {
            this.address = address;
            this.tempDir = tempDir;
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

        /** PTTL then DUMP of each key: the PTTL reply is at hand when its DUMP arrives. */
        private void batch(RespConnection c, int db, List<?> keys, Consumer<Item> sink) throws IOException {
            List<byte[][]> commands = new ArrayList<>();
            for (Object k : keys) {
                commands.add(new byte[][] {PTTL, (byte[]) k});
                commands.add(new byte[][] {DUMP, (byte[]) k});
            }
            long now = System.currentTimeMillis();
            long[] ttl = new long[1];
            c.callAll(commands, new RespConnection.BulkSpill(spillBytes, tempDir), (i, reply) -> {
                if (i % 2 == 0) {
                    Object pttl = expect(reply, "PTTL");
                    ttl[0] = pttl instanceof Long t ? t : -2;
                    return;
                }
                Object dump = expect(reply, "DUMP");
                if (dump == null || ttl[0] == -2) {
                    // gone between SCAN and DUMP
                    return;
                }
                byte[] key = (byte[]) keys.get(i / 2);
                fingerprint(db, key, dump, ttl[0] < 0 ? -1 : now + ttl[0], now, sink);
            });
        }

        /** Walks one DUMP payload (held, or spilled to a file) into a fingerprint; the walk sees no expiry opcode. */
        private void fingerprint(int db, byte[] key, Object dump, long expireAt, long now, Consumer<Item> sink)
                throws IOException {
            Consumer<Item> placed = item -> sink.accept(new Item(item.db(), item.key(), item.value(), expireAt));
            RdbCheckReport report;
            try {
                if (dump instanceof byte[] payload) {
                    report = RdbChecker.check(OneRecordRdb.fromDumpPayload(db, key, payload), new DigestVisitor(placed,
                            (start, end, digest) -> digest.raw(payload, 1, payload.length - 11), now));
                } else if (dump instanceof RespConnection.SpilledBulk spilled) {
                    try (FileChannel payload = FileChannel.open(spilled.file(), StandardOpenOption.READ)) {
                        long length = spilled.length();
                        report = RdbChecker.check(OneRecordRdb.fromDumpPayload(db, key, payload, length),
                                new DigestVisitor(placed, (start, end, digest) -> feed(payload, length, digest), now));
                    }
                } else {
                    throw new IOException(address + ": DUMP of " + RdbFileReader.quote(key) + ": not a bulk reply");
                }
            } catch (RdbFormatException e) {
                throw new IOException(address + ": DUMP of " + RdbFileReader.quote(key) + ": " + e.getMessage());
            }
            if (report.failure() != null) {
                throw new IOException(address + ": DUMP of " + RdbFileReader.quote(key) + " does not decode: "
                        + report.failure().reason());
            }
        }

        /** A module value's serialized bytes from a spilled payload: all but the type byte and the footer. */
        private static void feed(FileChannel payload, long length, ValueDigest digest) {
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = new RangeInputStream(payload, 1, length - 10)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.raw(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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
