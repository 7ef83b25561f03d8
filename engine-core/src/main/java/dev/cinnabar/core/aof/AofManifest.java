// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The files of a multi-part AOF as Redis 7.0's {@code <appendfilename>.manifest} lists them: at most one
 * base, then history files, then incremental files in sequence order. Parsing and formatting follow
 * {@code aofLoadManifestFromFile} and {@code getAofManifestAsString}; naming follows
 * {@code getNewBaseFileNameAndMarkPreAsHistory} and {@code getNewIncrAofName}. Not thread-safe: the
 * engine keeps one and replaces it with an edited {@link #copy()} only once the copy is on disk.
 */
public final class AofManifest {
    /** MANIFEST_MAX_LINE of aof.c: longer lines are refused. */
    static final int MAX_LINE = 1024;
    static final String MANIFEST_SUFFIX = ".manifest";
    static final String TEMP_PREFIX = "temp-";

    /** The type letter written in the manifest (AOF_FILE_TYPE_*). Pinned: these letters are on disk. */
    public enum Type {
        BASE('b'), HISTORY('h'), INCR('i');

        public final char letter;

        Type(char letter) {
            this.letter = letter;
        }

        static Type of(char letter) {
            for (Type t : values()) {
                if (t.letter == letter) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One line of the manifest. */
    public record FileInfo(String name, long seq, Type type) {
        public FileInfo {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(type, "type is null");
        }

        FileInfo as(Type newType) {
            return new FileInfo(name, seq, newType);
        }
    }

    private final String prefix;
    private FileInfo base;
    private final List<FileInfo> history = new ArrayList<>();
    private final List<FileInfo> incr = new ArrayList<>();
    private long baseSeq;
    private long incrSeq;

    /** An empty manifest for files named after {@code appendfilename}. */
    public AofManifest(String appendFilename) {
        this.prefix = Objects.requireNonNull(appendFilename, "appendFilename is null");
    }

    public static String fileName(String appendFilename) {
        return appendFilename + MANIFEST_SUFFIX;
    }

    public static String tempFileName(String appendFilename) {
        return TEMP_PREFIX + appendFilename + MANIFEST_SUFFIX;
    }

    /** The temporary incr file of {@code startAppendOnly}'s wait-for-rewrite state (getTempIncrAofName). */
    public static String tempIncrName(String appendFilename) {
        return TEMP_PREFIX + appendFilename + ".incr";
    }

    public AofManifest copy() {
        AofManifest m = new AofManifest(prefix);
        m.base = base;
        m.history.addAll(history);
        m.incr.addAll(incr);
        m.baseSeq = baseSeq;
        m.incrSeq = incrSeq;
        return m;
    }

    public FileInfo base() {
        return base;
    }

    public List<FileInfo> history() {
        return Collections.unmodifiableList(history);
    }

    public List<FileInfo> incr() {
        return Collections.unmodifiableList(incr);
    }

    public boolean isEmpty() {
        return base == null && incr.isEmpty();
    }

    /** The base then the incremental files: what loading replays, in order. */
    public List<FileInfo> loadOrder() {
        List<FileInfo> out = new ArrayList<>();
        if (base != null) {
            out.add(base);
        }
        out.addAll(incr);
        return out;
    }

    /**
     * Names a new base file ({@code <prefix>.<seq>.base.rdb|aof}) and turns the current base into history,
     * first in the history list as Redis puts it.
     */
    public String newBase(boolean rdbPreamble) {
        if (base != null) {
            history.add(0, base.as(Type.HISTORY));
        }
        baseSeq++;
        base = new FileInfo(prefix + "." + baseSeq + ".base" + (rdbPreamble ? ".rdb" : ".aof"), baseSeq, Type.BASE);
        return base.name();
    }

    /** Names a new incremental file ({@code <prefix>.<seq>.incr.aof}) and appends it to the list. */
    public String newIncr() {
        incrSeq++;
        FileInfo info = new FileInfo(prefix + "." + incrSeq + ".incr.aof", incrSeq, Type.INCR);
        incr.add(info);
        return info.name();
    }

    /** The incremental file written to now: the last one, or a new one if there is none. */
    public String lastIncr() {
        return incr.isEmpty() ? newIncr() : incr.get(incr.size() - 1).name();
    }

    /** Makes {@code name} the only base, as the upgrade of a legacy single-file AOF does (aofUpgradePrepare). */
    public void legacyBase(String name) {
        base = new FileInfo(name, 1, Type.BASE);
        baseSeq = 1;
    }

    /**
     * After a rewrite: every incremental file but the one being written ({@code keepLast}) becomes history
     * (markRewrittenIncrAofAsHistory), each put first in the history list.
     */
    public void markRewrittenIncrAsHistory(boolean keepLast) {
        int end = keepLast ? incr.size() - 1 : incr.size();
        for (int i = end - 1; i >= 0; i--) {
            history.add(0, incr.remove(i).as(Type.HISTORY));
        }
    }

    /** Forgets the history files (after deleting them). */
    public void clearHistory() {
        history.clear();
    }

    /** The manifest's text: base, history, incr, one {@code file <name> seq <n> type <t>} line each. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) {
            formatLine(sb, base);
        }
        for (FileInfo f : history) {
            formatLine(sb, f);
        }
        for (FileInfo f : incr) {
            formatLine(sb, f);
        }
        return sb.toString();
    }

    private static void formatLine(StringBuilder sb, FileInfo f) {
        sb.append("file ").append(ManifestArgs.needsRepr(f.name()) ? ManifestArgs.repr(f.name()) : f.name())
                .append(" seq ").append(f.seq()).append(" type ").append(f.type().letter).append('\n');
    }

    /**
     * Parses a manifest as Redis 7.0 does, with its checks and messages; lines starting with {@code #} are
     * comments, unknown key/value pairs are ignored (forward compatibility).
     *
     * @param source the manifest's name, for error messages
     * @throws AofFormatException naming the line and its byte offset
     */
    public static AofManifest parse(byte[] content, String appendFilename, String source) {
        AofManifest m = new AofManifest(appendFilename);
        long maxIncrSeq = 0;
        int lineNumber = 0;
        int pos = 0;
        if (content.length == 0) {
            throw new AofFormatException("Found an empty AOF manifest", source, 0);
        }
        while (pos < content.length) {
            int start = pos;
            int nl = indexOf(content, (byte) '\n', pos, Math.min(content.length, pos + MAX_LINE));
            lineNumber++;
            if (content[pos] == '#') {
                if (nl < 0) {
                    // a comment longer than the line buffer: fgets returns the rest as the next "line"
                    pos = Math.min(content.length, pos + MAX_LINE);
                } else {
                    pos = nl + 1;
                }
                continue;
            }
            if (nl < 0) {
                throw lineError("The AOF manifest file contains too long line", source, lineNumber, start);
            }
            pos = nl + 1;
            String line = new String(content, start, nl - start, StandardCharsets.ISO_8859_1).strip();
            if (line.isEmpty()) {
                throw lineError("Invalid AOF manifest file format", source, lineNumber, start);
            }
            List<String> argv = ManifestArgs.split(line);
            if (argv == null || argv.size() < 6 || argv.size() % 2 != 0) {
                throw lineError("Invalid AOF manifest file format", source, lineNumber, start);
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int i = 0; i < argv.size(); i += 2) {
                String key = argv.get(i);
                String value = argv.get(i + 1);
                if (key.equalsIgnoreCase("file")) {
                    name = value;
                    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
                        throw lineError("File can't be a path, just a filename", source, lineNumber, start);
                    }
                } else if (key.equalsIgnoreCase("seq")) {
                    seq = atoll(value);
                } else if (key.equalsIgnoreCase("type")) {
                    type = value.isEmpty() ? 0 : value.charAt(0);
                }
            }
            if (name == null || seq == 0 || type == 0) {
                throw lineError("Invalid AOF manifest file format", source, lineNumber, start);
            }
            Type t = Type.of(type);
            if (t == null) {
                throw lineError("Unknown AOF file type", source, lineNumber, start);
            }
            FileInfo info = new FileInfo(name, seq, t);
            switch (t) {
                case BASE -> {
                    if (m.base != null) {
                        throw lineError("Found duplicate base file information", source, lineNumber, start);
                    }
                    m.base = info;
                    m.baseSeq = seq;
                }
                case HISTORY -> m.history.add(info);
                case INCR -> {
                    if (seq <= maxIncrSeq) {
                        throw lineError("Found a non-monotonic sequence number", source, lineNumber, start);
                    }
                    m.incr.add(info);
                    m.incrSeq = seq;
                    maxIncrSeq = seq;
                }
            }
        }
        return m;
    }

    private static AofFormatException lineError(String message, String source, int line, int offset) {
        return new AofFormatException(message + " at line " + line, source, offset);
    }

    private static int indexOf(byte[] b, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** C's atoll: optional sign and leading digits, 0 when there are none. */
    static long atoll(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return negative ? -v : v;
    }
}
