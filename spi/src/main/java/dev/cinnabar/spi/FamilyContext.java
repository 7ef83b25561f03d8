// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.Optional;

/** What a {@link CommandFamily} may touch while it registers. */
public interface FamilyContext {
    /**
     * Registers the handler of a command that Redis 7.0 defines: arity, flags, key positions and ACL
     * categories come from the engine's copy of the Redis command facts. Subcommands are named
     * {@code "container|sub"}, e.g. {@code "client|list"}.
     *
     * @throws IllegalArgumentException if the facts do not know the name, or it is registered twice
     */
    void command(String name, CommandHandler handler);

    /** Registers a command the Redis facts do not know (a plugin's own command), with its full spec. */
    void command(CommandSpec spec);

    /** Registers a data type so TYPE, OBJECT ENCODING, COPY and persistence can handle its values. */
    void valueType(ValueType<?> type);

    /** Finds a type registered by any family, e.g. {@code "zset"} for a plugin built on sorted sets. */
    Optional<ValueType<?>> valueType(String name);

    /** Registers a config parameter for CONFIG GET/SET, the config file and the command line. */
    void config(ConfigParam param);

    /**
     * Registers the store of function libraries (the scripting plugin): the engine then saves and loads
     * libraries through it. At most one family may register one.
     */
    void functionStore(FunctionStore store);

    /**
     * Registers the access control (the ACL plugin): the engine then asks it about every command, AUTH and
     * HELLO. At most one family may register one.
     */
    default void accessControl(AccessControl control) {
        throw new UnsupportedOperationException("this context cannot register access control");
    }

    /** Registers a section of INFO. */
    void infoSection(InfoSection section);

    /** Engine services: clock, logging, config values. */
    EngineServices services();
}
