package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.RecordingDataSource;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With 1,000 applied migrations, a start with nothing pending reads the history exactly once. */
class ThousandMigrationsTests {

    @TempDir
    Path folder;

    @Test
    void noOpMigrateOverAThousandAppliedMigrationsReadsTheHistoryOnce() {
        MigrationFiles files = new MigrationFiles(folder);
        for (int n = 1; n <= 1000; n++) {
            files.write(String.format("V%04d__step_%d.sql", n, n), "CREATE TABLE t" + n + " (id INT);\n");
        }
        try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
            MigratorConfig config = MigratorConfig.builder().locations(files.location()).build();
            MigrateResult first = Migrator.create(db.dataSource(), config).migrate();
            assertThat(first.applied()).hasSize(1000);

            RecordingDataSource recording = new RecordingDataSource(db.dataSource());
            MigrateResult second = Migrator.create(recording.dataSource(), config).migrate();

            assertThat(second.nothingToDo()).isTrue();
            assertThat(second.toVersion()).isEqualTo("1000");
            assertThat(recording.count("FROM \"MIGRATE_HISTORY\"")).isEqualTo(1);
            // Nothing was written: no history row, no audit row, no migration statement.
            assertThat(recording.count("INSERT INTO \"MIGRATE_")).isZero();
            assertThat(recording.count("CREATE TABLE t")).isZero();
            assertThat(recording.statements()).hasSizeLessThan(15);
        }
    }
}
