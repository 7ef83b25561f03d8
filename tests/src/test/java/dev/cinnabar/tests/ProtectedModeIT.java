// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protected mode over real sockets: this machine connects to itself through one of its non-loopback
 * addresses, so the server sees a remote peer. Cinnabar's refusal must be byte for byte what redis-server
 * 7.0.15 sends (then the connection is closed), on a plain and on a TLS port. Without a non-loopback
 * address the tests are skipped; ProtectedModeTest in engine-core covers the decision itself.
 */
class ProtectedModeIT {
    private static InetAddress remote;
    private static Path tmp;
    private static TestCertificates certs;
    private static Engine engine;
    private static RespServer server;
    private static int plainPort;
    private static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        remote = nonLoopbackAddress();
        Assumptions.assumeTrue(remote != null, "no non-loopback address on this machine");
        tmp = Files.createTempDirectory("protected-mode-it");
        certs = TestCertificates.create(tmp);
        Map<String, String> settings = new HashMap<>();
        settings.put("save", "");
        settings.put("dir", tmp.toString());
        settings.put("bind", "*");
        settings.put("tls-cert-file", certs.path("server.crt"));
        settings.put("tls-key-file", certs.path("server.key"));
        settings.put("tls-auth-clients", "no");
        engine = Engine.open(settings);
        server = new RespServer(engine);
        plainPort = server.start(0);
        tlsPort = server.startTls(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            engine.close();
        }
    }

    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : ni.inetAddresses().toList()) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    @Test
    void aRemoteClientGetsRedisRefusalAndIsClosed() throws Exception {
        byte[] ours = readUntilClosed(remote, plainPort);
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--bind", "*")) {
            assertArrayEquals(readUntilClosed(remote, redis.port()), ours);
        }
        assertTrue(new String(ours, StandardCharsets.US_ASCII).startsWith("-DENIED Redis is running in protected"));
    }

    @Test
    void theRefusalComesOverTlsAfterTheHandshake() throws Exception {
        SSLContext ctx = certs.clientContext(false);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress(remote, tlsPort));
            s.setSoTimeout(30_000);
            s.startHandshake();
            byte[] got = s.getInputStream().readAllBytes();
            assertTrue(new String(got, StandardCharsets.US_ASCII).startsWith("-DENIED Redis is running in protected"),
                    new String(got, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aPasswordOrProtectedModeNoLetsRemoteClientsIn() throws Exception {
        try (Jedis local = new Jedis("127.0.0.1", plainPort)) {
            local.configSet("requirepass", "secret");
            try (Jedis c = new Jedis(remote.getHostAddress(), plainPort)) {
                JedisDataException e = assertThrows(JedisDataException.class, c::ping);
                assertEquals("NOAUTH Authentication required.", e.getMessage());
            } finally {
                local.configSet("requirepass", "");
            }
            local.configSet("protected-mode", "no");
            try (Jedis c = new Jedis(remote.getHostAddress(), plainPort)) {
                assertEquals("PONG", c.ping());
            } finally {
                local.configSet("protected-mode", "yes");
            }
        }
    }

    /** Everything the server sends to a client that sends nothing, until it closes the connection. */
    private static byte[] readUntilClosed(InetAddress host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port));
            s.setSoTimeout(30_000);
            return s.getInputStream().readAllBytes();
        }
    }
}
