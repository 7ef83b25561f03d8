// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server.tls;

import io.netty.handler.ssl.CipherSuiteConverter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * OpenSSL's cipher-list language ({@code tls-ciphers}, e.g. {@code "DEFAULT:-AES128-SHA256"} or
 * {@code "HIGH:!aNULL"}) over the JDK's TLS 1.2 cipher suites. Elements are separated by ':', ',' or ' ';
 * an element is a cipher name (OpenSSL's or the IANA/JDK one), an alias, or aliases joined by '+' (all
 * must match); a leading '-' removes, '!' removes for good, '+' moves to the end, as {@code ciphers(1)}
 * describes. Unknown names match nothing; only a list that ends up empty is an error, as with
 * {@code SSL_CTX_set_cipher_list}. {@code @STRENGTH} and {@code @SECLEVEL=n} are accepted and ignored.
 */
final class CipherList {
    private final List<String> all;
    private final Set<String> defaults;

    /**
     * @param supported the provider's TLS 1.2-and-below suites, its defaults first in preference order
     * @param defaults  those the provider enables by default (OpenSSL's DEFAULT)
     */
    CipherList(List<String> supported, Set<String> defaults) {
        this.all = List.copyOf(supported);
        this.defaults = Set.copyOf(defaults);
    }

    /** The suites {@code spec} selects, in order; empty if none. */
    List<String> select(String spec) {
        LinkedHashSet<String> current = new LinkedHashSet<>();
        Set<String> killed = new HashSet<>();
        for (String element : spec.split("[:, ]+")) {
            if (element.isEmpty() || element.startsWith("@")) {
                continue;
            }
            char op = element.charAt(0);
            String body = op == '!' || op == '-' || op == '+' ? element.substring(1) : element;
            List<String> matched = matching(body);
            switch (op) {
                case '!' -> {
                    matched.forEach(current::remove);
                    killed.addAll(matched);
                }
                case '-' -> matched.forEach(current::remove);
                case '+' -> {
                    for (String s : matched) {
                        if (current.remove(s)) {
                            current.add(s);
                        }
                    }
                }
                default -> {
                    for (String s : matched) {
                        if (!killed.contains(s)) {
                            current.add(s);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(current);
    }

    private List<String> matching(String body) {
        Predicate<String> test = s -> true;
        for (String term : body.split("\\+")) {
            test = test.and(term(term));
        }
        return all.stream().filter(test).toList();
    }

    private Predicate<String> term(String term) {
        Predicate<String> alias = alias(term);
        if (alias != null) {
            return alias;
        }
        // a single suite by its OpenSSL name, or by its IANA name as the JDK spells it
        return s -> s.equals(term) || term.equals(CipherSuiteConverter.toOpenSsl(s, false));
    }

    /** OpenSSL's aliases, read off the IANA name: TLS_{kx}_{auth}_WITH_{cipher}_{mac}. */
    private Predicate<String> alias(String name) {
        return switch (name) {
            case "ALL" -> s -> !has(s, "_WITH_NULL_");
            case "DEFAULT" -> defaults::contains;
            case "COMPLEMENTOFDEFAULT" -> s -> !defaults.contains(s) && !has(s, "_WITH_NULL_");
            case "COMPLEMENTOFALL", "eNULL", "NULL" -> s -> has(s, "_WITH_NULL_");
            case "HIGH" -> s -> has(s, "_AES_") || has(s, "_CHACHA20_") || has(s, "_CAMELLIA_") || has(s, "_ARIA_");
            case "MEDIUM" -> s -> has(s, "_SEED_") || has(s, "_IDEA_");
            case "LOW", "EXPORT", "EXP" -> s -> has(s, "_EXPORT") || has(s, "_DES_CBC_") || has(s, "_DES40_");
            case "aNULL", "ADH", "AECDH" -> s -> has(s, "_anon_");
            case "kRSA" -> s -> s.startsWith("TLS_RSA_WITH_") || s.startsWith("SSL_RSA_WITH_");
            case "aRSA" -> s -> s.startsWith("TLS_RSA_") || has(s, "HE_RSA_") || s.startsWith("SSL_RSA_");
            case "RSA" -> s -> s.startsWith("TLS_RSA_") || has(s, "_RSA_WITH_") || s.startsWith("SSL_RSA_");
            case "kECDHE", "kEECDH", "ECDHE", "EECDH" -> s -> has(s, "_ECDHE_");
            case "kDHE", "kEDH", "DHE", "EDH" -> s -> has(s, "_DHE_");
            case "ECDH", "kECDH" -> s -> has(s, "_ECDH_") || has(s, "_ECDHE_");
            case "aECDSA", "ECDSA" -> s -> has(s, "_ECDSA_");
            case "aDSS", "DSS" -> s -> has(s, "_DSS_");
            case "AES" -> s -> has(s, "_AES_");
            case "AES128" -> s -> has(s, "_AES_128_");
            case "AES256" -> s -> has(s, "_AES_256_");
            case "AESGCM" -> s -> has(s, "_AES_") && has(s, "_GCM_");
            case "AESCCM" -> s -> has(s, "_AES_") && has(s, "_CCM");
            case "CHACHA20" -> s -> has(s, "_CHACHA20_");
            case "CAMELLIA" -> s -> has(s, "_CAMELLIA_");
            case "ARIA" -> s -> has(s, "_ARIA_");
            case "3DES" -> s -> has(s, "_3DES_");
            case "DES" -> s -> has(s, "_DES_CBC_");
            case "RC4" -> s -> has(s, "_RC4_");
            case "MD5" -> s -> s.endsWith("_MD5");
            case "SHA1", "SHA" -> s -> s.endsWith("_SHA");
            case "SHA256" -> s -> s.endsWith("_SHA256");
            case "SHA384" -> s -> s.endsWith("_SHA384");
            case "TLSv1.2" -> s -> s.endsWith("_SHA256") || s.endsWith("_SHA384") || has(s, "_GCM_")
                    || has(s, "_CHACHA20_");
            case "TLSv1", "SSLv3" -> s -> s.endsWith("_SHA") || s.endsWith("_MD5");
            default -> null;
        };
    }

    private static boolean has(String suite, String part) {
        return suite.contains(part);
    }
}
