// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.client.MultiState;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.CommandFlag;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT PAUSE: which commands must wait, until when, and the clients holding one back (Redis's pause
 * state and its {@code BLOCKED_POSTPONE} clients). A held-back command stays unprocessed, with the rest of
 * its client's input behind it, until the pause ends; then it runs again from the dispatcher's checks, in
 * the order clients were held. Engine thread only.
 */
public final class ClientPause {
    /** What is paused, in increasing order: a later pause never relaxes an earlier one. */
    public enum Mode { OFF, WRITE, ALL }

    private final Engine engine;
    private final Set<Client> postponed = new LinkedHashSet<>();
    private Mode mode = Mode.OFF;
    /** Unix ms; may have wrapped around for huge timeouts, as Redis's does, which ends the pause at once. */
    private long endMillis;
    private ScheduledFuture<?> timer;

    ClientPause(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
    }

    /**
     * Pauses until {@code endMillis}. While a pause is on, the stricter mode and the later end win, as
     * Redis's {@code pauseClients} keeps the maximum of both.
     */
    public void pause(Mode requested, long endMillis) {
        if (mode == Mode.OFF) {
            this.endMillis = endMillis;
        } else {
            this.endMillis = Math.max(this.endMillis, endMillis);
        }
        mode = requested.compareTo(mode) > 0 ? requested : mode;
        schedule();
    }

    /** Ends the pause now (CLIENT UNPAUSE or the timeout): held-back commands run again after this one. */
    public void unpause() {
        mode = Mode.OFF;
        endMillis = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (postponed.isEmpty()) {
            return;
        }
        List<Client> held = new ArrayList<>(postponed);
        postponed.clear();
        // as Redis queues unblocked clients for the event loop, not inside the command that unpaused
        engine.loop().execute(() -> rerun(held));
    }

    private void schedule() {
        if (timer != null) {
            timer.cancel(false);
        }
        long now = System.currentTimeMillis();
        // compared before subtracting: an end that wrapped around must not wrap back into the far future
        long delay = endMillis <= now ? 0 : endMillis - now;
        timer = engine.loop().schedule(this::expire, delay, TimeUnit.MILLISECONDS);
    }

    private void expire() {
        timer = null;
        if (mode == Mode.OFF) {
            return;
        }
        if (System.currentTimeMillis() >= endMillis) {
            unpause();
        } else {
            schedule();
        }
    }

    private void rerun(List<Client> held) {
        for (Client c : held) {
            byte[][] argv = c.postponed;
            if (c.closed || argv == null) {
                continue;
            }
            c.postponed = null;
            engine.dispatcher().process(c, argv);
            if (!c.waiting()) {
                engine.resume(c);
            }
        }
        engine.afterBatch();
    }

    /**
     * True if {@code cmd} from {@code c} must wait: every command under ALL; under WRITE, writes, commands
     * that may replicate (PUBLISH, EVAL…) and an EXEC whose transaction holds one. Monitors are replicas to
     * Redis, and replicas are never paused.
     */
    boolean holds(Client c, Command cmd) {
        if (mode == Mode.OFF || c.monitor) {
            return false;
        }
        if (mode == Mode.ALL) {
            return true;
        }
        if (mayReplicate(cmd)) {
            return true;
        }
        if (cmd.fullName().equals("exec")) {
            for (MultiState.Queued q : c.multi.queue) {
                if (mayReplicate(q.command())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mayReplicate(Command cmd) {
        return cmd.isWrite() || cmd.has(CommandFlag.MAY_REPLICATE);
    }

    /** Clients holding a command back: Redis 7.0 counts them in INFO's {@code blocked_clients}. */
    public int heldClients() {
        return postponed.size();
    }

    /** Holds {@code argv} back until the pause ends. */
    void postpone(Client c, byte[][] argv) {
        c.postponed = argv;
        postponed.add(c);
    }

    /** Forgets a disconnected client's held-back command. */
    void forget(Client c) {
        postponed.remove(c);
        c.postponed = null;
    }
}
