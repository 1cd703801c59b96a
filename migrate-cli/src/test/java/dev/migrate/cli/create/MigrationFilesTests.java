package dev.migrate.cli.create;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationFilesTests {

    @TempDir
    Path dir;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);

    private String next() {
        return new MigrationFiles(dir).nextVersion(false, CLOCK);
    }

    private void touch(String name) throws IOException {
        Files.writeString(dir.resolve(name), "SELECT 1;");
    }

    @Test
    void emptyOrMissingFolderStartsAtOne() {
        assertThat(new MigrationFiles(dir.resolve("missing")).nextVersion(false, CLOCK)).isEqualTo("1");
        assertThat(next()).isEqualTo("1");
    }

    @Test
    void nextIsTheHighestFirstPartPlusOneKeepingItsPadding() throws IOException {
        touch("V1__a.sql");
        touch("V1_2__b.sql");
        assertThat(next()).isEqualTo("2");
        touch("V009__c.sql");
        assertThat(next()).isEqualTo("010");
        touch("000042_d.up.sql");
        assertThat(next()).isEqualTo("000043");
        touch("notes.txt");
        touch("V1_create.sql"); // malformed: ignored here, validate reports it
        assertThat(next()).isEqualTo("000043");
    }

    @Test
    void timestampFoldersGetTheCurrentTime() throws IOException {
        touch("V20240126100000__a.sql");
        assertThat(next()).isEqualTo("20261122101530");
        touch("V20991231235959__from_the_future.sql");
        assertThat(next()).isEqualTo("20991231235960");
        assertThat(new MigrationFiles(dir.resolve("other")).nextVersion(true, CLOCK)).isEqualTo("20261122101530");
    }

    @Test
    void layoutFollowsTheMajority() throws IOException {
        assertThat(new MigrationFiles(dir).prevailingLayout()).isEqualTo(Layout.PAIR);
        touch("1_a.up.sql");
        touch("1_a.down.sql");
        assertThat(new MigrationFiles(dir).prevailingLayout()).isEqualTo(Layout.UPDOWN);
    }

    @Test
    void slugsAreFileNameSafe() {
        assertThat(MigrationFiles.slug("  Add e-mail to Users! ")).isEqualTo("add_e_mail_to_users");
    }
}
