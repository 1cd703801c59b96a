package dev.migrate.dialect.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.AppliedMigration;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.RollbackRequest;
import dev.migrate.contract.MigrationFiles;
import dev.migrate.internal.DriverDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * H2 in the compatibility modes that tests use to stand in for the production database, with the settings H2's
 * documentation gives for each: the same scripts, and Migrate finding its history again on the next run.
 * {@code DATABASE_TO_LOWER} stores unquoted names in lower case and {@code DATABASE_TO_UPPER=FALSE} as written,
 * {@code INFORMATION_SCHEMA} included.
 */
class H2CompatibilityModeTests {

    @TempDir
    Path dir;

    private DataSource dataSource(String settings) {
        return new DriverDataSource("jdbc:h2:mem:modes_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + settings, "sa", "");
    }

    private Migrator migrator(DataSource dataSource, Consumer<MigratorConfig.Builder> customizer) {
        MigratorConfig.Builder builder = MigratorConfig.builder().locations(new MigrationFiles(dir).location()).environment("dev")
                .cleanAllowed(true);
        customizer.accept(builder);
        return Migrator.create(dataSource, builder.build());
    }

    private static List<String> tables(DataSource dataSource) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (!schema.equalsIgnoreCase("INFORMATION_SCHEMA") && !schema.equalsIgnoreCase("pg_catalog")) {
                    tables.add(schema + "." + rs.getString("TABLE_NAME"));
                }
            }
        }
        return tables;
    }

    /**
     * With {@code DATABASE_TO_LOWER=TRUE} (H2's PostgreSQL, MySQL and MariaDB settings) status saw no history and
     * reported applied migrations as pending, a rollback undid nothing and called it done, and clean dropped the lock
     * table. With {@code DATABASE_TO_UPPER=FALSE} every operation failed: {@code Schema "information_schema" not found}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
            ";MODE=MySQL;DATABASE_TO_LOWER=TRUE", ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE",
            ";DATABASE_TO_UPPER=FALSE", ";CASE_INSENSITIVE_IDENTIFIERS=TRUE", ";MODE=MSSQLServer", ";MODE=Oracle",
            ";MODE=LEGACY"})
    void historyIsFoundAgainAndRollbackAndCleanWork(String settings) throws SQLException {
        new MigrationFiles(dir).table(1).table(2);
        DataSource dataSource = dataSource(settings);
        assertThat(migrator(dataSource, b -> { }).migrate().applied()).hasSize(2);

        var status = migrator(dataSource, b -> { }).status();
        assertThat(status.current()).isEqualTo("2");
        assertThat(status.pending()).isEmpty();
        assertThat(status.problems()).isEmpty();
        assertThat(migrator(dataSource, b -> { }).rollback(RollbackRequest.last()).rolledBack()).hasSize(1);
        assertThat(migrator(dataSource, b -> { }).status().applied()).extracting(AppliedMigration::version).containsExactly("1");

        assertThat(migrator(dataSource, b -> { }).clean()).hasSize(3);
        // the lock table stays, and the audit table that records the clean
        assertThat(tables(dataSource)).map(String::toLowerCase)
                .containsExactlyInAnyOrder("public.migrate_audit", "public.migrate_lock");
    }

    /**
     * With {@code DATABASE_TO_LOWER=TRUE} a default schema given in another case ({@code App}) was not found after it was
     * created, so the migrations ran in the connection's schema while the history went to the default one, and clean
     * then emptied nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE", ";DATABASE_TO_UPPER=FALSE"})
    void migrationsRunInTheDefaultSchemaGivenInMixedCase(String settings) throws SQLException {
        new MigrationFiles(dir).table(1);
        DataSource dataSource = dataSource(settings);
        Consumer<MigratorConfig.Builder> app = b -> b.schemas("App").table("MyHistory");
        assertThat(migrator(dataSource, app).migrate().applied()).hasSize(1);
        assertThat(tables(dataSource)).map(String::toLowerCase)
                .containsExactlyInAnyOrder("app.t1", "app.myhistory", "app.migrate_audit", "app.migrate_lock");
        assertThat(migrator(dataSource, app).status().current()).isEqualTo("1");
        assertThat(migrator(dataSource, app).migrate().applied()).isEmpty();

        assertThat(migrator(dataSource, app).clean()).hasSize(3);
        assertThat(tables(dataSource)).map(String::toLowerCase).containsExactlyInAnyOrder("app.migrate_audit", "app.migrate_lock");
    }
}
