// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server side of TLS built from the {@code tls-*} parameters, on the JDK's provider through Netty's
 * {@link SslContextBuilder}, with the checks and log messages of Redis's {@code tlsConfigure}. Immutable:
 * a reload builds a new one and connections already open keep theirs. Client authentication is decided
 * per connection, as Redis reads {@code tls-auth-clients} when it accepts one.
 */
public final class TlsContext {
    /** Redis's REDIS_TLS_PROTO_DEFAULT. */
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    private static final String PROTOCOLS_ERROR = "Invalid tls-protocols specified. "
            + "Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.";

    private final SslContext context;
    private final String[] protocols;
    private final String[] cipherSuites;
    private final boolean preferServerCiphers;
    private final boolean sessionCaching;
    private final boolean hasTrustedCertificates;

    private TlsContext(SslContext context, String[] protocols, String[] cipherSuites, boolean preferServerCiphers,
                       boolean sessionCaching, boolean hasTrustedCertificates) {
        this.context = context;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
        this.preferServerCiphers = preferServerCiphers;
        this.sessionCaching = sessionCaching;
        this.hasTrustedCertificates = hasTrustedCertificates;
    }

    /** Builds the context, or fails with the message Redis logs for the first problem found. */
    public static TlsContext build(TlsSettings s) throws TlsSetupException {
        if (TlsSettings.unset(s.certFile())) {
            throw new TlsSetupException("No tls-cert-file configured!");
        }
        if (TlsSettings.unset(s.keyFile())) {
            throw new TlsSetupException("No tls-key-file configured!");
        }
        if (!"no".equals(s.authClients()) && TlsSettings.unset(s.caCertFile()) && TlsSettings.unset(s.caCertDir())) {
            throw new TlsSetupException("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when "
                    + "tls-cluster, tls-replication or tls-auth-clients are enabled!");
        }
        List<String> protocols = protocols(s.protocols());
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificates(s.resolve(s.certFile()));
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException("Failed to load certificate: " + s.certFile() + ": " + reason(e), e);
        }
        PrivateKey key;
        try {
            key = PemFiles.privateKey(s.resolve(s.keyFile()), s.keyFilePass());
            if (!matches(key, chain.get(0).getPublicKey())) {
                throw new GeneralSecurityException("key values mismatch");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException("Failed to load private key: " + s.keyFile() + ": " + reason(e), e);
        }
        List<X509Certificate> trusted = trusted(s);
        List<String> suites = cipherSuites(s);
        checkDhParams(s);
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols(protocols)
                    .ciphers(suites, IdentityCipherSuiteFilter.INSTANCE)
                    .sessionCacheSize(s.sessionCacheSize())
                    .sessionTimeout(s.sessionCacheTimeout())
                    .clientAuth(ClientAuth.NONE);
            if (trusted != null) {
                builder.trustManager(trustManagers(trusted));
            }
            return new TlsContext(builder.build(), protocols.toArray(String[]::new), suites.toArray(String[]::new),
                    s.preferServerCiphers(), s.sessionCaching(), trusted != null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TlsSetupException("Failed to create the TLS context: " + reason(e), e);
        }
    }

    /**
     * The handler for one accepted connection.
     *
     * @param authClients {@code tls-auth-clients} now: yes (a certificate is required), optional (verified
     *                    if sent) or no (not requested)
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String authClients) {
        SslHandler handler = context.newHandler(alloc);
        SSLEngine engine = handler.engine();
        engine.setEnabledProtocols(protocols);
        engine.setEnabledCipherSuites(cipherSuites);
        SSLParameters params = engine.getSSLParameters();
        params.setUseCipherSuitesOrder(preferServerCiphers);
        if (hasTrustedCertificates && "yes".equals(authClients)) {
            params.setNeedClientAuth(true);
        } else if (hasTrustedCertificates && "optional".equals(authClients)) {
            params.setWantClientAuth(true);
        } else {
            params.setNeedClientAuth(false);
            params.setWantClientAuth(false);
        }
        engine.setSSLParameters(params);
        if (!sessionCaching) {
            // the JDK has no switch to turn its session cache off; a session invalidated at once is never resumed
            handler.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    engine.getSession().invalidate();
                }
            });
        }
        return handler;
    }

    static List<String> protocols(String spec) throws TlsSetupException {
        if (TlsSettings.unset(spec)) {
            return DEFAULT_PROTOCOLS;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String token : spec.split(" ", -1)) {
            switch (token.toLowerCase(Locale.ROOT)) {
                case "tlsv1" -> out.add("TLSv1");
                case "tlsv1.1" -> out.add("TLSv1.1");
                case "tlsv1.2" -> out.add("TLSv1.2");
                case "tlsv1.3" -> out.add("TLSv1.3");
                default -> throw new TlsSetupException(PROTOCOLS_ERROR);
            }
        }
        return List.copyOf(out);
    }

    /** TLS 1.3 suites (tls-ciphersuites) first, then the older ones (tls-ciphers), as OpenSSL orders them. */
    private static List<String> cipherSuites(TlsSettings s) throws TlsSetupException {
        JdkSuites jdk = JdkSuites.INSTANCE;
        List<String> out = new ArrayList<>();
        if (TlsSettings.unset(s.ciphersuites())) {
            out.addAll(jdk.defaultTls13);
        } else {
            List<String> picked = Arrays.stream(s.ciphersuites().split(":"))
                    .filter(jdk.supportedTls13::contains).distinct().toList();
            if (picked.isEmpty()) {
                throw new TlsSetupException("Failed to configure ciphersuites: " + s.ciphersuites());
            }
            out.addAll(picked);
        }
        if (TlsSettings.unset(s.ciphers())) {
            out.addAll(jdk.defaultTls12);
        } else {
            List<String> picked = jdk.tls12.select(s.ciphers());
            if (picked.isEmpty()) {
                throw new TlsSetupException("Failed to configure ciphers: " + s.ciphers());
            }
            out.addAll(picked);
        }
        return out;
    }

    /** The CA certificates clients are verified against; null when neither file nor directory is set. */
    private static List<X509Certificate> trusted(TlsSettings s) throws TlsSetupException {
        if (TlsSettings.unset(s.caCertFile()) && TlsSettings.unset(s.caCertDir())) {
            return null;
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            if (!TlsSettings.unset(s.caCertFile())) {
                out.addAll(PemFiles.certificates(s.resolve(s.caCertFile())));
            }
            if (!TlsSettings.unset(s.caCertDir())) {
                Path dir = s.resolve(s.caCertDir());
                if (!Files.isDirectory(dir)) {
                    throw new NoSuchFileException(dir.toString());
                }
                // OpenSSL looks certificates up by hashed name in the directory; every readable one will do
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
                    for (Path f : files) {
                        try {
                            out.addAll(PemFiles.certificates(f));
                        } catch (IOException | GeneralSecurityException e) {
                            // not a certificate: OpenSSL would never pick it either
                        }
                    }
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException("Failed to configure CA certificate(s) file/directory: " + reason(e), e);
        }
        return out;
    }

    private static TrustManagerFactory trustManagers(List<X509Certificate> trusted) throws GeneralSecurityException,
            IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
            store.setCertificateEntry("ca-" + i, trusted.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    /**
     * The JDK picks its own Diffie-Hellman groups (FFDHE, RFC 7919) and cannot take a parameters file, so the
     * file is only checked the way Redis would first fail on it: it must exist and hold DH parameters.
     */
    private static void checkDhParams(TlsSettings s) throws TlsSetupException {
        if (TlsSettings.unset(s.dhParamsFile())) {
            return;
        }
        String text;
        try {
            text = Files.readString(s.resolve(s.dhParamsFile()), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TlsSetupException("Failed to load " + s.dhParamsFile() + ": " + reason(e), e);
        }
        if (!text.contains("-----BEGIN DH PARAMETERS-----") && !text.contains("-----BEGIN X9.42 DH PARAMETERS-----")) {
            throw new TlsSetupException(s.dhParamsFile() + ": failed to read DH params.");
        }
    }

    /** Whether {@code key} is the private half of {@code pub} (OpenSSL's "key values mismatch" check). */
    private static boolean matches(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        if (algorithm.equals("RSASSA-PSS")) {
            signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                    java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        }
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        if (algorithm.equals("RSASSA-PSS")) {
            verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                    java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        }
        verifier.initVerify(pub);
        verifier.update(probe);
        return verifier.verify(signature);
    }

    /** An exception's cause as OpenSSL's error strings put it, where they have a plain equivalent. */
    private static String reason(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    /** The JDK provider's cipher suites, split as OpenSSL splits its two settings. */
    private static final class JdkSuites {
        static final JdkSuites INSTANCE = new JdkSuites();

        final List<String> defaultTls13 = new ArrayList<>();
        final List<String> defaultTls12 = new ArrayList<>();
        final Set<String> supportedTls13 = new LinkedHashSet<>();
        final CipherList tls12;

        private JdkSuites() {
            SSLContext jdk;
            try {
                jdk = SSLContext.getInstance("TLS");
                jdk.init(null, null, null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no TLS provider", e);
            }
            List<String> defaults = Arrays.asList(jdk.getDefaultSSLParameters().getCipherSuites());
            Set<String> ordered = new LinkedHashSet<>(defaults);
            ordered.addAll(Arrays.asList(jdk.getSupportedSSLParameters().getCipherSuites()));
            List<String> older = new ArrayList<>();
            for (String suite : ordered) {
                if (suite.endsWith("_SCSV")) {
                    continue;
                }
                boolean tls13 = !suite.contains("_WITH_");
                if (tls13) {
                    supportedTls13.add(suite);
                } else {
                    older.add(suite);
                }
                if (defaults.contains(suite)) {
                    (tls13 ? defaultTls13 : defaultTls12).add(suite);
                }
            }
            tls12 = new CipherList(older, Set.copyOf(defaultTls12));
        }
    }
}
