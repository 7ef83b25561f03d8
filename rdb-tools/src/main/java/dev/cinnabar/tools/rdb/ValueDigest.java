// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A 128-bit fingerprint of one value's content, built from the walk's element events ({@link RdbVisitor}) as
 * they come, so no value is ever held: the same content gives the same fingerprint whatever its encoding
 * (listpack, hashtable, intset, quicklist, ziplist …) or RDB version.
 *
 * <ul>
 * <li>strings and lists: the elements in order (one SHA-256 over them, length-prefixed);</li>
 * <li>sets, hashes, sorted sets: one SHA-256 per member (field and value, member and score) summed modulo
 * 2^128, so the order a table happens to be stored in does not matter. A score is hashed as the 8 bytes of
 * the double it denotes (a listpack's "3" and a skiplist's binary 3.0 are equal), -0 taken as 0;</li>
 * <li>streams: their events in file order: each entry (id, fields and values), the length and last id,
 * each group (name, last delivered id), its pending entries (id, delivery time, delivery count, owner) and
 * its consumers (name, seen time). Left out: what not every stream type stores, so that one stream saved by
 * Redis 5/6 (RDB type 15), 7.0 (19) or 7.2+ (21) compares equal: the recorded first id, max deleted id and
 * entries added, a group's entries-read (7.0+), a consumer's active time (7.2+);</li>
 * <li>module values: their serialized bytes ({@link #raw}).</li>
 * </ul>
 * Two values with the same fingerprint are the same value (up to a 2^-128 collision).
 */
public final class ValueDigest {
    /** A type name and a 128-bit content hash. */
    public record Fingerprint(String type, long hi, long lo) {
    }

    private final String type;
    private final MessageDigest ordered = sha();
    /** Hashes one unordered member at a time ({@link MessageDigest#digest} resets it). */
    private final MessageDigest member = sha();
    private long sumHi;
    private long sumLo;
    private final byte[] number = new byte[8];

    /** Starts the fingerprint of a value of RDB type {@code rdbType} ({@link RdbTypes}). */
    public ValueDigest(int rdbType) {
        this.type = RdbTypes.typeName(rdbType);
    }

    /** A string value. */
    public void string(byte[] value) {
        lengthPrefixed(ordered, value);
    }

    /** A list item (in order) or a set member (in any order). */
    public void element(byte[] value) {
        if (type.equals("set")) {
            lengthPrefixed(member, value);
            add(member.digest());
        } else {
            lengthPrefixed(ordered, value);
        }
    }

    /** A hash field and its value, in any order. */
    public void pair(byte[] field, byte[] value) {
        lengthPrefixed(member, field);
        lengthPrefixed(member, value);
        add(member.digest());
    }

    /** A sorted set member and its score, in any order. */
    public void scored(byte[] member, double score) {
        lengthPrefixed(this.member, member);
        // -0.0 == 0.0 as a score; NaN cannot be one
        this.member.update(longBytes(Double.doubleToLongBits(score == 0 ? 0.0 : score)));
        add(this.member.digest());
    }

    /** A stream event, in file order. */
    public void stream(StreamEvent event) {
        if (event instanceof StreamEvent.Entry e) {
            tag('E');
            id(e.id());
            ordered.update(longBytes(e.fieldsAndValues().length));
            for (byte[] b : e.fieldsAndValues()) {
                lengthPrefixed(ordered, b);
            }
        } else if (event instanceof StreamEvent.Metadata m) {
            tag('M');
            ordered.update(longBytes(m.length()));
            id(m.lastId());
        } else if (event instanceof StreamEvent.Group g) {
            tag('G');
            lengthPrefixed(ordered, g.name());
            id(g.lastDeliveredId());
        } else if (event instanceof StreamEvent.Pending p) {
            tag('P');
            id(p.id());
            ordered.update(longBytes(p.deliveryTimeMs()));
            ordered.update(longBytes(p.deliveryCount()));
        } else if (event instanceof StreamEvent.Consumer c) {
            tag('C');
            lengthPrefixed(ordered, c.name());
            ordered.update(longBytes(c.seenTimeMs()));
        } else if (event instanceof StreamEvent.ConsumerPending cp) {
            tag('O');
            id(cp.id());
        }
    }

    /** Bytes of a value hashed as they are serialized (a module value, which has no element events). */
    public void raw(byte[] bytes, int off, int len) {
        ordered.update(bytes, off, len);
    }

    /** The fingerprint of everything added so far. */
    public Fingerprint result() {
        byte[] h = ordered.digest();
        long hi = sumHi;
        long lo = sumLo;
        for (int i = 0; i < 8; i++) {
            hi ^= (long) (h[i] & 0xff) << (8 * (7 - i));
            lo ^= (long) (h[8 + i] & 0xff) << (8 * (7 - i));
        }
        return new Fingerprint(type, hi, lo);
    }

    /** Adds one member's hash into the order-independent 128-bit sum. */
    private void add(byte[] h) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (h[i] & 0xff);
            lo = lo << 8 | (h[8 + i] & 0xff);
        }
        long newLo = sumLo + lo;
        sumHi += hi + (Long.compareUnsigned(newLo, sumLo) < 0 ? 1 : 0);
        sumLo = newLo;
    }

    private void tag(char c) {
        ordered.update((byte) c);
    }

    private void id(StreamEvent.Id id) {
        ordered.update(longBytes(id.ms()));
        ordered.update(longBytes(id.seq()));
    }

    private byte[] longBytes(long n) {
        for (int i = 0; i < 8; i++) {
            number[i] = (byte) (n >>> (56 - 8 * i));
        }
        return number;
    }

    private void lengthPrefixed(MessageDigest d, byte[] p) {
        int n = p.length;
        d.update(longBytes(n), 4, 4);
        d.update(p);
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
