// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import java.util.Arrays;

import static dev.cinnabar.hyperloglog.HllFormat.DENSE;
import static dev.cinnabar.hyperloglog.HllFormat.DENSE_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.ENCODING_OFFSET;
import static dev.cinnabar.hyperloglog.HllFormat.HEADER_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;
import static dev.cinnabar.hyperloglog.HllFormat.SPARSE;
import static dev.cinnabar.hyperloglog.SparseRegisters.VAL_MAX_LEN;
import static dev.cinnabar.hyperloglog.SparseRegisters.VAL_MAX_VALUE;
import static dev.cinnabar.hyperloglog.SparseRegisters.XZERO_MAX_LEN;
import static dev.cinnabar.hyperloglog.SparseRegisters.ZERO_MAX_LEN;
import static dev.cinnabar.hyperloglog.SparseRegisters.isVal;
import static dev.cinnabar.hyperloglog.SparseRegisters.isXzero;
import static dev.cinnabar.hyperloglog.SparseRegisters.isZero;
import static dev.cinnabar.hyperloglog.SparseRegisters.valLen;
import static dev.cinnabar.hyperloglog.SparseRegisters.valValue;
import static dev.cinnabar.hyperloglog.SparseRegisters.xzeroLen;
import static dev.cinnabar.hyperloglog.SparseRegisters.zeroLen;

/**
 * An HLL value being changed by one command. It never writes into the array it was given: the first change
 * works on a copy (copy on write), because the stored array may be shared with a snapshot, a reply or a
 * command line waiting to be propagated. The sparse encoding grows in a buffer with room to spare, trimmed
 * by {@link #bytes()}.
 */
final class Hll {
    /** Where {@code hllSparseSet} gives up on sparse: {@code hll-sparse-max-bytes}, header included. */
    private final long sparseMaxBytes;
    private final byte[] original;
    private byte[] buf;
    private int len;
    private boolean owned;

    private Hll(byte[] value, boolean owned, long sparseMaxBytes) {
        this.original = value;
        this.buf = value;
        this.len = value.length;
        this.owned = owned;
        this.sparseMaxBytes = sparseMaxBytes;
    }

    /** Works on a stored value, which must have passed {@link HllFormat#isHll}. */
    static Hll of(byte[] value, long sparseMaxBytes) {
        return new Hll(value, false, sparseMaxBytes);
    }

    /** {@code createHLLObject}: an empty sparse HLL, XZERO:16384 after the header. */
    static Hll create(long sparseMaxBytes) {
        int sparseLen = HEADER_SIZE + (REGISTERS + XZERO_MAX_LEN - 1) / XZERO_MAX_LEN * 2;
        byte[] v = new byte[sparseLen];
        v[0] = 'H';
        v[1] = 'Y';
        v[2] = 'L';
        v[3] = 'L';
        v[ENCODING_OFFSET] = SPARSE;
        int p = HEADER_SIZE;
        int aux = REGISTERS;
        while (aux > 0) {
            int xzero = Math.min(XZERO_MAX_LEN, aux);
            v[p++] = SparseRegisters.xzeroHigh(xzero);
            v[p++] = SparseRegisters.xzeroLow(xzero);
            aux -= xzero;
        }
        return new Hll(v, true, sparseMaxBytes);
    }

    /** The value as it now is: the array given if nothing changed, else a new array of the exact length. */
    byte[] bytes() {
        if (buf.length != len) {
            buf = Arrays.copyOf(buf, len);
        }
        return buf;
    }

    /** True if the value differs from the array this was made from. */
    boolean changed() {
        return buf != original;
    }

    int encoding() {
        return buf[ENCODING_OFFSET] & 0xff;
    }

    void invalidateCache() {
        writable(0);
        HllFormat.invalidateCache(buf);
    }

    /** {@code hllAdd}: 1 if a register changed, 0 if not, -1 if the sparse value is corrupted. */
    int add(byte[] element) {
        int packed = HllFormat.patternAndIndex(element);
        return set(packed & 0xffff, packed >>> 16);
    }

    /** Raises register {@code index} to {@code count}: 1 if it changed, 0 if not, -1 if corrupted. */
    int set(int index, int count) {
        return switch (encoding()) {
            case DENSE -> denseSet(index, count);
            case SPARSE -> sparseSet(index, count);
            default -> -1;
        };
    }

    /**
     * Raises every register {@code i} to at least {@code max[i]} (values up to 63), as PFMERGE's loop of
     * {@code hllDenseSet} / {@code hllSparseSet} over the non-zero registers does.
     */
    void raiseAll(byte[] max) {
        if (encoding() == DENSE) {
            writable(0);
            DenseRegisters.raiseAll(buf, max);
            return;
        }
        for (int j = 0; j < REGISTERS; j++) {
            if (max[j] != 0) {
                set(j, max[j]);
            }
        }
    }

    private int denseSet(int index, int count) {
        if (count <= DenseRegisters.get(buf, index)) {
            return 0;
        }
        writable(0);
        DenseRegisters.set(buf, index, count);
        return 1;
    }

    /**
     * {@code hllSparseToDense}: converts to dense, keeping the header (magic, cached cardinality); true if
     * already dense, false if the sparse runs are corrupted (the value then stays as it was).
     */
    boolean toDense() {
        if (encoding() == DENSE) {
            return true;
        }
        byte[] dense = new byte[DENSE_SIZE];
        System.arraycopy(buf, 0, dense, 0, HEADER_SIZE);
        dense[ENCODING_OFFSET] = DENSE;
        long idx = 0;
        int p = HEADER_SIZE;
        while (p < len) {
            int op = buf[p] & 0xff;
            if (isZero(op)) {
                idx += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(op, at(p + 1));
                p += 2;
            } else {
                int runlen = valLen(op);
                int regval = valValue(op);
                if (runlen + idx > REGISTERS) {
                    return false;
                }
                while (runlen-- > 0) {
                    DenseRegisters.set(dense, (int) idx, regval);
                    idx++;
                }
                p++;
            }
        }
        if (idx != REGISTERS) {
            return false;
        }
        buf = dense;
        len = DENSE_SIZE;
        owned = true;
        return true;
    }

    /**
     * {@code hllSparseSet}: finds the opcode covering {@code index}, splits it to give the register its own
     * VAL, merges equal neighbouring VALs, and promotes to dense when the value cannot be sparse (above 32)
     * or the value would outgrow {@code hll-sparse-max-bytes}.
     */
    private int sparseSet(int index, int count) {
        if (count > VAL_MAX_VALUE) {
            return promote(index, count);
        }
        int sparse = HEADER_SIZE;
        int p = sparse;
        int end = len;
        long first = 0;
        long span = 0;
        int prev = -1;
        while (p < end) {
            int op = buf[p] & 0xff;
            int oplen = 1;
            if (isZero(op)) {
                span = zeroLen(op);
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(op, at(p + 1));
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = buf[p] & 0xff;
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean isZeroOp = isZero(op);
        boolean isXzeroOp = isXzero(op);
        int runlen = isZeroOp ? zeroLen(op) : isXzeroOp ? xzeroLen(op, at(p + 1)) : valLen(op);
        if (!isZeroOp && !isXzeroOp) {
            if (valValue(op) >= count) {
                return 0;
            }
            if (runlen == 1) {
                writable(0);
                buf[p] = SparseRegisters.val(count, 1);
                return merged(prev, end);
            }
        }
        if (isZeroOp && runlen == 1) {
            writable(0);
            buf[p] = SparseRegisters.val(count, 1);
            return merged(prev, end);
        }

        byte[] seq = new byte[5];
        int n = 0;
        long last = first + span - 1;
        if (isZeroOp || isXzeroOp) {
            if (index != first) {
                n = putZeros(seq, n, (int) (index - first));
            }
            seq[n++] = SparseRegisters.val(count, 1);
            if (index != last) {
                n = putZeros(seq, n, (int) (last - index));
            }
        } else {
            int curval = valValue(op);
            if (index != first) {
                seq[n++] = SparseRegisters.val(curval, (int) (index - first));
            }
            seq[n++] = SparseRegisters.val(count, 1);
            if (index != last) {
                seq[n++] = SparseRegisters.val(curval, (int) (last - index));
            }
        }

        int oldlen = isXzeroOp ? 2 : 1;
        int deltalen = n - oldlen;
        if (deltalen > 0 && (long) len + deltalen > sparseMaxBytes) {
            return promote(index, count);
        }
        writable(3);
        if (deltalen != 0 && next != -1) {
            System.arraycopy(buf, next, buf, next + deltalen, end - next);
        }
        len += deltalen;
        System.arraycopy(seq, 0, buf, p, n);
        end += deltalen;
        return merged(prev, end);
    }

    /** A ZERO or XZERO run of {@code runlen} registers into {@code seq} at {@code n}; the new end. */
    private static int putZeros(byte[] seq, int n, int runlen) {
        if (runlen > ZERO_MAX_LEN) {
            seq[n++] = SparseRegisters.xzeroHigh(runlen);
            seq[n++] = SparseRegisters.xzeroLow(runlen);
        } else {
            seq[n++] = SparseRegisters.zero(runlen);
        }
        return n;
    }

    /**
     * Step 4 of {@code hllSparseSet}: from the opcode before the change, scans up to five opcodes merging
     * adjacent VALs of one value into one (up to length 4), then marks the cached cardinality stale.
     */
    private int merged(int prev, int end) {
        int p = prev >= 0 ? prev : HEADER_SIZE;
        int scanlen = 5;
        while (p < end && scanlen-- != 0) {
            int op = buf[p] & 0xff;
            if (isXzero(op)) {
                p += 2;
                continue;
            } else if (isZero(op)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(buf[p + 1] & 0xff)) {
                int v1 = valValue(op);
                int next = buf[p + 1] & 0xff;
                if (v1 == valValue(next)) {
                    int runlen = valLen(op) + valLen(next);
                    if (runlen <= VAL_MAX_LEN) {
                        buf[p + 1] = SparseRegisters.val(v1, runlen);
                        System.arraycopy(buf, p + 1, buf, p, end - p - 1);
                        len--;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        HllFormat.invalidateCache(buf);
        return 1;
    }

    private int promote(int index, int count) {
        if (!toDense()) {
            return -1;
        }
        DenseRegisters.raise(buf, index, count);
        return 1;
    }

    /** The byte at {@code i}, 0 past the end as the sds terminator reads. */
    private int at(int i) {
        return SparseRegisters.at(buf, len, i);
    }

    /** Makes {@code buf} a private array with room for {@code extra} more bytes. */
    private void writable(int extra) {
        if (owned && buf.length >= len + extra) {
            return;
        }
        int capacity = extra == 0 ? Math.max(len, buf.length) : len + Math.max(extra, Math.min(len, 1024));
        buf = Arrays.copyOf(buf, capacity);
        owned = true;
    }
}
