package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationVersion;
import dev.migrate.discovery.MigrationFileName.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationFileNameTests {

    private static void assertName(String file, Kind kind, String version, String description) {
        MigrationFileName name = MigrationFileName.parse(file);
        assertThat(name).as(file).isNotNull();
        assertThat(name.kind()).as(file).isEqualTo(kind);
        assertThat(name.version()).as(file).isEqualTo(version == null ? null : MigrationVersion.parse(version));
        assertThat(name.description()).as(file).isEqualTo(description);
    }

    @Test
    void parsesFlywayNames() {
        assertName("V1__create_books.sql", Kind.VERSIONED, "1", "create books");
        assertName("V1_2__add_users.sql", Kind.VERSIONED, "1.2", "add users");
        assertName("V2024.03.20.01__x.sql", Kind.VERSIONED, "2024.3.20.1", "x");
        assertName("U7__drop_it.sql", Kind.UNDO, "7", "drop it");
        assertName("R__books_view.sql", Kind.REPEATABLE, null, "books view");
        // Plain V<digits>/U<digits> names take a path without regular expressions: the same answers.
        assertName("v12__a__b.SQL", Kind.VERSIONED, "12", "a  b");
        assertName("V1__.sql", Kind.VERSIONED, "1", "");
        assertName("u0003__undo_it_.sql", Kind.UNDO, "3", "undo it");
        assertName("V20240126100000__stamp.sql", Kind.VERSIONED, "20240126100000", "stamp");
    }

    @Test
    void parsesUpDownPairsTakingTheLongestNumericRunAsVersion() {
        assertName("20260215_02_add_roles.up.sql", Kind.UP, "20260215.2", "add roles");
        assertName("000001_create_teams.up.sql", Kind.UP, "1", "create teams");
        assertName("000001_create_teams.down.sql", Kind.DOWN, "1", "create teams");
        assertName("3.up.sql", Kind.UP, "3", "");
    }

    @Test
    void otherNamesAreNotMigrations() {
        assertThat(MigrationFileName.parse("V1_missing_separator.sql")).isNull();
        assertThat(MigrationFileName.parse("notes.sql")).isNull();
    }

    @Test
    void malformedMigrationNamesSayWhatIsWrong() {
        assertThatThrownBy(() -> MigrationFileName.parse("Vx__bad.sql")).hasMessageContaining("'x' is not a migration version");
        assertThatThrownBy(() -> MigrationFileName.parse("V__no_version.sql")).hasMessageContaining("version is missing");
        assertThatThrownBy(() -> MigrationFileName.parse("R1__versioned_repeatable.sql")).hasMessageContaining("has no version");
    }

    /** Flyway's sqlMigrationPrefix, undo and repeatable prefixes, separator and suffixes. */
    @Test
    void parsesNamesAsTheConfiguredNamingSays() {
        MigrationNaming naming = new MigrationNaming("M", "Undo", "Rep", "-", List.of(".sql", ".pgsql"));
        assertThat(MigrationFileName.parse("M1.2-add_users.pgsql", naming)).isEqualTo(
                new MigrationFileName(Kind.VERSIONED, MigrationVersion.parse("1.2"), "add users"));
        assertThat(MigrationFileName.parse("m3-x.SQL", naming)).isEqualTo(new MigrationFileName(Kind.VERSIONED, MigrationVersion.parse("3"), "x"));
        assertThat(MigrationFileName.parse("Undo1.2-add_users.pgsql", naming).kind()).isEqualTo(Kind.UNDO);
        assertThat(MigrationFileName.parse("Rep-books_view.sql", naming)).isEqualTo(new MigrationFileName(Kind.REPEATABLE, null, "books view"));
        assertThat(MigrationFileName.parse("20260215_02_add_roles.up.pgsql", naming))
                .isEqualTo(new MigrationFileName(Kind.UP, MigrationVersion.parse("20260215.2"), "add roles"));
        // The defaults no longer apply.
        assertThat(MigrationFileName.parse("V1__create_books.sql", naming)).isNull();
        assertThat(MigrationFileName.parse("M1__a.txt", naming)).isNull();
        assertThat(MigrationFileName.parse("M1_a.sql", naming)).as("no separator").isNull();
        assertThatThrownBy(() -> MigrationFileName.parse("Rep1-x.sql", naming)).hasMessageContaining("name it Rep-x.sql");
        assertThatThrownBy(() -> MigrationFileName.parse("M-x.sql", naming)).hasMessageContaining("the version is missing between 'M' and '-'");
        assertThatThrownBy(() -> MigrationFileName.parse("M1.x-y.sql", naming)).hasMessageContaining("'1.x' is not a migration version");
        assertThat(naming.expected()).isEqualTo("name it M<version>-<description>.sql, Undo<version>-<description>.sql,"
                + " Rep-<description>.sql or <version>_<description>.up.sql / .down.sql (or ending in .pgsql)");
        assertThat(naming.versionedName("7", "add_index")).isEqualTo("M7-add_index.sql");
        assertThat(naming.undoName("7", "add_index")).isEqualTo("Undo7-add_index.sql");
        MigrationNaming longer = new MigrationNaming("V", "U", "R", "__", List.of(".sql", ".up.sql"));
        assertThat(longer.suffixOf("V1__a.UP.sql")).as("the longest that fits").isEqualTo(".up.sql");
        assertThat(MigrationNaming.DEFAULT.expected()).isEqualTo(MigrationFileName.EXPECTED)
                .isEqualTo("name it V<version>__<description>.sql, U<version>__<description>.sql, R__<description>.sql"
                        + " or <version>_<description>.up.sql / .down.sql");
    }

    /** The default names take the path without regular expressions; the general one gives the same answers. */
    @Test
    void theDefaultNamingGivesWhatTheGeneralParserGivesForTheSameSettings() {
        MigrationNaming same = new MigrationNaming("V", "U", "R", "__", List.of(".sql", ".ddl"));
        for (String file : List.of("V1__create_books.sql", "V1_2__add_users.sql", "v12__a__b.SQL", "V1__.sql", "u0003__undo_it_.sql",
                "R__books_view.sql", "V1___x.sql", "V1_x__y.sql", "000001_create_teams.down.sql", "notes.sql", "V1_missing.sql")) {
            MigrationFileName general;
            try {
                general = MigrationFileName.parse(file, same);
            } catch (IllegalArgumentException e) {
                assertThatThrownBy(() -> MigrationFileName.parse(file)).as(file).hasMessage(e.getMessage());
                continue;
            }
            assertThat(MigrationFileName.parse(file)).as(file).isEqualTo(general);
        }
    }

    @Test
    void namingThatCannotWorkIsRefusedNamingTheSetting() {
        assertThat(MigrationNaming.DEFAULT.problems()).isEmpty();
        assertThat(new MigrationNaming("V", "VU", "R", "__", List.of(".sql")).problems()).singleElement().asString()
                .isEqualTo("sql-migration-prefix 'V' and undo-sql-migration-prefix 'VU' would both fit a name starting with VU:"
                        + " make neither the start of the other");
        assertThat(new MigrationNaming("", "U", "r", "-", List.of(".sql")).problems()).containsExactly(
                "sql-migration-prefix must not be empty, such as V");
        assertThat(new MigrationNaming("V", "U", "R", "x", List.of("sql", ".sql.conf")).problems()).containsExactly(
                "sql-migration-separator 'x' must be made of punctuation other than '.' alone, such as __ or -",
                "sql-migration-suffixes entry 'sql' is not a file name ending: give one such as .sql",
                "sql-migration-suffixes entry '.sql.conf' ends in .conf, which names a script's configuration file: give another,"
                        + " such as .sql");
        assertThat(new MigrationNaming("V/", "U", "R", "__", List.of()).problems()).containsExactly(
                "sql-migration-prefix 'V/' holds a character a file name cannot have or a space: use letters",
                "sql-migration-suffixes must name at least one suffix, such as .sql");
    }

    @Test
    void describesJavaClassNames() {
        assertThat(MigrationFileName.parseClassName("V3__AddEmailIndex").description()).isEqualTo("Add email index");
        assertThat(MigrationFileName.parseClassName("V3_1__add_email").version()).isEqualTo(MigrationVersion.parse("3.1"));
        assertThat(MigrationFileName.parseClassName("AddEmailIndex")).isNull();
    }
}
