// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.List;
import java.util.Optional;

/** Engine services a family may use at registration and at run time. */
public interface EngineServices {
    /** Wall-clock Unix milliseconds, cached per command as Redis caches {@code mstime()}. */
    long nowMillis();

    /** A logger named after the family. */
    System.Logger logger(String name);

    /** The current value of a config parameter as CONFIG GET prints it. */
    String config(String name);

    /** Number of databases. */
    int databases();

    /**
     * The command {@code argv} names, resolved to its subcommand as the dispatcher resolves it; empty for
     * an unknown command or subcommand. Lets a caller of {@link CommandContext#call} check flags and arity
     * first, as Redis checks a command called from a script.
     */
    Optional<CommandSpec> lookupCommand(byte[][] argv);

    /**
     * Whether scripts may call the commands flagged noscript (DEBUG SET-DISABLE-DENY-SCRIPTS, which Redis's
     * own tests use to reach DEBUG PROTOCOL from a script).
     */
    default boolean scriptDenyDisabled() {
        return false;
    }

    /** A FUNCTION DUMP payload of these libraries: FUNCTION2 records, RDB version and CRC-64. */
    byte[] dumpFunctionLibraries(List<byte[]> libraries);

    /**
     * The libraries' code in a FUNCTION DUMP payload; ERR with Redis's text when the version or checksum is
     * wrong or the payload holds anything but functions.
     */
    List<byte[]> restoreFunctionLibraries(byte[] payload);

    /** The registered type that reads RDB type id {@code typeId} (DUMP payloads, RDB files), if any. */
    Optional<ValueType<?>> valueTypeForRdb(int typeId);

    /**
     * Every command the engine knows, containers and their subcommands ({@code "config|get"}) included: the
     * registered ones, then those of the Redis facts that no family registered (with a null handler), so that
     * ACL rules and categories cover every Redis command as in Redis.
     */
    default List<CommandSpec> commands() {
        return List.of();
    }

    /**
     * The keys of a command line with what the command does with each, found as COMMAND GETKEYSANDFLAGS
     * finds them (ACL DRYRUN); empty for an unknown command or one without keys.
     */
    default List<KeyAccess> keyAccess(byte[][] argv) {
        return List.of();
    }

    /** The connected clients (not the embedded one). */
    default List<ClientView> clients() {
        return List.of();
    }

    /**
     * True if the user of the client running the current command may run {@code argv}, keys and channels
     * included (a script's {@code redis.acl_check_cmd}); nothing is logged. False for an unknown command.
     */
    default boolean currentUserMayRun(byte[][] argv) {
        return lookupCommand(argv).isPresent();
    }
}
