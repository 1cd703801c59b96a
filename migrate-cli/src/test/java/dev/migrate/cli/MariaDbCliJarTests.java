package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built jar against MariaDB (MIGRATE_TEST_MARIADB_URL). */
class MariaDbCliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.MARIADB;
    }

    @Override
    String longStatement() {
        return "SELECT SLEEP(600)";
    }

    /** MySQL users write jdbc:mysql:, which the bundled MariaDB driver takes only when told to. */
    @Test
    void aMysqlUrlWorksWithTheBundledDriver() throws IOException {
        Path dir = Files.createDirectories(work.resolve("mysql"));
        write(dir, "V1__create_tags.sql", "CREATE TABLE my_tags (id INT);\n");
        String url = db.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        List<String> args = List.of("--url", url, "--locations", dir.toString(), "--table", "my_history");

        JarRunner.Result migrate = runner().run(with(args, "migrate"));
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("V1__create_tags.sql");
        JarRunner.Result status = runner().run(with(args, "status"));
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).as("the URL as the user wrote it").contains("Database:    " + url + "\n").contains("Version:     1");
        assertThat(db.count("SELECT COUNT(*) FROM my_tags")).isZero();
    }
}
