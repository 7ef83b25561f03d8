// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.nio.charset.StandardCharsets;

/**
 * Streams one reply in the client's protocol. Aggregates are written as a header followed by their
 * elements. RESP3-only types degrade to RESP2 as Redis degrades them: map → flat array of 2n, set →
 * array, double → bulk string, boolean → integer 1/0, verbatim and big number → bulk string, push → array,
 * null → {@code $-1} (or {@code *-1} for {@link #nullArray()}).
 */
public interface ReplyWriter {
    /** 2 or 3. */
    int protocol();

    void simple(String status);

    /** {@code +OK}. */
    void ok();

    /** An error line without the leading '-', e.g. {@code "ERR syntax error"}. */
    void error(String line);

    default void error(RedisError e) {
        error(e.line());
    }

    void integer(long value);

    void bulk(byte[] value);

    default void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Null bulk string: {@code $-1} in RESP2, {@code _} in RESP3. */
    void nullBulk();

    /** Null array: {@code *-1} in RESP2, {@code _} in RESP3. */
    void nullArray();

    void array(int length);

    /** Since RESP3; {@code length} is the number of pairs. */
    void map(int length);

    /** Since RESP3. */
    void set(int length);

    /** Since RESP3; out-of-band messages (pub/sub, invalidation). */
    void push(int length);

    /** Since RESP3; formatted with {@code %.17g} as Redis 7.0 does. */
    void doubleValue(double value);

    /**
     * Since RESP3; a double already formatted by the caller, such as Redis's {@code addReplyHumanLongDouble}
     * text ({@code %.17Lf} without trailing zeros) for GEOPOS coordinates. A bulk string in RESP2. Writers
     * that cannot emit the text as is fall back to {@link #doubleValue(double)}.
     */
    default void doubleText(String text) {
        if (protocol() == 2) {
            bulk(text);
        } else {
            doubleValue(Double.parseDouble(text));
        }
    }

    /** Since RESP3. */
    void bool(boolean value);

    /** Since RESP3; {@code format} is three characters such as {@code "txt"}. */
    void verbatim(String format, String text);

    /** Since RESP3. */
    void bigNumber(String digits);

    /** Bulk strings for each element, preceded by an array header. */
    default void bulkArray(byte[]... values) {
        array(values.length);
        for (byte[] v : values) {
            if (v == null) {
                nullBulk();
            } else {
                bulk(v);
            }
        }
    }
}
