// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * One keyspace table as it was at one moment, for a reader on another thread while the engine keeps
 * changing the table: the snapshot protocol of DESIGN invariant 5, without fork().
 *
 * <p>Opening costs nothing per key: the image keeps the table's own slot arrays. The slots are split in
 * segments of {@value #SEGMENT_SLOTS}; before the engine changes any slot of a segment the image still
 * reads from the live arrays, the segment is copied (tens of microseconds), and the reader copies each
 * segment the same way before visiting it. Whoever comes first copies; the other waits for that copy only.
 * When the table reallocates its arrays (resize, clear) the old ones never change again, so the image
 * keeps reading them and stops watching the table.
 *
 * <p>Values are shared, and collections change in place, so a value has its own state per slot: PENDING
 * until the reader claims it (VISITING, then VISITED) or the engine, about to hand it to a command that
 * may change it, stores a copy for the reader (COPIED). A write that finds the reader VISITING the very
 * value it wants waits for that one visit: the longest such wait is the serialization of one value.
 */
public final class TableImage {
    private static final int SEGMENT_BITS = 12;
    private static final int SEGMENT_SLOTS = 1 << SEGMENT_BITS;
    private static final int PENDING = 0;
    private static final int COPYING = 1;
    private static final byte VALUE_PENDING = 0;
    private static final byte VALUE_VISITING = 1;
    private static final byte VALUE_VISITED = 2;
    private static final byte VALUE_COPIED = 3;
    private static final VarHandle VALUE_STATES = MethodHandles.arrayElementVarHandle(byte[].class);
    /** Spins before parking while the other thread finishes what a caller waits for. */
    private static final int SPINS = 1000;

    /** Receives the image's entries. */
    @FunctionalInterface
    public interface Visitor {
        void entry(byte[] key, Object value, long expireAtMillis, int lruClock);
    }

    /** A copy of one segment of slots, and the state of each of its values. */
    private static final class Segment {
        final byte[][] keys;
        final int[] hashes;
        final Object[] values;
        final long[] expiries;
        final int[] clocks;
        final byte[] valueStates;
        /** Values the engine copied before a command could change them, by index in the segment. */
        final Map<Integer, Object> valueCopies = new ConcurrentHashMap<>();

        Segment(ByteKeyMap.Slots slots, int from, int length) {
            keys = Arrays.copyOfRange(slots.keys(), from, from + length);
            hashes = Arrays.copyOfRange(slots.hashes(), from, from + length);
            values = Arrays.copyOfRange(slots.values(), from, from + length);
            expiries = slots.expiries() == null ? null : Arrays.copyOfRange(slots.expiries(), from, from + length);
            clocks = Arrays.copyOfRange(slots.clocks(), from, from + length);
            valueStates = new byte[length];
        }
    }

    private final ByteKeyMap live;
    /** The table's arrays when the image was opened: live until copied segment by segment or detached. */
    private final ByteKeyMap.Slots slots;
    private final int mask;
    private final int segmentSlots;
    private final long size;
    private final AtomicIntegerArray segmentStates;
    private final AtomicReferenceArray<Segment> segments;
    private volatile boolean closed;

    private TableImage(ByteKeyMap live) {
        this.live = live;
        this.slots = live.slots();
        int capacity = live.capacity();
        this.mask = capacity - 1;
        this.segmentSlots = Math.min(capacity, SEGMENT_SLOTS);
        this.size = live.size();
        int count = capacity / segmentSlots;
        this.segmentStates = new AtomicIntegerArray(count);
        this.segments = new AtomicReferenceArray<>(count);
    }

    /** Opens an image of {@code live} as it is now. Engine thread only. */
    public static TableImage open(ByteKeyMap live) {
        TableImage image = new TableImage(live);
        live.addImage(image);
        return image;
    }

    /** Keys in the table at the image's moment. */
    public long size() {
        return size;
    }

    /** Engine thread: a slot is about to change in place. */
    void beforeChange(int slot) {
        if (!closed) {
            segment(slot >>> SEGMENT_BITS);
        }
    }

    /** The copy of segment {@code index}, made now by the calling thread unless the other made it first. */
    private Segment segment(int index) {
        Segment segment = segments.get(index);
        if (segment != null) {
            return segment;
        }
        if (segmentStates.compareAndSet(index, PENDING, COPYING)) {
            segment = new Segment(slots, index * segmentSlots, segmentSlots);
            segments.set(index, segment);
            return segment;
        }
        for (int spins = 0; (segment = segments.get(index)) == null; spins++) {
            pause(spins);
        }
        return segment;
    }

    private static void pause(int spins) {
        if (spins < SPINS) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(10_000);
        }
    }

    /**
     * Visits every entry as it was when the image was opened. One reader at a time; stops early if the
     * image is closed.
     */
    public void forEach(Visitor visitor) {
        for (int index = 0; index < segments.length() && !closed; index++) {
            Segment segment = segment(index);
            for (int i = 0; i < segmentSlots; i++) {
                byte[] key = segment.keys[i];
                if (key == null) {
                    continue;
                }
                long expireAt = segment.expiries == null ? 0 : segment.expiries[i];
                if (VALUE_STATES.compareAndSet(segment.valueStates, i, VALUE_PENDING, VALUE_VISITING)) {
                    try {
                        visitor.entry(key, segment.values[i], expireAt, segment.clocks[i]);
                    } finally {
                        // releases a write that may be waiting for this value
                        VALUE_STATES.setVolatile(segment.valueStates, i, VALUE_VISITED);
                    }
                } else {
                    visitor.entry(key, segment.valueCopies.get(i), expireAt, segment.clocks[i]);
                }
            }
        }
    }

    /**
     * Engine thread: a command that may change {@code value}, stored under {@code key}, is about to get it;
     * if the image has yet to visit it there, it keeps {@code copier}'s copy of it first.
     */
    public void preserve(byte[] key, Object value, UnaryOperator<Object> copier) {
        if (closed) {
            return;
        }
        int slot = find(key);
        if (slot < 0) {
            return;
        }
        Segment segment = segment(slot >>> SEGMENT_BITS);
        int i = slot & (segmentSlots - 1);
        // another object: the value was stored after the image was opened
        if (segment.values[i] != value) {
            return;
        }
        byte state = (byte) VALUE_STATES.getVolatile(segment.valueStates, i);
        if (state == VALUE_PENDING) {
            segment.valueCopies.put(i, copier.apply(value));
            if (VALUE_STATES.compareAndSet(segment.valueStates, i, VALUE_PENDING, VALUE_COPIED)) {
                return;
            }
            segment.valueCopies.remove(i);
        }
        for (int spins = 0; (byte) VALUE_STATES.getVolatile(segment.valueStates, i) == VALUE_VISITING; spins++) {
            pause(spins);
        }
    }

    /**
     * The image's slot of {@code key}, or -1. Engine thread: a segment not copied yet still has, in the
     * live arrays, what it had when the image opened, since any change would have copied it first.
     */
    private int find(byte[] key) {
        int h = ByteKeyMap.hash(key);
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            Segment segment = segments.get(slot >>> SEGMENT_BITS);
            int i = slot & (segmentSlots - 1);
            byte[] k = segment != null ? segment.keys[i] : slots.keys()[slot];
            if (k == null) {
                return -1;
            }
            int hash = segment != null ? segment.hashes[i] : slots.hashes()[slot];
            if (hash == h && Arrays.equals(k, key)) {
                return slot;
            }
        }
    }

    /** Any thread: ends the image; a visit in progress stops at its next segment. */
    public void stop() {
        closed = true;
    }

    /** Engine thread: stops keeping the image (stopping it first if needed). */
    public void close() {
        stop();
        live.removeImage(this);
    }
}
