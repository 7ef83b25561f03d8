// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code rdb import}: reads what {@link RdbJsonWriter} writes (JSON Lines, or one JSON array) key by key. A
 * key is loaded into an embedded engine as commands (SET, or RPUSH/SADD/HSET/ZADD in chunks, a stream as
 * {@link JsonStreamImporter} does) and, when an {@link RdbImportWriter} is given, written to the RDB at once
 * with the engine's own writer and deleted from the engine, so memory holds one key, not the data set. A
 * list, set, hash or sorted set of more than {@code spillElements} elements or {@code spillBytes} bytes is
 * not loaded: its elements go to a {@link ValueSpill} as they are read, and the record is written from it; a
 * stream past the same threshold goes to a {@link StreamSpill} likewise.
 * Without a writer, keys stay in the engine (DEL first, PEXPIREAT after). A key's {@code db}, {@code key}
 * and {@code type} must precede its {@code value}, as the writer puts them.
 */
public final class JsonDumpImporter {
    /** Elements per command: big enough to amortize the engine hop, small enough to bound memory. */
    static final int CHUNK = 512;
    /** A value of more elements than this is spilled, not loaded (the engine writes it in a plain encoding too). */
    static final long SPILL_ELEMENTS = 8192;
    /** A value of more element bytes than this is spilled, whatever its element count. */
    static final long SPILL_BYTES = 8L << 20;

    private static final byte[] DEL = "DEL".getBytes(US_ASCII);
    private static final RedisError NOT_FLOAT = RedisError.err("value is not a valid float");

    /** Input that does not follow the schema; says where. */
    public static final class BadInputException extends Exception {
        BadInputException(String message, JsonLocation at) {
            super(message + " at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }

        /** Input found bad once read whole: no place to say. */
        BadInputException(String message) {
            super(message);
        }
    }

    /**
     * What an import did.
     *
     * @param fieldTtlsDropped hash fields whose own TTL ({@code [field, value, expire_at_ms]}, Redis 7.4) was
     *                         dropped: the engine, like Redis 7.0, cannot hold it; the field is kept
     * @param fieldsExpired    hash fields left out because their TTL had passed (Redis 7.4 would expire them at once)
     * @param spilled          values written through a {@link ValueSpill} or {@link StreamSpill} rather than the engine
     */
    public record Result(long keys, long skipped, long expired, long fieldTtlsDropped, long fieldsExpired,
                         long spilled) {
    }

    /** A value read: whether it created the key, and the spill holding it when it was not loaded. */
    private record Loaded(boolean created, SpilledValue spill) {
    }

    private final Engine engine;
    private final RdbImportWriter out;
    private final Path spillDir;
    private final long spillElements;
    private final long spillBytes;
    private final int listFill;
    private long selectedDb = 0;
    private long keys;
    private long skipped;
    private long expired;
    private long fieldTtlsDropped;
    private long fieldsExpired;
    private long spilled;

    /** Loads every key into {@code engine}, where it stays. */
    public JsonDumpImporter(Engine engine) {
        this(engine, null, null, Long.MAX_VALUE, Long.MAX_VALUE, -2);
    }

    /**
     * Writes every key to {@code out} as it is read.
     *
     * @param spillDir      where a big value's temp file goes
     * @param spillElements a value of more elements is spilled (tests lower it)
     * @param spillBytes    a value of more element bytes is spilled
     * @param listFill      the engine's {@code list-max-listpack-size}, which a spilled list's nodes follow
     */
    JsonDumpImporter(Engine engine, RdbImportWriter out, Path spillDir, long spillElements, long spillBytes,
                     int listFill) {
        this.engine = engine;
        this.out = out;
        this.spillDir = spillDir;
        this.spillElements = spillElements;
        this.spillBytes = spillBytes;
        this.listFill = listFill;
    }

    /** Reads every key of {@code in}: into the engine, or through it to the writer. */
    public Result load(InputStream in) throws IOException, BadInputException {
        try (JsonParser p = new JsonFactory().createParser(in)) {
            JsonToken t = p.nextToken();
            boolean array = t == JsonToken.START_ARRAY;
            if (array) {
                t = p.nextToken();
            }
            while (t != null && !(array && t == JsonToken.END_ARRAY)) {
                if (t != JsonToken.START_OBJECT) {
                    throw new BadInputException("expected a key object, got " + t, p.currentLocation());
                }
                readKey(p);
                t = p.nextToken();
            }
            if (array && t == null) {
                throw new BadInputException("the array is not closed", p.currentLocation());
            }
            if (array && p.nextToken() != null) {
                throw new BadInputException("data after the array", p.currentLocation());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(e.getOriginalMessage(), e.getLocation() == null
                    ? JsonLocation.NA : e.getLocation());
        }
        return new Result(keys, skipped, expired, fieldTtlsDropped, fieldsExpired, spilled);
    }

    private void readKey(JsonParser p) throws IOException, BadInputException {
        Long db = null;
        byte[] key = null;
        String type = null;
        long expireAtMs = -1;
        Loaded loaded = new Loaded(false, null);
        boolean sawValue = false;
        try {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "db" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                            throw new BadInputException("db must be a non-negative integer", p.currentLocation());
                        }
                        db = p.getLongValue();
                    }
                    case "key" -> key = bytes(p);
                    case "type" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            throw new BadInputException("type must be a string", p.currentLocation());
                        }
                        type = p.getText();
                    }
                    case "expire_at_ms" -> {
                        if (v == JsonToken.VALUE_NUMBER_INT) {
                            expireAtMs = p.getLongValue();
                        } else if (v != JsonToken.VALUE_NULL) {
                            throw new BadInputException("expire_at_ms must be an integer or null", p.currentLocation());
                        }
                    }
                    case "value" -> {
                        if (db == null || key == null || type == null) {
                            throw new BadInputException("db, key and type must come before value", p.currentLocation());
                        }
                        if (sawValue) {
                            throw new BadInputException("a key object has one value", p.currentLocation());
                        }
                        sawValue = true;
                        if (v == JsonToken.VALUE_NULL) {
                            break;
                        }
                        select(db, p);
                        if (out == null) {
                            call(p, DEL, key);
                        } else if (!out.firstSight(db, key)) {
                            // the first one is written already: "last one wins" would need the file rewritten
                            throw new BadInputException("key \"" + RdbVersionWriter.KeyText.of(key) + "\" of db " + db
                                    + " appears twice (an RDB holds a key once)", p.currentLocation());
                        }
                        loaded = readValue(p, key, type);
                    }
                    default -> p.skipChildren();
                }
            }
            if (!sawValue || !loaded.created()) {
                if (!sawValue && (db == null || key == null || type == null)) {
                    throw new BadInputException("a key object needs db, key, type and value", p.currentLocation());
                }
                skipped++;
                return;
            }
            keys++;
            boolean expiredNow = expireAtMs >= 0 && expireAtMs <= System.currentTimeMillis();
            if (expiredNow) {
                expired++;
            }
            if (out == null) {
                if (expireAtMs >= 0) {
                    call(p, "PEXPIREAT".getBytes(US_ASCII), key, Long.toString(expireAtMs).getBytes(US_ASCII));
                }
                return;
            }
            // an expired key is dropped, as a server drops it on load
            if (loaded.spill() != null) {
                if (expiredNow) {
                    loaded.spill().close();
                } else {
                    out.fromSpill(db, key, expireAtMs >= 0 ? expireAtMs : 0, loaded.spill());
                    spilled++;
                }
            } else if (expiredNow) {
                call(p, DEL, key);
            } else {
                out.fromEngine(db, key, expireAtMs >= 0 ? expireAtMs : 0);
            }
        } finally {
            if (loaded.spill() != null) {
                loaded.spill().close();
            }
        }
    }

    /** Sends a value's commands, or spills it; whether the key now exists (an empty collection creates nothing). */
    private Loaded readValue(JsonParser p, byte[] key, String type) throws IOException, BadInputException {
        if (type.equals("string")) {
            call(p, "SET".getBytes(US_ASCII), key, bytes(p));
            return new Loaded(true, null);
        }
        if (type.equals("stream")) {
            return new Loaded(true, JsonStreamImporter.load(p, key, this::call, out == null ? null : spillDir,
                    spillElements, spillBytes));
        }
        String name = switch (type) {
            case "list" -> "RPUSH";
            case "set" -> "SADD";
            case "hash" -> "HSET";
            case "zset" -> "ZADD";
            default -> throw new BadInputException("a " + type + " value cannot be imported", p.currentLocation());
        };
        byte[] command = name.getBytes(US_ASCII);
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadInputException("a " + type + " value must be an array", p.currentLocation());
        }
        // the command's arguments after the key: each element, a hash's field and value, or a score and member
        List<byte[]> args = new ArrayList<>();
        long pendingElements = 0;
        long pendingBytes = 0;
        boolean any = false;
        ValueSpill spill = null;
        DuplicateCheck members = null;
        try {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                byte[] first;
                byte[] second = null;
                switch (type) {
                    case "list", "set" -> first = bytes(p);
                    case "hash" -> {
                        pairStart(p);
                        first = bytes(p);
                        p.nextToken();
                        second = bytes(p);
                        if (!hashFieldLive(p)) {
                            continue;
                        }
                    }
                    default -> {
                        pairStart(p);
                        second = bytes(p);
                        p.nextToken();
                        first = score(p);
                        pairEnd(p);
                    }
                }
                if (spill != null) {
                    spillOne(p, type, spill, members, first, second);
                    continue;
                }
                args.add(first);
                if (second != null) {
                    args.add(second);
                }
                pendingElements++;
                pendingBytes += first.length + (second == null ? 0 : second.length);
                if (out == null) {
                    if (args.size() >= CHUNK) {
                        send(p, command, key, args);
                        any = true;
                    }
                } else if (pendingElements > spillElements || pendingBytes > spillBytes) {
                    spill = new ValueSpill(type, spillDir, listFill);
                    members = type.equals("list") ? null : DuplicateCheck.forHeap(spillDir);
                    int step = second == null ? 1 : 2;
                    for (int i = 0; i < args.size(); i += step) {
                        spillOne(p, type, spill, members, args.get(i), step == 2 ? args.get(i + 1) : null);
                    }
                    args.clear();
                }
            }
            if (spill != null) {
                if (members != null && members.repeatFound()) {
                    throw new BadInputException("the " + type + " has an element twice: a value of more than "
                            + spillElements + " elements or " + spillBytes + " bytes is written as it is read, and "
                            + "cannot merge an element given twice", p.currentLocation());
                }
                ValueSpill done = spill;
                spill = null;
                return new Loaded(true, done);
            }
            // a hash whose fields all expired sends nothing
            boolean created = any || !args.isEmpty();
            while (!args.isEmpty()) {
                send(p, command, key, args.subList(0, Math.min(args.size(), CHUNK)));
            }
            return new Loaded(created, null);
        } finally {
            if (spill != null) {
                spill.close();
            }
            if (members != null) {
                members.close();
            }
        }
    }

    /**
     * One element into a spilled value. An element given twice cannot be merged there, as the engine's
     * SADD/HSET/ZADD would (the first is on disk already), and Redis's loader refuses a value holding one
     * twice: it is refused.
     */
    private void spillOne(JsonParser p, String type, ValueSpill spill, DuplicateCheck members, byte[] first,
                          byte[] second) throws IOException, BadInputException {
        byte[] member = type.equals("zset") ? second : first;
        if (members != null && !members.add(0, member)) {
            throw new BadInputException("the " + type + " has \"" + RdbVersionWriter.KeyText.of(member)
                    + "\" twice: a value of more than " + spillElements + " elements or " + spillBytes
                    + " bytes is written as it is read, and cannot merge an element given twice", p.currentLocation());
        }
        switch (type) {
            case "list", "set" -> spill.add(first);
            case "hash" -> spill.addPair(first, second);
            default -> {
                double score;
                try {
                    score = Numbers.parseDouble(first, NOT_FLOAT);
                } catch (RedisError e) {
                    throw new BadInputException("ZADD was refused: ERR " + e.getMessage(), p.currentLocation());
                }
                spill.addScored(second, score);
            }
        }
    }

    /** One command of {@code args}, which is cleared (a sub-list: removed from its list). */
    private void send(JsonParser p, byte[] command, byte[] key, List<byte[]> args) throws BadInputException {
        byte[][] argv = new byte[args.size() + 2][];
        argv[0] = command;
        argv[1] = key;
        for (int i = 0; i < args.size(); i++) {
            argv[i + 2] = args.get(i);
        }
        call(p, argv);
        args.clear();
    }

    /**
     * After a hash field's value: its optional TTL, then the end of the pair. Whether to keep the field: the
     * TTL itself cannot be kept (counted), a TTL already passed drops the field.
     */
    private boolean hashFieldLive(JsonParser p) throws IOException, BadInputException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return true;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
            throw new BadInputException("a hash field's third item is its TTL, an integer expire_at_ms",
                    p.currentLocation());
        }
        long expireAtMs = p.getLongValue();
        pairEnd(p);
        if (expireAtMs <= System.currentTimeMillis()) {
            fieldsExpired++;
            return false;
        }
        fieldTtlsDropped++;
        return true;
    }

    private static void pairStart(JsonParser p) throws IOException, BadInputException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadInputException("expected a [field, value] or [member, score] pair", p.currentLocation());
        }
        p.nextToken();
    }

    private static void pairEnd(JsonParser p) throws IOException, BadInputException {
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new BadInputException("a pair has two items", p.currentLocation());
        }
    }

    /** A score as ZADD takes it: the JSON number's own text (shortest round-trip form), or inf/-inf. */
    private static byte[] score(JsonParser p) throws IOException, BadInputException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getText().getBytes(US_ASCII);
        }
        if (t == JsonToken.VALUE_STRING && (p.getText().equals("inf") || p.getText().equals("-inf"))) {
            return p.getText().getBytes(US_ASCII);
        }
        throw new BadInputException("a score must be a number, \"inf\" or \"-inf\"", p.currentLocation());
    }

    /** A byte string of the schema: a JSON string (its UTF-8 bytes) or {"base64": "..."}. */
    static byte[] bytes(JsonParser p) throws IOException, BadInputException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText().getBytes(UTF_8);
        }
        if (t == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME && p.currentName().equals("base64")
                && p.nextToken() == JsonToken.VALUE_STRING) {
            byte[] b;
            try {
                b = Base64.getDecoder().decode(p.getText());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("bad base64: " + e.getMessage(), p.currentLocation());
            }
            if (p.nextToken() != JsonToken.END_OBJECT) {
                throw new BadInputException("a base64 object has one field", p.currentLocation());
            }
            return b;
        }
        throw new BadInputException("expected a string or {\"base64\": ...}", p.currentLocation());
    }

    private void select(long db, JsonParser p) throws BadInputException {
        if (db != selectedDb) {
            call(p, "SELECT".getBytes(US_ASCII), Long.toString(db).getBytes(US_ASCII));
            selectedDb = db;
        }
    }

    private RespValue call(JsonParser p, byte[]... argv) throws BadInputException {
        RespValue reply = engine.execute(argv);
        if (reply instanceof RespValue.Error e) {
            throw new BadInputException(new String(argv[0], US_ASCII) + " was refused: " + e.line(), p.currentLocation());
        }
        return reply;
    }
}
