// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server.tls;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CipherListTest {
    private static final String ECDHE_AES128 = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    private static final String ECDHE_AES256 = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    private static final String RSA_AES128 = "TLS_RSA_WITH_AES_128_CBC_SHA256";
    private static final String ECDSA_CHACHA = "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    private static final String NULL_SUITE = "TLS_RSA_WITH_NULL_SHA256";
    private static final String ANON = "TLS_DH_anon_WITH_AES_128_CBC_SHA";

    private final CipherList list = new CipherList(
            List.of(ECDHE_AES256, ECDHE_AES128, ECDSA_CHACHA, RSA_AES128, NULL_SUITE, ANON),
            Set.of(ECDHE_AES256, ECDHE_AES128, ECDSA_CHACHA, RSA_AES128));

    @Test
    void namesAreOpenSslsOrIanas() {
        assertEquals(List.of(ECDHE_AES128, RSA_AES128), list.select("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA256"));
        assertEquals(List.of(ECDHE_AES256), list.select(ECDHE_AES256));
        assertEquals(List.of(), list.select("BOGUS"), "unknown names match nothing");
    }

    @Test
    void removalAndKilling() {
        assertEquals(List.of(ECDHE_AES256, ECDHE_AES128, ECDSA_CHACHA), list.select("DEFAULT:-AES128-SHA256"));
        assertEquals(List.of(ECDHE_AES256, ECDHE_AES128, ECDSA_CHACHA, RSA_AES128),
                list.select("DEFAULT:-AES128-SHA256:AES128-SHA256"), "'-' may be added back");
        assertEquals(List.of(ECDHE_AES256, ECDHE_AES128, ECDSA_CHACHA),
                list.select("DEFAULT:!kRSA:AES128-SHA256"), "'!' may not");
        assertEquals(List.of(RSA_AES128), list.select("-ALL:AES128-SHA256"));
    }

    @Test
    void aliasesAndCombinations() {
        assertTrue(list.select("ALL").stream().noneMatch(s -> s.contains("_NULL_")), "ALL leaves eNULL out");
        assertEquals(List.of(ECDHE_AES256, ECDHE_AES128), list.select("ECDHE+AESGCM"));
        assertEquals(List.of(ECDSA_CHACHA), list.select("CHACHA20"));
        assertEquals(List.of(ANON), list.select("aNULL"));
        assertEquals(List.of(ECDHE_AES128, ECDHE_AES256), list.select("ECDHE+AESGCM:+AES256"), "'+' moves to the end");
        assertEquals(List.of(ECDHE_AES256, ECDHE_AES128, ECDSA_CHACHA, RSA_AES128),
                list.select("HIGH:!aNULL:@STRENGTH"));
    }

    @Test
    void protocolsAreRedisWords() throws Exception {
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), TlsContext.protocols(""));
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), TlsContext.protocols(null));
        assertEquals(List.of("TLSv1.3"), TlsContext.protocols("tlsv1.3"));
        assertEquals(List.of("TLSv1", "TLSv1.1"), TlsContext.protocols("TLSv1 TLSv1.1"));
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> TlsContext.protocols("TLSv1.2  TLSv1.3"));
        assertEquals("Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and "
                + "'TLSv1.3'.", e.getMessage());
    }
}
