// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.blocking;

import dev.cinnabar.core.client.BlockedState;
import dev.cinnabar.core.client.Client;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalExistingTest {
    @Test
    void swapdbSignalsOnlyTheWaitedKeysThatExistInTheDatabase() {
        Blocking blocking = new Blocking();
        Client waiter = new Client(1, null, 0);
        Client other = new Client(2, null, 0);
        blocking.add(waiter, new BlockedState(null, new byte[0][], new byte[][]{"here".getBytes()}, 0, 0, r -> { }));
        blocking.add(other, new BlockedState(null, new byte[0][], new byte[][]{"gone".getBytes()}, 0, 0, r -> { }));
        blocking.signalExisting(1, key -> true);
        assertFalse(blocking.hasReady());
        blocking.signalExisting(0, key -> Arrays.equals(key, "here".getBytes()));
        assertTrue(blocking.hasReady());
        assertEquals(List.of(waiter), blocking.drainReady().stream().map(Blocking.Ready::client).toList());
    }
}
