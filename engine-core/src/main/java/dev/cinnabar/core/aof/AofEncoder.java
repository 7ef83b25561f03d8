// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of AOF bytes with the encodings Redis writes: commands as RESP arrays of bulk strings
 * ({@code catAppendOnlyGenericCommand}), SELECT when the database changes and {@code #TS:} annotations
 * ({@code feedAppendOnlyFile}). Not thread-safe.
 */
public final class AofEncoder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SELECT = "*2\r\n$6\r\nSELECT\r\n".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    public AofEncoder(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** One command: {@code *<argc>} then {@code $<len>} and the bytes of each argument. */
    public void command(byte[]... argv) {
        header('*', argv.length);
        for (byte[] arg : argv) {
            bulk(arg);
        }
    }

    /** {@code SELECT <db>} as feedAppendOnlyFile and the rewrite write it. */
    public void select(int db) {
        write(SELECT);
        bulk(Integer.toString(db).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code #TS:<unix seconds>\r\n}. */
    public void timestamp(long unixSeconds) {
        write(("#TS:" + unixSeconds).getBytes(StandardCharsets.US_ASCII));
        write(CRLF);
    }

    public void header(char type, long count) {
        ensure(24);
        bytes[length++] = (byte) type;
        write(Long.toString(count).getBytes(StandardCharsets.US_ASCII));
        write(CRLF);
    }

    public void bulk(byte[] arg) {
        header('$', arg.length);
        write(arg);
        write(CRLF);
    }

    public void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            long want = Math.max((long) length + more, (long) bytes.length * 2);
            if (want > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("AOF buffer over 2 GB");
            }
            bytes = Arrays.copyOf(bytes, (int) want);
        }
    }

    public int length() {
        return length;
    }

    /** The backing array; its first {@link #length()} bytes are the content. */
    byte[] array() {
        return bytes;
    }

    /** Drops the first {@code n} bytes (those written to the file). */
    public void consume(int n) {
        System.arraycopy(bytes, n, bytes, 0, length - n);
        length -= n;
    }

    /** Empties the buffer, shrinking it back if it grew large (as Redis frees a big aof_buf). */
    public void clear(int keepCapacity) {
        length = 0;
        if (bytes.length > keepCapacity) {
            bytes = new byte[keepCapacity];
        }
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
