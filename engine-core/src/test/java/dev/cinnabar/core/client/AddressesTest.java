// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.client;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Addresses print as Redis prints them: inet_ntop text, IPv6 in brackets. */
class AddressesTest {
    private static String format(String ip, int port) throws Exception {
        return Addresses.format(new InetSocketAddress(InetAddress.getByName(ip), port));
    }

    @Test
    void ipv4IsDottedWithPort() throws Exception {
        assertEquals("127.0.0.1:6379", format("127.0.0.1", 6379));
    }

    @Test
    void ipv6CompressesTheLongestZeroRunInBrackets() throws Exception {
        assertEquals("[::1]:6379", format("::1", 6379));
        assertEquals("[::]:1", format("::", 1));
        assertEquals("[2001:db8::1]:2", format("2001:0db8:0:0:0:0:0:1", 2));
        assertEquals("[fe80::]:3", format("fe80:0:0:0:0:0:0:0", 3));
        assertEquals("[1:0:0:2::3]:4", format("1:0:0:2:0:0:0:3", 4));
        assertEquals("[1::2:0:0:3]:5", format("1:0:0:0:2:0:0:3", 5));
        assertEquals("[1:0:2:3:4:5:6:7]:6", format("1:0:2:3:4:5:6:7", 6));
    }

    @Test
    void noSocketPrintsAsRedisDoesForAFakeClient() {
        assertEquals("?:0", Addresses.format(null));
    }
}
