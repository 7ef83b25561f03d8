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
}
