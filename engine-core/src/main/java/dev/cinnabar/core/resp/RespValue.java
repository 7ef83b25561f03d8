// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A decoded reply, for embedded callers and tests. Not used on the server's hot path. */
public sealed interface RespValue {
    record Simple(String value) implements RespValue {
        @Override
        public String toString() {
            return value;
        }
    }

    record Error(String line) implements RespValue {
        @Override
        public String toString() {
            return "(error) " + line;
        }
    }

    record Integer(long value) implements RespValue {
        @Override
        public String toString() {
            return "(integer) " + value;
        }
    }

    record Bulk(byte[] value) implements RespValue {
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bulk b && java.util.Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "\"" + text() + "\"";
        }
    }

    /** Null bulk, null array, or RESP3 null. */
    record Null() implements RespValue {
        @Override
        public String toString() {
            return "(nil)";
        }
    }

    /** Array, and for RESP3 set and push too, told apart by {@code kind}. */
    record Array(char kind, List<RespValue> items) implements RespValue {
        @Override
        public String toString() {
            return items.toString();
        }
    }

    /** Since RESP3. Entries alternate key, value. */
    record Map(List<RespValue> entries) implements RespValue {
    }

    /** Since RESP3. */
    record Double(String text) implements RespValue {
    }

    /** Since RESP3. */
    record Bool(boolean value) implements RespValue {
    }

    /** Since RESP3. */
    record Verbatim(String format, String text) implements RespValue {
    }

    /** Since RESP3. */
    record BigNumber(String digits) implements RespValue {
    }
}
