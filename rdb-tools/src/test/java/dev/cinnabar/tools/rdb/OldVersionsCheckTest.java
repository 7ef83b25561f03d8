// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.Lzf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files of Redis 2.4 to 7.4 (RDB 4 to 12), the same fixtures engine-core's loader tests read. */
class OldVersionsCheckTest {
    static byte[] resource(String name) throws IOException {
        try (InputStream in = OldVersionsCheckTest.class.getResourceAsStream("/rdb/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @CsvSource({"redis-2.4-v4.rdb, 4, 11", "redis-2.8-v6.rdb, 6, 3", "redis-3.2-v7.rdb, 7, 2",
            "redis-4.0-v8.rdb, 8, 2", "redis-6.2-v9.rdb, 9, 3", "redis-7.0.15-strings.rdb, 10, 6",
            "redis-7.0.15-one-key-per-db.rdb, 10, 2", "redis-7.2-v11.rdb, 11, 1",
            "redis-7.4-v12.rdb, 12, 11", "redis-7.4-v12-cluster.rdb, 12, 2"})
    void everyVersionIsReadAndEveryDamagedCopyIsFound(String name, int version, long keys) throws IOException {
        byte[] file = resource(name);
        RdbCheckReport r = RdbCheckerTest.check(file);
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(version, r.rdbVersion());
        assertEquals(keys, r.keys());
        for (int len = 0; len < file.length; len++) {
            RdbCheckReport t = RdbCheckerTest.check(Arrays.copyOf(file, len));
            assertFalse(t.ok(), name + " truncated to " + len);
            assertTrue(t.failure().offset() <= len);
        }
        for (int pos = 0; pos < file.length; pos++) {
            byte[] d = file.clone();
            d[pos] ^= (byte) 0xff;
            RdbCheckReport f = RdbCheckerTest.check(d);
            // before RDB 5 there is no checksum: a flip inside a value's bytes can go unnoticed
            if (version >= 5) {
                assertFalse(f.ok(), name + " flipped at " + pos);
            }
            if (!f.ok()) {
                assertTrue(f.failure().offset() <= file.length);
            }
        }
    }

    @Test
    void lzfLengthWalkAgreesWithDecompression() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[1 + random.nextInt(5000)];
            for (int j = 0; j < data.length; j++) {
                data[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : 'a' + j % 7);
            }
            byte[] packed = new byte[data.length + 64];
            int n = Lzf.compress(data, data.length, packed, packed.length);
            if (n == 0) {
                continue;
            }
            assertEquals(data.length, Lzf.decompressedLength(packed, 0, n));
            // without its last byte the last literal run or back reference is incomplete
            assertEquals(-1, Lzf.decompressedLength(Arrays.copyOf(packed, n - 1), 0, n - 1));
        }
    }
}
