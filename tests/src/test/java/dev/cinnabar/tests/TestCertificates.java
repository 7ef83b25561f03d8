// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA with server and client certificates for TLS tests, made with the {@code openssl} CLI as
 * Redis's {@code utils/gen-test-certs.sh} does, or with the JDK's {@code keytool} where openssl is missing
 * (then only PKCS#8 keys exist: {@link #openssl()} tells which).
 */
final class TestCertificates {
    static final String KEY_PASSWORD = "1234";
    private static final String STORE_PASSWORD = "changeit";

    private final Path dir;
    private final boolean openssl;

    private TestCertificates(Path dir, boolean openssl) {
        this.dir = dir;
        this.openssl = openssl;
    }

    /** Creates ca, server, other-server (another CA's) and client certificates in {@code dir}. */
    static TestCertificates create(Path dir) throws Exception {
        boolean openssl = RedisServerProcess.find("openssl") != null && !Boolean.getBoolean("tls.test.keytool");
        TestCertificates certs = new TestCertificates(dir, openssl);
        if (openssl) {
            certs.withOpenssl();
        } else {
            certs.withKeytool();
        }
        return certs;
    }

    boolean openssl() {
        return openssl;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    String path(String name) {
        return file(name).toString();
    }

    private void withOpenssl() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + "keyUsage=digitalSignature,keyEncipherment\n");
        for (String ca : List.of("ca", "other-ca")) {
            run("openssl", "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-sha256", "-days", "3650",
                    "-keyout", ca + ".key", "-out", ca + ".crt", "-subj", "/O=Cinnabar Test/CN=" + ca);
        }
        sign("server", "ca", "rsa:2048");
        sign("other-server", "other-ca", "rsa:2048");
        sign("client", "ca", "rsa:2048");
        // the key forms OpenSSL writes and Redis therefore reads
        run("openssl", "rsa", "-in", "server.key", "-out", "server-pkcs1.key", "-traditional");
        run("openssl", "rsa", "-in", "server.key", "-out", "server-pkcs1-enc.key", "-traditional", "-aes256",
                "-passout", "pass:" + KEY_PASSWORD);
        run("openssl", "pkcs8", "-topk8", "-in", "server.key", "-out", "server-pkcs8-enc.key", "-v2", "aes-256-cbc",
                "-passout", "pass:" + KEY_PASSWORD);
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-server.key");
        run("openssl", "req", "-new", "-key", "ec-server.key", "-out", "ec-server.csr", "-subj",
                "/O=Cinnabar Test/CN=ec-server");
        run("openssl", "x509", "-req", "-in", "ec-server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "365", "-sha256", "-out", "ec-server.crt", "-extfile", "server.ext");
    }

    private void sign(String name, String ca, String keySpec) throws IOException, InterruptedException {
        run("openssl", "req", "-new", "-nodes", "-newkey", keySpec, "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/O=Cinnabar Test/CN=" + name);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", "365", "-sha256", "-out", name + ".crt", "-extfile", "server.ext");
    }

    private void withKeytool() throws Exception {
        for (String ca : List.of("ca", "other-ca")) {
            keytool("-genkeypair", "-alias", ca, "-keyalg", "RSA", "-keysize", "2048", "-dname", "O=Cinnabar Test,CN="
                    + ca, "-ext", "bc:c", "-validity", "3650", "-keystore", ca + ".p12");
            keytool("-exportcert", "-rfc", "-alias", ca, "-keystore", ca + ".p12", "-file", ca + ".crt");
        }
        for (String[] pair : List.of(new String[] {"server", "ca"}, new String[] {"other-server", "other-ca"},
                new String[] {"client", "ca"})) {
            String name = pair[0];
            String ca = pair[1];
            keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname",
                    "O=Cinnabar Test,CN=" + name, "-validity", "365", "-keystore", name + ".p12");
            keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-file", name + ".csr");
            keytool("-gencert", "-rfc", "-alias", ca, "-keystore", ca + ".p12", "-infile", name + ".csr", "-outfile",
                    name + ".crt", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "365");
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(dir.resolve(name + ".p12").toFile())) {
                store.load(in, STORE_PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) store.getKey(name, STORE_PASSWORD.toCharArray());
            Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-noprompt"));
        run(cmd.toArray(String[]::new));
    }

    private void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * A client context trusting {@code ca.crt}, presenting {@code client.crt} when {@code withCertificate}.
     */
    SSLContext clientContext(boolean withCertificate) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(file("ca.crt"))) {
            trust.setCertificateEntry("ca", x509.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withCertificate) {
            Certificate cert;
            try (InputStream in = Files.newInputStream(file("client.crt"))) {
                cert = x509.generateCertificate(in);
            }
            String text = Files.readString(file("client.key"));
            String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", key, STORE_PASSWORD.toCharArray(), new Certificate[] {cert});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, STORE_PASSWORD.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
