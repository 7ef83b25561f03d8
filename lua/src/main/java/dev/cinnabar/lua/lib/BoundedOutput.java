// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import java.util.Arrays;
import org.luaj.vm2.LuaError;

/**
 * The buffer the encoders write into. It refuses to grow past the largest string a script may build (512 MB, the
 * runtime's string limit), and never reserves more than that, so an encoding that explodes (a huge sparse array,
 * a table referenced from itself many times) ends with Lua's "not enough memory" instead of exhausting the heap.
 */
final class BoundedOutput {
    static final int MAX_BYTES = 512 * 1024 * 1024;

    private final int maxBytes;
    private byte[] buffer = new byte[64];
    private int count;

    BoundedOutput() {
        this(MAX_BYTES);
    }

    BoundedOutput(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    void write(int b) {
        ensureRoom(1);
        buffer[count++] = (byte) b;
    }

    void write(byte[] bytes, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    void writeBytes(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    int size() {
        return count;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, count);
    }

    private void ensureRoom(int more) {
        long needed = (long) count + more;
        if (needed > maxBytes) {
            throw new LuaError("not enough memory");
        }
        if (needed > buffer.length) {
            long grown = Math.max(needed, Math.min((long) buffer.length * 2, maxBytes));
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
    }
}
