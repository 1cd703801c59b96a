package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Plan;
import dev.migrate.testing.DatabaseKind;
import org.junit.jupiter.api.Test;

class PostgresMigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.POSTGRES;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.POSTGRES;
    }

    @Test
    void unterminatedDollarQuoteIsRefusedWithTheFilesLineInPlainAndSectionedFiles() {
        assertSplitErrorIsRefusedEverywhere("DO $body$ BEGIN PERFORM 1;", "Unterminated dollar-quoted string $body$");
    }

    @Test
    void createIndexConcurrentlyRunsOutsideATransactionWithoutADirective() {
        files.write("V1__table.sql", "CREATE TABLE books (id INT PRIMARY KEY, title TEXT);")
                .write("V2__index.sql", "-- needs no directive\nCREATE INDEX CONCURRENTLY books_title ON books (title);\n");
        Plan plan = migrator().planMigrate(null);
        assertThat(plan.steps().get(1).transactional()).isFalse();
        assertThat(plan.steps().get(1).notes()).singleElement().satisfies(n -> assertThat(n)
                .contains("line 2").contains("CREATE INDEX CONCURRENTLY").contains("cannot run inside one on PostgreSQL"));
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'books_title'")).isEqualTo(1);
    }
}
