// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/**
 * A family of commands, found with {@link java.util.ServiceLoader}: the one service a plugin jar provides.
 */
public interface CommandFamily {
    /** Short lower-case name used in logs, e.g. {@code "strings"}. */
    String name();

    /** Registers commands, data types, config parameters and INFO sections. Called once, at engine start. */
    void register(FamilyContext context);
}
