// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ACL file ({@code aclfile}): one {@code user <name> rules…} per line, read by ACL LOAD and written by ACL SAVE. */
final class AclFile {
    private AclFile() {
    }

    /**
     * Reads every user of the file; nothing is applied when a line is wrong (Redis's {@code ACLLoadFromFile}).
     * Messages name the file as configured ({@code file}), as Redis's do.
     *
     * @throws IllegalArgumentException with Redis's one-line description of every problem found
     */
    static Map<String, User> load(Path path, String file, Users acl) {
        byte[] text;
        try {
            text = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Error loading ACLs, opening file '" + file + "': No such file or directory");
        } catch (IOException e) {
            throw new IllegalArgumentException("Error loading ACLs, opening file '" + file + "': " + e.getMessage());
        }
        StringBuilder errors = new StringBuilder();
        Map<String, User> loaded = new LinkedHashMap<>();
        int lineNo = 0;
        for (byte[] raw : split(text, (byte) '\n', false)) {
            lineNo++;
            byte[] line = trim(raw, " \t\r\n");
            if (line.length == 0) {
                continue;
            }
            List<byte[]> argv = split(line, (byte) ' ', true);
            if (!Arrays.equals(argv.get(0), "user".getBytes(StandardCharsets.US_ASCII)) || argv.size() < 2) {
                errors.append(file).append(':').append(lineNo)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            String name = Users.text(argv.get(1));
            if (Users.hasSpaces(argv.get(1))) {
                errors.append("'").append(file).append(':').append(lineNo).append(": username '").append(name)
                        .append("' contains invalid characters. ");
                continue;
            }
            if (loaded.containsKey(name)) {
                errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(lineNo)
                        .append(". ");
                continue;
            }
            User u = acl.unlinked(name);
            loaded.put(name, u);
            List<byte[]> rules = Rules.mergeSelectors(argv.subList(2, argv.size()));
            if (rules == null) {
                errors.append(file).append(':').append(lineNo)
                        .append(": Unmatched parenthesis in selector definition.");
                continue;
            }
            for (byte[] rule : rules) {
                try {
                    u.apply(trim(rule, "\t\r\n"), acl);
                } catch (RuleError.Refused e) {
                    errors.append(file).append(':').append(lineNo).append(": ").append(e.reason().message())
                            .append(". ");
                }
            }
        }
        if (errors.length() > 0) {
            throw new IllegalArgumentException(errors
                    + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed");
        }
        return loaded;
    }

    /** Writes every user to a temporary file, then moves it over {@code file}. */
    static void save(Path file, Users acl) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (User u : acl.all()) {
            sb.append("user ").append(u.name).append(' ').append(u.describe(acl.rules())).append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + System.currentTimeMillis());
        try {
            Files.write(tmp, sb.toString().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Splits at every {@code sep}; with {@code dropLeadingEmpty}, an empty line yields one empty part as sds does. */
    private static List<byte[]> split(byte[] text, byte sep, boolean dropLeadingEmpty) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == sep) {
                out.add(Arrays.copyOfRange(text, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static byte[] trim(byte[] s, String chars) {
        int from = 0;
        int to = s.length;
        while (from < to && chars.indexOf(s[from]) >= 0) {
            from++;
        }
        while (to > from && chars.indexOf(s[to - 1]) >= 0) {
            to--;
        }
        return Arrays.copyOfRange(s, from, to);
    }
}
