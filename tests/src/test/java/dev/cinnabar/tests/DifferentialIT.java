// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The differential harness: runs every script in {@code src/test/resources/diff/} against an in-process
 * Cinnabar and a real {@code redis-server}, one fresh connection per script on each, and compares every
 * reply byte for byte. Run one family with {@code -Ddiff.only=strings} (a file-name prefix).
 */
class DifferentialIT extends AgainstRedis {
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
        List<String> failures = new ArrayList<>();
        try (RespConnection r = new RespConnection(redis.port());
             RespConnection c = new RespConnection(cinnabar.port())) {
            reset(r);
            reset(c);
            for (DiffScript.Step step : script.steps()) {
                if (step.mode() == DiffScript.Mode.SLEEP) {
                    Thread.sleep(step.sleepMillis());
                    continue;
                }
                r.send(step.argv());
                c.send(step.argv());
                for (int n = 0; n < step.replies(); n++) {
                    byte[] expected = r.readReply();
                    byte[] actual = c.readReply();
                    boolean same = switch (step.mode()) {
                        case EXACT -> Arrays.equals(expected, actual);
                        case UNORDERED -> RawReply.equalUnordered(expected, actual);
                        default -> true;
                    };
                    if (!same) {
                        failures.add(String.format("%s:%d: %s%n    redis:    %s%n    cinnabar: %s", script.name(),
                                step.line(), step.text(), RawReply.show(expected), RawReply.show(actual)));
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " replies differ from Redis:\n" + String.join("\n", failures));
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
