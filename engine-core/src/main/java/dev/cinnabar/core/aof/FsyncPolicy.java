// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

/** {@code appendfsync}: when written AOF bytes are forced to disk. */
public enum FsyncPolicy {
    /** Before the replies of the commands that wrote them go out. */
    ALWAYS,
    /** On a background thread about once a second: a crash loses at most about a second of writes. */
    EVERYSEC,
    /** Whenever the operating system decides. */
    NO;

    static FsyncPolicy of(String configValue) {
        return switch (configValue) {
            case "always" -> ALWAYS;
            case "no" -> NO;
            default -> EVERYSEC;
        };
    }
}
