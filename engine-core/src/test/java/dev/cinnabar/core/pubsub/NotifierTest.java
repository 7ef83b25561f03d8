// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.pubsub;

import dev.cinnabar.spi.RedisError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code notify-keyspace-events} parsing and printing, as CONFIG SET / CONFIG GET show them in Redis 7.0.15. */
class NotifierTest {
    private final Notifier notifier = new Notifier(new PubSub(c -> { }));

    private String roundTrip(String flags) {
        notifier.configure(flags);
        return notifier.flags();
    }

    @Test
    void flagsPrintInRedisOrder() {
        assertEquals("nKE", roundTrip("KEn"));
        assertEquals("nK", roundTrip("Kn"));
        assertEquals("gn", roundTrip("gn"));
        assertEquals("$nm", roundTrip("nm$"));
        assertEquals("Km", roundTrip("mK"));
        assertEquals("xE", roundTrip("Ex"));
        assertEquals("", roundTrip(""));
    }

    @Test
    void allClassesPrintAsAWhichHidesNewButNotKeymiss() {
        assertEquals("AKE", roundTrip("AKEn"));
        assertEquals("AK", roundTrip("KA"));
        assertEquals("Am", roundTrip("Am"));
        assertEquals("AKEm", roundTrip("AKEm"));
        assertEquals("AKE", roundTrip("g$lshzxetdKE"));
    }

    @Test
    void anUnknownLetterIsRejectedAndKeepsTheOldSetting() {
        notifier.configure("KEA");
        RedisError e = assertThrows(RedisError.class, () -> notifier.configure("x,"));
        assertEquals("ERR Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", e.line());
        assertEquals("AKE", notifier.flags());
    }
}
