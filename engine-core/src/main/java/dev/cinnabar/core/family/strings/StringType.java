// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The string type: values are {@code byte[]}, encodings as Redis reports them. */
public final class StringType implements ValueType<byte[]> {
    public static final StringType INSTANCE = new StringType();
    /** OBJ_ENCODING_EMBSTR_SIZE_LIMIT: strings up to 44 bytes are "embstr". */
    private static final int EMBSTR_LIMIT = 44;
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "string";
    }

    @Override
    public Class<byte[]> valueClass() {
        return byte[].class;
    }

    @Override
    public String encoding(byte[] value) {
        if (value.length <= 20 && Numbers.isCanonicalLong(value)) {
            return "int";
        }
        return value.length <= EMBSTR_LIMIT ? "embstr" : "raw";
    }

    @Override
    public byte[] copy(byte[] value) {
        return value.clone();
    }

    @Override
    public List<Integer> rdbTypeIds() {
        return List.of(Rdb.TYPE_STRING);
    }

    @Override
    public int rdbTypeId(byte[] value) {
        return Rdb.TYPE_STRING;
    }

    @Override
    public void writeRdb(byte[] value, RdbOutput out) {
        out.writeString(value);
    }

    @Override
    public byte[] readRdb(int typeId, RdbInput in) {
        return in.readString();
    }

    /** {@code rewriteAppendOnlyFileRio}: a string is rebuilt with SET (its expiry is the caller's). */
    @Override
    public void rewrite(byte[] key, byte[] value, CommandSink sink) {
        sink.accept(SET, key, value);
    }

    @Override
    public long memoryUsage(byte[] value) {
        return switch (encoding(value)) {
            case "int" -> RedisMemory.OBJECT;
            // object header, sdshdr8 (len, alloc, flags), bytes and NUL in one allocation
            case "embstr" -> RedisMemory.allocation(RedisMemory.OBJECT + 3 + value.length + 1);
            default -> RedisMemory.OBJECT + RedisMemory.sds(value.length);
        };
    }
}
