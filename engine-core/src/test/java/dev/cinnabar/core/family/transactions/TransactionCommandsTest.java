// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.transactions;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MULTI, EXEC, DISCARD, WATCH and UNWATCH on one client (the embedded one); see {@link WatchAcrossClientsTest}. */
class TransactionCommandsTest {
    private Engine e;

    @BeforeEach
    void open() {
        e = Engine.open();
    }

    @AfterEach
    void close() {
        e.close();
    }

    private String run(String... args) {
        return e.execute(args).toString();
    }

    @Test
    void execRunsQueuedCommandsInOrderAndRepliesWithAllTheirReplies() {
        assertEquals("OK", run("MULTI"));
        assertEquals("QUEUED", run("SET", "k", "v"));
        assertEquals("QUEUED", run("GET", "k"));
        assertEquals("[OK, \"v\"]", run("EXEC"));
    }

    @Test
    void execOfAnEmptyTransactionRepliesAnEmptyArray() {
        run("MULTI");
        assertEquals("[]", run("EXEC"));
    }

    @Test
    void nestedMultiIsAnErrorThatKeepsTheTransactionGoing() {
        run("MULTI");
        assertEquals("(error) ERR MULTI calls can not be nested", run("MULTI"));
        run("SET", "k", "v");
        assertEquals("[OK]", run("EXEC"));
    }

    @Test
    void execAndDiscardWithoutMultiAreErrors() {
        assertEquals("(error) ERR EXEC without MULTI", run("EXEC"));
        assertEquals("(error) ERR DISCARD without MULTI", run("DISCARD"));
    }

    @Test
    void watchInsideMultiIsAnErrorThatKeepsTheTransactionGoing() {
        run("MULTI");
        assertEquals("(error) ERR WATCH inside MULTI is not allowed", run("WATCH", "k"));
        run("SET", "k", "v");
        assertEquals("[OK]", run("EXEC"));
    }

    @Test
    void aQueueingErrorMakesExecAbortWithoutRunningAnything() {
        run("MULTI");
        run("SET", "k", "v");
        assertEquals("(error) ERR wrong number of arguments for 'get' command", run("GET"));
        assertEquals("(error) ERR unknown command 'NOSUCH', with args beginning with: 'x' ", run("NOSUCH", "x"));
        assertEquals("(error) EXECABORT Transaction discarded because of previous errors.", run("EXEC"));
        assertEquals("(nil)", run("GET", "k"));
        assertEquals("(error) ERR EXEC without MULTI", run("EXEC"));
    }

    @Test
    void errorsRaisedWhileExecutingAreRepliedPerCommandAndTheRestStillRuns() {
        run("MULTI");
        run("SET", "k", "v", "EX", "0");
        run("SET", "k", "v2");
        assertEquals("[(error) ERR invalid expire time in 'set' command, OK]", run("EXEC"));
        assertEquals("\"v2\"", run("GET", "k"));
    }

    @Test
    void execWithArgumentsIsRejectedAndDiscardsTheTransaction() {
        run("MULTI");
        run("SET", "k", "v");
        assertEquals("(error) EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command",
                run("EXEC", "x"));
        assertEquals("(error) ERR EXEC without MULTI", run("EXEC"));
        assertEquals("(nil)", run("GET", "k"));
    }

    @Test
    void discardDropsTheQueuedCommands() {
        run("MULTI");
        run("SET", "k", "v");
        assertEquals("OK", run("DISCARD"));
        assertEquals("(nil)", run("GET", "k"));
    }

    @Test
    void discardAfterAQueueingErrorEndsTheTransactionCleanly() {
        run("MULTI");
        run("SET", "k");
        assertEquals("OK", run("DISCARD"));
        run("MULTI");
        run("SET", "k", "v");
        assertEquals("[OK]", run("EXEC"));
    }

    @Test
    void unwatchInsideMultiIsQueuedLikeAnyCommand() {
        run("MULTI");
        assertEquals("QUEUED", run("UNWATCH"));
        assertEquals("[OK]", run("EXEC"));
    }

    @Test
    void aWatchedKeyWrittenByTheWatcherItselfFailsExec() {
        run("WATCH", "k");
        run("SET", "k", "v");
        run("MULTI");
        run("GET", "k");
        assertEquals("(nil)", run("EXEC"));
    }

    @Test
    void aWriteInAnotherDatabaseDoesNotTouchTheWatchedKey() {
        run("WATCH", "k");
        run("SELECT", "1");
        run("SET", "k", "other db");
        run("SELECT", "0");
        run("MULTI");
        run("GET", "k");
        assertEquals("[(nil)]", run("EXEC"));
    }

    @Test
    void aKeyWatchedInAnotherDatabaseIsTrackedThere() {
        run("SELECT", "1");
        run("WATCH", "k");
        run("SELECT", "0");
        run("SET", "k", "db0 is not watched");
        run("SELECT", "1");
        run("SET", "k", "db1 is");
        run("MULTI");
        run("PING");
        assertEquals("(nil)", run("EXEC"));
    }

    @Test
    void unwatchForgetsThatAWatchedKeyChanged() {
        run("WATCH", "k");
        run("SET", "k", "v");
        assertEquals("OK", run("UNWATCH"));
        run("MULTI");
        run("PING");
        assertEquals("[PONG]", run("EXEC"));
    }

    @Test
    void discardUnwatchesEveryKey() {
        run("WATCH", "k");
        run("SET", "k", "v");
        run("MULTI");
        run("DISCARD");
        run("MULTI");
        run("PING");
        assertEquals("[PONG]", run("EXEC"));
    }

    @Test
    void execUnwatchesEveryKeyEvenWhenItFails() {
        run("WATCH", "k");
        run("SET", "k", "v");
        run("MULTI");
        assertEquals("(nil)", run("EXEC"));
        run("SET", "k", "v2");
        run("MULTI");
        run("PING");
        assertEquals("[PONG]", run("EXEC"));
    }

    @Test
    void theTransactionsOwnWritesDoNotFailALaterTransaction() {
        run("WATCH", "k");
        run("MULTI");
        run("SET", "k", "v");
        assertEquals("[OK]", run("EXEC"));
        run("MULTI");
        run("GET", "k");
        assertEquals("[\"v\"]", run("EXEC"));
    }

    @Test
    void watchingAKeyTwiceIsTheSameAsOnce() {
        run("WATCH", "k", "k");
        assertEquals("OK", run("WATCH", "k"));
        run("UNWATCH");
        run("SET", "k", "v");
        run("MULTI");
        run("PING");
        assertEquals("[PONG]", run("EXEC"));
    }

    @Test
    void subscribeInsideATransactionRepliesInsideTheExecArray() {
        run("MULTI");
        run("SUBSCRIBE", "ch");
        assertEquals("[[\"subscribe\", \"ch\", (integer) 1]]", run("EXEC"));
    }

    @Test
    void ssubscribeInsideATransactionIsRefusedAsForAClientThatMustNotBlock() {
        run("MULTI");
        run("SSUBSCRIBE", "s");
        run("PSUBSCRIBE", "p");
        assertEquals("[(error) ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client, "
                + "[\"psubscribe\", \"p\", (integer) 1]]", run("EXEC"));
    }
}
