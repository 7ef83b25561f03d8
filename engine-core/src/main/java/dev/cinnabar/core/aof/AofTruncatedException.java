// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

/**
 * An AOF that ends in the middle of a command (or of a MULTI block): what a crash or a full disk leaves.
 * {@link #validUpTo()} is where the last complete command ended, where {@code aof-load-truncated} cuts.
 */
public final class AofTruncatedException extends AofFormatException {
    private static final long serialVersionUID = 1L;
    private final long validUpTo;

    public AofTruncatedException(String file, long offset, long validUpTo) {
        super("Unexpected end of file, last complete command ends at " + validUpTo, file, offset);
        this.validUpTo = validUpTo;
    }

    public long validUpTo() {
        return validUpTo;
    }
}
