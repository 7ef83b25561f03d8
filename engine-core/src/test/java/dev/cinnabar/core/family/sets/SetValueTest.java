// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetValueTest {
    private static final long MAX = 512;

    @Test
    void onlyCanonicalDecimalIntegersCountAsIntegers() {
        for (String s : List.of("0", "1", "-1", "9223372036854775807", "-9223372036854775808", "1234567890123456789")) {
            assertTrue(SetValue.isInteger(bytes(s)), s);
        }
        for (String s : List.of("", "01", " 1", "1 ", "+1", "-0", "00", "-", "1.0", "1e3", "0x10",
                "9223372036854775808", "-9223372036854775809", "99999999999999999999", "123456789012345678901")) {
            assertFalse(SetValue.isInteger(bytes(s)), s);
        }
    }

    @Test
    void theFirstMemberChoosesTheEncoding() {
        assertEquals("intset", SetValue.forMember(bytes("7")).encoding());
        assertEquals("hashtable", SetValue.forMember(bytes("07")).encoding());
        assertEquals("intset", SetValue.empty().encoding());
    }

    @Test
    void anIntsetBecomesAHashtableOnceItHoldsMoreThanTheLimit() {
        SetValue set = SetValue.empty();
        for (int i = 0; i < 4; i++) {
            set.add(bytes(Integer.toString(i)), 4);
        }
        assertEquals("intset", set.encoding());
        assertFalse(set.add(bytes("3"), 4));
        assertEquals("intset", set.encoding());
        assertTrue(set.add(bytes("4"), 4));
        assertEquals("hashtable", set.encoding());
        assertEquals(5, set.size());
        assertTrue(set.contains(bytes("0")));
        set.remove(bytes("4"));
        set.remove(bytes("3"));
        assertEquals("hashtable", set.encoding());
    }

    @Test
    void aNonIntegerMemberConvertsAndKeepsTheIntegers() {
        SetValue set = SetValue.empty();
        set.add(bytes("-3"), MAX);
        set.add(bytes("x"), MAX);
        assertEquals("hashtable", set.encoding());
        assertTrue(set.contains(bytes("-3")));
        assertFalse(set.contains(bytes("-03")));
        assertEquals(Set.of("-3", "x"), texts(set));
    }

    @Test
    void anIntsetNeverHoldsANonCanonicalSpelling() {
        SetValue set = SetValue.empty();
        set.add(bytes("1"), MAX);
        assertFalse(set.contains(bytes("01")));
        assertFalse(set.remove(bytes("+1")));
        assertEquals(1, set.size());
    }

    @Test
    void randomMembersAreMembersAndCoverTheSetEvenly() {
        for (SetValue set : List.of(filled(10, ""), filled(10, "m"))) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < 20_000; i++) {
                seen.merge(new String(set.random(), StandardCharsets.US_ASCII), 1, Integer::sum);
            }
            assertEquals(texts(set), seen.keySet());
            for (int n : seen.values()) {
                assertTrue(n > 1600 && n < 2400, "uneven draw " + seen);
            }
        }
    }

    @Test
    void anIntsetScanReturnsEverythingWithCursorZero() {
        SetValue set = filled(100, "");
        List<String> found = new ArrayList<>();
        assertEquals(0, set.scan(12345, 1, m -> found.add(new String(m, StandardCharsets.US_ASCII))));
        assertEquals(100, found.size());
        assertEquals("0", found.get(0));
    }

    @Test
    void aHashtableScanSeesEveryMemberPresentThroughoutWhileTheSetGrowsAndShrinks() {
        SetValue set = filled(1000, "stay:");
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int round = 0;
        do {
            cursor = set.scan(cursor, 7, m -> seen.add(new String(m, StandardCharsets.US_ASCII)));
            // grow to several times the size, then shrink back, while the scan runs
            for (int i = 0; i < 40; i++) {
                String churn = "churn:" + round + ":" + i;
                if (round < 60) {
                    set.add(bytes(churn), MAX);
                } else {
                    set.remove(bytes("churn:" + (round - 60) + ":" + i));
                }
            }
            round++;
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("stay:" + i), "missed stay:" + i);
        }
    }

    @Test
    void aCopyIsDeepAndKeepsTheEncoding() {
        for (SetValue set : List.of(filled(3, ""), filled(3, "m"))) {
            SetValue copy = set.copy();
            assertEquals(set.encoding(), copy.encoding());
            copy.add(bytes("extra"), MAX);
            copy.remove(bytes(set.isIntset() ? "0" : "m0"));
            assertEquals(3, set.size());
            assertEquals(3, copy.size());
            assertFalse(set.contains(bytes("extra")));
        }
    }

    /** Figures from Redis 7.0.15's MEMORY USAGE, less the 32 bytes of a two-letter key's entry. */
    @Test
    void memoryUsageMatchesRedisForBothEncodings() {
        assertEquals(32, filled(3, "", 1).memoryUsage(5));
        assertEquals(240, filled(100, "", 1).memoryUsage(5));
        assertEquals(464, filled(101, "", 100_000).memoryUsage(5));
        SetValue abc = SetValue.forMember(bytes("a"));
        for (String m : List.of("a", "b", "c")) {
            abc.add(bytes(m), MAX);
        }
        assertEquals(200, abc.memoryUsage(5));
        assertEquals(40264, filled(1000, "", 1).memoryUsage(5));
    }

    private static SetValue filled(int n, String prefix) {
        return filled(n, prefix, 0);
    }

    private static SetValue filled(int n, String prefix, int first) {
        SetValue set = SetValue.forMember(bytes(prefix + first));
        for (int i = first; i < first + n; i++) {
            set.add(bytes(prefix + i), MAX);
        }
        return set;
    }

    private static Set<String> texts(SetValue set) {
        Set<String> out = new HashSet<>();
        set.forEach(m -> out.add(new String(m, StandardCharsets.US_ASCII)));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
