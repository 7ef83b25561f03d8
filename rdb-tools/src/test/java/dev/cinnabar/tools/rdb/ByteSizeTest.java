// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteSizeTest {
    private final ByteSize size = new ByteSize();

    @Test
    void readsPlainCountsAndBinarySuffixes() {
        assertEquals(1048576L, size.convert("1048576"));
        assertEquals(512L << 10, size.convert("512k"));
        assertEquals(1L << 20, size.convert("1m"));
        assertEquals(1L << 20, size.convert("1MB"));
        assertEquals(2L << 30, size.convert("2g"));
        assertThrows(CommandLine.TypeConversionException.class, () -> size.convert("lots"));
        assertThrows(CommandLine.TypeConversionException.class, () -> size.convert("-1"));
        assertThrows(CommandLine.TypeConversionException.class, () -> size.convert("99999999999999g"));
    }
}
