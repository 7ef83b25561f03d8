// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

/**
 * A data file could not be loaded (corrupt, truncated, unreadable); the message names the file and, for a
 * format error, the byte offset. At startup the server refuses to start with it, as Redis exits.
 */
public final class LoadFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
