// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Redis's {@code intset}: distinct 64-bit integers kept sorted in one little-endian byte array, each at the
 * width (2, 4 or 8 bytes) that fits the widest member. The width only grows, as in {@code intset.c}.
 */
final class IntSet {
    /** Redis's {@code INTSET_ENC_INT16}, {@code INTSET_ENC_INT32}, {@code INTSET_ENC_INT64}, in bytes. */
    private static final int INT16 = 2;
    private static final int INT32 = 4;
    private static final int INT64 = 8;
    /** The intset header: a 32-bit encoding and a 32-bit length. */
    private static final int HEADER_BYTES = 8;
    /** The most members a Java byte array holds at 8 bytes each. */
    static final int MAX_SIZE = (Integer.MAX_VALUE - 16) / INT64;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private byte[] data = EMPTY;
    private int width = INT16;
    private int size;

    IntSet() {
    }

    private IntSet(byte[] data, int width, int size) {
        this.data = data;
        this.width = width;
        this.size = size;
    }

    int size() {
        return size;
    }

    /** Bytes per member: 2, 4 or 8. */
    int width() {
        return width;
    }

    /** Bytes Redis's intset blob takes: header plus packed members. */
    long blobLength() {
        return HEADER_BYTES + (long) width * size;
    }

    /** The member at {@code index} in ascending order. */
    long get(int index) {
        return read(data, width, index);
    }

    boolean contains(long value) {
        return widthOf(value) <= width && search(value) >= 0;
    }

    /** Adds {@code value}; false if it was already a member. */
    boolean add(long value) {
        int needed = widthOf(value);
        if (needed > width) {
            upgradeAndAdd(value, needed);
            return true;
        }
        int pos = search(value);
        if (pos >= 0) {
            return false;
        }
        pos = -pos - 1;
        ensureCapacity(size + 1);
        System.arraycopy(data, pos * width, data, (pos + 1) * width, (size - pos) * width);
        write(data, width, pos, value);
        size++;
        return true;
    }

    /** Removes {@code value}; false if it was not a member. The width stays. */
    boolean remove(long value) {
        if (widthOf(value) > width) {
            return false;
        }
        int pos = search(value);
        if (pos < 0) {
            return false;
        }
        System.arraycopy(data, (pos + 1) * width, data, pos * width, (size - pos - 1) * width);
        size--;
        if (data.length > 2 * size * width + 64) {
            data = Arrays.copyOf(data, size * width);
        }
        return true;
    }

    /** Redis's intset blob, as RDB saves it: encoding (u32 LE), length (u32 LE), the members. */
    byte[] toBlob() {
        byte[] blob = new byte[HEADER_BYTES + width * size];
        INT.set(blob, 0, width);
        INT.set(blob, 4, size);
        System.arraycopy(data, 0, blob, HEADER_BYTES, width * size);
        return blob;
    }

    /**
     * The intset in {@code blob} ({@link #toBlob} form), keeping its width; null unless it passes
     * {@code intsetValidateIntegrity} with deep validation: a known width, a length that matches the blob,
     * at least one member, members strictly ascending.
     */
    static IntSet fromBlob(byte[] blob) {
        if (blob.length < HEADER_BYTES) {
            return null;
        }
        int width = (int) INT.get(blob, 0);
        long size = (int) INT.get(blob, 4) & 0xFFFFFFFFL;
        if ((width != INT16 && width != INT32 && width != INT64) || size == 0 || size > MAX_SIZE
                || HEADER_BYTES + size * width != blob.length) {
            return null;
        }
        byte[] data = Arrays.copyOfRange(blob, HEADER_BYTES, blob.length);
        for (int i = 1; i < size; i++) {
            if (read(data, width, i - 1) >= read(data, width, i)) {
                return null;
            }
        }
        return new IntSet(data, width, (int) size);
    }

    IntSet copy() {
        return new IntSet(Arrays.copyOf(data, size * width), width, size);
    }

    /** Redis's {@code _intsetValueEncoding}: the narrowest width holding {@code value}. */
    static int widthOf(long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            return INT64;
        }
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            return INT32;
        }
        return INT16;
    }

    /** Binary search: the index of {@code value}, or {@code -(insertion point) - 1}. */
    private int search(long value) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = read(data, width, mid);
            if (m < value) {
                lo = mid + 1;
            } else if (m > value) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /** A value wider than every member is below or above all of them, so it goes first or last. */
    private void upgradeAndAdd(long value, int newWidth) {
        byte[] wider = new byte[capacityFor(size + 1) * newWidth];
        int offset = value < 0 ? 1 : 0;
        for (int i = 0; i < size; i++) {
            write(wider, newWidth, i + offset, read(data, width, i));
        }
        write(wider, newWidth, value < 0 ? 0 : size, value);
        data = wider;
        width = newWidth;
        size++;
    }

    private void ensureCapacity(int members) {
        if (members * width > data.length) {
            data = Arrays.copyOf(data, capacityFor(members) * width);
        }
    }

    /** Room for {@code members} and one eighth more, so a run of adds does not copy the array each time. */
    private static int capacityFor(int members) {
        return (int) Math.min(MAX_SIZE, members + (members >> 3) + 4L);
    }

    private static long read(byte[] a, int width, int index) {
        return switch (width) {
            case INT16 -> (short) SHORT.get(a, index * INT16);
            case INT32 -> (int) INT.get(a, index * INT32);
            default -> (long) LONG.get(a, index * INT64);
        };
    }

    private static void write(byte[] a, int width, int index, long value) {
        switch (width) {
            case INT16 -> SHORT.set(a, index * INT16, (short) value);
            case INT32 -> INT.set(a, index * INT32, (int) value);
            default -> LONG.set(a, index * INT64, value);
        }
    }
}
