// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * TLS as Redis 7.0 serves it, checked with the clients people use: redis-cli {@code --tls}, Jedis and
 * Lettuce over TLS with and without client certificates, a plain port beside the TLS one, and CONFIG SET
 * of the {@code tls-*} parameters reloading the context for new connections. The error texts are those
 * redis-server 7.0.15 (built with TLS) answers to the same CONFIG SET.
 */
class TlsIT {
    private static final String UPDATE_FAILED = "ERR CONFIG SET failed (possibly related to argument '%s') - "
            + "Unable to update TLS configuration. Check server logs.";

    private static Path tmp;
    private static TestCertificates certs;

    private Engine engine;
    private RespServer server;
    private int plainPort;
    private int tlsPort;
    /** Configures the server over the plain port. */
    private Jedis admin;

    @BeforeAll
    static void certificates() throws Exception {
        tmp = Files.createTempDirectory("tls-it");
        certs = TestCertificates.create(tmp);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (tmp != null) {
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("save", "");
        settings.put("dir", Files.createTempDirectory(tmp, "dir").toString());
        settings.put("tls-cert-file", certs.path("server.crt"));
        settings.put("tls-key-file", certs.path("server.key"));
        settings.put("tls-ca-cert-file", certs.path("ca.crt"));
        engine = Engine.open(settings);
        server = new RespServer(engine);
        plainPort = server.start(0);
        tlsPort = server.startTls(0);
        admin = new Jedis("127.0.0.1", plainPort);
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
        engine.close();
    }

    @Test
    void redisCliTalksTlsWithAClientCertificate() throws Exception {
        String cli = redisCli();
        assertEquals("OK", run(cli, "-p", Integer.toString(tlsPort), "--tls", "--cacert", certs.path("ca.crt"),
                "--cert", certs.path("client.crt"), "--key", certs.path("client.key"), "set", "tls:k", "v").strip());
        assertEquals("v", run(cli, "-p", Integer.toString(tlsPort), "--tls", "--cacert", certs.path("ca.crt"),
                "--cert", certs.path("client.crt"), "--key", certs.path("client.key"), "get", "tls:k").strip());
        // the same keyspace on the plain port beside it
        assertEquals("v", admin.get("tls:k"));
    }

    @Test
    void redisCliWithoutACertificateIsRefusedUntilTlsAuthClientsAllowsIt() throws Exception {
        String cli = redisCli();
        List<String> noCert = List.of(cli, "-p", Integer.toString(tlsPort), "--tls", "--cacert", certs.path("ca.crt"),
                "ping");
        assertNotEquals("PONG", run(noCert.toArray(String[]::new)).strip());
        assertEquals("OK", admin.configSet("tls-auth-clients", "optional"));
        assertEquals("PONG", run(noCert.toArray(String[]::new)).strip());
        assertEquals("OK", admin.configSet("tls-auth-clients", "no"));
        assertEquals("PONG", run(noCert.toArray(String[]::new)).strip());
    }

    @Test
    void jedisOverTlsWithAndWithoutAClientCertificate() throws Exception {
        try (Jedis jedis = tlsJedis(certs.clientContext(true))) {
            assertEquals("OK", jedis.set("tls:jedis", "1"));
            assertEquals(2, jedis.incr("tls:jedis"));
        }
        SSLContext noCertificate = certs.clientContext(false);
        assertThrows(Exception.class, () -> {
            try (Jedis jedis = tlsJedis(noCertificate)) {
                jedis.ping();
            }
        }, "tls-auth-clients yes must refuse a client without certificate");
        admin.configSet("tls-auth-clients", "optional");
        try (Jedis jedis = tlsJedis(certs.clientContext(false))) {
            assertEquals("PONG", jedis.ping());
        }
        admin.configSet("tls-auth-clients", "no");
        try (Jedis jedis = tlsJedis(certs.clientContext(false))) {
            assertEquals("2", jedis.get("tls:jedis"));
        }
    }

    @Test
    void lettuceOverTlsWithAClientCertificate() {
        SslOptions ssl = SslOptions.builder().jdkSslProvider().trustManager(certs.file("ca.crt").toFile())
                .keyManager(certs.file("client.crt").toFile(), certs.file("client.key").toFile(), null).build();
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("localhost").withPort(tlsPort)
                .withSsl(true).build());
        client.setOptions(ClientOptions.builder().sslOptions(ssl).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertEquals("OK", c.sync().set("tls:lettuce", "x"));
            assertEquals("x", c.sync().get("tls:lettuce"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aPlainClientOnTheTlsPortGetsNoReply() throws Exception {
        try (Socket s = new Socket("127.0.0.1", tlsPort)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            byte[] got = readAll(s);
            assertFalse(new String(got, StandardCharsets.ISO_8859_1).contains("PONG"));
        }
    }

    @Test
    void configSetOfTheCertificateReloadsForNewConnectionsOnly() throws Exception {
        SSLContext client = certs.clientContext(true);
        try (SSLSocket before = connect(client, null, null)) {
            assertEquals("CN=server", commonName(before));
            // both files in one CONFIG SET, as they must change together
            admin.configSet("tls-cert-file", certs.path("other-server.crt"), "tls-key-file",
                    certs.path("other-server.key"));
            assertEquals(certs.path("other-server.crt"), admin.configGet("tls-cert-file").get("tls-cert-file"));
            // the new certificate is from another CA the client does not trust
            assertThrows(IOException.class, () -> ping(client, null, null));
            // the connection made before keeps working
            assertEquals("+PONG", call(before, "PING"));
        }
    }

    @Test
    void aBrokenCertificateIsRefusedAndTheOldContextKept() throws Exception {
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> admin.configSet("tls-cert-file", tmp.resolve("missing.crt").toString()));
        assertEquals(String.format(UPDATE_FAILED, "tls-cert-file"), e.getMessage());
        assertEquals(certs.path("server.crt"), admin.configGet("tls-cert-file").get("tls-cert-file"));
        // a key that is not the certificate's
        e = assertThrows(JedisDataException.class, () -> admin.configSet("tls-key-file", certs.path("client.key")));
        assertEquals(String.format(UPDATE_FAILED, "tls-key-file"), e.getMessage());
        e = assertThrows(JedisDataException.class, () -> admin.configSet("tls-protocols", "TLSv9"));
        assertEquals(String.format(UPDATE_FAILED, "tls-protocols"), e.getMessage());
        e = assertThrows(JedisDataException.class, () -> admin.configSet("tls-ciphers", "BOGUS"));
        assertEquals(String.format(UPDATE_FAILED, "tls-ciphers"), e.getMessage());
        e = assertThrows(JedisDataException.class, () -> admin.configSet("tls-ciphersuites", "BOGUS"));
        assertEquals(String.format(UPDATE_FAILED, "tls-ciphersuites"), e.getMessage());
        e = assertThrows(JedisDataException.class, () -> admin.configSet("tls-ca-cert-file", ""));
        assertEquals(String.format(UPDATE_FAILED, "tls-ca-cert-file"), e.getMessage());
        e = assertThrows(JedisDataException.class, () -> admin.configSet("tls-auth-clients", "maybe"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'tls-auth-clients') - argument(s) must be "
                + "one of the following: no, yes, optional", e.getMessage());
        assertEquals("+PONG", ping(certs.clientContext(true), null, null));
    }

    @Test
    void tlsProtocolsLimitsTheHandshake() throws Exception {
        SSLContext client = certs.clientContext(true);
        assertEquals("OK", admin.configSet("tls-protocols", "TLSv1.2"));
        assertThrows(IOException.class, () -> ping(client, new String[] {"TLSv1.3"}, null));
        assertEquals("+PONG", ping(client, new String[] {"TLSv1.2"}, null));
        assertEquals("OK", admin.configSet("tls-protocols", "TLSv1.3"));
        assertThrows(IOException.class, () -> ping(client, new String[] {"TLSv1.2"}, null));
        assertEquals("+PONG", ping(client, new String[] {"TLSv1.3"}, null));
    }

    @Test
    void tlsCiphersTakesOpenSslCipherStrings() throws Exception {
        SSLContext client = certs.clientContext(true);
        String aes128 = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        String aes256 = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
        admin.configSet("tls-protocols", "TLSv1.2");
        admin.configSet("tls-ciphers", "DEFAULT:-ECDHE-RSA-AES128-GCM-SHA256");
        assertThrows(IOException.class, () -> ping(client, null, new String[] {aes128}));
        assertEquals("+PONG", ping(client, null, new String[] {aes256}));
        admin.configSet("tls-ciphers", "DEFAULT");
        assertEquals("+PONG", ping(client, null, new String[] {aes128}));

        // tls-prefer-server-ciphers: whose order picks the suite
        admin.configSet("tls-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384");
        try (SSLSocket s = connect(client, null, new String[] {aes256, aes128})) {
            assertEquals(aes256, s.getSession().getCipherSuite());
        }
        admin.configSet("tls-prefer-server-ciphers", "yes");
        try (SSLSocket s = connect(client, null, new String[] {aes256, aes128})) {
            assertEquals(aes128, s.getSession().getCipherSuite());
        }
    }

    @Test
    void keysInEveryFormOpenSslWrites() throws Exception {
        Assumptions.assumeTrue(certs.openssl(), "the PKCS#1, SEC1 and encrypted key forms need the openssl CLI");
        SSLContext client = certs.clientContext(true);
        assertEquals("OK", admin.configSet("tls-key-file", certs.path("server-pkcs1.key")));
        assertEquals("+PONG", ping(client, null, null));

        JedisDataException e = assertThrows(JedisDataException.class,
                () -> admin.configSet("tls-key-file", certs.path("server-pkcs8-enc.key")));
        assertEquals(String.format(UPDATE_FAILED, "tls-key-file"), e.getMessage());
        assertEquals("OK", admin.configSet("tls-key-file-pass", TestCertificates.KEY_PASSWORD));
        assertEquals("OK", admin.configSet("tls-key-file", certs.path("server-pkcs8-enc.key")));
        assertEquals("+PONG", ping(client, null, null));
        assertEquals("OK", admin.configSet("tls-key-file", certs.path("server-pkcs1-enc.key")));
        assertEquals("+PONG", ping(client, null, null));

        assertEquals("OK", admin.configSet("tls-cert-file", certs.path("ec-server.crt"), "tls-key-file",
                certs.path("ec-server.key")));
        try (SSLSocket s = connect(client, null, null)) {
            assertEquals("CN=ec-server", commonName(s));
            assertEquals("+PONG", call(s, "PING"));
        }
    }

    @Test
    void configSetMovesAndClosesTheTlsPort() throws Exception {
        SSLContext client = certs.clientContext(true);
        // a port in use: refused, and both listeners stay where they were (networking.tcl "CONFIG SET port number")
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> admin.configSet("port", Integer.toString(tlsPort)));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. "
                + "Check server logs.", e.getMessage());
        e = assertThrows(JedisDataException.class, () -> admin.configSet("tls-port", Integer.toString(plainPort)));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to listen on this "
                + "port. Check server logs.", e.getMessage());
        try (Jedis fresh = new Jedis("127.0.0.1", plainPort)) {
            assertEquals("PONG", fresh.ping());
        }
        assertEquals("+PONG", ping(client, null, null));

        int moved = RedisServerProcess.freePort();
        assertEquals("OK", admin.configSet("tls-port", Integer.toString(moved)));
        int old = tlsPort;
        tlsPort = moved;
        assertEquals("+PONG", ping(client, null, null));
        tlsPort = old;
        assertThrows(IOException.class, () -> ping(client, null, null));
        assertEquals("OK", admin.configSet("tls-port", "0"));
        tlsPort = moved;
        assertThrows(IOException.class, () -> ping(client, null, null));
    }

    @Test
    void configSetOfBindReopensBothPorts() throws Exception {
        SSLContext client = certs.clientContext(true);
        JedisDataException e = assertThrows(JedisDataException.class, () -> admin.configSet("bind", "192.0.2.254"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified "
                + "addresses.", e.getMessage());
        assertEquals("127.0.0.1 -::1", admin.configGet("bind").get("bind"));
        assertEquals("OK", admin.configSet("bind", "-192.0.2.254 127.0.0.1"));
        try (Jedis fresh = new Jedis("127.0.0.1", plainPort)) {
            assertEquals("PONG", fresh.ping());
        }
        assertEquals("+PONG", ping(client, null, null));
        // the connection that made the change is still there
        assertEquals("-192.0.2.254 127.0.0.1", admin.configGet("bind").get("bind"));

        // an empty bind closes every listener (Redis's networking.tcl "Default bind address configuration handling")
        assertEquals("OK", admin.configSet("bind", ""));
        assertEquals("", admin.configGet("bind").get("bind"));
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", plainPort).close());
        assertThrows(IOException.class, () -> ping(client, null, null));
        assertEquals("OK", admin.configSet("bind", "*"));
        try (Jedis fresh = new Jedis("127.0.0.1", plainPort)) {
            assertEquals("PONG", fresh.ping());
        }
        assertEquals("+PONG", ping(client, null, null));
    }

    @Test
    void onlyTlsWhenPortIsZero() throws Exception {
        int port = RedisServerProcess.freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("save", "");
        settings.put("dir", Files.createTempDirectory(tmp, "dir").toString());
        settings.put("port", "0");
        settings.put("tls-port", Integer.toString(port));
        settings.put("tls-cert-file", certs.path("server.crt"));
        settings.put("tls-key-file", certs.path("server.key"));
        settings.put("tls-auth-clients", "no");
        Engine tlsOnly = Engine.open(settings);
        try (RespServer s = new RespServer(tlsOnly)) {
            s.startConfigured();
            assertEquals(0, s.port());
            assertEquals(port, s.tlsPort());
            int saved = tlsPort;
            tlsPort = port;
            try {
                assertEquals("+PONG", ping(certs.clientContext(false), null, null));
            } finally {
                tlsPort = saved;
            }
        } finally {
            tlsOnly.close();
        }
    }

    @Test
    void aBrokenCertificateAtStartupIsAClearError() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("save", "");
        settings.put("dir", Files.createTempDirectory(tmp, "dir").toString());
        settings.put("tls-port", Integer.toString(RedisServerProcess.freePort()));
        settings.put("tls-cert-file", tmp.resolve("missing.crt").toString());
        settings.put("tls-key-file", certs.path("server.key"));
        settings.put("tls-ca-cert-file", certs.path("ca.crt"));
        Engine broken = Engine.open(settings);
        try (RespServer s = new RespServer(broken)) {
            var e = assertThrows(dev.cinnabar.core.server.tls.TlsSetupException.class, s::startConfigured);
            assertEquals("Failed to load certificate: " + tmp.resolve("missing.crt") + ": No such file or directory",
                    e.getMessage());
        } finally {
            broken.close();
        }
    }

    private Jedis tlsJedis(SSLContext ctx) {
        return new Jedis(new HostAndPort("127.0.0.1", tlsPort), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(ctx.getSocketFactory()).timeoutMillis(30_000).build());
    }

    private SSLSocket connect(SSLContext ctx, String[] protocols, String[] suites) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", tlsPort);
        s.setSoTimeout(30_000);
        if (protocols != null) {
            s.setEnabledProtocols(protocols);
        }
        if (suites != null) {
            s.setEnabledCipherSuites(suites);
        }
        s.startHandshake();
        return s;
    }

    /** PING over a new TLS connection: "+PONG", or an IOException when the handshake or the read fails. */
    private String ping(SSLContext ctx, String[] protocols, String[] suites) throws IOException {
        try (SSLSocket s = connect(ctx, protocols, suites)) {
            return call(s, "PING");
        }
    }

    private static String call(SSLSocket s, String inline) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (line == null) {
            throw new IOException("connection closed");
        }
        return line;
    }

    private static String commonName(SSLSocket s) throws IOException {
        X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
        String dn = cert.getSubjectX500Principal().getName();
        return Stream.of(dn.split(",")).filter(p -> p.startsWith("CN=")).findFirst().orElse(dn);
    }

    private static byte[] readAll(Socket s) throws IOException {
        try {
            return s.getInputStream().readAllBytes();
        } catch (IOException e) {
            return new byte[0]; // reset by the server: nothing readable came back either
        }
    }

    private static String redisCli() {
        String cli = RedisServerProcess.find("redis-cli");
        if (cli == null) {
            String message = "redis-cli is not on the PATH: the redis-cli TLS tests are SKIPPED.";
            if ("1".equals(System.getenv("CINNABAR_REQUIRE_REDIS"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return cli;
    }

    /** Runs a program to completion; its standard output and error together. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cmd));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail(command + " did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
