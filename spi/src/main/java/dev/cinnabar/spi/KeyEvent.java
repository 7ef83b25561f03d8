// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** Keyspace notification classes, with the letter that enables each in {@code notify-keyspace-events}. */
public enum KeyEvent {
    GENERIC('g'), STRING('$'), LIST('l'), SET('s'), HASH('h'), ZSET('z'), EXPIRED('x'), EVICTED('e'),
    STREAM('t'), KEY_MISS('m'), MODULE('d'), NEW('n');

    private final char letter;

    KeyEvent(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }
}
