// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

/** A server a test talks to over a socket: a real redis-server or an in-process Cinnabar. */
public interface TestServer extends AutoCloseable {
    int port();

    @Override
    void close();
}
