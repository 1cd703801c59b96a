package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Migrator#validateFiles}: the files checked as a database would split them, with no database at all. */
class ValidateFilesTests {

    @TempDir
    Path dir;

    private void write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private MigratorConfig config() {
        return MigratorConfig.builder().locations("filesystem:" + dir).placeholder("owner", "app").build();
    }

    @Test
    void cleanFilesPassForEveryDatabase() throws IOException {
        write("V1__books.sql", "CREATE TABLE books (id INT);\nGRANT SELECT ON books TO ${owner};\n");
        write("U1__books.sql", "DROP TABLE books;\n");
        write("V2__authors.sql", "-- migrate:depends-on 1\nCREATE TABLE authors (id INT);\n");
        write("R__view.sql", "CREATE VIEW v AS SELECT id FROM books;\n");
        for (String database : new String[] {"postgresql", "postgres", "mysql", "mariadb", "h2", "sqlite", "PostgreSQL"}) {
            ValidationResult result = Migrator.validateFiles(config(), database);
            assertThat(result.errors()).as(database).isEmpty();
            assertThat(result.warnings()).as(database).isEmpty();
        }
    }

    @Test
    void findsWhatTheFilesAloneGetWrongNamingFilesAndLines() throws IOException {
        write("V1__books.sql", "CREATE TABLE books (id INT);\n");
        write("V2__broken.sql", "CREATE TABLE t2 (id INT);\nSELECT 'never closed;\n");
        write("V3__orphan.sql", "-- migrate:depends-on 9\nCREATE TABLE t3 (id INT);\n");
        write("V3__again.sql", "CREATE TABLE t3b (id INT);\n");
        write("V4_no_double_underscore.sql", "SELECT 1;\n");
        write("U1__books.sql", "DROP TABLE books;\n/* never closed\n");
        write("afterMigrate.sql", "GRANT SELECT ON books TO ${reader};\nSELECT 'x\n");
        write("V5__dev_only.sql", "-- migrate:environments qa\nSELECT 1;\n");

        ValidationResult result = Migrator.validateFiles(config(), "h2");
        assertThat(result.errors()).anySatisfy(e -> assertThat(e).contains("V2__broken.sql line 2").contains("Unterminated string literal"))
                .anySatisfy(e -> assertThat(e).contains("V3__again.sql").contains("V3__orphan.sql"))
                .anySatisfy(e -> assertThat(e).contains("V4_no_double_underscore.sql"))
                .anySatisfy(e -> assertThat(e).contains("U1__books.sql line 2"))
                .anySatisfy(e -> assertThat(e).startsWith("Callback afterMigrate.sql line 2: Unterminated string literal"));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).isEqualTo("Callback afterMigrate.sql line 1 uses ${reader}, which has no configured value: it is left as written"))
                .anySatisfy(w -> assertThat(w).contains("V5__dev_only.sql names 'qa'"));
    }

    @Test
    void splitsAsTheNamedDatabaseDoesAndReadsItsVendorFolder() throws IOException {
        write("common/V1__books.sql", "CREATE TABLE books (id INT);\n");
        write("postgresql/V2__tag.sql", "SELECT $tag$ never closed;\n");
        write("mysql/V2__tag.sql", "SELECT $tag$ as a name;\n");
        MigratorConfig config = MigratorConfig.builder().locations("filesystem:" + dir.resolve("common"), "filesystem:" + dir + "/{vendor}")
                .build();

        assertThat(Migrator.validateFiles(config, "postgres").errors()).singleElement().asString()
                .contains("V2__tag.sql line 1").contains("Unterminated dollar-quoted string $tag$");
        assertThat(Migrator.validateFiles(config, "mysql").errors()).isEmpty();
    }

    @Test
    void aDatabaseItCannotSplitForIsNamed() {
        assertThatThrownBy(() -> Migrator.validateFiles(config(), "oracle")).isInstanceOf(UnsupportedDatabaseException.class)
                .hasMessageContaining("'oracle'").hasMessageContaining("PostgreSQL, MySQL, MariaDB, H2, SQLite");
        assertThatThrownBy(() -> Migrator.validateFiles(config(), " ")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("postgresql, mysql, mariadb, h2 or sqlite");
    }
}
