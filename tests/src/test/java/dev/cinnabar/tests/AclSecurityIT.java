// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.command.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attempts to get past ACLs over a real socket: every path to a dangerous command for a user without
 * {@code +@dangerous}, key names made to slip through key patterns, an unauthenticated client, clients of a
 * deleted user or a revoked channel. Expected replies are Redis 7.0.15's.
 */
class AclSecurityIT {
    private static final String NOAUTH = "-NOAUTH Authentication required.\r\n";
    private static final String NOPERM_KEY =
            "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n";
    private static CinnabarServer server;
    private final List<RespConnection> open = new ArrayList<>();

    @BeforeAll
    static void start() throws InterruptedException {
        server = CinnabarServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (RespConnection c : open) {
            c.close();
        }
        open.clear();
        try (RespConnection admin = new RespConnection(server.port())) {
            String users = text(admin.call("ACL", "USERS"));
            for (String line : users.split("\r\n")) {
                if (!line.isEmpty() && !line.startsWith("*") && !line.startsWith("$") && !line.equals("default")) {
                    admin.call("ACL", "DELUSER", line);
                }
            }
            admin.call("ACL", "SETUSER", "default", "reset", "on", "nopass", "~*", "&*", "+@all");
            admin.call("CONFIG", "SET", "requirepass", "");
            admin.call("ACL", "LOG", "RESET");
            admin.call("FLUSHALL");
        }
    }

    private RespConnection connect() throws IOException {
        RespConnection c = new RespConnection(server.port());
        open.add(c);
        return c;
    }

    private RespConnection as(String user, String password) throws IOException {
        RespConnection c = connect();
        assertEquals("+OK\r\n", text(c.call("AUTH", user, password)));
        return c;
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    private static String call(RespConnection c, String... args) throws IOException {
        return text(c.call(args));
    }

    private static String callBytes(RespConnection c, byte[]... argv) throws IOException {
        c.send(argv);
        return text(c.readReply());
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anUnauthenticatedClientGetsNoauthForEverythingButAuthHelloQuitAndReset() throws Exception {
        RespConnection admin = connect();
        call(admin, "SET", "survivor", "v");
        call(admin, "CONFIG", "SET", "requirepass", "secret");
        RespConnection anon = connect();
        List<String> tried = new ArrayList<>();
        for (Command cmd : server.engine().commands().all()) {
            List<Command> targets = cmd.subcommands().isEmpty() ? List.of(cmd) : List.copyOf(cmd.subcommands().values());
            for (Command target : targets) {
                String name = target.fullName();
                if (List.of("auth", "hello", "quit", "reset").contains(name)) {
                    continue;
                }
                int arity = Math.abs(target.spec().arity());
                List<String> argv = new ArrayList<>(List.of(name.split("\\|")));
                while (argv.size() < Math.max(arity, argv.size())) {
                    argv.add("x");
                }
                String reply = call(anon, argv.toArray(String[]::new));
                if (name.equals("debug") || name.equals("module")) {
                    // refused earlier still: the protected-command check comes before authentication in Redis
                    assertTrue(reply.startsWith("-ERR " + name.toUpperCase() + " command not allowed"), name + ": " + reply);
                } else if (name.equals("exec")) {
                    assertEquals("-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n",
                            reply);
                } else {
                    assertEquals(NOAUTH, reply, name);
                }
                tried.add(name);
            }
        }
        assertTrue(tried.size() > 200, "tried " + tried.size());
        assertTrue(call(anon, "HELLO", "3").startsWith("-NOAUTH HELLO must be called with the client already authenticated"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                call(anon, "AUTH", "default", "wrong"));
        assertEquals("+RESET\r\n", call(anon, "RESET"));
        assertEquals(NOAUTH, call(anon, "PING"));
        // nothing the anonymous client sent ran: the server is up and the data is there
        assertEquals("$1\r\nv\r\n", call(admin, "GET", "survivor"));
        assertEquals("+OK\r\n", call(anon, "AUTH", "secret"));
        assertEquals("+PONG\r\n", call(anon, "PING"));
        assertEquals("+OK\r\n", call(anon, "QUIT"));
    }

    @Test
    void aUserWithoutDangerousReachesNoDangerousCommandByAnyPath() throws Exception {
        RespConnection admin = connect();
        call(admin, "SET", "k", "v");
        call(admin, "FUNCTION", "LOAD", "#!lua name=esc\n"
                + "redis.register_function('run', function(keys, args) return redis.call(unpack(args)) end)\n"
                + "redis.register_function('prun', function(keys, args) return redis.pcall(unpack(args)) end)");
        call(admin, "ACL", "SETUSER", "lim", "on", ">pw", "~*", "&*", "+@all", "-@dangerous");
        RespConnection lim = as("lim", "pw");
        List<List<String>> dangerous = List.of(List.of("CONFIG", "SET", "maxmemory", "1"),
                List.of("CONFIG", "GET", "requirepass"), List.of("DEBUG", "SLEEP", "0"), List.of("SHUTDOWN", "NOSAVE"),
                List.of("KEYS", "*"), List.of("FLUSHALL"), List.of("ACL", "SETUSER", "lim", "+@all"),
                List.of("CLIENT", "KILL", "TYPE", "normal"), List.of("SAVE"), List.of("MONITOR"));
        for (List<String> cmd : dangerous) {
            String[] argv = cmd.toArray(String[]::new);
            String name = cmd.get(0).toLowerCase() + (List.of("CONFIG", "ACL", "CLIENT", "DEBUG").contains(cmd.get(0))
                    && !cmd.get(0).equals("DEBUG") ? "|" + cmd.get(1).toLowerCase() : "");
            String direct = call(lim, argv);
            assertTrue(direct.equals("-NOPERM this user has no permissions to run the '" + name + "' command\r\n")
                    || direct.startsWith("-ERR DEBUG command not allowed"), "direct " + cmd + ": " + direct);
            assertEquals("+OK\r\n", call(lim, "MULTI"));
            call(lim, argv);
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", call(lim, "EXEC"),
                    "MULTI " + cmd);
            String[] eval = new String[argv.length + 3];
            eval[0] = "EVAL";
            eval[1] = "return redis.pcall(unpack(ARGV))";
            eval[2] = "0";
            System.arraycopy(argv, 0, eval, 3, argv.length);
            String viaEval = call(lim, eval);
            assertTrue(viaEval.startsWith("-ERR The user executing the script can't run this command or subcommand")
                    || viaEval.startsWith("-ERR This Redis command is not allowed from script"), "EVAL " + cmd + ": " + viaEval);
            String[] fcall = new String[argv.length + 3];
            fcall[0] = "FCALL";
            fcall[1] = "prun";
            fcall[2] = "0";
            System.arraycopy(argv, 0, fcall, 3, argv.length);
            String viaFcall = call(lim, fcall);
            assertTrue(viaFcall.startsWith("-ERR The user executing the script can't run this command or subcommand")
                    || viaFcall.startsWith("-ERR This Redis command is not allowed from script"), "FCALL " + cmd + ": " + viaFcall);
        }
        // MULTI around a script: still the user's rules
        call(lim, "MULTI");
        call(lim, "EVAL", "return redis.call('flushall')", "0");
        String exec = call(lim, "EXEC");
        assertTrue(exec.contains("The user executing the script can't run this command or subcommand"), exec);
        assertEquals("$1\r\nv\r\n", call(admin, "GET", "k"));
        assertEquals("*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", call(admin, "CONFIG", "GET", "maxmemory"));
        assertTrue(call(admin, "ACL", "GETUSER", "lim").contains("+@all -@dangerous"));
        call(admin, "FUNCTION", "DELETE", "esc");
    }

    @Test
    void execChecksQueuedCommandsAgainstTheRulesOfTheMoment() throws Exception {
        RespConnection admin = connect();
        call(admin, "ACL", "SETUSER", "tx", "on", ">pw", "allkeys", "+@all");
        RespConnection tx = as("tx", "pw");
        call(tx, "MULTI");
        assertEquals("+QUEUED\r\n", call(tx, "INCR", "n"));
        assertEquals("+QUEUED\r\n", call(tx, "GET", "n"));
        call(admin, "ACL", "SETUSER", "tx", "-incr");
        assertEquals("*2\r\n-NOPERM ACLs rules changed between the moment the transaction was accumulated and the "
                + "EXEC call. This command is no longer allowed for the following reason: no permission to execute "
                + "the command or subcommand\r\n$-1\r\n", call(tx, "EXEC"));
        assertEquals("$-1\r\n", call(admin, "GET", "n"));
    }

    @Test
    void keyPatternsCannotBeEscapedWithBinaryOrGlobSpecialKeyNames() throws Exception {
        RespConnection admin = connect();
        call(admin, "ACL", "SETUSER", "tenant", "on", ">pw", "~user:1:*", "+@all", "-@dangerous", "+sort");
        RespConnection t = as("tenant", "pw");
        assertEquals("+OK\r\n", call(t, "SET", "user:1:name", "a"));
        assertEquals("+OK\r\n", callBytes(t, b("SET"), b("user:1:\u0000\u00ff"), b("a")));
        for (String key : List.of("user:1", "user:10:x", "user:*", "user:[1]:x", "user:?:x", "user:1\u0000:x",
                "\u0000user:1:x", "USER:1:x", "user:2:x", "user:1\\:x", "")) {
            assertEquals(NOPERM_KEY, callBytes(t, b("GET"), b(key)), "GET " + key);
            assertEquals(NOPERM_KEY, callBytes(t, b("SET"), b(key), b("x")), "SET " + key);
        }
        // one key out of bounds refuses the whole command: nothing is written
        assertEquals(NOPERM_KEY, call(t, "MSET", "user:1:a", "1", "user:2:a", "1"));
        assertEquals("$-1\r\n", call(admin, "GET", "user:1:a"));
        assertEquals(NOPERM_KEY, call(t, "RENAME", "user:1:name", "user:2:name"));
        assertEquals(NOPERM_KEY, call(t, "COPY", "user:1:name", "user:2:name"));
        assertEquals(NOPERM_KEY, call(t, "SUNIONSTORE", "user:1:s", "user:2:s"));
        assertEquals(NOPERM_KEY, call(t, "EVAL", "return 1", "1", "user:2:x"));
        String viaScript = call(t, "EVAL", "return redis.call('get', 'user:2:x')", "1", "user:1:x");
        assertTrue(viaScript.startsWith("-ERR The user executing the script can't access at least one of the keys "
                + "mentioned in the command arguments script: "), viaScript);
        assertEquals("-ERR GET option of SORT denied due to insufficient ACL permissions.\r\n",
                call(t, "SORT", "user:1:list", "BY", "nosort", "GET", "user:2:*"));
        assertEquals("-ERR BY option of SORT denied due to insufficient ACL permissions.\r\n",
                call(t, "SORT", "user:1:list", "BY", "user:2:*"));
        assertEquals("$1\r\na\r\n", call(admin, "GET", "user:1:name"));
        assertEquals("$-1\r\n", call(admin, "GET", "user:2:name"));
    }

    @Test
    void clientsOfADeletedUserAreDisconnectedIncludingTheOneDeletingItself() throws Exception {
        RespConnection admin = connect();
        call(admin, "ACL", "SETUSER", "bob", "on", ">pw", "allkeys", "+@all");
        RespConnection bob = as("bob", "pw");
        RespConnection bob2 = as("bob", "pw");
        assertEquals(":1\r\n", call(admin, "ACL", "DELUSER", "bob"));
        assertTrue(closed(bob));
        call(admin, "ACL", "SETUSER", "bob", "on", ">pw", "allkeys", "+@all");
        RespConnection self = as("bob", "pw");
        assertEquals(":1\r\n", call(self, "ACL", "DELUSER", "bob"));
        assertTrue(closed(self));
        assertTrue(closed(bob2));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                call(connect(), "AUTH", "bob", "pw"));
    }

    @Test
    void subscribersAreDisconnectedWhenTheirChannelsAreRevoked() throws Exception {
        RespConnection admin = connect();
        call(admin, "ACL", "SETUSER", "ps", "on", ">pw", "+@all", "resetchannels", "&foo:1", "&bar:*");
        RespConnection kept = as("ps", "pw");
        call(kept, "SUBSCRIBE", "foo:1");
        call(admin, "ACL", "SETUSER", "ps", "resetchannels", "&foo:1", "&bar:*", "&more");
        assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", call(kept, "PING"));
        RespConnection pattern = as("ps", "pw");
        call(pattern, "PSUBSCRIBE", "bar:*");
        call(admin, "ACL", "SETUSER", "ps", "resetchannels", "&foo:1");
        assertTrue(closed(pattern));
        assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", call(kept, "PING"));
        call(admin, "ACL", "SETUSER", "ps", "resetchannels");
        assertTrue(closed(kept));
    }

    @Test
    void theAclLogRecordsReasonContextObjectAndUser() throws Exception {
        RespConnection admin = connect();
        call(admin, "ACL", "SETUSER", "antirez", "on", ">foo", "+set", "~object:1234", "+eval", "+multi", "+exec",
                "resetchannels", "+publish");
        RespConnection a = as("antirez", "foo");
        call(a, "GET", "foo");
        assertLatest(admin, "command", "toplevel", "get", "antirez", "cmd=get");
        call(a, "GET", "foo");
        call(a, "GET", "foo");
        assertTrue(call(admin, "ACL", "LOG", "1").contains("$5\r\ncount\r\n:3\r\n"));
        call(a, "SET", "somekeynotallowed", "1");
        assertLatest(admin, "key", "toplevel", "somekeynotallowed", "antirez", "cmd=set");
        call(a, "PUBLISH", "somechannel", "m");
        assertLatest(admin, "channel", "toplevel", "somechannel", "antirez", "cmd=publish");
        call(a, "MULTI");
        call(a, "INCR", "foo");
        call(a, "EXEC");
        assertLatest(admin, "command", "multi", "incr", "antirez", "cmd=incr");
        call(a, "EVAL", "redis.call('incr','foo')", "0");
        assertLatest(admin, "command", "lua", "incr", "antirez", "cmd=eval");
        call(connect(), "AUTH", "antirez", "wrong");
        assertLatest(admin, "auth", "toplevel", "AUTH", "antirez", "cmd=auth");
        assertEquals("*2\r\n", call(admin, "ACL", "LOG", "2").substring(0, 4));
        call(admin, "CONFIG", "SET", "acllog-max-len", "2");
        call(a, "GET", "x1");
        call(a, "SET", "x2", "v");
        call(a, "PUBLISH", "x3", "v");
        assertTrue(call(admin, "ACL", "LOG").startsWith("*2\r\n"));
        call(admin, "CONFIG", "SET", "acllog-max-len", "128");
    }

    private static void assertLatest(RespConnection admin, String reason, String context, String object, String user,
                                     String clientInfo) throws IOException {
        String log = call(admin, "ACL", "LOG", "1");
        assertTrue(log.contains("$6\r\nreason\r\n$" + reason.length() + "\r\n" + reason + "\r\n"), log);
        assertTrue(log.contains("$7\r\ncontext\r\n$" + context.length() + "\r\n" + context + "\r\n"), log);
        assertTrue(log.contains("$6\r\nobject\r\n$" + object.length() + "\r\n" + object + "\r\n"), log);
        assertTrue(log.contains("$8\r\nusername\r\n$" + user.length() + "\r\n" + user + "\r\n"), log);
        assertTrue(log.contains(clientInfo), log);
    }

    @Test
    void usersFromTheConfigAndTheAclFileSurviveSaveAndLoad() throws Exception {
        Path dir = Files.createTempDirectory("acl-it");
        Path aclFile = dir.resolve("users.acl");
        Files.writeString(aclFile, "user alice on #" + sha256("wonderland") + " ~cache:* -@all +get\n");
        try (CinnabarServer withFile = CinnabarServer.start(Map.of("aclfile", aclFile.toString()))) {
            RespConnection c = new RespConnection(withFile.port());
            open.add(c);
            assertEquals("+OK\r\n", call(c, "AUTH", "alice", "wonderland"));
            assertEquals("$-1\r\n", call(c, "GET", "cache:1"));
            assertEquals(NOPERM_KEY, call(c, "GET", "other"));
            RespConnection admin = new RespConnection(withFile.port());
            open.add(admin);
            assertEquals("+OK\r\n", call(admin, "ACL", "SETUSER", "carol", "on", ">pw", "+@all", "~*"));
            assertEquals("+OK\r\n", call(admin, "ACL", "SAVE"));
            String saved = Files.readString(aclFile);
            assertTrue(saved.contains("user carol on #" + sha256("pw") + " ~* resetchannels +@all\n"), saved);
            Files.writeString(aclFile, saved.replace("user carol", "user dave"));
            assertEquals("+OK\r\n", call(admin, "ACL", "LOAD"));
            // clients of the old users are disconnected by a load
            assertTrue(closed(c));
            assertEquals("*3\r\n$5\r\nalice\r\n$4\r\ndave\r\n$7\r\ndefault\r\n", call(admin, "ACL", "USERS"));
            Files.writeString(aclFile, "user eve on +nosuchcommand\n");
            assertEquals("-ERR " + aclFile + ":1: Unknown command or category name in ACL. WARNING: ACL errors "
                    + "detected, no change to the previously active ACL rules was performed\r\n", call(admin, "ACL", "LOAD"));
            assertEquals("*3\r\n$5\r\nalice\r\n$4\r\ndave\r\n$7\r\ndefault\r\n", call(admin, "ACL", "USERS"));
        }
        // a relative aclfile is read from dir, whatever the order of the settings
        Files.writeString(aclFile, "user alice on nopass +@all\nuser dave on nopass +@all\n");
        try (CinnabarServer relative = CinnabarServer.start(Map.of("dir", dir.toString(), "aclfile", "users.acl"))) {
            RespConnection c = new RespConnection(relative.port());
            open.add(c);
            assertEquals("*3\r\n$5\r\nalice\r\n$4\r\ndave\r\n$7\r\ndefault\r\n", call(c, "ACL", "USERS"));
            assertEquals("+OK\r\n", call(c, "ACL", "SAVE"));
            assertTrue(Files.readString(aclFile).startsWith("user alice on nopass "));
        }
        // one that cannot be read lets nobody in
        try (CinnabarServer broken = CinnabarServer.start(Map.of("dir", dir.toString(), "aclfile", "missing.acl"))) {
            RespConnection c = new RespConnection(broken.port());
            open.add(c);
            assertEquals(NOAUTH, call(c, "PING"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    call(c, "AUTH", "default", ""));
        }
        try (CinnabarServer withUsers = CinnabarServer.start(Map.of("user", "frank on >pw ~* +@all\nfiona on nopass +get"))) {
            RespConnection c = new RespConnection(withUsers.port());
            open.add(c);
            assertEquals("*3\r\n$7\r\ndefault\r\n$5\r\nfiona\r\n$5\r\nfrank\r\n", call(c, "ACL", "USERS"));
            assertEquals("+OK\r\n", call(c, "AUTH", "frank", "pw"));
        }
    }

    private static String sha256(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** True once the server has closed the connection (the next read finds the end of the stream). */
    private static boolean closed(RespConnection c) throws IOException {
        try {
            c.send(b("PING"));
            c.readReply();
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
