package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Migrator;
import dev.migrate.testing.DatabaseKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class H2MigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.H2;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.H2;
    }

    /**
     * Session settings a script may leave set: a query timeout made later long migrations fail, a lock timeout changed
     * how long they waited, NON_KEYWORDS and the time zone changed how their SQL was read.
     */
    @Test
    void sessionSettingsAMigrationSetsArePutBackAfterIt() throws java.sql.SQLException {
        String observe = "SELECT LOCK_TIMEOUT() AS a, (SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME ="
                + " 'QUERY_TIMEOUT') AS b, (SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'TIME ZONE') AS c,"
                + " (SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'NON_KEYWORDS') AS d";
        java.util.List<String> fresh = row(observe);
        files.write("V1__settings.sql", "CREATE TABLE leaks (id INT);\nSET LOCK_TIMEOUT 4321;\nSET QUERY_TIMEOUT 60000;\n"
                        + "SET TIME ZONE '+05:00';\nSET NON_KEYWORDS VALUE;\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS " + observe + ";\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT * FROM observed")).isEqualTo(fresh);
    }

    /**
     * A schema search path left by a migration made unqualified names of the next migrations and of the application find
     * another schema's tables. Put back as it was; where there was none, as the current schema alone (H2 cannot clear it).
     */
    @Test
    void aSchemaSearchPathAMigrationSetsIsPutBackAfterIt() throws java.sql.SQLException {
        db.execute("CREATE SCHEMA other");
        db.execute("CREATE TABLE other.only_there (id INT)");
        files.write("V1__path.sql", "CREATE TABLE leaks (id INT);\nSET SCHEMA_SEARCH_PATH other;\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT CURRENT_PATH AS p;\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT p FROM observed")).containsExactly("\"PUBLIC\"");

        files.write("V3__path_again.sql", "SET SCHEMA_SEARCH_PATH other;\n")
                .write("V4__observe_again.sql", "INSERT INTO observed SELECT CURRENT_PATH;\n");
        assertThat(migrator(b -> b.initSql("SET SCHEMA_SEARCH_PATH INFORMATION_SCHEMA, PUBLIC")).migrate().applied()).hasSize(2);
        assertThat(db.count("SELECT COUNT(*) FROM observed WHERE p = '\"INFORMATION_SCHEMA\",\"PUBLIC\"'")).isEqualTo(1);
    }

    /** H2 reports a UUID column as BINARY: its keys are still read and bound as UUIDs. */
    @Test
    void uuidKeysAreBoundAsUuid() throws Exception {
        CountKeyedRows migration = countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id UUID PRIMARY KEY, n INT NOT NULL)",
                "INSERT INTO keyed SELECT RANDOM_UUID(), 0 FROM SYSTEM_RANGE(1, 35)", 35);
        assertThat(migration.firstKeys).allMatch(k -> k instanceof java.util.UUID);
    }

    /**
     * A column of another schema whose type is a domain of the cleaned one: H2's DROP SCHEMA ... CASCADE dropped the
     * domain, and the database file no longer opened ("Domain POS not found"). Clean refuses, naming the column, a
     * view, a synonym and a default of the other schema that use the schema's objects, and drops nothing.
     */
    @Test
    void cleanRefusesWhatAnotherSchemaUsesAndDropsNothing() {
        files.write("V1__app.sql", "CREATE DOMAIN pos AS INT CHECK (VALUE > 0);\nCREATE SEQUENCE ids;\n"
                + "CREATE TABLE books (id INT PRIMARY KEY, n pos);\nINSERT INTO books VALUES (1, 1);\n");
        Migrator m = migrator(b -> b.defaultSchema("app").cleanAllowed(true));
        m.migrate();
        db.execute("CREATE SCHEMA reporting");
        db.execute("CREATE TABLE reporting.keep (id INT DEFAULT NEXT VALUE FOR app.ids, n app.pos, note VARCHAR(20))");
        db.execute("INSERT INTO reporting.keep (n, note) VALUES (5, 'keep me')");
        db.execute("CREATE VIEW reporting.titles AS SELECT id FROM app.books");
        db.execute("CREATE SYNONYM reporting.all_books FOR app.books");

        assertThatThrownBy(m::clean).isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContainingAll("Clean refused", "(APP)", "column REPORTING.KEEP.N (uses domain APP.POS)",
                        "view REPORTING.TITLES (names schema APP)", "synonym REPORTING.ALL_BOOKS (for APP.BOOKS)",
                        "column REPORTING.KEEP.ID (its default or expression names schema APP)", "Nothing was dropped");
        assertThat(db.count("SELECT COUNT(*) FROM app.books")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM reporting.keep WHERE n = 5 AND note = 'keep me'")).isEqualTo(1);

        db.execute("DROP VIEW reporting.titles");
        db.execute("DROP SYNONYM reporting.all_books");
        db.execute("DROP TABLE reporting.keep");
        assertThat(m.clean()).contains("table app.books", "domain app.pos", "sequence app.ids");
        assertThat(m.migrate().applied()).hasSize(1);
    }

    /**
     * Every kind of object of the schema goes, names quoted as written; the schema's users and the lock table
     * stay. Then the migrations run again from the first.
     */
    @Test
    void cleanDropsEveryKindOfObjectOfTheSchema() {
        files.write("V1__everything.sql", "CREATE DOMAIN pos AS INT CHECK (VALUE > 0);\nCREATE DOMAIN small_pos AS pos CHECK (VALUE < 10);\n"
                + "CREATE SEQUENCE ids;\nCREATE CONSTANT answer VALUE 42;\nCREATE ALIAS my_abs FOR 'java.lang.Math.abs(int)';\n"
                + "CREATE TABLE books (id INT DEFAULT NEXT VALUE FOR ids PRIMARY KEY, n small_pos);\n"
                + "CREATE TABLE loans (book INT REFERENCES books (id));\nCREATE TABLE \"odd \"\"name\" (id INT GENERATED BY DEFAULT AS IDENTITY);\n"
                + "CREATE VIEW book_view AS SELECT id FROM books;\nCREATE SYNONYM all_books FOR books;\n"
                + "INSERT INTO books (n) VALUES (3);\nINSERT INTO loans VALUES (1);\n");
        Migrator m = migrator(b -> b.cleanAllowed(true));
        m.migrate();
        assertThat(m.clean()).contains("domain public.pos", "domain public.small_pos", "sequence public.ids", "constant public.answer",
                "alias public.my_abs", "table public.books", "table public.loans", "table public.odd \"name", "view public.book_view",
                "synonym public.all_books", "table public.migrate_history");
        assertThat(db.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'PUBLIC'"
                + " AND table_name NOT IN ('MIGRATE_AUDIT', 'MIGRATE_LOCK')")).isZero();
        for (String catalog : List.of("domains WHERE domain_schema", "sequences WHERE sequence_schema", "constants WHERE constant_schema",
                "routines WHERE routine_schema", "synonyms WHERE synonym_schema")) {
            assertThat(db.count("SELECT COUNT(*) FROM information_schema." + catalog + " = 'PUBLIC'")).as(catalog).isZero();
        }
        assertThat(m.migrate().applied()).hasSize(1);
        assertThat(db.count("SELECT COUNT(*) FROM loans")).isEqualTo(1);
    }

    /**
     * Two schemas clean empties whose objects use each other's: a table of one taking its default from a sequence and
     * an alias of the other, and a column of a domain of the other. Clean emptied one schema after the other, and H2
     * refused to drop the first schema's sequence while the second's table used it: clean stopped half-way, with the
     * history gone and the rest left. Every table goes now before any sequence, alias or domain.
     */
    @Test
    void cleanEmptiesSchemasWhoseObjectsUseEachOther() {
        files.write("V1__app.sql", "CREATE SCHEMA IF NOT EXISTS other;\nCREATE SEQUENCE app.ids;\n"
                + "CREATE ALIAS app.my_abs FOR 'java.lang.Math.abs(int)';\nCREATE DOMAIN app.pos AS INT CHECK (VALUE > 0);\n"
                + "CREATE DOMAIN other.small_pos AS app.pos CHECK (VALUE < 10);\n"
                + "CREATE TABLE other.books (id INT DEFAULT NEXT VALUE FOR app.ids PRIMARY KEY, n other.small_pos,"
                + " m INT DEFAULT app.my_abs(-4));\n"
                + "CREATE TABLE app.loans (id INT PRIMARY KEY, book INT REFERENCES other.books (id), n app.pos);\n"
                + "CREATE VIEW other.loan_view AS SELECT id FROM app.loans;\nINSERT INTO other.books (n) VALUES (3);\n");
        Migrator m = migrator(b -> b.defaultSchema("app").schemas("app", "other").cleanAllowed(true));
        m.migrate();

        assertThat(m.clean()).contains("sequence app.ids", "alias app.my_abs", "domain app.pos", "domain other.small_pos",
                "table other.books", "table app.loans", "view other.loan_view", "table app.migrate_history");
        assertThat(db.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema IN ('APP', 'OTHER')"
                + " AND table_name NOT IN ('MIGRATE_AUDIT', 'MIGRATE_LOCK')")).isZero();
        for (String catalog : List.of("domains WHERE domain_schema", "sequences WHERE sequence_schema", "routines WHERE routine_schema")) {
            assertThat(db.count("SELECT COUNT(*) FROM information_schema." + catalog + " IN ('APP', 'OTHER')")).as(catalog).isZero();
        }
        assertThat(m.history()).last().satisfies(a -> assertThat(a.operation() + " " + a.outcome()).isEqualTo("CLEAN SUCCESS"));
        assertThat(m.migrate().applied()).hasSize(1);
        assertThat(db.count("SELECT COUNT(*) FROM other.books WHERE id = 1 AND m = 4")).isEqualTo(1);
    }

    @Test
    void cleanRefusesTheSchemaH2KeepsForItself() throws Exception {
        assertCleanRefusesTheDatabasesOwnSchema("INFORMATION_SCHEMA");
    }
}
