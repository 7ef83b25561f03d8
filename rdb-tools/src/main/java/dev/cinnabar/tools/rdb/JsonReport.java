// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;

/** The {@code --json} output every tool shares: one indented JSON object on stdout. */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** Prints {@code report} (maps, lists, strings and numbers) as one JSON object. */
    public static void print(PrintWriter out, Object report) {
        try {
            out.println(MAPPER.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            // a report holds only plain values: this is a programming error, not bad input
            throw new IllegalStateException(e);
        }
    }
}
