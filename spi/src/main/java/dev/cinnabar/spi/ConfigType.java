// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** How a config value is parsed and printed, following Redis's {@code config.c} types. */
public enum ConfigType {
    /** {@code yes} or {@code no}. */
    BOOLEAN,
    /** A 64-bit integer within [min, max]. */
    INTEGER,
    /** Bytes, accepting units such as {@code 1mb} or {@code 2gb}; printed as a plain number. */
    MEMORY,
    /** Any string. */
    STRING,
    /** One of the enum values. */
    ENUM,
    /** Zero or more of the enum values, space-separated. */
    FLAGS
}
