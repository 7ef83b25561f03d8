// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protected-mode decision, for machines where no non-loopback address exists to try it over a socket. */
class ProtectedModeTest {
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 50000);

    @Test
    void aRemotePeerIsRefusedOnlyWhileProtectedAndWithoutPassword() {
        assertTrue(ProtectedMode.refuses(true, false, REMOTE));
        assertFalse(ProtectedMode.refuses(false, false, REMOTE), "protected-mode no");
        assertFalse(ProtectedMode.refuses(true, true, REMOTE), "the default user has a password");
    }

    @Test
    void loopbackPeersAreLocal() {
        assertFalse(ProtectedMode.refuses(true, false, new InetSocketAddress("127.0.0.1", 1)));
        assertFalse(ProtectedMode.refuses(true, false, new InetSocketAddress("127.3.2.1", 1)));
        assertFalse(ProtectedMode.refuses(true, false, new InetSocketAddress("::1", 1)));
        assertTrue(ProtectedMode.refuses(true, false, new InetSocketAddress("fd00::2", 1)));
        assertFalse(ProtectedMode.refuses(true, false, null), "not an inet address: a Unix socket");
    }

    @Test
    void theRefusalIsOneRespErrorLine() {
        String text = new String(ProtectedMode.DENIED, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("-DENIED Redis is running in protected mode"));
        assertTrue(text.endsWith("from the outside.\r\n"));
        assertFalse(text.substring(0, text.length() - 2).contains("\r") || text.contains("\n\n"));
    }
}
