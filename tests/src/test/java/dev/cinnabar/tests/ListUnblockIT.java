// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CLIENT UNBLOCK on a client blocked by a list command, on Cinnabar and Redis: client ids differ between
 * the servers, so this cannot be a differential script. Every reply is compared byte for byte.
 */
class ListUnblockIT extends AgainstRedis {
    private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");

    @ParameterizedTest
    @CsvSource({
        "TIMEOUT, BLPOP q1 q2 0",
        "ERROR, BRPOP q1 0",
        "TIMEOUT, BLMOVE q1 dst LEFT RIGHT 0",
        "ERROR, BRPOPLPUSH q1 dst 10",
        "TIMEOUT, BLMPOP 0 2 q1 q2 LEFT COUNT 3",
        "ERROR, BLMPOP 0 1 q1 RIGHT",
    })
    void unblockingAListWaiterRepliesAsRedis(String reason, String command) throws Exception {
        assertEquals(transcript(redis.port(), reason, command), transcript(cinnabar.port(), reason, command));
    }

    /** What both connections see: the unblock reply, the waiter's reply, then the key state. */
    private static List<String> transcript(int port, String reason, String command) throws Exception {
        List<String> out = new ArrayList<>();
        try (RespConnection waiter = new RespConnection(port); RespConnection admin = new RespConnection(port)) {
            admin.call("FLUSHALL");
            String id = text(waiter.call("CLIENT", "ID")).substring(1).strip();
            waiter.send(argv(command));
            awaitBlocked(admin, 1);
            out.add(text(admin.call("CLIENT", "UNBLOCK", id, reason)));
            out.add(text(waiter.readReply()));
            out.add(text(admin.call("CLIENT", "UNBLOCK", id, reason)));
            out.add(blocked(admin) + " blocked");
            // the connection is usable again and nothing was moved
            out.add(text(waiter.call("RPUSH", "q1", "after")));
            out.add(text(admin.call("EXISTS", "dst")));
            admin.call("FLUSHALL");
        }
        return out;
    }

    private static byte[][] argv(String command) {
        String[] words = command.split(" ");
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return argv;
    }

    private static void awaitBlocked(RespConnection admin, int n) throws Exception {
        for (int i = 0; i < 500 && blocked(admin) != n; i++) {
            Thread.sleep(10);
        }
        assertEquals(n, blocked(admin));
    }

    private static int blocked(RespConnection admin) throws IOException {
        Matcher m = BLOCKED.matcher(text(admin.call("INFO", "clients")));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }
}
