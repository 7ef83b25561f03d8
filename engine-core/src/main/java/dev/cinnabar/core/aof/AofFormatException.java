// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

/** An AOF or manifest that cannot be loaded: corrupt, truncated or naming a missing file, with where. */
public class AofFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long offset;

    /**
     * @param file   the file's name as the manifest gives it (or the path for a legacy AOF)
     * @param offset byte offset in that file where loading failed; -1 when no offset applies
     */
    public AofFormatException(String message, String file, long offset) {
        super(message + " (" + file + (offset >= 0 ? " at offset " + offset : "") + ")");
        this.file = file;
        this.offset = offset;
    }

    public String file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
