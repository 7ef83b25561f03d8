// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** Executes one command on the engine thread and writes its reply through {@link CommandContext#reply()}. */
@FunctionalInterface
public interface CommandHandler {
    /**
     * @param args the whole command line, name included ({@code args.get(0)}); the dispatcher has
     *             checked arity, flags and access before this runs
     * @throws RedisError to reply with an error; nothing the handler wrote before is discarded, so
     *                    validate before replying
     */
    void execute(CommandContext ctx, Arguments args);
}
