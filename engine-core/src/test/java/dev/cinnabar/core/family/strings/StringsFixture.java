// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.testing.EngineFixture;

import java.util.HashMap;
import java.util.Map;

/**
 * An embedded engine for the strings tests, with helpers to read replies, watch keyspace events and the
 * propagation stream, and plant a value of another type (no other type exists in this family).
 */
final class StringsFixture extends EngineFixture {
    StringsFixture() {
        this(Map.of());
    }

    StringsFixture(Map<String, String> settings) {
        super(withEvents(settings));
    }

    private static Map<String, String> withEvents(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("notify-keyspace-events", "EAm");
        return all;
    }

    /** The text of a bulk reply, or null for a null reply; fails on any other reply. */
    String bulk(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Null) {
            return null;
        }
        if (r instanceof RespValue.Bulk b) {
            return b.text();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    /** Absolute expiry of a key in Unix ms; -1 without TTL, -2 if missing. */
    long expireAt(String key) {
        return onLoop(() -> engine().database(0).expireAt(bytes(key)));
    }

    long now() {
        return System.currentTimeMillis();
    }

    /** Stores a value of a type the strings family does not know, to provoke WRONGTYPE. */
    void putOtherType(String key) {
        onLoop(() -> {
            engine().database(0).set(bytes(key), new Object());
            return null;
        });
    }

    boolean exists(String key) {
        return onLoop(() -> engine().database(0).exists(bytes(key)));
    }
}
