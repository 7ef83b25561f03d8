// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.ValueType;

/** The {@code stream} type: what TYPE and OBJECT ENCODING say, and its persistence. */
final class StreamType implements ValueType<Stream> {
    @Override
    public String name() {
        return "stream";
    }

    @Override
    public Class<Stream> valueClass() {
        return Stream.class;
    }

    @Override
    public String encoding(Stream value) {
        return "stream";
    }

    @Override
    public Stream copy(Stream value) {
        throw new UnsupportedOperationException("stream copy is not written yet");
    }
}
