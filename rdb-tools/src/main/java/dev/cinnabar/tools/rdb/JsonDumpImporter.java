// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code rdb import}: reads what {@link RdbJsonWriter} writes (JSON Lines, or one JSON array) and loads each
 * key into an embedded engine as commands (DEL, then SET or RPUSH/SADD/HSET/ZADD in chunks, a stream as
 * {@link JsonStreamImporter} does, then PEXPIREAT), so the engine's own RDB writer can write the file. The
 * JSON is read as a stream: a key's elements go to the engine a chunk at a time, never held whole. A key's
 * {@code db}, {@code key} and {@code type} must precede its {@code value}, as the writer puts them.
 */
public final class JsonDumpImporter {
    /** Elements per command: big enough to amortize the engine hop, small enough to bound memory. */
    static final int CHUNK = 512;

    /** Input that does not follow the schema; says where. */
    public static final class BadInputException extends Exception {
        BadInputException(String message, JsonLocation at) {
            super(message + " at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
    }

    /**
     * What an import did.
     *
     * @param fieldTtlsDropped hash fields whose own TTL ({@code [field, value, expire_at_ms]}, Redis 7.4) was
     *                         dropped: the engine, like Redis 7.0, cannot hold it; the field is kept
     * @param fieldsExpired    hash fields left out because their TTL had passed (Redis 7.4 would expire them at once)
     */
    public record Result(long keys, long skipped, long expired, long fieldTtlsDropped, long fieldsExpired) {
    }

    private final Engine engine;
    private long selectedDb = 0;
    private long keys;
    private long skipped;
    private long expired;
    private long fieldTtlsDropped;
    private long fieldsExpired;

    public JsonDumpImporter(Engine engine) {
        this.engine = engine;
    }

    /** Loads every key of {@code in} into the engine. */
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
        return new Result(keys, skipped, expired, fieldTtlsDropped, fieldsExpired);
    }

    private void readKey(JsonParser p) throws IOException, BadInputException {
        Long db = null;
        byte[] key = null;
        String type = null;
        long expireAtMs = -1;
        boolean created = false;
        boolean sawValue = false;
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
                    sawValue = true;
                    if (v == JsonToken.VALUE_NULL) {
                        break;
                    }
                    select(db, p);
                    call(p, "DEL".getBytes(US_ASCII), key);
                    created = readValue(p, key, type);
                }
                default -> p.skipChildren();
            }
        }
        if (!sawValue || !created) {
            if (!sawValue && (db == null || key == null || type == null)) {
                throw new BadInputException("a key object needs db, key, type and value", p.currentLocation());
            }
            skipped++;
            return;
        }
        keys++;
        if (expireAtMs >= 0) {
            if (expireAtMs <= System.currentTimeMillis()) {
                expired++;
            }
            call(p, "PEXPIREAT".getBytes(US_ASCII), key, Long.toString(expireAtMs).getBytes(US_ASCII));
        }
    }

    /** Sends a value's commands; whether the key now exists (an empty collection creates nothing). */
    private boolean readValue(JsonParser p, byte[] key, String type) throws IOException, BadInputException {
        if (type.equals("string")) {
            call(p, "SET".getBytes(US_ASCII), key, bytes(p));
            return true;
        }
        if (type.equals("stream")) {
            JsonStreamImporter.load(p, key, this::call);
            return true;
        }
        String command = switch (type) {
            case "list" -> "RPUSH";
            case "set" -> "SADD";
            case "hash" -> "HSET";
            case "zset" -> "ZADD";
            default -> throw new BadInputException("a " + type + " value cannot be imported", p.currentLocation());
        };
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadInputException("a " + type + " value must be an array", p.currentLocation());
        }
        List<byte[]> argv = new ArrayList<>();
        boolean any = false;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (argv.isEmpty()) {
                argv.add(command.getBytes(US_ASCII));
                argv.add(key);
            }
            switch (type) {
                case "list", "set" -> argv.add(bytes(p));
                case "hash" -> {
                    pairStart(p);
                    byte[] field = bytes(p);
                    p.nextToken();
                    byte[] value = bytes(p);
                    if (hashFieldLive(p)) {
                        argv.add(field);
                        argv.add(value);
                    }
                }
                default -> {
                    pairStart(p);
                    byte[] member = bytes(p);
                    p.nextToken();
                    argv.add(score(p));
                    argv.add(member);
                    pairEnd(p);
                }
            }
            if (argv.size() >= CHUNK + 2) {
                call(p, argv.toArray(byte[][]::new));
                argv.clear();
                any = true;
            }
        }
        // more than the command and key: a hash whose fields all expired sends nothing
        if (argv.size() > 2) {
            call(p, argv.toArray(byte[][]::new));
            any = true;
        }
        return any;
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
