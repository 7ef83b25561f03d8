// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.resp.RespValue;

import java.util.ArrayList;
import java.util.List;

/** Reading replies in tests: everything as text, errors with their line. */
final class Replies {
    private Replies() {
    }

    /** A simple, bulk, integer or error reply as text ({@code "ERR ..."} for errors). */
    static String text(RespValue v) {
        if (v instanceof RespValue.Simple s) {
            return s.value();
        }
        if (v instanceof RespValue.Bulk b) {
            return b.text();
        }
        if (v instanceof RespValue.Integer i) {
            return Long.toString(i.value());
        }
        if (v instanceof RespValue.Error e) {
            return e.line();
        }
        if (v instanceof RespValue.Verbatim t) {
            return t.text();
        }
        if (v instanceof RespValue.Null) {
            return null;
        }
        throw new AssertionError("not a scalar reply: " + v);
    }

    /** The items of an array reply as text. */
    static List<String> list(RespValue v) {
        List<String> out = new ArrayList<>();
        for (RespValue item : items(v)) {
            out.add(item instanceof RespValue.Array ? item.toString() : text(item));
        }
        return out;
    }

    static List<RespValue> items(RespValue v) {
        if (v instanceof RespValue.Array a) {
            return a.items();
        }
        if (v instanceof RespValue.Map m) {
            return m.entries();
        }
        throw new AssertionError("not an array reply: " + v);
    }
}
