// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.client.Client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How replies name a client's peer: Redis's {@code getClientPeerId} form {@code ip:port}. */
final class Peers {
    private Peers() {
    }

    /** {@code 127.0.0.1:50412} or {@code [::1]:50412}; empty for the embedded client, which has no socket. */
    static String id(Client c) {
        if (c.channel() == null) {
            return "";
        }
        SocketAddress address = c.channel().remoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String ip = inet.getAddress().getHostAddress();
            int zone = ip.indexOf('%');
            if (zone >= 0) {
                ip = ip.substring(0, zone);
            }
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
