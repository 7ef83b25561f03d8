// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.CallObserver;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.CommandFlag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The slow log ({@code slowlog.c}): commands that ran at least {@code slowlog-log-slower-than}
 * microseconds, newest first, at most {@code slowlog-max-len} of them. Engine thread only.
 */
final class SlowLog implements CallObserver {
    /** SLOWLOG_ENTRY_MAX_ARGC: arguments kept per entry; the last one kept says how many were dropped. */
    static final int MAX_ARGS = 32;
    /** SLOWLOG_ENTRY_MAX_STRING: bytes kept per argument. */
    static final int MAX_STRING = 128;

    /** One logged command. */
    record Entry(long id, long unixSeconds, long micros, List<byte[]> args, String peer, String clientName) {
    }

    private final Engine engine;
    private final Deque<Entry> entries = new ArrayDeque<>();
    /** Ids keep growing across SLOWLOG RESET, as in Redis. */
    private long nextId;

    SlowLog(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void called(Client client, Command command, byte[][] argv, long micros) {
        long threshold = engine.coreConfig().slowlogSlowerThan;
        long maxLen = engine.coreConfig().slowlogMaxLen;
        if (threshold < 0 || maxLen == 0 || micros < threshold || command.has(CommandFlag.SKIP_SLOWLOG)) {
            return;
        }
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros,
                truncate(argv), client.addr,
                client.name == null ? "" : client.name));
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    /** Keeps at most {@link #MAX_ARGS} arguments of at most {@link #MAX_STRING} bytes, saying what was cut. */
    static List<byte[]> truncate(byte[][] argv) {
        int kept = Math.min(argv.length, MAX_ARGS);
        byte[][] out = new byte[kept][];
        for (int j = 0; j < kept; j++) {
            if (kept != argv.length && j == kept - 1) {
                out[j] = ascii("... (" + (argv.length - kept + 1) + " more arguments)");
            } else if (argv[j].length > MAX_STRING) {
                byte[] suffix = ascii("... (" + (argv[j].length - MAX_STRING) + " more bytes)");
                out[j] = Arrays.copyOf(argv[j], MAX_STRING + suffix.length);
                System.arraycopy(suffix, 0, out[j], MAX_STRING, suffix.length);
            } else {
                out[j] = argv[j];
            }
        }
        return List.of(out);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Newest first. */
    Iterable<Entry> entries() {
        return entries;
    }

    int size() {
        return entries.size();
    }

    void reset() {
        entries.clear();
    }
}
