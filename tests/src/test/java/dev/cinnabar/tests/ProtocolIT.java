// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Malformed and unusual requests: the bytes Redis sends back before closing (or not closing) the connection
 * must be exactly what Cinnabar sends.
 */
class ProtocolIT extends AgainstRedis {
    /** Sends {@code request}, then reads until the server closes or stays quiet for a moment. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(500);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
                return RawReply.show(got.toByteArray()) + " <closed>";
            } catch (SocketTimeoutException e) {
                return RawReply.show(got.toByteArray()) + " <open>";
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "*abc\r\n",
        "*1\r\nx\r\n",
        "*1\r\n$-5\r\n",
        "*1\r\n$abc\r\n",
        "*3000000000\r\n",
        "*1\r\n$4\r\nPING\r\n*1\r\n$999999999999\r\n",
        "set k \"unbalanced\r\n",
        "set k 'a'b\r\n",
        "PING\r\n\r\n  \r\nECHO \"a\\x41\\n\"\r\n",
        "*0\r\n*-1\r\nPING\r\n",
        "*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n*1\r\n$4\r\nPING\r\n",
        "PING\nPING\n",
        "*1\r\n$4\r\nQUIT\r\nPING\r\n",
        "*1\r\n$4\r\nPI",
    })
    void repliesAndDisconnectsLikeRedis(String request) throws IOException {
        assertEquals(exchange(redis.port(), request), exchange(cinnabar.port(), request), request);
    }
}
