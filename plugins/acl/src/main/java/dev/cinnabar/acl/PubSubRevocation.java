// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.ClientView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Disconnects a user's subscribers whose subscriptions the user's new rules no longer allow (Redis's
 * {@code ACLKillPubsubClientsIfNeeded}), so no one keeps receiving messages from a channel taken away.
 */
final class PubSubRevocation {
    private PubSubRevocation() {
    }

    static void disconnectRevoked(Users users, User updated, User original) {
        for (Selector s : updated.selectors) {
            if (s.allChannels) {
                return;
            }
        }
        List<byte[]> upcoming = new ArrayList<>();
        updated.selectors.forEach(s -> upcoming.addAll(s.channels));
        if (keepsEveryChannel(upcoming, original)) {
            return;
        }
        for (ClientView c : users.servicesClients()) {
            if (!c.user().equals(original.name)) {
                continue;
            }
            if (revoked(upcoming, c)) {
                c.disconnect();
            }
        }
    }

    /** True if every channel pattern the original rules listed is listed again. */
    private static boolean keepsEveryChannel(List<byte[]> upcoming, User original) {
        for (Selector s : original.selectors) {
            for (byte[] c : s.channels) {
                if (upcoming.stream().noneMatch(u -> Arrays.equals(u, c))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean revoked(List<byte[]> upcoming, ClientView c) {
        for (byte[] pattern : c.subscribedPatterns()) {
            if (!Selector.channelListAllows(upcoming, pattern, true)) {
                return true;
            }
        }
        for (byte[] channel : c.subscribedChannels()) {
            if (!Selector.channelListAllows(upcoming, channel, false)) {
                return true;
            }
        }
        for (byte[] channel : c.subscribedShardChannels()) {
            if (!Selector.channelListAllows(upcoming, channel, false)) {
                return true;
            }
        }
        return false;
    }
}
