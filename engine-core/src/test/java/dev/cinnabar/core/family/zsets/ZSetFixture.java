// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.testing.EngineFixture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The engine fixture with readers for the replies sorted set commands give. */
final class ZSetFixture extends EngineFixture {
    ZSetFixture() {
        super(Map.of("notify-keyspace-events", "KEA"));
    }

    /** A reply flattened to text: bulk strings and doubles as text, integers as digits, null as "nil". */
    static List<String> flat(RespValue r) {
        List<String> out = new ArrayList<>();
        flatten(r, out);
        return out;
    }

    private static void flatten(RespValue r, List<String> out) {
        if (r instanceof RespValue.Array a) {
            a.items().forEach(item -> flatten(item, out));
        } else if (r instanceof RespValue.Bulk b) {
            out.add(b.text());
        } else if (r instanceof RespValue.Double d) {
            out.add(d.text());
        } else if (r instanceof RespValue.Integer i) {
            out.add(Long.toString(i.value()));
        } else if (r instanceof RespValue.Null) {
            out.add("nil");
        } else {
            out.add(r.toString());
        }
    }

    List<String> list(String... args) {
        return flat(run(args));
    }

    /** A bulk or double reply's text, "nil" for null. */
    String text(String... args) {
        List<String> all = list(args);
        if (all.size() != 1) {
            throw new AssertionError(String.join(" ", args) + " replied " + all);
        }
        return all.get(0);
    }

    String encoding(String key) {
        return text("OBJECT", "ENCODING", key);
    }
}
