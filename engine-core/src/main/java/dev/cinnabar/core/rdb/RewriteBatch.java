// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.spi.ValueType.CommandSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Emits the commands that rebuild a collection in an AOF rewrite, as {@code aof.c}'s
 * {@code rewriteListObject} and its siblings do: the command, the key, then at most
 * {@link #ITEMS_PER_CMD} items per command. Not thread-safe.
 */
public final class RewriteBatch {
    /** AOF_REWRITE_ITEMS_PER_CMD: items (elements, members or pairs) per rebuilt command. */
    public static final int ITEMS_PER_CMD = 64;

    private final CommandSink sink;
    private final byte[] command;
    private final byte[] key;
    private final List<byte[]> argv = new ArrayList<>();
    private int items;

    public RewriteBatch(CommandSink sink, byte[] command, byte[] key) {
        this.sink = Objects.requireNonNull(sink, "sink is null");
        this.command = Objects.requireNonNull(command, "command is null");
        this.key = Objects.requireNonNull(key, "key is null");
    }

    /** Adds one item (one element, or a score and member, or a field and value). */
    public void add(byte[]... item) {
        if (items == 0) {
            argv.add(command);
            argv.add(key);
        }
        for (byte[] part : item) {
            argv.add(part);
        }
        if (++items == ITEMS_PER_CMD) {
            flush();
        }
    }

    /** Emits the last, partial command if any. */
    public void finish() {
        if (items > 0) {
            flush();
        }
    }

    private void flush() {
        sink.accept(argv.toArray(new byte[0][]));
        argv.clear();
        items = 0;
    }
}
