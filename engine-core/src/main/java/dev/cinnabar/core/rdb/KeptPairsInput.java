// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.spi.RdbInput;

import java.util.List;

/**
 * The fields a load keeps of an RDB 12 hash with field TTLs, presented as the plain RDB_TYPE_HASH body
 * (a count, then field and value strings) so that the hash type builds the value with its own rules
 * (listpack or hashtable by {@code hash-max-listpack-*}, duplicate fields refused).
 */
final class KeptPairsInput implements RdbInput {
    private final List<byte[]> fields;
    private final List<byte[]> values;
    private final int version;
    private boolean countRead;
    private int next;

    KeptPairsInput(List<byte[]> fields, List<byte[]> values, int version) {
        this.fields = fields;
        this.values = values;
        this.version = version;
    }

    @Override
    public int readByte() {
        throw new IllegalStateException("a plain hash body has no raw bytes");
    }

    @Override
    public long readLength() {
        if (countRead) {
            throw new IllegalStateException("a plain hash body has one length");
        }
        countRead = true;
        return fields.size();
    }

    @Override
    public byte[] readString() {
        int i = next++;
        if (i >= 2 * fields.size()) {
            throw new IllegalStateException("read past the last kept field");
        }
        return i % 2 == 0 ? fields.get(i / 2) : values.get(i / 2);
    }

    @Override
    public double readBinaryDouble() {
        throw new IllegalStateException("a plain hash body has no doubles");
    }

    @Override
    public int rdbVersion() {
        return version;
    }
}
