package dev.migrate.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ConnectionFailedException;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.DriverDataSource;
import dev.migrate.testing.HoldLockMain;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file another process has open (an application, an H2 console) without AUTO_SERVER: the error said "Database
 * may be already in use ... Check the URL, user and password". It says that another process holds the file and how
 * two processes can share it.
 */
class H2FileInUseTests {

    @TempDir
    Path folder;

    @Test
    void anH2FileAnotherProcessHoldsIsNamedAsSuch() throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("app").toAbsolutePath();
        Process holder = HoldLockMain.startHolding(url, "sa", null);
        try {
            Migrator other = Migrator.create(new DriverDataSource(url, "sa", ""),
                    MigratorConfig.builder().locations("filesystem:/nonexistent").build());
            assertThatThrownBy(other::migrate).isInstanceOf(ConnectionFailedException.class)
                    .hasMessageContaining("Database may be already in use")
                    .hasMessageContaining("Another process has the H2 database file open")
                    .hasMessageContaining("add ;AUTO_SERVER=TRUE to the URLs of both")
                    .message().doesNotContain("user and password");
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
