// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.client.MultiState;

/**
 * One line of CLIENT LIST and CLIENT INFO, with Redis 7.0.15's fields in its order. Fields about Redis's
 * own buffers ({@code qbuf}, {@code qbuf-free}, {@code rbs}, {@code rbp}, {@code oll}, {@code omem}) have
 * no equivalent here and are 0; {@code argv-mem}, {@code multi-mem}, {@code obl} and {@code tot-mem} count
 * what this engine holds for the client.
 */
public final class ClientInfo {
    /** Bytes Redis counts per queued argument besides its text: one {@code robj*} pointer. */
    private static final int POINTER_BYTES = 8;

    private ClientInfo() {
    }

    /**
     * The line for {@code c} without a trailing newline.
     *
     * @param current the arguments of the command running now, counted as {@code c}'s if it is the caller
     */
    public static String line(Client c, Client caller, byte[][] current, long nowMillis) {
        long argvMem = argvBytes(c == caller ? current : c.postponed != null ? c.postponed
                : c.blocked != null ? c.blocked.argv : null);
        long multiMem = 0;
        for (MultiState.Queued q : c.multi.queue) {
            multiMem += argvBytes(q.argv()) + (long) POINTER_BYTES * q.argv().length;
        }
        int obl = c.outputBytes();
        StringBuilder sb = new StringBuilder(256);
        sb.append("id=").append(c.id())
                .append(" addr=").append(c.addr)
                .append(" laddr=").append(c.laddr)
                .append(" fd=").append(c.fd)
                .append(" name=").append(c.name == null ? "" : c.name)
                .append(" age=").append(seconds(nowMillis) - seconds(c.createdAt))
                .append(" idle=").append(seconds(nowMillis) - seconds(c.lastInteraction))
                .append(" flags=").append(flags(c))
                .append(" db=").append(c.db)
                .append(" sub=").append(c.subscriptions.channels.size())
                .append(" psub=").append(c.subscriptions.patterns.size())
                .append(" ssub=").append(c.subscriptions.shardChannels.size())
                .append(" multi=").append(c.multi.active ? c.multi.queue.size() : -1)
                .append(" qbuf=0 qbuf-free=0")
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=0 rbp=0")
                .append(" obl=").append(obl)
                .append(" oll=0 omem=0")
                .append(" tot-mem=").append(argvMem + multiMem + obl)
                .append(" events=").append(c.channel() == null ? "" : "r")
                .append(" cmd=").append(c.lastCommand == null ? "NULL" : c.lastCommand.fullName())
                .append(" user=").append(c.user)
                .append(" redir=-1")
                .append(" resp=").append(c.protocol);
        return sb.toString();
    }

    /** Redis's flag letters in its order; N for none. */
    static String flags(Client c) {
        StringBuilder f = new StringBuilder(4);
        if (c.monitor) {
            f.append('O');
        }
        if (c.subscriptions.any()) {
            f.append('P');
        }
        if (c.multi.active) {
            f.append('x');
        }
        if (c.waiting()) {
            f.append('b');
        }
        if (c.multi.watchDirty) {
            f.append('d');
        }
        if (c.closeAfterReply) {
            f.append('c');
        }
        if (c.noEvict) {
            f.append('e');
        }
        return f.length() == 0 ? "N" : f.toString();
    }

    /** Whole Unix seconds: Redis subtracts its second-resolution clock readings. */
    private static long seconds(long millis) {
        return millis / 1000;
    }

    private static long argvBytes(byte[][] argv) {
        long sum = 0;
        if (argv != null) {
            for (byte[] a : argv) {
                sum += a.length;
            }
        }
        return sum;
    }
}
