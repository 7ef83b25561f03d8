// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Base64;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code rdb convert --to jsonl|json}: one object per key, {@code {"db", "key", "type", "expire_at_ms",
 * "value"}}, written element by element as the walk decodes the value (a collection is never held).
 * Strings are JSON strings when they are valid UTF-8, else {@code {"base64": "..."}}. Values: a string;
 * an array for a list or set; an array of {@code [field, value]} pairs for a hash and of {@code [member,
 * score]} for a sorted set (pairs keep binary fields and order); for a stream an object of its entries
 * ({@code {"id": "ms-seq", "fields": [[field, value], …]}}), counters and consumer groups, written event by
 * event as {@link StreamJson} lays it out. A hash field with its own TTL (RDB 12,
 * Redis 7.4 hash field expiry) is a triple {@code [field, value, expire_at_ms]}. Module values are written with {@code "value": null, "skipped":
 * true}. JSON Lines puts one object per line; JSON wraps them in one array.
 */
public final class RdbJsonWriter implements RdbConverter {
    private final JsonGenerator json;
    private final boolean lines;
    private boolean inValue;
    /** The stream value being written, null unless the current key is a stream. */
    private StreamJson stream;
    private boolean started;
    private long written;
    private long skipped;

    public RdbJsonWriter(OutputStream out, boolean lines) {
        try {
            this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.lines = lines;
    }

    @Override
    public boolean wantsValues() {
        return true;
    }

    @Override
    public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
        try {
            if (!lines && !started) {
                json.writeStartArray();
            }
            started = true;
            json.writeStartObject();
            json.writeNumberField("db", db);
            json.writeFieldName("key");
            bytes(key);
            String type = RdbTypes.typeName(rdbType);
            json.writeStringField("type", type);
            if (expireAtMs >= 0) {
                json.writeNumberField("expire_at_ms", expireAtMs);
            } else {
                json.writeNullField("expire_at_ms");
            }
            json.writeFieldName("value");
            switch (type) {
                case "list", "set", "zset", "hash" -> {
                    json.writeStartArray();
                    inValue = true;
                }
                case "string" -> inValue = false;
                case "stream" -> {
                    stream = new StreamJson(json);
                    inValue = false;
                }
                default -> {
                    json.writeNull();
                    json.writeBooleanField("skipped", true);
                    inValue = false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void bytes(byte[] b) throws IOException {
        writeBytes(json, b);
    }

    /** A byte string: a JSON string if valid UTF-8, else {"base64": "..."} (the schema every tool shares). */
    public static void writeBytes(JsonGenerator json, byte[] b) throws IOException {
        try {
            String s = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            json.writeString(s);
        } catch (CharacterCodingException e) {
            json.writeStartObject();
            json.writeStringField("base64", Base64.getEncoder().encodeToString(b));
            json.writeEndObject();
        }
    }

    @Override
    public void string(byte[] value) {
        try {
            bytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void element(byte[] value) {
        string(value);
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        pair(field, value, -1);
    }

    @Override
    public void pair(byte[] field, byte[] value, long expireAtMs) {
        try {
            json.writeStartArray();
            bytes(field);
            bytes(value);
            if (expireAtMs >= 0) {
                json.writeNumber(expireAtMs);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void scored(byte[] member, double score) {
        try {
            json.writeStartArray();
            bytes(member);
            if (Double.isInfinite(score) || Double.isNaN(score)) {
                json.writeString(Double.isNaN(score) ? "nan" : score > 0 ? "inf" : "-inf");
            } else {
                json.writeNumber(score);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stream(StreamEvent event) {
        try {
            stream.accept(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        try {
            if (stream != null) {
                stream.end();
                stream = null;
            }
            if (inValue) {
                json.writeEndArray();
                inValue = false;
            }
            json.writeEndObject();
            if (lines) {
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = RdbTypes.typeName(rdbType);
        if (type.equals("module")) {
            skipped++;
        } else {
            written++;
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

    @Override
    public void finish() {
        try {
            if (!lines) {
                if (!started) {
                    json.writeStartArray();
                }
                json.writeEndArray();
                json.writeRaw('\n');
            }
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
