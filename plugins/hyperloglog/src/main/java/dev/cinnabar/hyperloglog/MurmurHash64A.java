// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** MurmurHash2, 64-bit version, as Redis's hyperloglog.c has it: little-endian words on every platform. */
final class MurmurHash64A {
    /** The seed Redis's {@code hllPatLen} hashes elements with. */
    static final int HLL_SEED = 0xadc83b19;
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private MurmurHash64A() {
    }

    /** The hash of {@code data}; {@code seed} is an unsigned 32-bit integer in C. */
    static long hash(byte[] data, int seed) {
        int len = data.length;
        long h = (seed & 0xffffffffL) ^ (len * M);
        int end = len - (len & 7);
        for (int i = 0; i < end; i += 8) {
            long k = (long) LONG_LE.get(data, i);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = len & 7;
        if (tail > 0) {
            for (int i = tail - 1; i >= 0; i--) {
                h ^= (long) (data[end + i] & 0xff) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
