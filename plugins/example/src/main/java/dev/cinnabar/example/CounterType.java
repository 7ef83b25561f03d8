// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.example;

import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The {@code counter} data type, with an RDB codec and an AOF rewrite, as a real plugin type would have. */
final class CounterType implements ValueType<Counter> {
    /** RDB type id for our values: Redis reserves 7, 8 and 22-255 are unused by 7.0; plugins pick from the top. */
    static final int RDB_TYPE = 250;

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public Class<Counter> valueClass() {
        return Counter.class;
    }

    @Override
    public String encoding(Counter value) {
        return "raw";
    }

    @Override
    public Counter copy(Counter value) {
        return new Counter(value.value, value.bumps);
    }

    @Override
    public List<Integer> rdbTypeIds() {
        return List.of(RDB_TYPE);
    }

    @Override
    public int rdbTypeId(Counter value) {
        return RDB_TYPE;
    }

    @Override
    public void writeRdb(Counter value, RdbOutput out) {
        out.writeString(Long.toString(value.value).getBytes(StandardCharsets.US_ASCII));
        out.writeLength(value.bumps);
    }

    @Override
    public Counter readRdb(int typeId, RdbInput in) {
        long value = Long.parseLong(new String(in.readString(), StandardCharsets.US_ASCII));
        return new Counter(value, in.readLength());
    }

    @Override
    public void rewrite(byte[] key, Counter value, CommandSink sink) {
        sink.accept("COUNTER.SET".getBytes(StandardCharsets.US_ASCII), key,
                Long.toString(value.value).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public long memoryUsage(Counter value) {
        return 32;
    }
}
