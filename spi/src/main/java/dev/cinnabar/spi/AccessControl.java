// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/**
 * The hook the ACL plugin fills. The default in the engine lets everyone in except when
 * {@code requirepass} is set, and allows every command once authenticated.
 */
public interface AccessControl {
    /**
     * Checks credentials for AUTH or HELLO AUTH.
     *
     * @return the user name on success
     * @throws RedisError WRONGPASS (or another error) when refused
     */
    String authenticate(String user, byte[] password);

    /** True if a user of this name exists (CLIENT KILL USER); without ACLs only {@code default} does. */
    default boolean userExists(String user) {
        return "default".equals(user);
    }

    /** True if clients must authenticate before running commands other than AUTH, HELLO and the like. */
    boolean authRequired();

    /**
     * Allows or denies a command for a user before its handler runs.
     *
     * @throws RedisError NOPERM when denied
     */
    void check(String user, CommandSpec spec, Arguments args);
}
