// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** What a command may know and change about the client that sent it. */
public interface ClientView {
    long id();

    /** Name set by CLIENT SETNAME or HELLO SETNAME; null when unset. */
    String name();

    /** Currently selected database. */
    int db();

    /** 2 or 3. */
    int protocol();

    boolean inMulti();

    /** True while the command runs from a script or function. */
    boolean inScript();

    /** Authenticated user name ("default" unless ACL says otherwise). */
    String user();

    /** Channels the client is subscribed to (SUBSCRIBE). */
    default java.util.List<byte[]> subscribedChannels() {
        return java.util.List.of();
    }

    /** Patterns the client is subscribed to (PSUBSCRIBE). */
    default java.util.List<byte[]> subscribedPatterns() {
        return java.util.List.of();
    }

    /** Shard channels the client is subscribed to (SSUBSCRIBE). */
    default java.util.List<byte[]> subscribedShardChannels() {
        return java.util.List.of();
    }

    /**
     * Logs the client out (back to the unauthenticated default user) and closes its connection: after its
     * reply if it is running the current command, else at once. Redis's treatment of a deleted user's clients.
     */
    default void disconnect() {
    }
}
