// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An embedded engine per test and shorthand for the replies the keys family gives. */
abstract class EngineTestBase {
    Engine engine;

    @BeforeEach
    void openEngine() {
        engine = Engine.open();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    RespValue run(String... args) {
        return engine.execute(args);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static RespValue integer(long value) {
        return new RespValue.Integer(value);
    }

    static RespValue bulk(String value) {
        return new RespValue.Bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    static RespValue error(String line) {
        return new RespValue.Error(line);
    }

    static RespValue ok() {
        return new RespValue.Simple("OK");
    }

    static RespValue nil() {
        return new RespValue.Null();
    }

    /** The bulk strings of an array reply, as text. */
    static List<String> texts(RespValue reply) {
        List<String> out = new ArrayList<>();
        for (RespValue item : ((RespValue.Array) reply).items()) {
            out.add(((RespValue.Bulk) item).text());
        }
        return out;
    }
}
