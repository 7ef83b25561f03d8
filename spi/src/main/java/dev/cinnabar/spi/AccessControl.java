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

    /**
     * Checks again, when EXEC runs it, a command that MULTI queued: the rules may have changed since.
     * Returns null if allowed, else Redis's reason, e.g. "no permission to execute the command or
     * subcommand", "no permission to access one of the keys used as arguments" or "no permission to access
     * one of the channels used as arguments". The default derives it from {@link #check}.
     */
    default String recheck(String user, CommandSpec spec, Arguments args) {
        try {
            check(user, spec, args);
            return null;
        } catch (RedisError e) {
            return e.getMessage();
        }
    }

    /**
     * Allows or denies a command before its handler runs, knowing where it comes from and which keys it
     * touches. The default asks {@link #check(String, CommandSpec, Arguments)}.
     *
     * @throws RedisError NOPERM (or, from a script, ERR) with Redis's text when denied
     */
    default void check(AccessRequest request) {
        check(request.client().user(), request.spec(), request.args());
    }

    /** {@link #recheck(String, CommandSpec, Arguments)} for a command EXEC is about to run. */
    default String recheck(AccessRequest request) {
        return recheck(request.client().user(), request.spec(), request.args());
    }

    /**
     * Checks credentials for {@code request}, an AUTH or HELLO command (a refusal is logged with its
     * client). The default asks {@link #authenticate(String, byte[])}.
     */
    default String authenticate(AccessRequest request, String user, byte[] password) {
        return authenticate(user, password);
    }

    /** True when the default user accepts any password (AUTH with one argument is then an error). */
    default boolean defaultUserNoPass() {
        return !authRequired();
    }

    /** {@code requirepass} changed: the default user's password is now {@code password}, or none if empty. */
    default void requirePassChanged(String password) {
    }

    /**
     * True if the user may run the request's command with read access to every key (Redis's
     * {@code ACLUserCheckCmdWithUnrestrictedKeyAccess}): SORT's BY and GET patterns read keys nobody named.
     */
    default boolean unrestrictedKeyRead(AccessRequest request) {
        return true;
    }

    /** True if the request would be allowed; nothing is logged (a script's {@code redis.acl_check_cmd}). */
    default boolean allows(AccessRequest request) {
        return recheck(request) == null;
    }
}
