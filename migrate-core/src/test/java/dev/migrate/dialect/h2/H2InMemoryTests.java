package dev.migrate.dialect.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.DriverDataSource;
import dev.migrate.testing.Logged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private in-memory H2 database ({@code jdbc:h2:mem:} without {@code DB_CLOSE_DELAY}) is deleted when its last
 * connection closes: migrate through a plain DataSource applied everything, then status found nothing applied, in
 * silence. A warning says so and gives the fix; a database kept open (the setting, or another connection) gets none.
 */
class H2InMemoryTests {

    @TempDir
    Path folder;

    private Migrator migrator(String url) throws Exception {
        Files.writeString(folder.resolve("V1__t.sql"), "CREATE TABLE t (id INT);\n");
        return Migrator.create(new DriverDataSource(url, "sa", ""),
                MigratorConfig.builder().locations("filesystem:" + folder).build());
    }

    @Test
    void aPrivateInMemoryDatabaseThatClosesWithMigratesConnectionIsWarnedAbout() throws Exception {
        String url = "jdbc:h2:mem:m" + UUID.randomUUID().toString().replace("-", "");
        Migrator m = migrator(url);
        List<String> warnings = Logged.warnings(() -> assertThat(m.migrate().applied()).hasSize(1));
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w).startsWith("The in-memory H2 database " + url)
                .contains("H2 deletes it when that one closes").contains("Add ;DB_CLOSE_DELAY=-1 to the URL"));
        assertThat(m.status().pending()).as("what the warning says: the database went with the connection").hasSize(1);
    }

    @Test
    void anInMemoryDatabaseKeptOpenGetsNoWarning() throws Exception {
        String kept = "jdbc:h2:mem:k" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        Migrator m = migrator(kept);
        assertThat(Logged.warnings(() -> assertThat(m.migrate().applied()).hasSize(1))).isEmpty();
        assertThat(m.status().pending()).isEmpty();

        String shared = "jdbc:h2:mem:s" + UUID.randomUUID().toString().replace("-", "");
        try (Connection application = DriverManager.getConnection(shared, "sa", "")) {
            Migrator withApplication = migrator(shared);
            assertThat(Logged.warnings(() -> assertThat(withApplication.migrate().applied()).hasSize(1))).isEmpty();
            assertThat(withApplication.status().pending()).isEmpty();
        }
    }
}
