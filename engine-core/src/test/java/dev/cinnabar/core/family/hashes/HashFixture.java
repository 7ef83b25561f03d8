// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.testing.EngineFixture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An embedded engine for the hash tests: replies as text, encodings and the stored values. */
final class HashFixture extends EngineFixture {
    HashFixture() {
        // classes spelled out: with "A" the engine currently loses the "n" class on CONFIG round trip
        super(Map.of("notify-keyspace-events", "Eghnm"));
    }

    /** The text of a bulk or simple reply, null for a null reply. */
    String text(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Null) {
            return null;
        }
        if (r instanceof RespValue.Bulk b) {
            return b.text();
        }
        if (r instanceof RespValue.Simple s) {
            return s.value();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    /** The bulk strings of an array reply (nulls as null). */
    List<String> list(String... args) {
        return texts(run(args));
    }

    static List<String> texts(RespValue reply) {
        if (!(reply instanceof RespValue.Array a)) {
            throw new AssertionError("not an array: " + reply);
        }
        List<String> out = new ArrayList<>();
        for (RespValue item : a.items()) {
            out.add(item instanceof RespValue.Bulk b ? b.text() : null);
        }
        return out;
    }

    String encoding(String key) {
        return text("OBJECT", "ENCODING", key);
    }

    /** The stored hash itself. */
    HashValue value(String key) {
        return onLoop(() -> (HashValue) engine().database(0).get(bytes(key)));
    }
}
