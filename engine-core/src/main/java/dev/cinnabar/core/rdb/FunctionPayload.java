// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.spi.RedisError;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP and FUNCTION RESTORE payloads: one FUNCTION2 record per library, then the RDB version and
 * CRC-64 footer of a DUMP payload ({@code functionDumpCommand}, {@code functionRestoreCommand}).
 */
public final class FunctionPayload {
    private static final int FOOTER_LENGTH = 10;

    private FunctionPayload() {
    }

    /** The payload of these libraries' code; strings are LZF-compressed as RDB files are when {@code compress}. */
    public static byte[] dump(List<byte[]> libraries, boolean compress) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter out = new RdbWriter(bytes, compress);
        for (byte[] code : libraries) {
            out.writeByte(RdbOpcodes.FUNCTION2);
            out.writeString(code);
        }
        out.writeLittleEndian(Rdb.VERSION, 2);
        out.writeLittleEndian(out.crc(), 8);
        out.flush();
        return bytes.toByteArray();
    }

    /** The libraries' code in a payload, with Redis's error for each way a payload can be wrong. */
    public static List<byte[]> restore(byte[] payload) {
        if (!DumpPayload.verify(payload)) {
            throw RedisError.err("DUMP payload version or checksum are wrong");
        }
        int version = (payload[payload.length - FOOTER_LENGTH] & 0xff)
                | (payload[payload.length - FOOTER_LENGTH + 1] & 0xff) << 8;
        RdbReader in = new RdbReader(new ByteArrayInputStream(payload, 0, payload.length - FOOTER_LENGTH), version);
        List<byte[]> libraries = new ArrayList<>();
        while (in.offset() < payload.length - FOOTER_LENGTH) {
            int type = in.readByte();
            if (type == RdbOpcodes.FUNCTION_PRE_GA) {
                throw RedisError.err("Pre-GA function format not supported");
            }
            if (type != RdbOpcodes.FUNCTION2) {
                throw RedisError.err("given type is not a function");
            }
            try {
                libraries.add(in.readString());
            } catch (RdbFormatException e) {
                throw RedisError.err("failed loading the given functions payload");
            }
        }
        return libraries;
    }
}
