// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code %.Ng}: the shortest-digits path must agree with the exact (BigDecimal) path everywhere it answers. */
class CNumbersTest {
    @Test
    void printsAsGlibcPrintsThem() {
        // values printed by glibc's printf("%.14g") (Redis's cjson.encode of the same numbers)
        assertEquals("0.1", CNumbers.formatG(0.1, 14));
        assertEquals("0.33333333333333", CNumbers.formatG(1.0 / 3, 14));
        assertEquals("1e+15", CNumbers.formatG(1e15, 14));
        assertEquals("1.2345678901234e+14", CNumbers.formatG(123456789012345.0, 14));
        assertEquals("1e-05", CNumbers.formatG(1e-5, 14));
        assertEquals("0.0001", CNumbers.formatG(0.0001, 14));
        assertEquals("4.9406564584125e-324", CNumbers.formatG(Double.MIN_VALUE, 14));
        assertEquals("-9.2233720368548e+18", CNumbers.formatG(-0x1p63, 14));
        assertEquals("0.10000000000000001", CNumbers.formatG(0.1, 17));
        assertEquals("2e+01", CNumbers.formatG(15, 1));
        assertEquals("1.23e+06", CNumbers.formatG(1234567, 3));
    }

    @Test
    void shortestDigitsAgreeWithExactRounding() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 1 -> Math.round(random.nextDouble() * 1e6) / 1e3;
                case 2 -> Double.longBitsToDouble(random.nextLong());
                default -> (random.nextInt(2_000_000) - 1_000_000) / 100.0;
            };
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            for (int precision : new int[] {1, 3, 6, 14, 15}) {
                if (value != 0) {
                    assertEquals(CNumbers.formatGExact(value, precision), CNumbers.formatG(value, precision),
                            value + " at %." + precision + "g");
                }
            }
        }
    }
}
