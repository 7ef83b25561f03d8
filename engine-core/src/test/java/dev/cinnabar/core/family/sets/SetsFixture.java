// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.testing.EngineFixture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An embedded engine for the set tests: set events recorded, array replies as text, encodings. */
final class SetsFixture extends EngineFixture {
    SetsFixture() {
        super(Map.of("notify-keyspace-events", "KEA"));
    }

    /** The bulk strings of an array reply, in order. */
    List<String> texts(String... args) {
        RespValue r = run(args);
        if (!(r instanceof RespValue.Array a)) {
            throw new AssertionError(String.join(" ", args) + " replied " + r);
        }
        List<String> out = new ArrayList<>();
        for (RespValue item : a.items()) {
            out.add(((RespValue.Bulk) item).text());
        }
        return out;
    }

    String encoding(String key) {
        return ((RespValue.Bulk) run("OBJECT", "ENCODING", key)).text();
    }
}
