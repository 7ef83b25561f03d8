// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.KeyAccess;
import dev.cinnabar.spi.KeySpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Rule parsing, selectors and permission checks on a small command table. */
class RulesTest {
    private static CommandSpec spec(String name, List<String> categories, CommandFlag... flags) {
        return new CommandSpec(name, -1, Set.of(flags), categories, List.of(KeySpec.range(1, 0, 1)), "g", "", null);
    }

    private static final List<CommandSpec> TABLE = List.of(
            spec("get", List.of("STRING"), CommandFlag.READONLY, CommandFlag.FAST),
            spec("set", List.of("STRING"), CommandFlag.WRITE),
            spec("hget", List.of("HASH"), CommandFlag.READONLY, CommandFlag.FAST),
            spec("hset", List.of("HASH"), CommandFlag.WRITE, CommandFlag.FAST),
            spec("select", List.of("CONNECTION"), CommandFlag.FAST),
            spec("client", List.of()),
            spec("client|id", List.of("CONNECTION")),
            spec("client|kill", List.of("CONNECTION"), CommandFlag.ADMIN),
            spec("auth", List.of("CONNECTION"), CommandFlag.NO_AUTH, CommandFlag.FAST));

    private final CommandIndex index = new CommandIndex(TABLE);
    private final CommandRules rules = new CommandRules(index);

    private User user(String... ops) {
        User u = new User("u", index, false);
        for (String op : ops) {
            u.apply(bytes(op), null);
        }
        return u;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private Permissions.Denial check(User u, String... argv) {
        byte[][] line = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            line[i] = bytes(argv[i]);
        }
        String name = argv[0].toLowerCase();
        if (index.id(name) >= 0 && index.hasSubcommands(index.id(name))) {
            name = name + "|" + argv[1].toLowerCase();
        }
        CommandSpec spec = index.spec(index.id(name));
        List<KeyAccess> keys = new ArrayList<>();
        if (!name.startsWith("client") && !name.equals("select") && !name.equals("auth")) {
            boolean write = spec.has(CommandFlag.WRITE);
            keys.add(new KeyAccess(1, !write, write));
        }
        return Permissions.check(u, index, spec, line, () -> keys);
    }

    private static RuleError refusal(Runnable r) {
        return assertThrows(RuleError.Refused.class, r::run).reason();
    }

    @Test
    void implicitCategoriesComeFromTheFlags() {
        assertEquals(true, index.inCategory(index.id("get"), Category.READ));
        assertEquals(true, index.inCategory(index.id("get"), Category.FAST));
        assertEquals(true, index.inCategory(index.id("set"), Category.SLOW));
        assertEquals(true, index.inCategory(index.id("client|kill"), Category.DANGEROUS));
        assertEquals(true, index.inCategory(index.id("client"), Category.SLOW));
    }

    @Test
    void aNewUserCanRunNothing() {
        User u = user("on", "nopass");
        assertEquals(AclLog.Reason.COMMAND, check(u, "get", "k").reason());
        assertEquals("-@all", rules.describe(u.root()));
    }

    @Test
    void commandsNeedTheCommandAndEveryKey() {
        User u = user("+get", "~k*");
        assertNull(check(u, "get", "k1"));
        assertEquals(new Permissions.Denial(AclLog.Reason.KEY, 1), check(u, "get", "x"));
        assertEquals(AclLog.Reason.COMMAND, check(u, "set", "k1").reason());
    }

    @Test
    void readAndWritePatternsGrantOnlyTheirAccess() {
        User u = user("+@all", "%R~r*", "%W~w*");
        assertNull(check(u, "get", "r1"));
        assertEquals(AclLog.Reason.KEY, check(u, "set", "r1").reason());
        assertNull(check(u, "set", "w1"));
        assertEquals(AclLog.Reason.KEY, check(u, "get", "w1").reason());
        assertEquals("%R~r* %W~w*", String.join(" ", u.root().patterns.stream().map(KeyPattern::describe).toList()));
        User both = user("%R~k", "%W~k");
        assertEquals("~k", both.root().patterns.get(0).describe());
    }

    @Test
    void containersCarryTheirSubcommandsAndSubcommandsCanBeDeniedAlone() {
        User u = user("+client", "-client|kill");
        assertNull(check(u, "client", "id"));
        assertEquals(AclLog.Reason.COMMAND, check(u, "client", "kill").reason());
        assertEquals("-@all +client -client|kill", rules.describe(u.root()));
    }

    @Test
    void firstArgumentsOpenAnOtherwiseDeniedCommand() {
        User u = user("+select|0", "+SELECT|0", "allkeys");
        assertNull(check(u, "select", "0"));
        assertEquals(AclLog.Reason.COMMAND, check(u, "select", "1").reason());
        assertEquals("-@all +select|0", rules.describe(u.root()));
        assertEquals(RuleError.FIRST_ARG_OF_SUBCOMMAND, refusal(() -> user("+client|id|x")));
        assertEquals(RuleError.UNKNOWN_NAME, refusal(() -> user("-select|0")));
        assertEquals(RuleError.UNKNOWN_NAME, refusal(() -> user("+get|a|b")));
        assertEquals(RuleError.UNKNOWN_NAME, refusal(() -> user("+client|nosuch")));
        assertEquals(RuleError.SYNTAX, refusal(() -> user("+select|")));
    }

    @Test
    void noAuthCommandsAreAlwaysAllowed() {
        assertNull(check(user("-@all"), "auth", "x"));
    }

    @Test
    void refusedRulesNameRedisReasons() {
        assertEquals(RuleError.UNKNOWN_NAME, refusal(() -> user("+nosuch")));
        assertEquals(RuleError.UNKNOWN_NAME, refusal(() -> user("+@nosuch")));
        assertEquals(RuleError.SYNTAX, refusal(() -> user("foo")));
        assertEquals(RuleError.SYNTAX, refusal(() -> user("%~k")));
        assertEquals(RuleError.SYNTAX, refusal(() -> user("%X~k")));
        assertEquals(RuleError.SYNTAX, refusal(() -> user("~a b")));
        assertEquals(RuleError.SYNTAX, refusal(() -> user("&a\u0000b")));
        assertEquals(RuleError.KEY_AFTER_ALL, refusal(() -> user("allkeys", "~k")));
        assertEquals(RuleError.CHANNEL_AFTER_ALL, refusal(() -> user("allchannels", "&c")));
        assertEquals(RuleError.NO_SUCH_PASSWORD, refusal(() -> user("<nope")));
        assertEquals(RuleError.BAD_HASH, refusal(() -> user("#abc")));
    }

    @Test
    void describingFindsTheBestCategoriesThenSingleCommands() {
        assertEquals("+@all", rules.describe(user("+@all").root()));
        assertEquals("+@all -@hash", rules.describe(user("+@all", "-@hash").root()));
        assertEquals("-@all +@hash", rules.describe(user("+@hash").root()));
        assertEquals("-@all +hget", rules.describe(user("+@hash", "-hset").root()));
        // with only two string commands, -@string +get is not a better fit than -set
        assertEquals("+@all -set", rules.describe(user("allcommands", "-@string", "+get").root()));
    }

    @Test
    void oneSelectorMustAllowTheWholeCommand() {
        User u = user("+get", "~a*");
        u.selectors.add(selector("+set", "~b*"));
        assertNull(check(u, "get", "a1"));
        assertNull(check(u, "set", "b1"));
        // each selector fails somewhere: the key is reported, it got further than the command
        assertEquals(AclLog.Reason.KEY, check(u, "get", "b1").reason());
        assertEquals(AclLog.Reason.KEY, check(u, "set", "a1").reason());
        assertEquals(AclLog.Reason.COMMAND, check(u, "hget", "a1").reason());
    }

    @Test
    void clearSelectorsAndResetKeepOnlyTheRoot() {
        User u = user("+get");
        u.selectors.add(selector("+set"));
        Users users = null;
        u.apply(bytes("clearselectors"), users);
        assertEquals(1, u.selectors.size());
    }

    @Test
    void selectorsSpreadOverArgumentsAreMergedAndAnOpenOneIsRefused() {
        List<byte[]> merged = Rules.mergeSelectors(List.of(bytes("on"), bytes("(~a*"), bytes("+get)"), bytes("off")));
        assertEquals(List.of("on", "(~a* +get)", "off"), merged.stream().map(b -> new String(b)).toList());
        assertNull(Rules.mergeSelectors(List.of(bytes("(~a*"), bytes("+get"))));
        assertEquals(0, Rules.unclosedAt(List.of(bytes("(~a*"), bytes("+get"))));
    }

    @Test
    void channelPatternsMatchChannelsButPatternsOnlyLiterally() {
        Selector s = selector("&news:*");
        assertEquals(true, s.allowsChannel(bytes("news:1"), false));
        assertEquals(false, s.allowsChannel(bytes("sport"), false));
        assertEquals(true, s.allowsChannel(bytes("news:*"), true));
        assertEquals(false, s.allowsChannel(bytes("news:1*"), true));
        assertEquals(false, s.allowsChannel(bytes("*"), true));
    }

    private Selector selector(String... ops) {
        Selector s = new Selector(index, false, false);
        for (String op : ops) {
            s.apply(bytes(op));
        }
        return s;
    }
}
