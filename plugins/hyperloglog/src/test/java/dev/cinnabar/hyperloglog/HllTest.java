// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static dev.cinnabar.hyperloglog.HllFormat.DENSE;
import static dev.cinnabar.hyperloglog.HllFormat.DENSE_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;
import static dev.cinnabar.hyperloglog.HllFormat.SPARSE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HllTest {
    private static final long MAX = 3000;
    private static final String HEADER = "48594c4c01000000000000000000";

    @Test
    void aNewHllIsOneXzeroCoveringEveryRegister() {
        byte[] v = Hll.create(MAX).bytes();
        assertEquals(HEADER + "00" + "00" + "7fff", hex(v));
        assertEquals("Z:16384", SparseRegisters.decode(v));
        assertTrue(HllFormat.isHll(v));
    }

    /** The bytes Redis 7.0.15 stores for {@code PFADD hll a b c}. */
    @Test
    void addingABAndCGivesRedissBytes() {
        Hll hll = Hll.create(MAX);
        for (String e : new String[] {"a", "b", "c"}) {
            assertEquals(1, hll.add(e.getBytes(StandardCharsets.US_ASCII)));
        }
        hll.invalidateCache();
        assertEquals(HEADER + "0080" + "60f38050b1844bfb80425a", hex(hll.bytes()));
        assertEquals(0, hll.add("a".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void zeroRunsUpTo64AreZeroAndLongerOnesXzero() {
        Hll hll = Hll.create(MAX);
        hll.set(64, 2);
        assertEquals("z:64 v:2,1 Z:16319", SparseRegisters.decode(hll.bytes()));
        hll = Hll.create(MAX);
        hll.set(65, 2);
        assertEquals("Z:65 v:2,1 Z:16318", SparseRegisters.decode(hll.bytes()));
        hll.set(REGISTERS - 1, 3);
        assertEquals("Z:65 v:2,1 Z:16317 v:3,1", SparseRegisters.decode(hll.bytes()));
        hll.set(0, 1);
        assertEquals("v:1,1 z:64 v:2,1 Z:16317 v:3,1", SparseRegisters.decode(hll.bytes()));
    }

    @Test
    void adjacentValsOfOneValueMergeUpToFourRegisters() {
        Hll hll = Hll.create(MAX);
        for (int i = 10; i < 15; i++) {
            hll.set(i, 5);
        }
        assertEquals("z:10 v:5,4 v:5,1 Z:16369", SparseRegisters.decode(hll.bytes()));
        hll.set(12, 6);
        assertEquals("z:10 v:5,2 v:6,1 v:5,2 Z:16369", SparseRegisters.decode(hll.bytes()));
        assertEquals(0, hll.set(12, 6));
        assertEquals(0, hll.set(11, 4));
    }

    @Test
    void aValueAbove32PromotesToDense() {
        Hll hll = Hll.create(MAX);
        hll.set(7, 32);
        assertEquals(SPARSE, hll.encoding());
        assertEquals(1, hll.set(8, 33));
        assertEquals(DENSE, hll.encoding());
        byte[] v = hll.bytes();
        assertEquals(DENSE_SIZE, v.length);
        assertEquals(32, DenseRegisters.get(v, 7));
        assertEquals(33, DenseRegisters.get(v, 8));
    }

    @Test
    void growingPastSparseMaxBytesPromotesToDense() {
        Hll hll = Hll.create(30);
        int i = 0;
        while (hll.encoding() == SPARSE) {
            assertTrue(hll.bytes().length <= 30);
            hll.set(i * 100, 1);
            i++;
        }
        byte[] v = hll.bytes();
        for (int j = 0; j < i; j++) {
            assertEquals(1, DenseRegisters.get(v, j * 100));
        }
    }

    @Test
    void sparseAndDenseGiveTheSameRegistersAndEstimate() {
        Random rnd = new Random(3);
        Hll sparse = Hll.create(Long.MAX_VALUE);
        Hll dense = Hll.create(MAX);
        assertTrue(dense.toDense());
        byte[] e = new byte[8];
        for (int n = 0; n < 2000; n++) {
            rnd.nextBytes(e);
            assertEquals(dense.add(e), sparse.add(e));
        }
        assertEquals(SPARSE, sparse.encoding());
        int[] fromSparse = new int[64];
        assertTrue(SparseRegisters.histogram(sparse.bytes(), sparse.bytes().length, fromSparse));
        int[] fromDense = new int[64];
        DenseRegisters.histogram(dense.bytes(), fromDense);
        assertArrayEquals(fromDense, fromSparse);
        byte[] converted = sparse.bytes().clone();
        Hll copy = Hll.of(converted, MAX);
        assertTrue(copy.toDense());
        byte[] a = copy.bytes();
        byte[] b = dense.bytes();
        for (int r = 0; r < REGISTERS; r++) {
            assertEquals(DenseRegisters.get(b, r), DenseRegisters.get(a, r), "register " + r);
        }
        byte[] max = new byte[REGISTERS];
        assertTrue(SparseRegisters.mergeInto(sparse.bytes(), max));
        for (int r = 0; r < REGISTERS; r++) {
            assertEquals(DenseRegisters.get(b, r), max[r]);
        }
    }

    @Test
    void changesNeverWriteIntoTheGivenArray() {
        byte[] stored = Hll.create(MAX).bytes();
        byte[] before = stored.clone();
        Hll hll = Hll.of(stored, MAX);
        assertEquals(1, hll.add("x".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(before, stored);
        assertNotSame(stored, hll.bytes());
        Hll unchanged = Hll.of(stored, MAX);
        assertSame(stored, unchanged.bytes());
        assertFalse(unchanged.changed());
    }

    @Test
    void runsThatDoNotCoverEveryRegisterAreCorrupted() {
        byte[] tooShort = HexFormat.of().parseHex(HEADER + "0080" + "7ffe");
        assertFalse(Hll.of(tooShort, MAX).toDense());
        assertFalse(SparseRegisters.histogram(tooShort, tooShort.length, new int[64]));
        assertFalse(SparseRegisters.mergeInto(tooShort, new byte[REGISTERS]));
        byte[] overflowing = HexFormat.of().parseHex(HEADER + "0080" + "7ffb8080808080");
        assertFalse(Hll.of(overflowing, MAX).toDense());
        assertFalse(SparseRegisters.mergeInto(overflowing, new byte[REGISTERS]));
        byte[] noOpcodeForTheRegister = HexFormat.of().parseHex(HEADER + "0080" + "3f");
        assertEquals(-1, Hll.of(noOpcodeForTheRegister, MAX).set(100, 1));
    }

    @Test
    void anXzeroCutShortReadsItsMissingByteAsZero() {
        byte[] v = HexFormat.of().parseHex(HEADER + "0080" + "7f");
        assertEquals("Z:16129", SparseRegisters.decode(v));
    }

    private static String hex(byte[] v) {
        return HexFormat.of().formatHex(v);
    }
}
