// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.ValueType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * DEBUG DIGEST and DIGEST-VALUE as Redis 7.0's {@code computeDatasetDigest} and {@code xorObjectDigest}
 * compute them, so two servers holding the same data give the same 40 hex digits. Unordered things (keys,
 * set members, hash fields, sorted-set members) are combined by xor, ordered ones (list elements, the
 * parts of one entry) by mixing: {@code digest = SHA1(digest xor SHA1(data))}; a digest is xor-ed in
 * through its own SHA1, as Redis's {@code xorDigest} does with any data.
 *
 * <p>A value's elements are read from the commands its type rebuilds it with ({@link ValueType#rewrite}),
 * which every persisted type provides: RPUSH elements, SADD members, ZADD score/member pairs (scores in
 * {@code %.17g}, the format the digest uses), HSET field/value pairs, SET for a string.
 */
final class DatasetDigest {
    /** Redis's OBJ_* type codes, which enter each entry's digest. */
    private static final List<String> TYPE_CODES = List.of("string", "list", "set", "zset", "hash", "module", "stream");
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha1;

    DatasetDigest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** DEBUG DIGEST: the digest of every database, 40 zeros when all are empty. */
    String dataset(List<ByteKeyMap> databases, Function<Object, ValueType<?>> types) {
        byte[] result = new byte[20];
        for (int db = 0; db < databases.size(); db++) {
            ByteKeyMap table = databases.get(db);
            if (table.size() == 0) {
                continue;
            }
            mix(result, ByteBuffer.allocate(4).putInt(db).array());
            table.forEachSlot(slot -> {
                byte[] entry = new byte[20];
                byte[] key = table.keyAt(slot);
                mix(entry, key);
                Object value = table.valueAt(slot);
                value(entry, key, value, types.apply(value), table.expiryAt(slot) != 0);
                xor(result, sha(entry));
            });
        }
        return HexFormat.of().formatHex(result);
    }

    /** DEBUG DIGEST-VALUE: one value's digest, 40 zeros for a missing key. */
    String value(byte[] key, Object value, ValueType<?> type, boolean hasExpiry) {
        byte[] digest = new byte[20];
        if (value != null) {
            value(digest, key, value, type, hasExpiry);
        }
        return HexFormat.of().formatHex(digest);
    }

    @SuppressWarnings("unchecked")
    private void value(byte[] digest, byte[] key, Object value, ValueType<?> type, boolean hasExpiry) {
        int code = TYPE_CODES.indexOf(type.name());
        mix(digest, ByteBuffer.allocate(4).putInt(code).array());
        ((ValueType<Object>) type).rewrite(key, value, argv -> elements(digest, type.name(), argv));
        if (hasExpiry) {
            xor(digest, sha(EXPIRE_MARK));
        }
    }

    /** Adds the elements one rebuilding command carries (after its name and key). */
    private void elements(byte[] digest, String type, byte[][] argv) {
        switch (type) {
            case "string", "list" -> {
                for (int i = 2; i < argv.length; i++) {
                    mix(digest, argv[i]);
                }
            }
            case "set" -> {
                for (int i = 2; i < argv.length; i++) {
                    xor(digest, sha(argv[i]));
                }
            }
            case "zset" -> {
                for (int i = 2; i + 1 < argv.length; i += 2) {
                    byte[] element = new byte[20];
                    mix(element, argv[i + 1]);
                    mix(element, score(argv[i]));
                    xor(digest, sha(element));
                }
            }
            case "hash" -> {
                for (int i = 2; i + 1 < argv.length; i += 2) {
                    byte[] element = new byte[20];
                    mix(element, argv[i]);
                    mix(element, argv[i + 1]);
                    xor(digest, sha(element));
                }
            }
            case "stream" -> {
                // Redis digests the entries only: "<ms>.<seq>" then each field and value; the XADD of an empty
                // stream (XADD key MAXLEN 0 …), XSETID and the group commands add nothing
                if (!new String(argv[0], StandardCharsets.US_ASCII).equals("XADD")
                        || new String(argv[2], StandardCharsets.US_ASCII).equals("MAXLEN")) {
                    return;
                }
                mix(digest, new String(argv[2], StandardCharsets.US_ASCII).replace('-', '.')
                        .getBytes(StandardCharsets.US_ASCII));
                for (int i = 3; i < argv.length; i++) {
                    mix(digest, argv[i]);
                }
            }
            default -> {
                for (int i = 2; i < argv.length; i++) {
                    mix(digest, argv[i]);
                }
            }
        }
    }

    /** A ZADD score as the digest spells it ({@code %.17g}), whatever form the rebuilding command used. */
    private static byte[] score(byte[] arg) {
        return Numbers.formatG17(Numbers.parseDouble(arg, null)).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] sha(byte[] data) {
        return sha1.digest(data);
    }

    private static void xor(byte[] digest, byte[] hash) {
        for (int i = 0; i < 20; i++) {
            digest[i] ^= hash[i];
        }
    }

    /** {@code mixDigest}: digest = SHA1(digest xor SHA1(data)). */
    private void mix(byte[] digest, byte[] data) {
        xor(digest, sha(data));
        System.arraycopy(sha(digest), 0, digest, 0, 20);
    }
}
