// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.rdb.RdbFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code rdb convert --to csv-memory}: one CSV line per key with the memory Redis would use for it, as
 * {@code MEMORY USAGE} reports it, estimated by {@link MemoryWalk} with bounded memory (values decoded whole
 * up to a size, bigger collections element by element). Columns: database, type, key, size_in_bytes,
 * encoding, num_elements, expiry (ISO-8601 UTC or empty). A key that is not valid UTF-8 is written as
 * {@code base64:...}; a module value no plugin decodes has an empty size_in_bytes.
 */
public final class MemoryCsvWriter {
    public static final String HEADER = "database,type,key,size_in_bytes,encoding,num_elements,expiry";

    private MemoryCsvWriter() {
    }

    /**
     * Writes the CSV of {@code file}; returns the keys written.
     *
     * @throws RdbFormatException where the file is corrupt (the keys before it are written)
     */
    public static long write(Path file, Engine engine, KeyFilter filter, String type, boolean excludeExpired,
            Writer out) throws IOException {
        long[] written = {0};
        out.write(HEADER);
        out.write('\n');
        RdbCheckReport report;
        try (MemoryWalk walk = new MemoryWalk(file, engine.types(), EncodingLimits.of(engine), filter, type,
                excludeExpired, System.currentTimeMillis(), k -> {
                    try {
                        out.write(line(k));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    written[0]++;
                })) {
            report = RdbChecker.check(file, walk);
        }
        if (!report.ok()) {
            throw new RdbFormatException(report.failure().reason(), report.failure().offset());
        }
        return written[0];
    }

    private static String line(KeyMemory k) {
        return k.db() + "," + k.type() + "," + csv(key(k.key())) + "," + (k.estimated() ? Long.toString(k.memory()) : "")
                + "," + k.encoding() + "," + k.elements() + ","
                + (k.expireAtMs() >= 0 ? Instant.ofEpochMilli(k.expireAtMs()).toString() : "") + "\n";
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
