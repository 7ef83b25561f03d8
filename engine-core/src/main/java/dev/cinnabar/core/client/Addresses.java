// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.client;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Socket addresses as Redis prints them in CLIENT LIST and MONITOR ({@code anetFormatAddr} over {@code inet_ntop}). */
public final class Addresses {
    /** What Redis prints for a client without a socket. */
    public static final String NONE = "?:0";

    private Addresses() {
    }

    /** {@code ip:port}, with IPv6 in brackets and compressed as {@code inet_ntop} does: {@code [::1]:6379}. */
    public static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return NONE;
        }
        InetAddress ip = inet.getAddress();
        String host = ip instanceof Inet6Address ? "[" + ipv6(ip.getAddress()) + "]" : ip.getHostAddress();
        return host + ":" + inet.getPort();
    }

    /** RFC 5952 text: lower-case hex groups, the longest run of two or more zero groups as "::". */
    static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
