// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cinnabar.core.rdb.Crc64;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbWriter;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.tools.rdb.JsonDumpImporter.BadInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Loads one stream value of {@link RdbJsonWriter}'s schema into the engine. Entries go in one XADD each as
 * they are read, then XSETID sets the counters, as Redis's own AOF rewrite does. Consumer groups cannot go
 * through commands without losing what makes them what they are (XCLAIM stamps a consumer's seen time
 * with the clock and refuses pending entries whose stream entry was deleted), so they are encoded in the
 * RDB layout the streams type reads (RDB type 19, as Redis 7.0 writes it) and put into the engine's DUMP
 * of the stream in place of its empty group list, and that payload is RESTOREd: the streams plugin checks
 * it as it would a file. The group section is the only part held in memory, as the engine holds it.
 *
 * <p>A stream of more than the spill threshold's entries or bytes is not kept in the engine: its first
 * entries go in by XADD (and are kept aside) until the threshold is passed, then the key is deleted and every
 * entry goes to a {@link StreamSpill}, which writes its nodes as Redis lays them out. What the engine would
 * refuse is refused the same way: a later id not above the one before it, with XADD's error; the counters and
 * groups by the engine itself, on a stand-in of the stream holding only its last entry (XADD, XSETID, and the
 * DUMP/RESTORE of its groups as above), the one check that needs the whole length (entries_added) made here.
 */
final class JsonStreamImporter {
    /** What the importer sends to the engine: a command, and its reply (errors already turned into exceptions). */
    @FunctionalInterface
    interface Engine {
        RespValue call(JsonParser p, byte[]... argv) throws BadInputException;
    }

    /** The group count of a stream without groups, the RDB version and the CRC-64 end a DUMP of one. */
    private static final int EMPTY_GROUPS_AND_FOOTER = 1 + 2 + 8;

    private final Engine engine;
    private final byte[] key;
    /** Where a big stream's nodes go; null: the stream is loaded whatever its size. */
    private final Path spillDir;
    private final long spillElements;
    private final long spillBytes;
    /** The entries loaded so far while the stream may still stay under the threshold. */
    private List<Entry> loaded = new ArrayList<>();
    private long loadedBytes;
    private StreamSpill spill;
    private Entry lastEntry;
    private long entryCount;
    private StreamEvent.Id firstEntry;
    private String lastId;
    private String maxDeletedId;
    private Long entriesAdded;
    private long groups;
    private final ByteArrayOutputStream groupBytes = new ByteArrayOutputStream();
    private final RdbWriter groupOut = new RdbWriter(groupBytes, false);

    /** One entry: its id and its fields and values. */
    private record Entry(StreamEvent.Id id, byte[][] fieldsAndValues) {
    }

    private JsonStreamImporter(Engine engine, byte[] key, Path spillDir, long spillElements, long spillBytes) {
        this.engine = engine;
        this.key = key;
        this.spillDir = spillDir;
        this.spillElements = spillElements;
        this.spillBytes = spillBytes;
    }

    /** Reads the stream value at {@code p} (its START_OBJECT) into {@code key}, which does not exist. */
    static void load(JsonParser p, byte[] key, Engine engine) throws IOException, BadInputException {
        load(p, key, engine, null, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * Reads the stream value at {@code p} (its START_OBJECT) into {@code key}, which does not exist, or, when
     * it has more than {@code spillElements} entries or {@code spillBytes} bytes of fields and values, into a
     * {@link StreamSpill} in {@code spillDir}, returned (the key then left absent from the engine).
     */
    static StreamSpill load(JsonParser p, byte[] key, Engine engine, Path spillDir, long spillElements,
                            long spillBytes) throws IOException, BadInputException {
        JsonStreamImporter importer = new JsonStreamImporter(engine, key, spillDir, spillElements, spillBytes);
        boolean done = false;
        try {
            importer.read(p);
            done = true;
            return importer.spill;
        } finally {
            if (!done && importer.spill != null) {
                importer.spill.close();
            }
        }
    }

    private void read(JsonParser p) throws IOException, BadInputException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BadInputException("a stream value must be an object", p.currentLocation());
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "entries" -> entries(p);
                case "last_id" -> lastId = idText(p, false);
                case "max_deleted_id" -> maxDeletedId = idText(p, true);
                case "entries_added" -> entriesAdded = v == JsonToken.VALUE_NULL ? null : counter(p);
                case "groups" -> groups(p);
                default -> p.skipChildren(); // length and first_id follow from the entries
            }
        }
        finish(p);
    }

    private void entries(JsonParser p) throws IOException, BadInputException {
        array(p, "entries");
        while (p.nextToken() != JsonToken.END_ARRAY) {
            object(p, "a stream entry");
            byte[] id = null;
            List<byte[]> argv = new ArrayList<>();
            argv.add(ascii("XADD"));
            argv.add(key);
            argv.add(null);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("id")) {
                    id = ascii(idText(p, false));
                } else if (field.equals("fields")) {
                    array(p, "fields");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        array(p, "a [field, value] pair");
                        p.nextToken();
                        argv.add(JsonDumpImporter.bytes(p));
                        p.nextToken();
                        argv.add(JsonDumpImporter.bytes(p));
                        if (p.nextToken() != JsonToken.END_ARRAY) {
                            throw new BadInputException("a pair has two items", p.currentLocation());
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (id == null || argv.size() < 5) {
                throw new BadInputException("a stream entry needs an id and at least one field", p.currentLocation());
            }
            argv.set(2, id);
            Entry entry = new Entry(StreamEvent.Id.parse(new String(id, US_ASCII)),
                    argv.subList(3, argv.size()).toArray(byte[][]::new));
            if (spill == null) {
                engine.call(p, argv.toArray(byte[][]::new));
            } else if (entry.id().compareTo(lastEntry.id()) <= 0) {
                throw new BadInputException("XADD was refused: ERR The ID specified in XADD is equal or smaller than "
                        + "the target stream top item", p.currentLocation());
            } else {
                spill.add(entry.id(), entry.fieldsAndValues());
            }
            if (entryCount++ == 0) {
                firstEntry = entry.id();
            }
            lastEntry = entry;
            if (spill == null && spillDir != null) {
                keepLoaded(p, entry);
            }
        }
    }

    /** Keeps a loaded entry aside; past the threshold, moves the stream out of the engine into a spill. */
    private void keepLoaded(JsonParser p, Entry entry) throws IOException, BadInputException {
        loaded.add(entry);
        for (byte[] b : entry.fieldsAndValues()) {
            loadedBytes += b.length;
        }
        if (entryCount > spillElements || loadedBytes > spillBytes) {
            engine.call(p, ascii("DEL"), key);
            spill = new StreamSpill(spillDir);
            for (Entry e : loaded) {
                spill.add(e.id(), e.fieldsAndValues());
            }
            loaded = null;
        }
    }

    private void groups(JsonParser p) throws IOException, BadInputException {
        array(p, "groups");
        while (p.nextToken() != JsonToken.END_ARRAY) {
            object(p, "a consumer group");
            byte[] name = null;
            String lastDelivered = null;
            long entriesRead = -1;
            long pending = 0;
            ByteArrayOutputStream pel = new ByteArrayOutputStream();
            RdbWriter pelOut = new RdbWriter(pel, false);
            long consumers = 0;
            ByteArrayOutputStream consumerBytes = new ByteArrayOutputStream();
            RdbWriter consumerOut = new RdbWriter(consumerBytes, false);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "name" -> name = JsonDumpImporter.bytes(p);
                    case "last_delivered_id" -> lastDelivered = idText(p, false);
                    case "entries_read" -> entriesRead = v == JsonToken.VALUE_NULL ? -2 : counter(p);
                    case "pending" -> {
                        array(p, "pending");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            pending(p, pelOut);
                            pending++;
                        }
                    }
                    case "consumers" -> {
                        array(p, "consumers");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            consumer(p, consumerOut);
                            consumers++;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (name == null || lastDelivered == null) {
                throw new BadInputException("a consumer group needs a name and a last_delivered_id", p.currentLocation());
            }
            pelOut.flush();
            consumerOut.flush();
            StreamEvent.Id lastDeliveredId = StreamEvent.Id.parse(lastDelivered);
            if (entriesRead == -2) {
                entriesRead = entriesAdded == null ? StreamEvent.Id.estimateEntriesRead(lastDeliveredId, entryCount,
                        lastId == null ? null : StreamEvent.Id.parse(lastId), firstEntry) : -1;
            }
            groupOut.writeString(name);
            writeId(groupOut, lastDeliveredId);
            writeUnsigned(groupOut, entriesRead);
            groupOut.writeLength(pending);
            groupOut.writeRaw(pel.toByteArray());
            groupOut.writeLength(consumers);
            groupOut.writeRaw(consumerBytes.toByteArray());
            groups++;
        }
    }

    /** {@code {"id", "delivery_time", "delivery_count"}}: raw id, 8-byte time, count. */
    private void pending(JsonParser p, RdbWriter out) throws IOException, BadInputException {
        object(p, "a pending entry");
        String id = null;
        long time = 0;
        long count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = idText(p, false);
                case "delivery_time" -> time = integer(p);
                case "delivery_count" -> count = counter(p);
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw new BadInputException("a pending entry needs an id", p.currentLocation());
        }
        out.writeRaw(rawId(StreamEvent.Id.parse(id)));
        out.writeLittleEndian(time, 8);
        out.writeLength(count);
    }

    /** {@code {"name", "seen_time", "active_time", "pending": [id, …]}}; 7.0 keeps no active time. */
    private void consumer(JsonParser p, RdbWriter out) throws IOException, BadInputException {
        object(p, "a consumer");
        byte[] name = null;
        long seen = 0;
        List<byte[]> ids = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = JsonDumpImporter.bytes(p);
                case "seen_time" -> seen = integer(p);
                case "pending" -> {
                    array(p, "a consumer's pending ids");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        ids.add(rawId(StreamEvent.Id.parse(idText(p, false))));
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw new BadInputException("a consumer needs a name", p.currentLocation());
        }
        out.writeString(name);
        out.writeLittleEndian(seen, 8);
        out.writeLength(ids.size());
        for (byte[] id : ids) {
            out.writeRaw(id);
        }
    }

    private void finish(JsonParser p) throws BadInputException {
        if (spill != null) {
            finishSpilled(p);
            return;
        }
        if (entryCount == 0) {
            // an empty stream: XADD MAXLEN 0 creates it and drops the entry at once (Redis's AOF rewrite)
            engine.call(p, ascii("XADD"), key, ascii("MAXLEN"), ascii("0"), ascii("0-1"), ascii("x"), ascii("y"));
        }
        if (lastId != null) {
            // without a count (RDB type 15), the entries there are, as Redis 7.0 counts them on load
            List<byte[]> argv = new ArrayList<>(List.of(ascii("XSETID"), key, ascii(lastId), ascii("ENTRIESADDED"),
                    ascii(Long.toString(entriesAdded != null ? entriesAdded : entryCount))));
            if (maxDeletedId != null) {
                argv.add(ascii("MAXDELETEDID"));
                argv.add(ascii(maxDeletedId));
            }
            engine.call(p, argv.toArray(byte[][]::new));
        }
        if (groups > 0) {
            restoreWithGroups(p);
        }
    }

    /**
     * The counters and groups checked by the engine on a stand-in holding the last entry, then the record's
     * part after the nodes written as the streams type writes it: length, last id, first id, max deleted id,
     * entries added, groups.
     */
    private void finishSpilled(JsonParser p) throws BadInputException {
        byte[][] argv = new byte[3 + lastEntry.fieldsAndValues().length][];
        argv[0] = ascii("XADD");
        argv[1] = key;
        argv[2] = ascii(lastEntry.id().toString());
        System.arraycopy(lastEntry.fieldsAndValues(), 0, argv, 3, lastEntry.fieldsAndValues().length);
        engine.call(p, argv);
        // as finish(): without last_id the counters are those the entries make
        boolean counters = lastId != null;
        long added = counters && entriesAdded != null ? entriesAdded : entryCount;
        if (counters) {
            List<byte[]> setId = new ArrayList<>(List.of(ascii("XSETID"), key, ascii(lastId), ascii("ENTRIESADDED"),
                    ascii(Long.toString(added))));
            if (maxDeletedId != null) {
                setId.add(ascii("MAXDELETEDID"));
                setId.add(ascii(maxDeletedId));
            }
            engine.call(p, setId.toArray(byte[][]::new));
            if (Long.compareUnsigned(added, entryCount) < 0) {
                throw new BadInputException("XSETID was refused: ERR The entries_added specified in XSETID is smaller "
                        + "than the target stream length", p.currentLocation());
            }
        }
        if (groups > 0) {
            restoreWithGroups(p);
        }
        engine.call(p, ascii("DEL"), key);
        groupOut.flush();
        ByteArrayOutputStream tail = new ByteArrayOutputStream(groupBytes.size() + 64);
        RdbWriter out = new RdbWriter(tail, false);
        out.writeLength(entryCount);
        writeId(out, counters ? StreamEvent.Id.parse(lastId) : lastEntry.id());
        writeId(out, firstEntry);
        writeId(out, counters && maxDeletedId != null ? StreamEvent.Id.parse(maxDeletedId) : new StreamEvent.Id(0, 0));
        writeUnsigned(out, added);
        out.writeLength(groups);
        out.writeRaw(groupBytes.toByteArray());
        out.flush();
        spill.finish(tail.toByteArray());
    }

    /** DUMP, the empty group list replaced by the groups read, RESTORE REPLACE. */
    private void restoreWithGroups(JsonParser p) throws BadInputException {
        RespValue dumped = engine.call(p, ascii("DUMP"), key);
        if (!(dumped instanceof RespValue.Bulk bulk) || bulk.value().length < 1 + EMPTY_GROUPS_AND_FOOTER
                || bulk.value()[0] != 19 || bulk.value()[bulk.value().length - EMPTY_GROUPS_AND_FOOTER] != 0) {
            throw new BadInputException("the engine's DUMP of the stream is not an RDB type 19 stream without groups",
                    p.currentLocation());
        }
        byte[] payload = bulk.value();
        groupOut.flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + groupBytes.size() + 16);
        RdbWriter w = new RdbWriter(out, false);
        w.writeRaw(payload, 0, payload.length - EMPTY_GROUPS_AND_FOOTER);
        w.writeLength(groups);
        w.writeRaw(groupBytes.toByteArray());
        w.writeRaw(payload, payload.length - 10, 2);
        w.flush();
        byte[] body = out.toByteArray();
        long crc = Crc64.update(0, body, 0, body.length);
        byte[] restored = new byte[body.length + 8];
        System.arraycopy(body, 0, restored, 0, body.length);
        for (int i = 0; i < 8; i++) {
            restored[body.length + i] = (byte) (crc >>> (8 * i));
        }
        engine.call(p, ascii("RESTORE"), key, ascii("0"), restored, ascii("REPLACE"));
    }

    private static void writeId(RdbWriter out, StreamEvent.Id id) {
        writeUnsigned(out, id.ms());
        writeUnsigned(out, id.seq());
    }

    /** {@code rdbSaveLen} of an unsigned 64-bit value (-1: an unknown entries-read). */
    private static void writeUnsigned(RdbWriter out, long v) {
        if (v >= 0) {
            out.writeLength(v);
        } else {
            out.writeByte(Rdb.LEN_64BIT);
            for (int i = 7; i >= 0; i--) {
                out.writeByte((int) (v >>> (8 * i)) & 0xFF);
            }
        }
    }

    private static byte[] rawId(StreamEvent.Id id) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id.ms() >>> (56 - 8 * i));
            b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return b;
    }

    /** An id string {@code ms-seq}, checked; null allowed when {@code nullable}. */
    private static String idText(JsonParser p, boolean nullable) throws IOException, BadInputException {
        if (nullable && p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING || StreamEvent.Id.parse(p.getText()) == null) {
            throw new BadInputException("a stream id must be a string \"ms-seq\"", p.currentLocation());
        }
        return StreamEvent.Id.parse(p.getText()).toString();
    }

    private static long integer(JsonParser p) throws IOException, BadInputException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new BadInputException("expected an integer", p.currentLocation());
        }
        return p.getLongValue();
    }

    private static long counter(JsonParser p) throws IOException, BadInputException {
        long v = integer(p);
        if (v < 0) {
            throw new BadInputException("expected a non-negative integer", p.currentLocation());
        }
        return v;
    }

    private static void array(JsonParser p, String what) throws BadInputException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadInputException(what + " must be an array", p.currentLocation());
        }
    }

    private static void object(JsonParser p, String what) throws BadInputException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BadInputException(what + " must be an object", p.currentLocation());
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }
}
