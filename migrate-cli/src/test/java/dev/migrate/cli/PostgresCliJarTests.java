package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built jar against PostgreSQL (MIGRATE_TEST_POSTGRES_URL). */
class PostgresCliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }

    @Override
    String longStatement() {
        return "SELECT pg_sleep(600)";
    }

    /**
     * The driver gives migrate's connection the JVM's time zone, where psql takes the server's: the script sets the one
     * migrate's connection has, so a time written without a zone is the same instant.
     */
    @Test
    void aPlanScriptReadsTimesInTheTimeZoneOfMigratesConnection() throws Exception {
        Path dir = Files.createDirectories(work.resolve("tz"));
        write(dir, "V1__times.sql", "CREATE TABLE tz_times (at TIMESTAMPTZ);\nINSERT INTO tz_times VALUES ('2024-01-01 10:00');\n");
        List<String> common = List.of("--locations", dir.toString());
        String epoch = "SELECT EXTRACT(EPOCH FROM at)::bigint FROM tz_times";

        JarRunner.Result plan = runner().env("TZ", "Asia/Tokyo").run(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("SET TimeZone = 'Asia/Tokyo';");
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        try (TestDb other = TestDb.create(kind())) {
            JarRunner.Result migrate = runner().env("TZ", "Asia/Tokyo").run(with(with(other.connectionArgs(), common.toArray(String[]::new)),
                    "migrate"));
            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            assertThat(db.rows(epoch)).as("the same instant as migrate's").isEqualTo(other.rows(epoch)).containsExactly("1704070800");
        }
    }
}
