// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import dev.cinnabar.core.rdb.ListpackWriter;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The workload of the launcher's background training run, which makes the JVM's ahead-of-time cache
 * (JDK 25+, JEP 483/515): writes an RDB and an AOF shaped like real ones (many small keys in the common
 * encodings, some with a TTL) into the directory given, then checks both as {@code cinnabar rdb check} and
 * {@code cinnabar aof check} do. The cache then holds the method profiles of that work: trained on a
 * one-key file, the hot loops had none and a short check ran interpreted longer.
 */
final class AotTraining {
    /** Enough keys for the walk's and the CRC's loops to be profiled as on a real dump (about 5 MB). */
    private static final int KEYS = 200_000;

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path rdb = dir.resolve("train.rdb");
        Path aof = dir.resolve("train.aof");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rdb))) {
            writeRdb(out);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(aof))) {
            writeAof(out);
        }
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        // the last through picocli, as every other tool runs: its commands' classes are cached too
        for (String[] run : new String[][] {{"rdb", "check", rdb.toString()}, {"aof", "check", aof.toString()},
            {"rdb", "check", "--no-progress", rdb.toString()}}) {
            int code = Cli.run(run, sink, sink);
            if (code != 0) {
                throw new IllegalStateException("training run " + String.join(" ", run) + " failed: " + code);
            }
        }
    }

    private static void writeRdb(OutputStream file) {
        RdbWriter rdb = new RdbWriter(file, true);
        rdb.writeRaw("REDIS0011".getBytes(US_ASCII));
        rdb.writeByte(RdbOpcodes.AUX);
        rdb.writeString(ascii("redis-ver"));
        rdb.writeString(ascii("7.2.0"));
        rdb.writeByte(RdbOpcodes.SELECTDB);
        rdb.writeLength(0);
        rdb.writeByte(RdbOpcodes.RESIZEDB);
        rdb.writeLength(KEYS);
        rdb.writeLength(KEYS / 10);
        for (int i = 0; i < KEYS; i++) {
            if (i % 10 == 0) {
                rdb.writeExpireTimeMs(4_102_444_800_000L + i);
            }
            byte[] key = ascii("key:" + i);
            switch (i % 50) {
                case 1 -> packed(rdb, Rdb.TYPE_HASH_LISTPACK, key, "field", "value", 8);
                case 2 -> packed(rdb, Rdb.TYPE_SET_LISTPACK, key, "member", null, 4);
                case 3 -> packed(rdb, Rdb.TYPE_ZSET_LISTPACK, key, "member", "1.5", 6);
                case 4 -> {
                    rdb.writeByte(Rdb.TYPE_LIST_QUICKLIST_2);
                    rdb.writeString(key);
                    rdb.writeLength(1);
                    rdb.writeLength(Rdb.QUICKLIST_NODE_PACKED);
                    rdb.writeString(listpack("item", null, 5));
                }
                default -> {
                    rdb.writeByte(Rdb.TYPE_STRING);
                    rdb.writeString(key);
                    // verbatim, integer-encoded and LZF-compressed values, as a real dump mixes them
                    rdb.writeString(ascii(i % 7 == 0 ? Integer.toString(i)
                            : i % 13 == 0 ? "value-" + "x".repeat(40) + i : String.format("%010d", i)));
                }
            }
        }
        rdb.writeByte(RdbOpcodes.EOF);
        rdb.writeLittleEndian(rdb.crc(), 8);
        rdb.flush();
    }

    private static void packed(RdbWriter rdb, int type, byte[] key, String element, String value, int count) {
        rdb.writeByte(type);
        rdb.writeString(key);
        rdb.writeString(listpack(element, value, count));
    }

    /** {@code count} elements {@code elementN}, each followed by {@code value} when there is one. */
    private static byte[] listpack(String element, String value, int count) {
        ListpackWriter lp = new ListpackWriter();
        for (int i = 0; i < count; i++) {
            lp.append(ascii(element + i));
            if (value != null) {
                lp.append(ascii(value));
            }
        }
        return lp.toBytes();
    }

    private static void writeAof(OutputStream out) throws IOException {
        out.write(ascii("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"));
        for (int i = 0; i < KEYS / 2; i++) {
            String key = "key:" + i;
            String value = String.format("%010d", i);
            out.write(ascii("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n"
                    + value + "\r\n"));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }
}
