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
