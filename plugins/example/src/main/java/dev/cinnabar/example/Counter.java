// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.example;

/** The value of the example's {@code counter} type: a count and how many times it was bumped. */
public final class Counter {
    long value;
    long bumps;

    Counter(long value, long bumps) {
        this.value = value;
        this.bumps = bumps;
    }
}
