// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** Traits of a config parameter beyond its type, as Redis's {@code config.c} flags them. */
public enum ConfigFlag {
    /** CONFIG GET lists it only when asked by its exact name, never through a pattern. */
    HIDDEN,
    /** CONFIG SET refuses it unless {@code enable-protected-configs} allows it. */
    PROTECTED,
    /** Its value is a secret: SLOWLOG and MONITOR show {@code (redacted)} instead. */
    SENSITIVE,
    /** CONFIG SET refuses it while a data set is loading. */
    DENY_LOADING
}
