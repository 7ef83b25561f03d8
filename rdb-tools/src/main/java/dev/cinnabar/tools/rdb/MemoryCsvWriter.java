// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbVisitor;
import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.ValueType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code rdb convert --to csv-memory}: one CSV line per key with the memory Redis would use for it, as
 * {@code MEMORY USAGE} reports it: the engine decodes each value (into the encoding Redis would load it
 * in) and its type's own estimate is added to the key's sds and dict entry, as the engine's MEMORY USAGE
 * does. Columns: database, type, key, size_in_bytes, encoding, num_elements, expiry (ISO-8601 UTC or
 * empty). A key that is not valid UTF-8 is written as {@code base64:...}. One value at a time is held.
 */
public final class MemoryCsvWriter {
    public static final String HEADER = "database,type,key,size_in_bytes,encoding,num_elements,expiry";

    private MemoryCsvWriter() {
    }

    /** Writes the CSV of {@code file}; returns the keys written. */
    public static long write(Path file, TypeRegistry types, KeyFilter filter, String type, boolean excludeExpired,
            Writer out) throws IOException {
        long now = System.currentTimeMillis();
        long[] written = {0};
        out.write(HEADER);
        out.write('\n');
        try (InputStream in = new BufferedInputStream(Progress.track(Files.newInputStream(file)), 1 << 16)) {
            new RdbFileReader(in, types).read(new RdbVisitor() {
                @Override
                public void entry(RdbEntry e) {
                    String typeName = e.type().name();
                    if (!filter.matches(e.db(), e.key()) || (type != null && !type.equalsIgnoreCase(typeName))
                            || (excludeExpired && e.expireAtMillis() >= 0 && e.expireAtMillis() <= now)) {
                        return;
                    }
                    try {
                        out.write(line(e));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    written[0]++;
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return written[0];
    }

    /** What {@code MEMORY USAGE} would report for the key on Redis 7.0: the value, the key's sds and dict entry. */
    public static long estimate(RdbEntry e) {
        return usage(e.type(), e.value()) + RedisMemory.sds(e.key().length) + RedisMemory.DICT_ENTRY;
    }

    private static String line(RdbEntry e) {
        long usage = estimate(e);
        return e.db() + "," + e.type().name() + "," + csv(key(e.key())) + "," + usage + ","
                + encoding(e.type(), e.value()) + "," + elements(e.type(), e.value()) + ","
                + (e.expireAtMillis() >= 0 ? Instant.ofEpochMilli(e.expireAtMillis()).toString() : "") + "\n";
    }

    @SuppressWarnings("unchecked")
    private static <T> long usage(ValueType<T> type, Object value) {
        return type.memoryUsage((T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T> String encoding(ValueType<T> type, Object value) {
        return type.encoding((T) value);
    }

    /** Elements as the type's AOF rewrite spells them: items, members, fields or entries; 1 for a string. */
    @SuppressWarnings("unchecked")
    private static <T> long elements(ValueType<T> type, Object value) {
        if (value instanceof byte[]) {
            return 1;
        }
        int group = switch (type.name()) {
            case "hash", "zset" -> 2;
            default -> 1;
        };
        long[] n = {0};
        type.rewrite(new byte[0], (T) value, argv -> n[0] += (argv.length - 2) / group);
        return n[0];
    }

    private static String key(byte[] key) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(key);
        }
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
