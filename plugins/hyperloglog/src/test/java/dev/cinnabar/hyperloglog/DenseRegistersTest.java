// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.cinnabar.hyperloglog.HllFormat.DENSE_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.HEADER_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DenseRegistersTest {
    @Test
    void everyRegisterKeepsItsValueWithoutTouchingItsNeighbours() {
        Random rnd = new Random(7);
        byte[] v = new byte[DENSE_SIZE];
        int[] expected = new int[REGISTERS];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < REGISTERS; i++) {
                expected[i] = rnd.nextInt(64);
                DenseRegisters.set(v, i, expected[i]);
            }
            for (int i = 0; i < REGISTERS; i++) {
                assertEquals(expected[i], DenseRegisters.get(v, i), "register " + i);
            }
        }
    }

    @Test
    void registersArePackedFromTheLeastSignificantBit() {
        byte[] v = new byte[DENSE_SIZE];
        DenseRegisters.set(v, 0, 0x3f);
        assertEquals(0x3f, v[HEADER_SIZE]);
        DenseRegisters.set(v, 1, 0x3f);
        assertEquals((byte) 0xff, v[HEADER_SIZE]);
        assertEquals(0x0f, v[HEADER_SIZE + 1]);
        DenseRegisters.set(v, 3, 1);
        assertEquals(0x04, v[HEADER_SIZE + 2]);
    }

    @Test
    void theLastRegisterIsTheTopSixBitsOfTheLastByte() {
        byte[] v = new byte[DENSE_SIZE];
        DenseRegisters.set(v, REGISTERS - 1, 0x2a);
        assertEquals((byte) (0x2a << 2), v[DENSE_SIZE - 1]);
        assertEquals(0x2a, DenseRegisters.get(v, REGISTERS - 1));
        assertEquals(0, DenseRegisters.get(v, REGISTERS - 2));
    }

    @Test
    void histogramCountsRegistersByValue() {
        byte[] v = new byte[DENSE_SIZE];
        DenseRegisters.set(v, 5, 3);
        DenseRegisters.set(v, 6, 3);
        DenseRegisters.set(v, REGISTERS - 1, 63);
        int[] histogram = new int[64];
        DenseRegisters.histogram(v, histogram);
        assertEquals(REGISTERS - 3, histogram[0]);
        assertEquals(2, histogram[3]);
        assertEquals(1, histogram[63]);
    }

    @Test
    void mergeAndRaiseAllWorkLikeOneRegisterAtATime() {
        Random rnd = new Random(9);
        byte[] v = new byte[DENSE_SIZE];
        byte[] max = new byte[REGISTERS];
        for (int i = 0; i < REGISTERS; i++) {
            DenseRegisters.set(v, i, rnd.nextInt(64));
            max[i] = (byte) rnd.nextInt(64);
        }
        byte[] merged = max.clone();
        DenseRegisters.mergeInto(v, merged);
        byte[] raised = v.clone();
        DenseRegisters.raiseAll(raised, max);
        byte[] oneByOne = v.clone();
        for (int i = 0; i < REGISTERS; i++) {
            assertEquals(Math.max(max[i], DenseRegisters.get(v, i)), merged[i]);
            DenseRegisters.raise(oneByOne, i, max[i]);
        }
        assertArrayEquals(oneByOne, raised);
    }
}
