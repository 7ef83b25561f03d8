// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the commands of an AOF (after any RDB preamble), one at a time, with byte offsets: the format of
 * {@code loadSingleAppendOnlyFile}, {@code *<argc>} then {@code $<len>} bulk strings, and annotation lines
 * starting with {@code #} ({@code #TS:} timestamps) in between. Stricter than Redis where Redis would not
 * notice damage: line terminators must be CRLF and counts plain decimal. Memory stays bounded on a corrupt
 * length: a bulk longer than what is left of the file is a truncation, found without allocating it.
 */
public final class AofCommandReader {
    /** AOF_ANNOTATION_LINE_MAX_LEN of server.h: longest header or annotation line, in bytes. */
    static final int MAX_LINE = 1024;
    /** proto-max-bulk-len's ceiling: no argument is longer (512 MB by default; 2 GB is Java's limit). */
    static final long MAX_BULK = Integer.MAX_VALUE - 8;

    private final InputStream in;
    private final String file;
    private final long end;
    private long offset;
    private long commandStart;
    private long lastTimestamp = -1;
    private final byte[] line = new byte[MAX_LINE];

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

    private long lastStart;

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
                int len = readLine(true);
                if (len < 0) {
                    return null;
                }
                if (line[0] == '#') {
                    annotation(len);
                    commandStart = offset;
                    continue;
                }
                if (line[0] != '*') {
                    throw new AofFormatException("Bad file format: expected '*' or '#', got byte "
                            + (line[0] & 0xff), file, start);
                }
                long argc = number(len, start);
                if (argc < 1) {
                    throw new AofFormatException("Bad file format: argument count " + argc, file, start);
                }
                // argc bulks need at least 6 bytes each ("$0\r\n\r\n"); more than the file holds is a truncation
                if (argc > (end - offset) / 6 + 1) {
                    throw truncated();
                }
                List<byte[]> argv = new ArrayList<>((int) Math.min(argc, 1024));
                for (long i = 0; i < argc; i++) {
                    long bulkStart = offset;
                    int l = readLine(false);
                    if (line[0] != '$') {
                        throw new AofFormatException("Bad file format: expected '$', got byte " + (line[0] & 0xff),
                                file, bulkStart);
                    }
                    long size = number(l, bulkStart);
                    if (size < 0 || size > MAX_BULK) {
                        throw new AofFormatException("Bad file format: bulk length " + size, file, bulkStart);
                    }
                    if (offset + size + 2 > end) {
                        throw truncated();
                    }
                    byte[] arg = in.readNBytes((int) size);
                    if (arg.length != size) {
                        throw truncated();
                    }
                    offset += size;
                    int cr = in.read();
                    int lf = cr < 0 ? -1 : in.read();
                    if (cr < 0 || lf < 0) {
                        throw truncated();
                    }
                    if (cr != '\r' || lf != '\n') {
                        throw new AofFormatException("Bad file format: bulk not followed by CRLF", file, offset);
                    }
                    offset += 2;
                    argv.add(arg);
                }
                lastStart = start;
                commandStart = offset;
                return argv.toArray(new byte[0][]);
            }
        } catch (EOFException e) {
            throw truncated();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " at offset " + offset, e);
        }
    }

    private AofTruncatedException truncated() {
        return new AofTruncatedException(file, offset, commandStart);
    }

    /**
     * Reads one CRLF-terminated line into {@link #line} and returns its length without CRLF; -1 at end of
     * file when {@code eofAllowed} (between commands).
     */
    private int readLine(boolean eofAllowed) throws IOException {
        long start = offset;
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0 && eofAllowed) {
                    return -1;
                }
                throw new EOFException();
            }
            offset++;
            if (b == '\n') {
                if (n == 0 || line[n - 1] != '\r') {
                    throw new AofFormatException("Bad file format: line not terminated by CRLF", file, start);
                }
                return n - 1;
            }
            if (n == MAX_LINE) {
                throw new AofFormatException("Bad file format: line longer than " + MAX_LINE + " bytes", file, start);
            }
            line[n++] = (byte) b;
        }
    }

    /** The decimal number after the line's type byte. */
    private long number(int len, long lineStart) {
        if (len < 2 || len > 20) {
            throw new AofFormatException("Bad file format: invalid number", file, lineStart);
        }
        long v = 0;
        int i = 1;
        boolean negative = line[1] == '-';
        if (negative) {
            i++;
        }
        if (i >= len) {
            throw new AofFormatException("Bad file format: invalid number", file, lineStart);
        }
        for (; i < len; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                throw new AofFormatException("Bad file format: invalid number", file, lineStart);
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private void annotation(int len) {
        if (len > 4 && line[1] == 'T' && line[2] == 'S' && line[3] == ':') {
            long v = 0;
            for (int i = 4; i < len; i++) {
                int d = line[i] - '0';
                if (d < 0 || d > 9 || v > Long.MAX_VALUE / 10) {
                    return;
                }
                v = v * 10 + d;
            }
            lastTimestamp = v;
        }
    }
}
