// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.transactions;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What EXEC propagates to the AOF and replicas, as Redis 7.0.15 writes it to its AOF. */
class TransactionPropagationTest {
    private Engine e;
    private final List<String> propagated = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() {
        e = Engine.open();
        e.dispatcher().addPropagation((db, argv) -> {
            List<String> words = new ArrayList<>();
            for (byte[] a : argv) {
                words.add(new String(a, StandardCharsets.UTF_8));
            }
            propagated.add(db + " " + String.join(" ", words));
        });
    }

    @AfterEach
    void close() {
        e.close();
    }

    private void run(String... args) {
        e.execute(args);
    }

    @Test
    void severalWritesArePropagatedInsideMultiExec() {
        run("MULTI");
        run("SET", "a", "1");
        run("GET", "a");
        run("SET", "b", "2");
        run("EXEC");
        assertEquals(List.of("0 MULTI", "0 SET a 1", "0 SET b 2", "0 EXEC"), propagated);
    }

    @Test
    void aSingleWriteIsPropagatedAloneWithoutMultiExec() {
        run("MULTI");
        run("SET", "a", "1");
        run("GET", "a");
        run("EXEC");
        assertEquals(List.of("0 SET a 1"), propagated);
    }

    @Test
    void aReadOnlyTransactionPropagatesNothing() {
        run("MULTI");
        run("GET", "a");
        run("PING");
        run("EXEC");
        assertEquals(List.of(), propagated);
    }

    @Test
    void aFailedOrDiscardedTransactionPropagatesNothing() {
        run("MULTI");
        run("SET", "a", "1");
        run("DISCARD");
        run("WATCH", "k");
        run("SET", "k", "v");
        run("MULTI");
        run("SET", "a", "1");
        run("EXEC");
        assertEquals(List.of("0 SET k v"), propagated);
    }

    @Test
    void multiTakesTheFirstWritesDatabaseAndExecTheLastOnes() {
        run("MULTI");
        run("SET", "a", "1");
        run("SELECT", "2");
        run("SET", "b", "2");
        run("EXEC");
        assertEquals(List.of("0 MULTI", "0 SET a 1", "2 SET b 2", "2 EXEC"), propagated);
    }

    @Test
    void aRewrittenCommandIsPropagatedInItsRewrittenForm() {
        run("MULTI");
        run("SET", "a", "1", "EX", "100");
        run("SET", "b", "2");
        run("EXEC");
        assertEquals(4, propagated.size());
        assertEquals("0 SET a 1 PXAT", propagated.get(1).substring(0, "0 SET a 1 PXAT".length()));
    }
}
