// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Where Lua 5.1 (ltable.c) would keep each key of a table, replayed from the table's history of assignments, so
 * that traversal can follow Lua 5.1's order: the array part 1..sizearray, then the hash nodes in node order.
 * It reproduces the parts that decide placement: main positions (Lua's string hash, hashnum, booleans), the
 * "last free" collision scheme that moves colliding keys, dead keys that keep their node, and rehash (array size
 * from computesizes, power-of-two node vector, re-insertion from the last old node down). Values are not kept:
 * only whether each key currently holds one.
 */
final class Lua51Layout {
    private static final int MAX_BITS = 26;

    private boolean[] array = new boolean[0];
    private LuaValue[] keys = new LuaValue[1];
    private boolean[] alive = new boolean[1];
    private int[] next = {-1};
    /** The node vector is Lua's shared dummy node (size 1, never written) until the first hash key. */
    private boolean dummy = true;
    private int lastFree = 1;

    /** Records {@code t[key] = value}, with {@code present} false when the value is nil. */
    void set(LuaValue key, boolean present) {
        while (true) {
            int index = arrayIndex(key);
            if (index > 0 && index <= array.length) {
                array[index - 1] = present;
                return;
            }
            int node = find(key);
            if (node < 0) {
                node = newKey(key);
            }
            if (node >= 0) {
                alive[node] = present;
                return;
            }
            // the table was rehashed to make room: place the key again, as luaH_set does
        }
    }

    /** The keys holding values, in the order Lua 5.1's next() visits them. */
    List<LuaValue> order() {
        List<LuaValue> out = new ArrayList<>();
        for (int i = 0; i < array.length; i++) {
            if (array[i]) {
                out.add(LuaValue.valueOf(i + 1));
            }
        }
        if (!dummy) {
            for (int i = 0; i < keys.length; i++) {
                if (alive[i]) {
                    out.add(keys[i]);
                }
            }
        }
        return out;
    }

    private static int arrayIndex(LuaValue key) {
        if (key.type() != LuaValue.TNUMBER) {
            return 0;
        }
        double d = key.todouble();
        int k = (int) d;
        return (k == d && k >= 1) ? k : 0;
    }

    private int find(LuaValue key) {
        if (dummy) {
            return -1;
        }
        for (int n = mainPosition(key); n >= 0; n = next[n]) {
            if (keys[n] != null && keys[n].raweq(key)) {
                return n;
            }
        }
        return -1;
    }

    /**
     * ltable.c newkey: the key's main position, or a free node, moving a colliding key that is not at home.
     * Returns -1 when there was no free node and the table has been rehashed instead.
     */
    private int newKey(LuaValue key) {
        int mp = mainPosition(key);
        if (dummy || alive[mp]) {
            int free = freePosition();
            if (free < 0) {
                rehash(key);
                return -1;
            }
            int other = mainPosition(keys[mp]);
            if (other != mp) {
                while (next[other] != mp) {
                    other = next[other];
                }
                next[other] = free;
                keys[free] = keys[mp];
                alive[free] = alive[mp];
                next[free] = next[mp];
                next[mp] = -1;
                alive[mp] = false;
            } else {
                next[free] = next[mp];
                next[mp] = free;
                mp = free;
            }
        }
        keys[mp] = key;
        return mp;
    }

    private int freePosition() {
        if (dummy) {
            return -1;
        }
        while (lastFree-- > 0) {
            if (keys[lastFree] == null) {
                return lastFree;
            }
        }
        return -1;
    }

    /** ltable.c rehash: count the keys in use (and the new one), size both parts, re-insert. */
    private void rehash(LuaValue extra) {
        int[] nums = new int[MAX_BITS + 1];
        int arrayUse = countArray(nums);
        int total = arrayUse;
        int hashUse = 0;
        if (!dummy) {
            for (int i = keys.length - 1; i >= 0; i--) {
                if (alive[i]) {
                    arrayUse += countInt(keys[i], nums);
                    hashUse++;
                }
            }
        }
        total += hashUse;
        arrayUse += countInt(extra, nums);
        total++;
        int[] arraySize = {arrayUse};
        int inArray = computeSizes(nums, arraySize);
        resize(arraySize[0], total - inArray);
    }

    private int countArray(int[] nums) {
        int used = 0;
        int i = 1;
        for (int lg = 0, ttlg = 1; lg <= MAX_BITS; lg++, ttlg *= 2) {
            int count = 0;
            int limit = ttlg;
            if (limit > array.length) {
                limit = array.length;
                if (i > limit) {
                    break;
                }
            }
            for (; i <= limit; i++) {
                if (array[i - 1]) {
                    count++;
                }
            }
            nums[lg] += count;
            used += count;
        }
        return used;
    }

    private static int countInt(LuaValue key, int[] nums) {
        int k = arrayIndex(key);
        if (k > 0 && k <= (1 << MAX_BITS)) {
            nums[ceilLog2(k)]++;
            return 1;
        }
        return 0;
    }

    private static int computeSizes(int[] nums, int[] arraySize) {
        int a = 0;
        int na = 0;
        int n = 0;
        for (int i = 0, twoToI = 1; twoToI / 2 < arraySize[0]; i++, twoToI *= 2) {
            if (nums[i] > 0) {
                a += nums[i];
                if (a > twoToI / 2) {
                    n = twoToI;
                    na = a;
                }
            }
            if (a == arraySize[0]) {
                break;
            }
        }
        arraySize[0] = n;
        return na;
    }

    private void resize(int arraySize, int hashSize) {
        boolean[] oldArray = array;
        LuaValue[] oldKeys = keys;
        boolean[] oldAlive = alive;
        boolean wasDummy = dummy;
        array = Arrays.copyOf(oldArray, Math.max(arraySize, oldArray.length));
        if (hashSize == 0) {
            keys = new LuaValue[1];
            alive = new boolean[1];
            next = new int[] {-1};
            dummy = true;
            lastFree = 1;
        } else {
            int size = 1 << ceilLog2(hashSize);
            keys = new LuaValue[size];
            alive = new boolean[size];
            next = new int[size];
            java.util.Arrays.fill(next, -1);
            dummy = false;
            lastFree = size;
        }
        if (arraySize < oldArray.length) {
            array = Arrays.copyOf(array, arraySize);
            for (int i = arraySize; i < oldArray.length; i++) {
                if (oldArray[i]) {
                    set(LuaValue.valueOf(i + 1), true);
                }
            }
        }
        if (!wasDummy) {
            for (int i = oldKeys.length - 1; i >= 0; i--) {
                if (oldAlive[i]) {
                    set(oldKeys[i], true);
                }
            }
        }
    }

    private static int ceilLog2(int x) {
        return x <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }

    private int mainPosition(LuaValue key) {
        int size = keys.length;
        switch (key.type()) {
            case LuaValue.TNUMBER: {
                double n = key.todouble();
                if (n == 0) {
                    return 0;
                }
                long bits = Double.doubleToRawLongBits(n);
                int sum = (int) bits + (int) (bits >>> 32);
                return (int) (Integer.toUnsignedLong(sum) % ((size - 1) | 1));
            }
            case LuaValue.TSTRING:
                return stringHash((LuaString) key.checkstring()) & (size - 1);
            case LuaValue.TBOOLEAN:
                return (key.toboolean() ? 1 : 0) & (size - 1);
            default:
                // Lua hashes other keys by address: no order to reproduce, any stable spot will do
                return (System.identityHashCode(key) & 0x7fffffff) % ((size - 1) | 1);
        }
    }

    /** Lua 5.1's string hash, seeded with the length, over every byte (Redis's copy no longer skips any). */
    private static int stringHash(LuaString s) {
        int length = s.m_length;
        int h = length;
        for (int l1 = length; l1 >= 1; l1--) {
            h = h ^ ((h << 5) + (h >>> 2) + (s.m_bytes[s.m_offset + l1 - 1] & 0xff));
        }
        return h;
    }
}
