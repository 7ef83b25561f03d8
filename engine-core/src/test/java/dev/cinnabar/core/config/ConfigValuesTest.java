// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.config;

import dev.cinnabar.spi.RedisError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigValuesTest {
    @Test
    void memoryValuesTakeRedisUnitsAndWrapLikeC() {
        assertEquals(1024, ConfigValues.memtoull("1kb", "bad"));
        assertEquals(1000, ConfigValues.memtoull("1K", "bad"));
        assertEquals(1073741824L, ConfigValues.memtoull("1Gb", "bad"));
        assertEquals(0, ConfigValues.memtoull("", "bad"));
        assertEquals(0, ConfigValues.memtoull("kb", "bad"));
        assertEquals("18446744073709551615", ConfigValues.unsignedMemory("99999999999999999999999"));
        assertEquals("3028092406290448384", ConfigValues.unsignedMemory("20000000000gb"));
        for (String bad : List.of("-1", "1.5", " 1", "+1", "0x10", "1 kb", "1tb")) {
            assertThrows(RedisError.class, () -> ConfigValues.memtoull(bad, "bad"), bad);
        }
    }

    @Test
    void boundsAreCheckedAfterParsing() {
        assertEquals("argument must be between 1048576 and 9223372036854775807 inclusive",
                assertThrows(RedisError.class,
                        () -> ConfigValues.memory("9223372036854775808", 1048576, Long.MAX_VALUE)).getMessage());
        assertEquals("argument couldn't be parsed into an integer",
                assertThrows(RedisError.class, () -> ConfigValues.integer("-0", 0, 10)).getMessage());
    }

    @Test
    void percentagesAreHeldNegativeAndPrintedWithTheirSign() {
        assertEquals("10%", ConfigValues.memoryOrPercent("10%", -100, Long.MAX_VALUE));
        assertEquals("percentage argument must be less or equal to 100", assertThrows(RedisError.class,
                () -> ConfigValues.memoryOrPercent("200%", -100, Long.MAX_VALUE)).getMessage());
        assertEquals("argument must be a memory or percent value", assertThrows(RedisError.class,
                () -> ConfigValues.memoryOrPercent("-5%", -100, Long.MAX_VALUE)).getMessage());
    }

    @Test
    void octalAndMultipleEnumValuesParseAsRedisDoes() {
        assertEquals("777", ConfigValues.octal("0777", 0, 511));
        assertEquals("argument must be between 0 and 777 inclusive",
                assertThrows(RedisError.class, () -> ConfigValues.octal("1000", 0, 511)).getMessage());
        List<String> signals = List.of("default", "save", "nosave", "now", "force");
        assertEquals("now force", ConfigValues.multiEnumeration("FORCE now", signals));
        assertEquals("default", ConfigValues.multiEnumeration("default", signals));
        assertEquals("save", ConfigValues.multiEnumeration("default save", signals));
        assertThrows(RedisError.class, () -> ConfigValues.multiEnumeration("save  now", signals));
    }

    @Test
    void strtollAcceptsWhatCAccepts() {
        RedisError bad = RedisError.err("bad");
        assertEquals(5, ConfigValues.strtoll("+5", bad));
        assertEquals(1, ConfigValues.strtoll("01", bad));
        assertEquals(0, ConfigValues.strtoll("", bad));
        assertEquals(Long.MAX_VALUE, ConfigValues.strtoll("99999999999999999999", bad));
        assertThrows(RedisError.class, () -> ConfigValues.strtoll("0x2", bad));
        assertThrows(RedisError.class, () -> ConfigValues.strtoll("  ", bad));
    }

    @Test
    void percentilesPrintLikePercentFTrimmed() {
        assertEquals("99.9", ConfigValues.percentile(99.9));
        assertEquals("50", ConfigValues.percentile(50));
        assertEquals("0.123457", ConfigValues.percentile(0.1234567));
    }
}
