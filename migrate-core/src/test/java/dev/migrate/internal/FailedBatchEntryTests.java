package dev.migrate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Which statement of a failed batch failed, from the exception each driver throws (the shapes seen from
 * PostgreSQL's, MariaDB's, MySQL's (Connector/J), H2's and SQLite's drivers, which the contract tests run for
 * real), and the cases where the driver does not say.
 */
class FailedBatchEntryTests {

    private static final int F = Statement.EXECUTE_FAILED;

    @Test
    void postgresMarksEveryEntryFailedAndNamesTheEntryInItsMessage() {
        BatchUpdateException e = new BatchUpdateException("Batch entry 3 INSERT INTO bt VALUES (5) was aborted: ERROR: duplicate"
                + " key value violates unique constraint \"bt_pkey\"  Call getNextException to see other errors in the batch.",
                "23505", 0, new int[] {F, F, F, F, F, F, F, F, F, F}, null);
        assertThat(Engine.failedEntry(e, 10)).isEqualTo(3);
    }

    @Test
    void mariaDbAndH2GoOnAndMarkTheFailedEntry() {
        BatchUpdateException e = new BatchUpdateException("Duplicate entry '5' for key 'PRIMARY'", "23000", 1062,
                new int[] {1, 1, 1, F, 1, 1, 1, 1, 1, 1}, null);
        assertThat(Engine.failedEntry(e, 10)).isEqualTo(3);
    }

    @Test
    void connectorJGoesOnAndMarksTheFailedEntry() {
        BatchUpdateException e = new BatchUpdateException("Duplicate entry '5' for key 'PRIMARY'", "23000", 1062,
                new int[] {1, 1, 1, F, 1, 1, 1, 1, 1, 1}, null);
        assertThat(Engine.failedEntry(e, 10)).isEqualTo(3);
    }

    /** rewriteBatchedStatements=true sends the batch as one multi-statement query: the counts say nothing of the entry. */
    @Test
    void connectorJRewritingTheBatchDoesNotSayWhichFailed() {
        BatchUpdateException e = new BatchUpdateException("Duplicate entry '5' for key 'PRIMARY'", "23000", 1062,
                new int[] {-1, F, F, F, F, F, F, F, F, F}, null);
        assertThat(Engine.failedEntry(e, 10)).isEqualTo(-1);
        BatchUpdateException stopped = new BatchUpdateException("Duplicate entry '5' for key 'PRIMARY'", "23000", 1062,
                new int[] {F, F, F, F, F, F, F, F, F}, null);
        assertThat(Engine.failedEntry(stopped, 10)).as("continueBatchOnError=false").isEqualTo(-1);
    }

    @Test
    void sqliteCountsZeroAfterTheFailureAndNamesTheEntry() {
        BatchUpdateException e = new BatchUpdateException("batch entry 3: [SQLITE_CONSTRAINT_PRIMARYKEY] A PRIMARY KEY constraint"
                + " failed", null, 0, new int[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, null);
        assertThat(Engine.failedEntry(e, 10)).isEqualTo(3);
    }

    @Test
    void aDriverThatStopsGivesTheCountsOfTheStatementsBeforeTheFailure() {
        BatchUpdateException e = new BatchUpdateException("constraint violated", "23000", 0, new int[] {1, 1, 1, 1}, null);
        assertThat(Engine.failedEntry(e, 10)).isEqualTo(4);
    }

    @Test
    void wordsQuotedFromTheStatementLaterInTheMessageDoNotCount() {
        BatchUpdateException e = new BatchUpdateException("Value too long; SQL statement: INSERT INTO t VALUES ('batch entry 7')",
                "22001", 0, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, null);
        assertThat(Engine.failedEntry(e, 10)).isEqualTo(-1);
    }

    @Test
    void withoutAnyOfTheseTheFailedEntryIsUnknown() {
        assertThat(Engine.failedEntry(new BatchUpdateException("failed", new int[] {F, F, F}), 3)).isEqualTo(-1);
        assertThat(Engine.failedEntry(new BatchUpdateException("failed", (int[]) null), 3)).isEqualTo(-1);
        assertThat(Engine.failedEntry(new BatchUpdateException("Batch entry 12 failed", new int[0]), 3)).isEqualTo(-1);
    }
}
