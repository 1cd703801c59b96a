package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationVersion;
import dev.migrate.discovery.MigrationFileName.Kind;
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

    @Test
    void describesJavaClassNames() {
        assertThat(MigrationFileName.parseClassName("V3__AddEmailIndex").description()).isEqualTo("Add email index");
        assertThat(MigrationFileName.parseClassName("V3_1__add_email").version()).isEqualTo(MigrationVersion.parse("3.1"));
        assertThat(MigrationFileName.parseClassName("AddEmailIndex")).isNull();
    }
}
