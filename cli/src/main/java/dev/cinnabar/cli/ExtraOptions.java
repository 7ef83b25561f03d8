// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** redis-server's {@code --name value…} config options: each value runs until the next {@code --name}. */
final class ExtraOptions {
    private ExtraOptions() {
    }

    static Map<String, String> parse(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null) {
            return out;
        }
        String name = null;
        List<String> values = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") && a.length() > 2) {
                if (name != null) {
                    out.put(name, String.join(" ", values));
                }
                name = a.substring(2).toLowerCase(java.util.Locale.ROOT);
                values.clear();
            } else if (name == null) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; options look like --port 6380");
            } else {
                values.add(a);
            }
        }
        if (name != null) {
            out.put(name, String.join(" ", values));
        }
        return out;
    }
}
