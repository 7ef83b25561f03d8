// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code tls-*} parameters one TLS context is built from, read at once so a context never mixes old
 * and new values. Relative file names are resolved against {@code dir}, where Redis has changed directory
 * to by the time it reads them.
 */
public record TlsSettings(Path dir, String certFile, String keyFile, String keyFilePass, String caCertFile,
                          String caCertDir, String protocols, String ciphers, String ciphersuites,
                          boolean preferServerCiphers, boolean sessionCaching, long sessionCacheSize,
                          long sessionCacheTimeout, String dhParamsFile, String authClients) {

    /** Every parameter whose change rebuilds the context (Redis's {@code applyTlsCfg}). */
    public static final List<String> CONTEXT_PARAMS = List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass",
            "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file",
            "tls-ca-cert-file", "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites",
            "tls-prefer-server-ciphers", "tls-session-caching", "tls-session-cache-size",
            "tls-session-cache-timeout");

    /** @param config the current value of a parameter, by name */
    public static TlsSettings from(Function<String, String> config) {
        String dir = config.apply("dir");
        return new TlsSettings(Path.of(dir == null || dir.isEmpty() ? "." : dir), config.apply("tls-cert-file"),
                config.apply("tls-key-file"), config.apply("tls-key-file-pass"), config.apply("tls-ca-cert-file"),
                config.apply("tls-ca-cert-dir"), config.apply("tls-protocols"), config.apply("tls-ciphers"),
                config.apply("tls-ciphersuites"), "yes".equals(config.apply("tls-prefer-server-ciphers")),
                "yes".equals(config.apply("tls-session-caching")),
                Long.parseLong(config.apply("tls-session-cache-size")),
                Long.parseLong(config.apply("tls-session-cache-timeout")), config.apply("tls-dh-params-file"),
                config.apply("tls-auth-clients"));
    }

    Path resolve(String file) {
        return dir.resolve(file);
    }

    static boolean unset(String value) {
        return value == null || value.isEmpty();
    }
}
