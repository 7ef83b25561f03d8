// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.spi.Arguments;

/** {@link Arguments} over the decoded argument array. */
public final class ArgumentsView implements Arguments {
    private byte[][] argv;

    public ArgumentsView(byte[][] argv) {
        this.argv = argv;
    }

    void reset(byte[][] argv) {
        this.argv = argv;
    }

    @Override
    public int size() {
        return argv.length;
    }

    @Override
    public byte[] get(int index) {
        return argv[index];
    }
}
