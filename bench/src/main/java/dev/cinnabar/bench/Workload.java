// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Requests shaped like redis-benchmark's: keys {@code key:NNNNNNNNNNNN}, values of 'x'. */
final class Workload {
    private Workload() {
    }

    /** redis-benchmark's key for {@code n}: "key:" and 12 digits (its __rand_int__ placeholder). */
    static byte[] key(long n) {
        return String.format("key:%012d", n).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] value(int size) {
        byte[] v = new byte[size];
        Arrays.fill(v, (byte) 'x');
        return v;
    }

    /** {@code count} multibulk requests alternating SET key value and GET key over distinct keys. */
    static byte[] pipeline(int count, int valueSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] value = value(valueSize);
        for (int i = 0; i < count; i++) {
            byte[] key = key(i / 2);
            if (i % 2 == 0) {
                multibulk(out, "SET".getBytes(StandardCharsets.US_ASCII), key, value);
            } else {
                multibulk(out, "GET".getBytes(StandardCharsets.US_ASCII), key);
            }
        }
        return out.toByteArray();
    }

    /** The argument arrays of {@link #pipeline}, as the decoder returns them. */
    static byte[][][] commands(int count, int valueSize) {
        byte[][][] commands = new byte[count][][];
        byte[] value = value(valueSize);
        for (int i = 0; i < count; i++) {
            byte[] key = key(i / 2);
            commands[i] = i % 2 == 0
                    ? new byte[][]{"SET".getBytes(StandardCharsets.US_ASCII), key, value}
                    : new byte[][]{"GET".getBytes(StandardCharsets.US_ASCII), key};
        }
        return commands;
    }

    private static void multibulk(ByteArrayOutputStream out, byte[]... args) {
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
