// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection commands through the embedded engine. */
class ConnectionCommandsTest {
    private Engine engine;

    @BeforeEach
    void open() {
        engine = Engine.open();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private RespValue run(String... args) {
        return engine.execute(args);
    }

    private static RespValue ok() {
        return new RespValue.Simple("OK");
    }

    private static RespValue error(String line) {
        return new RespValue.Error(line);
    }

    private static RespValue bulk(String text) {
        return new RespValue.Bulk(text.getBytes());
    }

    @Test
    void pingRepliesPongOrItsMessage() {
        assertEquals(new RespValue.Simple("PONG"), run("PING"));
        assertEquals(bulk("hi"), run("PING", "hi"));
        assertEquals(error("ERR wrong number of arguments for 'ping' command"), run("PING", "a", "b"));
    }

    @Test
    void echoRepliesItsArgument() {
        assertEquals(bulk(""), run("ECHO", ""));
        assertEquals(bulk("a b"), run("ECHO", "a b"));
    }

    @Test
    void selectSwitchesDatabaseAndRejectsWhatIsNoIndex() {
        run("SET", "k", "v");
        assertEquals(ok(), run("SELECT", "15"));
        assertEquals(new RespValue.Null(), run("GET", "k"));
        assertEquals(error("ERR DB index is out of range"), run("SELECT", "16"));
        assertEquals(error("ERR DB index is out of range"), run("SELECT", "-1"));
        assertEquals(error("ERR value is not an integer or out of range"), run("SELECT", "1.0"));
        assertEquals(error("ERR value is out of range, value must between -2147483648 and 2147483647"),
                run("SELECT", "2147483648"));
        assertEquals(ok(), run("SELECT", "0"));
        assertEquals(bulk("v"), run("GET", "k"));
    }

    @Test
    void authWithoutPasswordConfiguredAcceptsTheDefaultUserOnly() {
        assertEquals(error("ERR AUTH <password> called without any password configured for the default user. "
                + "Are you sure your configuration is correct?"), run("AUTH", "pw"));
        assertEquals(ok(), run("AUTH", "default", "anything"));
        assertEquals(error("WRONGPASS invalid username-password pair or user is disabled."),
                run("AUTH", "nobody", "pw"));
        assertEquals(error("ERR syntax error"), run("AUTH", "a", "b", "c"));
    }

    @Test
    void authWithRequirepassChecksThePassword() {
        try (Engine secured = Engine.open(java.util.Map.of("requirepass", "pw"))) {
            assertEquals(error("WRONGPASS invalid username-password pair or user is disabled."),
                    secured.execute("AUTH", "wrong"));
            assertEquals(ok(), secured.execute("AUTH", "pw"));
            assertEquals(ok(), secured.execute("AUTH", "default", "pw"));
        }
    }

    @Test
    void helloValidatesVersionThenOptionsInOrder() {
        assertEquals(error("NOPROTO unsupported protocol version"), run("HELLO", "4"));
        assertEquals(error("NOPROTO unsupported protocol version"), run("HELLO", "1", "bogus"));
        assertEquals(error("ERR Protocol version is not an integer or out of range"), run("HELLO", "3.0"));
        assertEquals(error("ERR Syntax error in HELLO option 'AUTH'"), run("HELLO", "2", "AUTH", "default"));
        assertEquals(error("ERR Syntax error in HELLO option 'SetName'"), run("HELLO", "2", "SetName"));
        assertEquals(error("ERR Client names cannot contain spaces, newlines or special characters."),
                run("HELLO", "2", "SETNAME", "a b"));
        assertEquals(error("WRONGPASS invalid username-password pair or user is disabled."),
                run("HELLO", "2", "AUTH", "nobody", "x"));
    }

    @Test
    void helloSetnameBeforeABadOptionStaysSet() {
        assertEquals(error("ERR Syntax error in HELLO option 'bogus'"), run("HELLO", "2", "SETNAME", "kept", "bogus"));
        assertEquals(bulk("kept"), run("CLIENT", "GETNAME"));
    }

    @Test
    void helloRepliesTheServerMapAndSwitchesProtocol() {
        RespValue.Array reply = assertInstanceOf(RespValue.Array.class, run("HELLO", "2", "SETNAME", "me"));
        List<RespValue> items = reply.items();
        assertEquals(14, items.size());
        assertEquals(List.of(bulk("server"), bulk("redis"), bulk("version"), bulk("7.0.15"), bulk("proto"),
                new RespValue.Integer(2)), items.subList(0, 6));
        assertEquals(List.of(bulk("mode"), bulk("standalone"), bulk("role"), bulk("master"), bulk("modules"),
                new RespValue.Array('*', List.of())), items.subList(8, 14));
        assertEquals(List.of(bulk("id"), run("CLIENT", "ID")), items.subList(6, 8));
        run("HELLO", "3");
        RespValue.Map map = assertInstanceOf(RespValue.Map.class, run("HELLO"));
        assertEquals(new RespValue.Integer(3), map.entries().get(5));
        assertEquals(new RespValue.Null(), run("GET", "missing"));
    }

    @Test
    void helloRepliesInTheProtocolItSwitchesTo() {
        assertInstanceOf(RespValue.Map.class, run("HELLO", "3"));
        assertInstanceOf(RespValue.Array.class, run("HELLO", "2"));
    }

    @Test
    void clientSetnameAcceptsPrintableAsciiOnly() {
        assertEquals(new RespValue.Null(), run("CLIENT", "GETNAME"));
        assertEquals(ok(), run("CLIENT", "SETNAME", "!~name"));
        assertEquals(bulk("!~name"), run("CLIENT", "GETNAME"));
        for (String bad : List.of("a b", "a\nb", "caf\u00e9", "\u007f")) {
            assertEquals(error("ERR Client names cannot contain spaces, newlines or special characters."),
                    run("CLIENT", "SETNAME", bad));
        }
        assertEquals(ok(), run("CLIENT", "SETNAME", ""));
        assertEquals(new RespValue.Null(), run("CLIENT", "GETNAME"));
    }

    @Test
    void clientInfoDescribesTheEmbeddedClientWithoutASocket() {
        RespValue.Bulk info = assertInstanceOf(RespValue.Bulk.class, run("CLIENT", "INFO"));
        String id = run("CLIENT", "ID").toString().substring("(integer) ".length());
        assertEquals("id=" + id + " addr=?:0 laddr=?:0 fd=-1 name= age=A idle=I flags=N db=0 sub=0 psub=0 ssub=0 "
                + "multi=-1 qbuf=0 qbuf-free=0 argv-mem=10 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=10 "
                + "events= cmd=client|info user=default redir=-1 resp=2\n",
                info.text().replaceFirst(" age=\\d+ idle=\\d+ ", " age=A idle=I "));
    }

    @Test
    void clientListFiltersValidateBeforeListing() {
        assertEquals(error("ERR Unknown client type 'foo'"), run("CLIENT", "LIST", "TYPE", "foo"));
        assertEquals(error("ERR Invalid client ID"), run("CLIENT", "LIST", "ID", "1", "x"));
        assertEquals(error("ERR syntax error"), run("CLIENT", "LIST", "TYPE"));
        assertEquals(bulk(""), run("CLIENT", "LIST", "TYPE", "replica"));
        assertEquals(bulk(""), run("CLIENT", "LIST", "ID", "99999"));
    }

    @Test
    void clientKillParsesFiltersAsRedisDoes() {
        assertEquals(error("ERR No such client"), run("CLIENT", "KILL", "1.2.3.4:5"));
        assertEquals(error("ERR client-id should be greater than 0"), run("CLIENT", "KILL", "ID", "0"));
        assertEquals(error("ERR Unknown client type 'x'"), run("CLIENT", "KILL", "TYPE", "x"));
        assertEquals(error("ERR No such user 'bob'"), run("CLIENT", "KILL", "USER", "bob"));
        assertEquals(error("ERR syntax error"), run("CLIENT", "KILL", "SKIPME", "maybe"));
        assertEquals(error("ERR syntax error"), run("CLIENT", "KILL", "ID", "1", "TYPE"));
        assertEquals(new RespValue.Integer(0), run("CLIENT", "KILL", "USER", "default", "TYPE", "master"));
    }

    @Test
    void clientPauseValidatesModeBeforeTimeout() {
        assertEquals(error("ERR CLIENT PAUSE mode must be WRITE or ALL"), run("CLIENT", "PAUSE", "abc", "foo"));
        assertEquals(error("ERR timeout is not an integer or out of range"), run("CLIENT", "PAUSE", "1.5"));
        assertEquals(error("ERR timeout is negative"), run("CLIENT", "PAUSE", "-1"));
        assertEquals(error("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP."),
                run("CLIENT", "PAUSE", "1", "ALL", "x"));
    }

    @Test
    void aPausedEmbeddedWriteWaitsForTheTimeout() {
        assertEquals(ok(), run("CLIENT", "PAUSE", "300", "WRITE"));
        assertEquals(new RespValue.Null(), run("GET", "k"));
        long start = System.nanoTime();
        assertEquals(ok(), run("SET", "k", "v"));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 200);
        assertEquals(bulk("v"), run("GET", "k"));
    }

    @Test
    void clientUnpauseReleasesAtOnce() {
        run("CLIENT", "PAUSE", "100000", "WRITE");
        assertEquals(ok(), run("CLIENT", "UNPAUSE"));
        assertEquals(ok(), run("SET", "k", "v"));
    }

    @Test
    void trackingIsOffAndCannotBeTurnedOn() {
        assertEquals(new RespValue.Integer(-1), run("CLIENT", "GETREDIR"));
        assertEquals(ok(), run("CLIENT", "TRACKING", "OFF"));
        assertEquals(error("ERR You can't specify both OPTIN mode and OPTOUT mode"),
                run("CLIENT", "TRACKING", "ON", "OPTIN", "OPTOUT"));
        assertEquals(error("ERR client-side caching (CLIENT TRACKING ON) is not supported by Cinnabar"),
                run("CLIENT", "TRACKING", "ON"));
        assertEquals(error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN "
                + "or OPTOUT mode enabled"), run("CLIENT", "CACHING", "YES"));
        RespValue.Array info = assertInstanceOf(RespValue.Array.class, run("CLIENT", "TRACKINGINFO"));
        assertEquals(List.of(bulk("flags"), new RespValue.Array('*', List.of(bulk("off"))), bulk("redirect"),
                new RespValue.Integer(-1), bulk("prefixes"), new RespValue.Array('*', List.of())), info.items());
    }

    @Test
    void clientHelpListsEverySubcommand() {
        RespValue.Array help = assertInstanceOf(RespValue.Array.class, run("CLIENT", "HELP"));
        assertEquals(48, help.items().size());
        assertEquals(new RespValue.Simple("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
                help.items().get(0));
        assertEquals(new RespValue.Simple("    Prints this help."), help.items().get(47));
    }

    @Test
    void clientNoEvictSetsTheFlag() {
        assertEquals(ok(), run("CLIENT", "NO-EVICT", "on"));
        assertTrue(((RespValue.Bulk) run("CLIENT", "INFO")).text().contains(" flags=e "));
        assertEquals(error("ERR syntax error"), run("CLIENT", "NO-EVICT", "maybe"));
    }

    @Test
    void clientUnblockOfNoBlockedClientRepliesZero() {
        assertEquals(new RespValue.Integer(0), run("CLIENT", "UNBLOCK", "99999"));
        assertEquals(error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"),
                run("CLIENT", "UNBLOCK", "1", "later"));
        assertEquals(error("ERR value is not an integer or out of range"), run("CLIENT", "UNBLOCK", "x"));
    }

    @Test
    void resetRestoresTheConnectionDefaultsButKeepsNoEvict() {
        run("CLIENT", "SETNAME", "before");
        run("SELECT", "4");
        run("CLIENT", "NO-EVICT", "on");
        run("HELLO", "3");
        assertEquals(new RespValue.Simple("RESET"), run("RESET"));
        assertEquals(new RespValue.Null(), run("CLIENT", "GETNAME"));
        String info = ((RespValue.Bulk) run("CLIENT", "INFO")).text();
        assertTrue(info.contains(" db=0 ") && info.contains(" resp=2") && info.contains(" flags=e "), info);
    }

    @Test
    void monitorIsRefusedToTheEmbeddedClient() {
        assertEquals(error("ERR MONITOR isn't allowed for DENY BLOCKING client"), run("MONITOR"));
    }
}
