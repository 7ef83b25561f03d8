// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.keyspace.Glob;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which keys a tool works on: a database, a KEYS-style glob (bytes, binary-safe) and a Java regular
 * expression (searched with {@code find()}, so anchor it with ^…$ to match whole keys; the key is decoded as
 * UTF-8 for it, invalid bytes becoming U+FFFD). Every part is optional; all given parts must match.
 */
public final class KeyFilter {
    /** Matches everything. */
    public static final KeyFilter ALL = new KeyFilter(null, null, null);

    private final Long db;
    private final byte[] glob;
    private final Pattern regex;

    private KeyFilter(Long db, byte[] glob, Pattern regex) {
        this.db = db;
        this.glob = glob;
        this.regex = regex;
    }

    /**
     * @throws IllegalArgumentException for a regex that does not compile
     */
    public static KeyFilter of(Long db, String glob, String regex) {
        Pattern p = null;
        if (regex != null) {
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad --key-regex: " + e.getDescription() + " in '" + regex + "'");
            }
        }
        byte[] g = glob == null || Glob.matchesAll(glob.getBytes(StandardCharsets.UTF_8)) ? null
                : glob.getBytes(StandardCharsets.UTF_8);
        return new KeyFilter(db, g, p);
    }

    /** Only this exact key (in any database unless {@code db} is given). */
    public static KeyFilter exactly(Long db, byte[] key) {
        StringBuilder escaped = new StringBuilder();
        String k = new String(key, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return new KeyFilter(db, escaped.toString().getBytes(StandardCharsets.ISO_8859_1), null);
    }

    public boolean matchesDb(long database) {
        return db == null || db == database;
    }

    public boolean matchesKey(byte[] key) {
        if (glob != null && !Glob.matches(glob, key, false)) {
            return false;
        }
        return regex == null || regex.matcher(new String(key, StandardCharsets.UTF_8)).find();
    }

    public boolean matches(long database, byte[] key) {
        return matchesDb(database) && matchesKey(key);
    }

    /** True when it matches every key of every database. */
    public boolean isAll() {
        return db == null && glob == null && regex == null;
    }

    /** True when some keys of a matching database can be filtered out. */
    public boolean filtersKeys() {
        return glob != null || regex != null;
    }
}
