package dev.migrate.schema;

import static dev.migrate.schema.SchemaRoundTripTests.execute;
import static dev.migrate.schema.SchemaRoundTripTests.migration;
import static dev.migrate.schema.SchemaRoundTripTests.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrateException;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MySQL/MariaDB {@code MODIFY COLUMN} restates the column as the database describes it. */
class MySqlModifyColumnTests {

    private static final SchemaRenderer MYSQL = SchemaRenderer.forDatabase("MySQL");

    private static final String TABLE = "CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + " a INT NOT NULL DEFAULT 3 COMMENT 'it''s a\\\\b',"
            + " s VARCHAR(10) COLLATE utf8mb4_bin DEFAULT 'x',"
            + " j JSON NOT NULL,"
            + " u DATETIME(6) NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),"
            + " g INT AS (a + 1) VIRTUAL)";

    @Test
    void restatesEverythingButWhatChanges() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.MARIADB); Connection connection = db.connect()) {
            execute(connection, TABLE);
            assertThat(MYSQL.render(new DropNotNull("t", "a"), connection))
                    .containsExactly("ALTER TABLE t MODIFY COLUMN `a` int(11) NULL DEFAULT 3 COMMENT 'it''s a\\\\b'");
            assertThat(MYSQL.render(new DropNotNull("t", "j"), connection)).containsExactly("ALTER TABLE t MODIFY COLUMN"
                    + " `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL CHECK (json_valid(`j`))");
            assertThat(MYSQL.render(new SetNotNull("t", "u"), connection)).containsExactly("ALTER TABLE t MODIFY COLUMN"
                    + " `u` datetime(6) NOT NULL DEFAULT current_timestamp(6) ON UPDATE current_timestamp(6)");
            assertThat(MYSQL.render(new AlterColumnType("t", "s", ColumnType.string(20), null), connection))
                    .containsExactly("ALTER TABLE t MODIFY COLUMN `s` VARCHAR(20) CHARACTER SET utf8mb4"
                            + " COLLATE utf8mb4_bin NULL DEFAULT 'x'");
            assertThat(MYSQL.render(new AlterColumnType("t", "id", ColumnType.integer(), null), connection))
                    .containsExactly("ALTER TABLE t MODIFY COLUMN `id` INT NOT NULL AUTO_INCREMENT");
            assertThatThrownBy(() -> MYSQL.render(new SetNotNull("t", "g"), connection))
                    .isInstanceOf(MigrateException.class)
                    .hasMessage("Cannot change generated column t.g with the schema DSL on MySQL; use sql(up, down)"
                            + " with the full column definition.");
            assertThatThrownBy(() -> MYSQL.render(new SetNotNull("t", "nope"), connection))
                    .hasMessage("Cannot change column t.nope: the database has no such column. Check the names in the"
                            + " migration.");
        }
    }

    /** An invisible column stays invisible: MODIFY COLUMN without INVISIBLE made it show in SELECT * again. */
    @Test
    void anInvisibleColumnStaysInvisible() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.MARIADB); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE t (id INT, secret INT INVISIBLE DEFAULT 7)");
            execute(connection, "INSERT INTO t (id) VALUES (1)");
            DslMigration change = migration(s -> {
                s.setNotNull("t", "secret");
                s.alterColumnType("t", "secret", ColumnType.bigint()).from(ColumnType.integer());
            });
            MigrationContexts.run(change, true, connection);
            assertThat(rows(connection, "SELECT * FROM t")).containsExactly("1");
            assertThat(rows(connection, "SELECT secret FROM t")).containsExactly("7");
            MigrationContexts.run(change, false, connection);
            assertThat(rows(connection, "SELECT * FROM t")).containsExactly("1");
            assertThat(rows(connection, "SELECT IS_NULLABLE, COLUMN_TYPE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'secret'"))
                    .containsExactly("YES|int(11)|7|INVISIBLE");
        }
    }

    /**
     * MariaDB gives a default and a column check as SQL with backslash escapes whatever the session's sql_mode: in a
     * NO_BACKSLASH_ESCAPES session they are restated without them (and the comment with its backslash once), so that
     * MODIFY COLUMN leaves every value as it was, escape sequences, quotes and LIKE's \% included.
     */
    @Test
    void restatesStringsAsANoBackslashEscapesSessionReadsThem() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.MARIADB); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE t (id INT, a VARCHAR(40) DEFAULT 'x\\\\y\\'z\\n\\t\\%\\_' COMMENT 'c\\\\d''s'"
                    + " CHECK (a NOT LIKE 'p\\%\\\\q'), b INT)");
            String describe = "SELECT IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'a'";
            String check = "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = 't'";
            List<String> before = rows(connection, describe);
            List<String> checkBefore = rows(connection, check);
            execute(connection, "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
            SchemaRenderer session = SchemaRenderer.forDatabase("MySQL", dev.migrate.dialect.Dialects.detect(connection)
                    .splitter(connection));
            List<String> sql = session.render(new SetNotNull("t", "a"), connection);
            assertThat(sql).singleElement().satisfies(s -> assertThat(s).contains(" COMMENT 'c\\d''s'")
                    .contains(" DEFAULT 'x\\y''z\n\t\\%\\_'"));
            for (String s : sql) {
                execute(connection, s);
            }
            assertThat(rows(connection, describe)).isEqualTo(before.stream().map(r -> r.replaceFirst("^YES", "NO")).toList());
            assertThat(rows(connection, check)).isEqualTo(checkBefore);
            execute(connection, "INSERT INTO t (id) VALUES (1)");
            assertThat(rows(connection, "SELECT HEX(a) FROM t")).containsExactly("785C79277A0A095C255C5F");
        }
    }

    /** The string literals of MariaDB's SQL rewritten for a NO_BACKSLASH_ESCAPES session; names are left alone. */
    @Test
    void backslashEscapesAreRewrittenInStringsOnly() {
        assertThat(MySqlSchemaRenderer.withoutBackslashEscapes("`a\\'` <> 'C:\\\\dir\\'s' AND \"b\"\"c\\\" = _utf8mb4'\\0\\Z\\q'''"))
                .isEqualTo("`a\\'` <> 'C:\\dir''s' AND \"b\"\"c\\\" = _utf8mb4'\0\u001Aq'''");
        assertThat(MySqlSchemaRenderer.withoutBackslashEscapes("concat('a', 'b')")).isEqualTo("concat('a', 'b')");
    }

    @Test
    void upThenDownLeavesTheSameCreateTable() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.MARIADB); Connection connection = db.connect()) {
            execute(connection, TABLE);
            execute(connection, "CREATE TABLE p (id BIGINT PRIMARY KEY)");
            execute(connection, "ALTER TABLE t ADD COLUMN pid BIGINT");
            String before = rows(connection, "SHOW CREATE TABLE t").get(0);
            DslMigration change = migration(s -> {
                s.dropNotNull("t", "a");
                s.dropNotNull("t", "j");
                s.setNotNull("t", "u");
                s.alterColumnType("t", "s", ColumnType.string(20)).from(ColumnType.string(10));
                s.addForeignKey("t", "pid", "p", "id");
                s.setDefault("t", "s", DefaultValue.expression("concat('a', 'b')")).from("x");
            });
            MigrationContexts.run(change, true, connection);
            assertThat(rows(connection, "SHOW CREATE TABLE t").get(0)).isNotEqualTo(before)
                    .contains("KEY `t_pid_fkey` (`pid`)");
            MigrationContexts.run(change, false, connection);
            assertThat(rows(connection, "SHOW CREATE TABLE t").get(0)).isEqualTo(before);
        }
    }
}
