// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The differential harness: runs every script in {@code src/test/resources/diff/} against an in-process
 * Cinnabar and a real {@code redis-server}, on fresh connections for each script, and compares every reply
 * byte for byte. Run one family with {@code -Ddiff.only=strings} (a file-name prefix).
 *
 * <p>A script has one command per line in redis-cli quoting ({@code "..."} with {@code \x41 \n} escapes,
 * {@code '...'}), {@code # comments}, and these directives:
 * <dl>
 * <dt>{@code @unordered CMD…}</dt><dd>compare the top-level array (set, map) as a multiset, where Redis's
 *     order is nondeterministic</dd>
 * <dt>{@code @ignore-reply CMD…}</dt><dd>run on both, do not compare (random results)</dd>
 * <dt>{@code @replies N CMD…}</dt><dd>a command answering with N replies (SUBSCRIBE a b): compare each</dd>
 * <dt>{@code @sleep MILLIS}</dt><dd>wait</dd>
 * <dt>{@code @client NAME}</dt><dd>the following lines go to connection NAME, opened on its first use on
 *     both servers (after the script's FLUSHALL). Scripts start on {@code main}; {@code @client main}
 *     returns there. Every connection is closed at the end of the script.</dd>
 * <dt>{@code @send CMD…}</dt><dd>send on the current connection without reading the reply (a command
 *     that blocks: BLPOP, a write under CLIENT PAUSE…). Its reply is read later with {@code @recv}; a plain
 *     command on a connection whose {@code @send} replies are still unread is a script error.</dd>
 * <dt>{@code @recv}</dt><dd>read the oldest unread reply of the current connection on both servers (that
 *     of a {@code @send}, or a message pushed to a subscriber) and compare it exactly. A server that sends
 *     nothing within 5 s fails the script.</dd>
 * <dt>{@code @blocked N}</dt><dd>poll {@code INFO clients}, from a connection of the harness's own, until
 *     {@code blocked_clients} is N on both servers, at most 5 s, else fail. Use it after a {@code @send}
 *     that must be blocked before another client acts, so the order is the same on both servers. Clients
 *     held by CLIENT PAUSE count as blocked (as in Redis 7.0); under CLIENT PAUSE ALL the poll itself is
 *     held, so use it with PAUSE WRITE only.</dd>
 * </dl>
 * Each script runs after FLUSHALL, in RESP2 unless it sends HELLO 3. Scripts share the servers: restore
 * any CONFIG SET at the end. A reply awaited longer than 5 s (a plain command, or {@code @recv}) fails the
 * script at once with every difference seen so far, so blocking timeouts in scripts must stay well below
 * that.
 */
class DifferentialIT extends AgainstRedis {
    /** How long a reply, or {@code @blocked}'s count, is awaited before the script fails. */
    private static final int WAIT_MILLIS = 5000;
    private static final Pattern BLOCKED_CLIENTS = Pattern.compile("blocked_clients:(\\d+)");

    @TestFactory
    Stream<DynamicTest> scriptsGiveTheSameRepliesAsRedis() throws IOException, URISyntaxException {
        URL dir = DifferentialIT.class.getResource("/diff");
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            files = s.filter(p -> p.toString().endsWith(".redis")).sorted().toList();
        }
        String only = System.getProperty("diff.only", "");
        assertTrue(!files.isEmpty(), "no differential scripts found");
        return files.stream()
                .filter(p -> only.isEmpty() || p.getFileName().toString().startsWith(only))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
    }

    private static void run(Path file) throws Exception {
        DiffScript script = DiffScript.parse(file.getFileName().toString(),
                Files.readString(file, StandardCharsets.UTF_8));
        try (ScriptRun run = new ScriptRun(script)) {
            run.all();
        }
    }

    /** One connection named by a script, on both servers. */
    private record Pair(RespConnection onRedis, RespConnection onCinnabar) {
        static Pair open() throws IOException {
            RespConnection r = new RespConnection(redis.port());
            try {
                RespConnection c = new RespConnection(cinnabar.port());
                r.setTimeout(WAIT_MILLIS);
                c.setTimeout(WAIT_MILLIS);
                return new Pair(r, c);
            } catch (IOException e) {
                r.close();
                throw e;
            }
        }

        void close() {
            for (RespConnection conn : List.of(onRedis, onCinnabar)) {
                try {
                    conn.close();
                } catch (IOException e) {
                    // the script is over: a connection the server already dropped is fine
                }
            }
        }
    }

    /** The state of one script's run: its open connections, the current one, and the differences seen. */
    private static final class ScriptRun implements AutoCloseable {
        private final DiffScript script;
        private final Map<String, Pair> clients = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();
        private Pair current;
        /** The harness's own connection for {@code @blocked}, so it works while script connections block. */
        private Pair control;

        ScriptRun(DiffScript script) throws IOException {
            this.script = script;
            current = Pair.open();
            clients.put(DiffScript.MAIN, current);
        }

        void all() throws Exception {
            reset(current.onRedis());
            reset(current.onCinnabar());
            for (DiffScript.Step step : script.steps()) {
                switch (step.mode()) {
                    case SLEEP -> Thread.sleep(step.number());
                    case CLIENT -> {
                        current = clients.get(step.client());
                        if (current == null) {
                            current = Pair.open();
                            clients.put(step.client(), current);
                        }
                    }
                    case BLOCKED -> awaitBlocked(step);
                    case SEND -> {
                        current.onRedis().send(step.argv());
                        current.onCinnabar().send(step.argv());
                    }
                    case RECV -> compare(step, DiffScript.Mode.EXACT);
                    default -> {
                        current.onRedis().send(step.argv());
                        current.onCinnabar().send(step.argv());
                        for (int n = 0; n < step.replies(); n++) {
                            compare(step, step.mode());
                        }
                    }
                }
            }
            if (!failures.isEmpty()) {
                fail(failures.size() + " replies differ from Redis:\n" + String.join("\n", failures));
            }
        }

        private void compare(DiffScript.Step step, DiffScript.Mode mode) throws IOException {
            byte[] expected = read(step, current.onRedis(), "redis sent no reply", "");
            byte[] actual = read(step, current.onCinnabar(), "cinnabar sent no reply",
                    " (redis replied " + RawReply.show(expected) + ")");
            boolean same = switch (mode) {
                case UNORDERED -> RawReply.equalUnordered(expected, actual);
                case IGNORE -> true;
                default -> Arrays.equals(expected, actual);
            };
            if (!same) {
                failures.add(String.format("%s%n    redis:    %s%n    cinnabar: %s", where(step),
                        RawReply.show(expected), RawReply.show(actual)));
            }
        }

        private byte[] read(DiffScript.Step step, RespConnection conn, String missing, String detail)
                throws IOException {
            try {
                return conn.readReply();
            } catch (SocketTimeoutException e) {
                // the connections' state is unknown from here on: stop the script
                return stop(where(step) + ": " + missing + " within " + WAIT_MILLIS + " ms" + detail);
            }
        }

        private void awaitBlocked(DiffScript.Step step) throws IOException, InterruptedException {
            if (control == null) {
                control = Pair.open();
            }
            long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
            while (true) {
                long r = blockedClients(control.onRedis());
                long c = blockedClients(control.onCinnabar());
                if (r == step.number() && c == step.number()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    stop(String.format("%s: after %d ms blocked_clients is %d on redis and %d on cinnabar",
                            where(step), WAIT_MILLIS, r, c));
                }
                Thread.sleep(10);
            }
        }

        private long blockedClients(RespConnection conn) throws IOException {
            String info = new String(conn.call("INFO", "clients"), StandardCharsets.UTF_8);
            Matcher m = BLOCKED_CLIENTS.matcher(info);
            if (!m.find()) {
                stop("INFO clients has no blocked_clients: " + info);
            }
            return Long.parseLong(m.group(1));
        }

        private String where(DiffScript.Step step) {
            String client = step.client().equals(DiffScript.MAIN) ? "" : " [" + step.client() + "]";
            return script.name() + ":" + step.line() + client + ": " + step.text();
        }

        /** Fails the script now, with the differences seen so far. */
        private <T> T stop(String reason) {
            failures.add(reason);
            return fail(failures.size() + " failures, the last stopped the script:\n" + String.join("\n", failures));
        }

        @Override
        public void close() {
            clients.values().forEach(Pair::close);
            if (control != null) {
                control.close();
            }
        }
    }

    /** Both servers start each script empty, in db 0, with default notifications. */
    private static void reset(RespConnection conn) throws IOException {
        byte[] reply = conn.call("FLUSHALL");
        if (!"+OK\r\n".equals(new String(reply, StandardCharsets.US_ASCII))) {
            fail("FLUSHALL before the script failed: " + RawReply.show(reply));
        }
    }
}
