// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads the commands of an AOF (after any RDB preamble), one at a time, with byte offsets: the format of
 * {@code loadSingleAppendOnlyFile}, {@code *<argc>} then {@code $<len>} bulk strings, and annotation lines
 * starting with {@code #} ({@code #TS:} timestamps) in between. Stricter than Redis where Redis would not
 * notice damage: line terminators must be CRLF and counts plain decimal. Memory stays bounded on a corrupt
 * length: a bulk longer than what is left of the file is a truncation, found without allocating it.
 *
 * <p>Loading speed rests on this class (startup replays every command): it scans its own buffer rather
 * than calling {@link InputStream#read()} per byte, and allocates per command only the argument arrays.
 * It reads ahead of the last command returned, so whoever uses it must be the stream's last reader.
 */
public final class AofCommandReader {
    /** AOF_ANNOTATION_LINE_MAX_LEN of server.h: longest header or annotation line, in bytes. */
    static final int MAX_LINE = 1024;
    /** proto-max-bulk-len's ceiling: no argument is longer (512 MB by default; 2 GB is Java's limit). */
    static final long MAX_BULK = Integer.MAX_VALUE - 8;
    /** Arguments allocated at once before the count is confirmed by the data (a corrupt count stays cheap). */
    private static final int ARGV_CHUNK = 1024;
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final String file;
    private final long end;
    /** File offset of {@code buf[pos]}. */
    private long offset;
    private long commandStart;
    private long lastStart;
    private long lastTimestamp = -1;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    /** Where the last line read starts in {@link #buf}, and its length without CRLF. */
    private int lineStart;
    private int lineLength;

    /**
     * @param in     positioned at {@code startOffset} of the file; read sequentially
     * @param file   the file's name for errors
     * @param end    the file's length (reads past it are truncation)
     */
    public AofCommandReader(InputStream in, String file, long startOffset, long end) {
        this.in = Objects.requireNonNull(in, "in is null");
        this.file = Objects.requireNonNull(file, "file is null");
        this.offset = startOffset;
        this.commandStart = startOffset;
        this.end = end;
    }

    /** Where the last complete command (or annotation) ended: what a truncation keeps. */
    public long offset() {
        return commandStart;
    }

    /** Where the command last returned by {@link #next()} started. */
    public long lastCommandStart() {
        return lastStart;
    }

    /** The last {@code #TS:} annotation read, in Unix seconds; -1 if none. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /**
     * The next command, or null at a clean end of file.
     *
     * @throws AofTruncatedException the file ends inside a command
     * @throws AofFormatException    bytes that are not a command, with their offset
     */
    public byte[][] next() {
        try {
            while (true) {
                long start = offset;
                if (!readLine(true)) {
                    return null;
                }
                byte type = buf[lineStart];
                if (type == '#') {
                    annotation();
                    commandStart = offset;
                    continue;
                }
                if (type != '*') {
                    throw new AofFormatException("Bad file format: expected '*' or '#', got byte "
                            + (type & 0xff), file, start);
                }
                long argc = number(start);
                if (argc < 1 || argc > MAX_BULK) {
                    throw new AofFormatException("Bad file format: argument count " + argc, file, start);
                }
                // argc bulks need at least 6 bytes each ("$0\r\n\r\n"); more than the file holds is a truncation
                if (argc > (end - offset) / 6 + 1) {
                    throw truncated();
                }
                byte[][] argv = new byte[(int) Math.min(argc, ARGV_CHUNK)][];
                for (int i = 0; i < argc; i++) {
                    if (i == argv.length) {
                        argv = Arrays.copyOf(argv, (int) Math.min(argc, (long) argv.length * 2));
                    }
                    argv[i] = bulk();
                }
                lastStart = start;
                commandStart = offset;
                return argv;
            }
        } catch (EOFException e) {
            throw truncated();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " at offset " + offset, e);
        }
    }

    private byte[] bulk() throws IOException {
        long bulkStart = offset;
        readLine(false);
        if (buf[lineStart] != '$') {
            throw new AofFormatException("Bad file format: expected '$', got byte " + (buf[lineStart] & 0xff),
                    file, bulkStart);
        }
        long size = number(bulkStart);
        if (size < 0 || size > MAX_BULK) {
            throw new AofFormatException("Bad file format: bulk length " + size, file, bulkStart);
        }
        if (offset + size + 2 > end) {
            throw truncated();
        }
        byte[] arg = new byte[(int) size];
        int have = Math.min(limit - pos, arg.length);
        System.arraycopy(buf, pos, arg, 0, have);
        pos += have;
        offset += have;
        if (have < arg.length) {
            // a long argument goes straight from the stream into its array
            int n = have;
            while (n < arg.length) {
                int r = in.read(arg, n, arg.length - n);
                if (r < 0) {
                    eof = true;
                    offset += n - have;
                    throw truncated();
                }
                n += r;
            }
            offset += n - have;
        }
        if (!fill(2)) {
            throw truncated();
        }
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new AofFormatException("Bad file format: bulk not followed by CRLF", file, offset);
        }
        pos += 2;
        offset += 2;
        return arg;
    }

    private AofTruncatedException truncated() {
        return new AofTruncatedException(file, offset, commandStart);
    }

    /**
     * Makes at least {@code n} bytes available at {@link #pos} (moving what is left to the front of the
     * buffer); false if the stream ends first.
     */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            lineStart -= pos;
            pos = 0;
        }
        while (limit - pos < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    /**
     * Reads one CRLF-terminated line: {@link #lineStart} and {@link #lineLength} (without CRLF) point into
     * {@link #buf}, valid until the next read. False at end of file when {@code eofAllowed} (between commands).
     */
    private boolean readLine(boolean eofAllowed) throws IOException {
        long start = offset;
        int scanned = 0;
        while (true) {
            int from = pos + scanned;
            int stop = Math.min(limit, pos + MAX_LINE + 1);
            for (int i = from; i < stop; i++) {
                if (buf[i] == '\n') {
                    int n = i - pos;
                    if (n == 0 || buf[i - 1] != '\r') {
                        throw new AofFormatException("Bad file format: line not terminated by CRLF", file, start);
                    }
                    lineStart = pos;
                    lineLength = n - 1;
                    offset += n + 1;
                    pos = i + 1;
                    return true;
                }
            }
            scanned = stop - pos;
            if (scanned > MAX_LINE) {
                throw new AofFormatException("Bad file format: line longer than " + MAX_LINE + " bytes", file, start);
            }
            if (!fill(scanned + 1)) {
                if (limit == pos && eofAllowed) {
                    return false;
                }
                offset += limit - pos;
                pos = limit;
                throw new EOFException();
            }
        }
    }

    /** The decimal number after the line's type byte. */
    private long number(long lineOffset) {
        int len = lineLength;
        if (len < 2 || len > 20) {
            throw new AofFormatException("Bad file format: invalid number", file, lineOffset);
        }
        long v = 0;
        int i = 1;
        boolean negative = buf[lineStart + 1] == '-';
        if (negative) {
            i++;
        }
        if (i >= len) {
            throw new AofFormatException("Bad file format: invalid number", file, lineOffset);
        }
        for (; i < len; i++) {
            int d = buf[lineStart + i] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                throw new AofFormatException("Bad file format: invalid number", file, lineOffset);
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private void annotation() {
        int len = lineLength;
        int b = lineStart;
        if (len > 4 && buf[b + 1] == 'T' && buf[b + 2] == 'S' && buf[b + 3] == ':') {
            long v = 0;
            for (int i = 4; i < len; i++) {
                int d = buf[b + i] - '0';
                if (d < 0 || d > 9 || v > Long.MAX_VALUE / 10) {
                    return;
                }
                v = v * 10 + d;
            }
            lastTimestamp = v;
        }
    }
}
