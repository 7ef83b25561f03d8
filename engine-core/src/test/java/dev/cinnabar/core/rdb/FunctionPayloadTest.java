// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.family.strings.StringType;
import dev.cinnabar.spi.RedisError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FunctionPayloadTest {
    private static final byte[] LIBRARY = ("#!lua name=mylib\n"
            + "redis.register_function('myfunc', function(keys, args) return args[1] end)")
            .getBytes(StandardCharsets.UTF_8);
    /** FUNCTION DUMP of a Redis 7.0.15 holding just {@link #LIBRARY} (rdbcompression yes). */
    private static final byte[] REDIS_DUMP = HexFormat.of().parseHex("f5c34056405b1f23216c7561206e616d653d6d796c"
            + "69620a72656469732e72656769737465725f0b66756e6374696f6e28276d79400b02272c2040066012116b6579732c2061"
            + "726773292072657475726e600c075b315d20656e64290a008d5936adc6e707da");

    @Test
    void dumpsAsRedisDoes() {
        assertArrayEquals(REDIS_DUMP, FunctionPayload.dump(List.of(LIBRARY), true));
    }

    @Test
    void restoresWhatRedisDumps() {
        List<byte[]> libraries = FunctionPayload.restore(REDIS_DUMP);
        assertEquals(1, libraries.size());
        assertArrayEquals(LIBRARY, libraries.get(0));
    }

    @Test
    void roundTripsSeveralLibrariesUncompressed() {
        byte[] other = "#!lua name=other\nredis.register_function('g', function() return 1 end)"
                .getBytes(StandardCharsets.UTF_8);
        List<byte[]> restored = FunctionPayload.restore(FunctionPayload.dump(List.of(LIBRARY, other), false));
        assertEquals(2, restored.size());
        assertArrayEquals(LIBRARY, restored.get(0));
        assertArrayEquals(other, restored.get(1));
        assertEquals(0, FunctionPayload.restore(FunctionPayload.dump(List.of(), true)).size());
    }

    @Test
    void refusesAsRedisDoes() {
        byte[] corrupt = REDIS_DUMP.clone();
        corrupt[10] ^= 1;
        assertEquals("ERR DUMP payload version or checksum are wrong", error(corrupt));
        assertEquals("ERR DUMP payload version or checksum are wrong", error(new byte[3]));
        byte[] stringValue = DumpPayload.create(StringType.INSTANCE, "hello".getBytes(StandardCharsets.US_ASCII), true);
        assertEquals("ERR given type is not a function", error(stringValue));
        byte[] preGa = FunctionPayload.dump(List.of(LIBRARY), false);
        preGa[0] = (byte) RdbOpcodes.FUNCTION_PRE_GA;
        assertEquals("ERR Pre-GA function format not supported", error(reseal(preGa)));
        byte[] truncated = FunctionPayload.dump(List.of(LIBRARY), false);
        byte[] cut = new byte[20];
        System.arraycopy(truncated, 0, cut, 0, 10);
        assertEquals("ERR failed loading the given functions payload", error(reseal(cut)));
    }

    private static String error(byte[] payload) {
        return assertThrows(RedisError.class, () -> FunctionPayload.restore(payload)).line();
    }

    /** The body of {@code payload} (its last 10 bytes dropped) with a fresh footer. */
    private static byte[] reseal(byte[] payload) {
        int body = payload.length - 10;
        byte[] out = new byte[payload.length];
        System.arraycopy(payload, 0, out, 0, body);
        out[body] = (byte) Rdb.VERSION;
        long crc = Crc64.update(0, out, 0, body + 2);
        for (int i = 0; i < 8; i++) {
            out[body + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return out;
    }
}
