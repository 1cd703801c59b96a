package dev.migrate.schema;

import static dev.migrate.schema.SchemaRoundTripTests.execute;
import static dev.migrate.schema.SchemaRoundTripTests.migration;
import static dev.migrate.schema.SchemaRoundTripTests.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrateException;
import dev.migrate.SchemaOperationFailedException;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements of SQLite's table rebuild, read from a real table, and what the rebuild keeps. */
class SqliteRebuildTests {

    private static final SchemaRenderer SQLITE = SchemaRenderer.forDatabase("SQLite");

    @Test
    void rendersTheDocumentedProcedureFromTheTablesDefinition() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT DEFAULT 1, b TEXT COLLATE NOCASE,"
                    + " c INT GENERATED ALWAYS AS (a * 2) VIRTUAL, CONSTRAINT t_a_check CHECK (a > 0))");
            execute(connection, "CREATE INDEX t_b ON t (b)");
            execute(connection, "CREATE TABLE log (what TEXT)");
            execute(connection, "CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('insert'); END");
            assertThat(SQLITE.render(new SetNotNull("t", "a"), connection)).containsExactly("""
                    CREATE TABLE t__new (
                        id INTEGER PRIMARY KEY,
                        a INT NOT NULL DEFAULT 1,
                        b TEXT COLLATE NOCASE,
                        c INT GENERATED ALWAYS AS (a * 2) VIRTUAL,
                        CONSTRAINT t_a_check CHECK (a > 0)
                    )""",
                    "INSERT INTO t__new (id, a, b)\n    SELECT id, a, b FROM t",
                    "DROP TABLE t",
                    "PRAGMA legacy_alter_table = ON",
                    "ALTER TABLE t__new RENAME TO t",
                    "PRAGMA legacy_alter_table = OFF",
                    "CREATE INDEX t_b ON t (b)",
                    "CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('insert'); END");
            assertThat(SQLITE.render(new DropConstraint("t", "t_a_check", null), connection).get(0)).isEqualTo("""
                    CREATE TABLE t__new (
                        id INTEGER PRIMARY KEY,
                        a INT DEFAULT 1,
                        b TEXT COLLATE NOCASE,
                        c INT GENERATED ALWAYS AS (a * 2) VIRTUAL
                    )""");
        }
    }

    @Test
    void indexesOfATableInAnAttachedDatabase() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "ATTACH DATABASE '" + db.url().replaceFirst("^jdbc:sqlite:", "")
                    .replaceFirst("test\\.db.*$", "aux.db") + "' AS aux");
            execute(connection, "CREATE TABLE aux.items (code TEXT, name TEXT)");
            DslMigration migration = migration(s -> {
                s.createIndex("aux.items", "code");
                s.createIndex("aux.items", "name").unique();
            });
            List<String> up = MigrationContexts.run(migration, true, connection);
            assertThat(up).containsExactly("CREATE INDEX aux.items_code_idx ON items (code)",
                    "CREATE UNIQUE INDEX aux.items_name_idx ON items (name)");
            assertThat(rows(connection, "SELECT name, tbl_name FROM aux.sqlite_master WHERE type = 'index' ORDER BY name"))
                    .containsExactly("items_code_idx|items", "items_name_idx|items");
            MigrationContexts.run(migration, false, connection);
            assertThat(rows(connection, "SELECT name FROM aux.sqlite_master WHERE type = 'index'")).isEmpty();
        }
    }

    /**
     * A table of an attached database rebuilt: its indexes and triggers are made again in that database (run as
     * SQLite saves them, without a schema, they would go to main), and keys to tables of the same database are
     * written without the schema, as SQLite wants them; a key to another database is refused.
     */
    @Test
    void rebuildsATableOfAnAttachedDatabaseWithItsIndexesTriggersAndKeys() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "ATTACH DATABASE '" + db.url().replaceFirst("^jdbc:sqlite:", "")
                    .replaceFirst("test\\.db.*$", "aux.db") + "' AS aux");
            MigrationContexts.run(migration(s -> {
                s.createTable("aux.kinds", t -> t.id());
                s.createTable("aux.items", t -> {
                    t.id();
                    t.string("code", 10).unique();
                    t.integer("n");
                    t.bigint("kind_id").references("aux.kinds", "id");
                });
                s.createIndex("aux.items", "n");
            }), true, connection);
            execute(connection, "CREATE TABLE aux.log (what TEXT)");
            execute(connection, "CREATE TRIGGER aux.items_insert AFTER INSERT ON items BEGIN INSERT INTO log VALUES (new.code); END");
            execute(connection, "INSERT INTO aux.kinds (id) VALUES (1)");
            execute(connection, "INSERT INTO aux.items (code, n, kind_id) VALUES ('a', 1, 1)");
            String objects = "SELECT type, name, tbl_name FROM aux.sqlite_master WHERE tbl_name = 'items' AND type <> 'table'"
                    + " ORDER BY name";
            List<String> before = rows(connection, objects);
            DslMigration change = migration(s -> {
                s.setNotNull("aux.items", "n");
                s.addCheck("aux.items", "items_n_check", "n > 0");
                s.dropForeignKey("aux.items", "items_kind_id_fkey").restoring("kind_id", "aux.kinds", "id");
            });

            MigrationContexts.run(change, true, connection);
            assertThat(rows(connection, objects)).containsExactlyElementsOf(before);
            assertThat(rows(connection, "SELECT name FROM main.sqlite_master")).isEmpty();
            assertThat(rows(connection, "SELECT code, n, kind_id FROM aux.items")).containsExactly("a|1|1");
            execute(connection, "INSERT INTO aux.items (code, n) VALUES ('b', 2)");
            assertThat(rows(connection, "SELECT what FROM aux.log")).containsExactly("a", "b");

            MigrationContexts.run(change, false, connection);
            assertThat(rows(connection, objects)).containsExactlyElementsOf(before);
            assertThat(rows(connection, "SELECT \"table\" FROM aux.pragma_foreign_key_list('items')")).containsExactly("kinds");
            assertThat(rows(connection, "SELECT COUNT(*) FROM aux.items")).containsExactly("2");

            assertThatThrownBy(() -> MigrationContexts.run(migration(s -> s.addForeignKey("aux.items", "kind_id", "kinds", "id")),
                    true, connection)).hasRootCauseMessage("SQLite cannot make foreign key items_kind_id_fkey of aux.items to"
                            + " kinds: a key's parent table must be in the same database as the table. Keep both tables in"
                            + " one database, or check the names in the migration.");
        }
    }

    /**
     * The id() column is INTEGER PRIMARY KEY AUTOINCREMENT, the rowid: a change between integer() and bigint()
     * runs nothing (the rebuild wrote BIGINT, which SQLite refuses with AUTOINCREMENT), and another type is refused.
     */
    @Test
    void theRowidColumnKeepsItsIntegerType() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            MigrationContexts.run(migration(s -> s.createTable("t", t -> {
                t.id();
                t.integer("n");
            })), true, connection);
            execute(connection, "INSERT INTO t (n) VALUES (1)");
            List<String> before = SchemaSnapshot.of(connection, DatabaseKind.SQLITE);
            DslMigration change = migration(s -> s.alterColumnType("t", "id", ColumnType.integer()).from(ColumnType.bigint()));
            assertThat(MigrationContexts.run(change, true, connection)).isEmpty();
            assertThat(MigrationContexts.run(change, false, connection)).isEmpty();
            assertThat(MigrationContexts.run(migration(s -> s.alterColumnType("t", "id", ColumnType.bigint())), true, connection))
                    .isEmpty();
            assertThat(SchemaSnapshot.of(connection, DatabaseKind.SQLITE)).containsExactlyElementsOf(before);
            execute(connection, "INSERT INTO t (n) VALUES (2)");
            assertThat(rows(connection, "SELECT id, n FROM t ORDER BY id")).containsExactly("1|1", "2|2");
            assertThatThrownBy(() -> MigrationContexts.run(migration(s -> s.alterColumnType("t", "id", ColumnType.string(10))),
                    true, connection)).hasRootCauseMessage("Cannot change the type of t.id to VARCHAR(10) on SQLite: it is"
                            + " the table's INTEGER PRIMARY KEY, the rowid, which can only be INTEGER. Keep it, or write the"
                            + " change with sql(up, down).");
        }
    }

    @Test
    void keepsTheAutoincrementCounterSoDeletedIdsAreNotReused() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            MigrationContexts.run(migration(s -> s.createTable("users", t -> {
                t.id();
                t.integer("age");
            })), true, connection);
            MigrationContexts.run(migration(s -> s.createTable("empty", t -> {
                t.id();
                t.integer("age");
            })), true, connection);
            for (int i = 1; i <= 5; i++) {
                execute(connection, "INSERT INTO users (age) VALUES (" + i + ")");
                execute(connection, "INSERT INTO empty (age) VALUES (" + i + ")");
            }
            execute(connection, "DELETE FROM users WHERE id >= 3");
            execute(connection, "DELETE FROM empty");

            List<String> up = MigrationContexts.run(migration(s -> {
                s.setNotNull("users", "age");
                s.setNotNull("empty", "age");
            }), true, connection);
            assertThat(up).contains("UPDATE sqlite_sequence SET seq = 5 WHERE name = 'users'");
            assertThat(rows(connection, "SELECT name, seq FROM sqlite_sequence ORDER BY name"))
                    .containsExactly("empty|5", "users|5");
            execute(connection, "INSERT INTO users (age) VALUES (99)");
            execute(connection, "INSERT INTO empty (age) VALUES (99)");
            assertThat(rows(connection, "SELECT id, age FROM users ORDER BY id")).containsExactly("1|1", "2|2", "6|99");
            assertThat(rows(connection, "SELECT id FROM empty")).containsExactly("6");
        }
    }

    @Test
    void keepsRowsIndexesTriggersAndViews() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a INT, b TEXT)");
            execute(connection, "CREATE UNIQUE INDEX t_b ON t (b)");
            execute(connection, "CREATE TABLE log (what TEXT)");
            execute(connection, "CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.b); END");
            execute(connection, "CREATE VIEW t_view AS SELECT a, b FROM t");
            execute(connection, "INSERT INTO t (a, b) VALUES (1, 'one'), (2, 'two')");
            DslMigration change = migration(s -> {
                s.alterColumnType("t", "a", ColumnType.bigint()).from(ColumnType.integer());
                s.setNotNull("t", "a");
                s.setDefault("t", "a", 7).fromNone();
                s.addCheck("t", "t_a_check", "a > 0");
            });
            MigrationContexts.run(change, true, connection);

            assertThat(rows(connection, "SELECT id, a, b FROM t_view JOIN t USING (a, b) ORDER BY id"))
                    .containsExactly("1|1|one", "2|2|two");
            execute(connection, "INSERT INTO t (b) VALUES ('three')");
            assertThat(rows(connection, "SELECT id, a FROM t WHERE b = 'three'")).containsExactly("3|7");
            assertThat(rows(connection, "SELECT what FROM log")).containsExactly("one", "two", "three");
            assertThatThrownBy(() -> execute(connection, "INSERT INTO t (a, b) VALUES (1, 'one')"))
                    .hasMessageContaining("UNIQUE");
            assertThatThrownBy(() -> execute(connection, "INSERT INTO t (a, b) VALUES (-1, 'four')"))
                    .hasMessageContaining("CHECK");
            assertThat(rows(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%__new'")).containsExactly("0");
            assertThat(rows(connection, "PRAGMA legacy_alter_table")).containsExactly("0");

            MigrationContexts.run(change, false, connection);
            // the reverse writes from(integer()) as the DSL writes integer: INTEGER, not the original INT
            assertThat(rows(connection, "SELECT sql FROM sqlite_master WHERE name = 't'")).singleElement().asString()
                    .isEqualToIgnoringWhitespace("CREATE TABLE \"t\" (id INTEGER PRIMARY KEY AUTOINCREMENT, a INTEGER, b TEXT)");
        }
    }

    @Test
    void refusesToRebuildAReferencedTableWhileForeignKeysAreEnforced() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "PRAGMA foreign_keys = ON");
            execute(connection, "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT)");
            execute(connection, "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT REFERENCES parent (id)"
                    + " ON DELETE CASCADE)");
            execute(connection, "INSERT INTO parent VALUES (1, 'p')");
            execute(connection, "INSERT INTO child VALUES (1, 1)");
            assertThatThrownBy(() -> SQLITE.render(new SetNotNull("parent", "name"), connection))
                    .isInstanceOf(MigrateException.class)
                    .hasMessage("Cannot rebuild SQLite table parent to make name NOT NULL: foreign keys are enforced on"
                            + " this connection (PRAGMA foreign_keys = ON) and child references it, so dropping the old"
                            + " table would delete or orphan their rows. SQLite cannot turn enforcement off inside a"
                            + " transaction: run this migration on a connection with foreign keys off (sqlite-jdbc's"
                            + " default, foreign_keys=false), or write it with sql(up, down).");
            // a table nothing references rebuilds under enforcement, and its own keys are kept
            MigrationContexts.run(migration(s -> s.setNotNull("child", "parent_id")), true, connection);
            assertThat(rows(connection, "SELECT COUNT(*) FROM child")).containsExactly("1");
            assertThat(rows(connection, "SELECT \"table\", on_delete FROM pragma_foreign_key_list('child')"))
                    .containsExactly("parent|CASCADE");
        }
    }

    /**
     * A key SQLite would write into the table unchecked, broken from the start, is refused as the other databases
     * refuse it, and the table is left as it was: one the rows break, and one whose parent columns are not unique.
     */
    @Test
    void refusesAForeignKeyTheRowsBreakOrWhoseParentColumnsAreNotUnique() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT, name TEXT)");
            execute(connection, "CREATE UNIQUE INDEX parent_code_key ON parent (code)");
            execute(connection, "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_code TEXT, parent_name TEXT)");
            execute(connection, "INSERT INTO parent VALUES (1, 'a', 'A')");
            execute(connection, "INSERT INTO child VALUES (1, 'a', 'A'), (2, 'zz', 'A'), (3, NULL, 'A'), (4, 'yy', 'A')");
            String before = rows(connection, "SELECT sql FROM sqlite_master WHERE name = 'child'").get(0);

            assertThatThrownBy(() -> MigrationContexts.run(migration(s -> s.addForeignKey("child", "parent_code", "parent",
                    "code")), true, connection))
                    .isInstanceOf(SchemaOperationFailedException.class)
                    .cause().hasMessage("Cannot add foreign key child_parent_code_fkey of child (parent_code) to parent (code):"
                            + " 2 rows of child hold a value that parent does not have (the first at rowid 2;"
                            + " PRAGMA foreign_key_check(child) lists them all). Delete or fix those rows first, in the"
                            + " migration before the key (sql(up, down)) or by hand.");
            assertThatThrownBy(() -> MigrationContexts.run(migration(s -> s.addForeignKey("child", "parent_name", "parent",
                    "name")), true, connection))
                    .isInstanceOf(SchemaOperationFailedException.class)
                    .cause().hasMessageStartingWith("SQLite cannot use foreign key child_parent_name_fkey of child"
                            + " (parent_name) to parent (name): the referenced columns are neither parent's primary key nor"
                            + " covered by a unique index or constraint of it");
            assertThat(rows(connection, "SELECT sql FROM sqlite_master WHERE name = 'child'")).containsExactly(before);
            assertThat(rows(connection, "SELECT COUNT(*) FROM child")).containsExactly("4");

            // with the rows fixed the key is added, and a key the rows break elsewhere does not stand in its way
            execute(connection, "DELETE FROM child WHERE id IN (2, 4)");
            execute(connection, "ALTER TABLE child ADD COLUMN other_id INT REFERENCES parent (id)");
            execute(connection, "UPDATE child SET other_id = 99");
            MigrationContexts.run(migration(s -> s.addForeignKey("child", "parent_code", "parent", "code")), true,
                    connection);
            assertThat(rows(connection, "SELECT \"from\" FROM pragma_foreign_key_list('child') ORDER BY id"))
                    .containsExactlyInAnyOrder("parent_code", "other_id");
        }
    }

    /**
     * A STRICT table takes only SQLite's own type names: portable types are written as the one whose values they hold,
     * added in place and by a rebuild, and the table stays STRICT, with its rows, through the up and the down.
     */
    @Test
    void portableTypesOnAStrictTableAreWrittenAsItsTypes() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE s (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INT) STRICT");
            execute(connection, "INSERT INTO s VALUES (1, 'a', 7)");
            DslMigration migration = migration(m -> {
                m.addColumn("s", "email", ColumnType.string(100));
                m.addColumn("s", "active", ColumnType.bool(), c -> c.notNull().defaultValue(true));
                m.addColumn("s", "price", ColumnType.decimal(10, 2));
                m.alterColumnType("s", "n", ColumnType.bigint()).from(ColumnType.integer());
            });
            List<String> up = MigrationContexts.run(migration, true, connection);
            assertThat(up).contains("ALTER TABLE s ADD COLUMN email TEXT", "ALTER TABLE s ADD COLUMN price REAL");
            assertThat(rows(connection, "SELECT name, type, \"notnull\" FROM pragma_table_info('s') ORDER BY cid"))
                    .containsExactly("id|INTEGER|0", "name|TEXT|1", "n|INTEGER|0", "email|TEXT|0", "active|INTEGER|1",
                            "price|REAL|0");
            assertThat(rows(connection, "SELECT strict FROM pragma_table_list('s')")).containsExactly("1");
            assertThat(rows(connection, "SELECT id, name, n, active FROM s")).containsExactly("1|a|7|1");

            MigrationContexts.run(migration, false, connection);
            assertThat(rows(connection, "SELECT name, type FROM pragma_table_info('s') ORDER BY cid"))
                    .containsExactly("id|INTEGER", "name|TEXT", "n|INTEGER");
            assertThat(rows(connection, "SELECT strict FROM pragma_table_list('s')")).containsExactly("1");
            assertThat(rows(connection, "SELECT id, name, n FROM s")).containsExactly("1|a|7");
        }
    }

    @Test
    void namesWhatIsMissing() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE t (a INT CONSTRAINT a_positive CHECK (a > 0))");
            assertThatThrownBy(() -> SQLITE.render(new SetNotNull("nope", "a"), connection))
                    .hasMessage("Cannot rebuild SQLite table nope to make a NOT NULL: there is no such table."
                            + " Check the name in the migration.");
            assertThatThrownBy(() -> SQLITE.render(new SetNotNull("t", "b"), connection))
                    .hasMessage("SQLite table t has no column b; check the names in the migration.");
            assertThatThrownBy(() -> SQLITE.render(new DropConstraint("t", "a_positive", null), connection))
                    .hasMessageStartingWith("Cannot drop constraint a_positive of SQLite table t: its CREATE TABLE has"
                            + " no table constraint of that name (a constraint written inside a column definition"
                            + " cannot be dropped by name).");
        }
    }

    @Test
    void aPlanRendersOperationsOnTablesChangedEarlierInTheMigrationAsComments() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.SQLITE); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE t (a INT)");
            execute(connection, "CREATE TABLE u (b INT)");
            DslMigration change = migration(s -> {
                s.setNotNull("u", "b");
                s.addColumn("t", "c", ColumnType.integer(), c -> c.defaultValue(0));
                s.setNotNull("t", "c");
            });
            List<String> plan = change.render(true, "SQLite", connection);
            assertThat(plan.get(0)).startsWith("CREATE TABLE u__new (");
            assertThat(plan).contains("ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 0");
            assertThat(plan.get(plan.size() - 1)).startsWith("-- SQLite: rebuild table t to make c NOT NULL: ");
        }
    }
}
