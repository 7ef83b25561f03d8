// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.core.command.CommandTable;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;
import dev.cinnabar.spi.RedisError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * COMMAND GETKEYS and GETKEYSANDFLAGS agree with Redis 7.0.15 on about a thousand command lines: every
 * command with keys at its minimum arity and longer, counts in key positions, and hand-written lines for
 * the commands that find their keys themselves (SORT, MIGRATE, GEORADIUS, XREAD, SET, BITFIELD …).
 */
class GetKeysTest {
    private static final String GOLDEN = "/dev/cinnabar/core/family/server/getkeys-7.0.15.json";

    @Test
    void keysOfEveryRecordedCommandLineEqualRedis() throws IOException {
        CommandTable table = CommandInfoTest.everyCommand();
        try (InputStream in = GetKeysTest.class.getResourceAsStream(GOLDEN)) {
            for (JsonNode line : new ObjectMapper().readTree(in)) {
                List<byte[]> argv = new ArrayList<>();
                line.get(0).forEach(a -> argv.add(a.asText().getBytes(StandardCharsets.UTF_8)));
                byte[][] args = argv.toArray(new byte[0][]);
                if (args.length < 2) {
                    // COMMAND GETKEYS needs the command and at least one argument: the dispatcher's arity check
                    continue;
                }
                assertEquals(text(line.get(1)), run(table, args, false), line.get(0).toString());
                assertEquals(text(line.get(2)), run(table, args, true), line.get(0).toString() + " with flags");
            }
        }
    }

    private static String run(CommandTable table, byte[][] argv, boolean withFlags) {
        ValueReplyWriter out = new ValueReplyWriter(2);
        try {
            CommandCommand.writeKeys(table, argv, withFlags, out);
        } catch (RedisError e) {
            return "-" + e.line();
        }
        return text(out.take().get(0));
    }

    private static String text(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        StringBuilder sb = new StringBuilder("[");
        n.forEach(x -> sb.append(text(x)).append(','));
        return sb.append(']').toString();
    }

    private static String text(RespValue v) {
        if (v instanceof RespValue.Simple s) {
            return "+" + s.value();
        }
        if (v instanceof RespValue.Bulk b) {
            return "$" + b.text();
        }
        StringBuilder sb = new StringBuilder("[");
        for (RespValue item : ((RespValue.Array) v).items()) {
            sb.append(text(item)).append(',');
        }
        return sb.append(']').toString();
    }
}
