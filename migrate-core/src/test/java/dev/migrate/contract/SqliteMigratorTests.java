package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationFailedException;
import dev.migrate.Migrator;
import dev.migrate.testing.DatabaseKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteMigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.SQLITE;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.SQLITE;
    }

    /**
     * NEW.begin in a trigger opens no block: the statements after the trigger run (SQLite's driver runs only the
     * first statement of a string, so a merged statement lost them while reporting success).
     */
    @Test
    void aTriggerThatReadsAColumnNamedBeginLeavesTheStatementsAfterItAlone() {
        files.write("V1__shift.sql", "CREATE TABLE shift (id INTEGER PRIMARY KEY, begin TEXT, hours REAL);\n"
                + "CREATE TRIGGER shift_hours AFTER INSERT ON shift\nBEGIN\n"
                + "  UPDATE shift SET hours = (julianday('now') - julianday(NEW.begin)) * 24 WHERE id = NEW.id;\nEND;\n"
                + "CREATE TABLE after_trigger (x INT);\nINSERT INTO after_trigger VALUES (1);\n");
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM after_trigger")).isEqualTo(1);
    }

    /**
     * A column named begin set in a trigger (SET begin = ...), and compared (WHERE begin < ...): the trigger is one
     * statement, and those after it run.
     */
    @Test
    void aTriggerThatSetsAColumnNamedBeginLeavesTheStatementsAfterItAlone() {
        files.write("V1__shift.sql", "CREATE TABLE shift (id INTEGER PRIMARY KEY, begin TEXT, end TEXT);\n"
                + "CREATE TRIGGER shift_start AFTER INSERT ON shift\nBEGIN\n"
                + "  UPDATE shift SET begin = '2024-01-01', end = begin WHERE id = NEW.id AND begin IS NULL;\nEND;\n"
                + "CREATE TABLE after_trigger (x INT);\nINSERT INTO shift (id) VALUES (1);\n");
        migrator().migrate();
        assertThat(db.tableNames()).contains("after_trigger");
        assertThat(db.count("SELECT COUNT(*) FROM shift WHERE begin = '2024-01-01' AND end IS NULL")).isEqualTo(1);
    }

    /**
     * As SQLite reads it, through its JDBC driver and the sqlite3 shell alike: a block comment never closed runs to the
     * end of the script (of its section, in a file with sections), and what it hides does not run; validate and the
     * plan warn about it, and migrate and rollback log the warning, naming the file and the line where it opens. A
     * script whose last two characters open a comment is refused, as SQLite refuses it (it reads them as / and *).
     */
    @Test
    void aBlockCommentNeverClosedRunsToTheEndOfTheScriptWithAWarning() throws java.sql.SQLException {
        files.write("V1__sectioned.sql", "-- migrate:up\nCREATE TABLE t1 (id INT);\nCREATE TABLE kept (id INT);\n/* never closed\n"
                + "the tables above are all; hidden (id INT) is not made\n-- migrate:down\nDROP TABLE t1;\n/* never closed either\n"
                + "and kept stays\n");
        String upWarning = "Migration V1__sectioned.sql line 4 (up section): a block comment opens here and is never closed: SQLite"
                + " reads it to the end of the script, so nothing after it runs, as in sqlite3. Close it with */ where it should end";
        String downWarning = "Migration V1__sectioned.sql line 8 (down section): a block comment opens here and is never closed";
        dev.migrate.ValidationResult validation = migrator().validate();
        assertThat(validation.errors()).isEmpty();
        assertThat(validation.warnings()).contains(upWarning).anySatisfy(w -> assertThat(w).startsWith(downWarning));
        assertThat(migrator().planMigrate(null).warnings()).containsExactly(upWarning);
        java.util.List<String> logged = dev.migrate.testing.Logged.warnings(() -> assertThat(migrator().migrate().applied()).hasSize(1));
        assertThat(logged).containsExactly(upWarning);
        assertThat(db.tableNames()).contains("t1", "kept").doesNotContain("hidden");
        assertThat(migrator().planRollback(dev.migrate.RollbackRequest.last()).warnings())
                .singleElement().satisfies(w -> assertThat(w).startsWith(downWarning));
        logged = dev.migrate.testing.Logged.warnings(() -> migrator().rollback(dev.migrate.RollbackRequest.base()));
        assertThat(logged).singleElement().satisfies(w -> assertThat(w).startsWith(downWarning));
        assertThat(db.tableNames()).contains("kept").doesNotContain("t1");

        // SQLite itself, through the driver
        db.execute("CREATE TABLE pinned (x INT) /* never closed");
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("SELECT 1 /*")).isInstanceOf(java.sql.SQLException.class).hasMessageContaining("syntax error");
        }
        files.write("V2__ends_in_an_opening.sql", "CREATE TABLE t2 (id INT);\n/*");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContaining("V2__ends_in_an_opening.sql line 2: Unterminated block comment opened on line 2;");
        assertThat(db.tableNames()).contains("pinned").doesNotContain("t1", "t2");
    }

    /** A callback's comment never closed is warned about too; one that hides SQL keeps migrate from starting. */
    @Test
    void aCallbacksBlockCommentNeverClosedIsAWarningOrRefusedWhenItHidesSql() {
        files.write("V1__t.sql", "CREATE TABLE t (id INT);\n").write("afterMigrate.sql", "INSERT INTO t VALUES (1);\n/* no end\n");
        assertThat(migrator().validate().warnings()).contains("Callback afterMigrate.sql line 2: a block comment opens here and is"
                + " never closed: SQLite reads it to the end of the script, so nothing after it runs, as in sqlite3. Close it with */"
                + " where it should end");
        files.write("afterMigrate.sql", "INSERT INTO t VALUES (1);\n/* no end\nINSERT INTO t VALUES (2);\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContaining("Callback afterMigrate.sql line 2: Unterminated block comment opened on line 2; it hides SQL"
                        + " (INSERT INTO t VALUES (2))");
        assertThat(db.tableNames()).doesNotContain("t");
    }

    /**
     * The connection's other pragmas a script may leave set: query_only made Migrate's own history write fail (the
     * migration failed although its statements ran), legacy_alter_table and the rest changed what later migrations did.
     */
    @Test
    void otherPragmasAMigrationSetsArePutBackAfterIt() throws java.sql.SQLException {
        String observe = "SELECT (SELECT legacy_alter_table FROM pragma_legacy_alter_table) AS a,"
                + " (SELECT recursive_triggers FROM pragma_recursive_triggers) AS b, (SELECT query_only FROM pragma_query_only) AS c";
        files.write("V1__pragmas.sql", "CREATE TABLE leaks (id INT);\nPRAGMA legacy_alter_table = ON;\nPRAGMA recursive_triggers = ON;\n"
                        + "PRAGMA query_only = ON;\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS " + observe + ";\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT a, b, c FROM observed")).containsExactly("0", "0", "0");
    }

    /**
     * The connection's waits, durability and memory: a bulk load outside a transaction turns synchronous off and raises the
     * cache, and left so the application's commits no longer reached the disk safely; a busy timeout left short made its
     * statements fail on a busy database.
     */
    @Test
    void busyTimeoutSynchronousAndCachePragmasAMigrationSetsArePutBackAfterIt() throws java.sql.SQLException {
        String observe = "SELECT (SELECT timeout FROM pragma_busy_timeout) AS a, (SELECT synchronous FROM pragma_synchronous) AS b,"
                + " (SELECT cache_size FROM pragma_cache_size) AS c, (SELECT temp_store FROM pragma_temp_store) AS d,"
                + " (SELECT automatic_index FROM pragma_automatic_index) AS e";
        try (dev.migrate.testing.OneConnectionPool pool = new dev.migrate.testing.OneConnectionPool(db.dataSource())) {
            java.util.List<String> fresh = rowOn(pool.dataSource(), observe);
            files.write("V1__bulk.sql", "-- migrate:no-transaction\nPRAGMA busy_timeout = 17;\nPRAGMA synchronous = OFF;\n"
                            + "PRAGMA cache_size = -64000;\nPRAGMA temp_store = MEMORY;\nPRAGMA automatic_index = OFF;\nCREATE TABLE leaks (id INT);\n")
                    .write("V2__observe.sql", "CREATE TABLE observed AS " + observe + ";\n");
            assertThat(Migrator.create(pool.dataSource(), dev.migrate.MigratorConfig.builder().locations(files.location()).build())
                    .migrate().applied()).hasSize(2);
            assertThat(row("SELECT * FROM observed")).isEqualTo(fresh);
            assertThat(rowOn(pool.dataSource(), observe)).as("the pooled connection afterwards").isEqualTo(fresh);
        }
    }

    private static java.util.List<String> rowOn(javax.sql.DataSource dataSource, String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            java.util.List<String> values = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }

    /** PRAGMA foreign_keys, which a table rebuild outside a transaction turns off, is put back after the migration. */
    @Test
    void foreignKeysAMigrationSwitchesArePutBackAfterIt() throws java.sql.SQLException {
        String fresh = row("SELECT foreign_keys FROM pragma_foreign_keys").get(0);
        String flipped = "1".equals(fresh) ? "OFF" : "ON";
        files.write("V1__rebuild.sql", "-- migrate:no-transaction\nPRAGMA foreign_keys = " + flipped + ";\nCREATE TABLE leaks (id INT);\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT foreign_keys AS fk FROM pragma_foreign_keys;\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT fk FROM observed")).containsExactly(fresh);
    }

    /**
     * A table rebuild as SQLite documents it, written without a directive: inside Migrate's transaction SQLite ignored
     * PRAGMA foreign_keys = OFF without a word, so with keys enforced the DROP TABLE of the parent deleted every child row
     * through ON DELETE CASCADE and the migration reported success. The pragma makes the script run outside a
     * transaction, as sqlite3 runs it, and the plan says which line; synchronous, which SQLite refuses to change in one,
     * does the same.
     */
    @Test
    void aRebuildThatTurnsForeignKeysOffRunsOutsideATransactionAndKeepsTheChildRows() {
        files.write("V1__tables.sql", "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                        + "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE);\n"
                        + "INSERT INTO authors VALUES (1, 'a'), (2, 'b');\nINSERT INTO books VALUES (1, 1), (2, 2), (3, 2);\n")
                .write("V2__rebuild_authors.sql", "PRAGMA foreign_keys = OFF;\n"
                        + "CREATE TABLE authors_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL DEFAULT '');\n"
                        + "INSERT INTO authors_new (id, name) SELECT id, name FROM authors;\nDROP TABLE authors;\n"
                        + "ALTER TABLE authors_new RENAME TO authors;\nPRAGMA foreign_keys = ON;\n")
                .write("V3__bulk.sql", "PRAGMA synchronous = OFF;\nINSERT INTO authors (id, name) VALUES (3, 'c');\n");
        Migrator keysOn = migrator(b -> b.initSql("PRAGMA foreign_keys = ON"));
        dev.migrate.Plan plan = keysOn.planMigrate(null);
        assertThat(plan.steps().get(1).transactional()).isFalse();
        assertThat(plan.steps().get(1).notes()).contains(
                "runs outside a transaction: line 1 (PRAGMA foreign_keys = OFF) cannot run inside one on SQLite");
        assertThat(plan.steps().get(2).notes()).contains(
                "runs outside a transaction: line 1 (PRAGMA synchronous = OFF) cannot run inside one on SQLite");

        assertThat(keysOn.migrate().applied()).hasSize(3);
        assertThat(db.count("SELECT COUNT(*) FROM books")).as("the child rows of the rebuilt table").isEqualTo(3);
        assertThat(db.count("SELECT COUNT(*) FROM authors WHERE email = ''")).isEqualTo(3);
    }

    /**
     * A database opened read-only (as an application opens a file it only shows) cannot take the lock: migrate waited
     * out the whole lock timeout (5 minutes by default) and then said that another migration held it. It is refused at
     * once, saying why and what to change, whether the connection says it is read-only (the URL's open_mode) or not (a
     * file: URI's mode=ro); status still reads the database.
     */
    @Test
    void migrateOnADatabaseOpenedReadOnlyIsRefusedAtOnceSayingSo() {
        files.write("V1__t.sql", "CREATE TABLE t (id INT);\n");
        migrator().migrate();
        files.write("V2__u.sql", "CREATE TABLE u (id INT);\n");
        // Opened read-only by the driver's open mode: the connections say so (Connection.isReadOnly()).
        Migrator readOnly = Migrator.create(new dev.migrate.internal.DriverDataSource(db.url() + "&open_mode=1", null, null),
                dev.migrate.MigratorConfig.builder().locations(files.location()).lockTimeout(java.time.Duration.ofSeconds(20)).build());
        assertThat(readOnly.status().pending()).hasSize(1);
        long start = System.nanoTime();
        assertThatThrownBy(readOnly::migrate).isInstanceOf(dev.migrate.ConfigurationException.class)
                .hasMessageContaining("The DataSource hands out read-only connections (Connection.isReadOnly()), and the driver"
                        + " would not make this one writable");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
        // Opened read-only by a URI's mode=ro, which the connection does not report: the lock's write is refused.
        String uri = "jdbc:sqlite:file:" + db.url().substring("jdbc:sqlite:".length()).replaceFirst("\\?.*", "") + "?mode=ro";
        Migrator readOnlyUri = Migrator.create(new dev.migrate.internal.DriverDataSource(uri, null, null),
                dev.migrate.MigratorConfig.builder().locations(files.location()).lockTimeout(java.time.Duration.ofSeconds(20)).build());
        assertThat(readOnlyUri.status().pending()).hasSize(1);
        start = System.nanoTime();
        assertThatThrownBy(readOnlyUri::migrate).isInstanceOf(dev.migrate.ConfigurationException.class)
                .hasMessageContaining("Could not take the migration lock: the database is read-only, so its lock table migrate_lock"
                        + " cannot be written").hasMessageContaining("SQLITE_READONLY")
                .hasMessageContaining("Nothing was run: open the database for writing (drop SQLite's mode=ro or open_mode from the URL");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(db.tableNames()).doesNotContain("u");
        assertThat(migrator().migrate().applied()).as("the lock was left free").hasSize(1);
    }

    /**
     * Another process in a write transaction on the file (the application, a sqlite3 shell): migrate waits for it up to
     * the lock timeout, on the first run (the lock table not made yet) as on later ones, and then names it rather than
     * another migration; nothing of the migrations is applied, and the writer's rows are its own.
     */
    @Test
    void aWriteTransactionOfAnotherConnectionIsWaitedForUpToTheLockTimeoutAndNamed() throws Exception {
        files.write("V1__t.sql", "CREATE TABLE t (id INT);\n");
        db.execute("CREATE TABLE app (x INT)");
        Migrator waiting = migrator(b -> b.baselineOnMigrate(true).baselineVersion("0")
                .lockTimeout(java.time.Duration.ofSeconds(4)));
        for (boolean lockTableMade : List.of(false, true)) {
            try (java.sql.Connection writer = db.connect(); java.sql.Statement st = writer.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                st.execute("INSERT INTO app VALUES (1)");
                long start = System.nanoTime();
                assertThatThrownBy(waiting::migrate).isInstanceOf(dev.migrate.LockTimeoutException.class)
                        .hasMessageContaining("Could not acquire the migration lock within 4s (held by no migration but another"
                                + " connection's write transaction on the database file")
                        .hasMessageContaining(lockTableMade ? "keeps the free lock row from being written"
                                : "keeps the lock table migrate_lock from being created")
                        .hasMessageContaining("database is locked")
                        .hasMessageContaining("wait for it to finish or raise the lock timeout");
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(4));
                st.execute("COMMIT");
            }
            assertThat(db.tableNames()).doesNotContain(lockTableMade ? "u" : "t");
            if (!lockTableMade) {
                // make the lock table and the history, then give the later run something to apply
                assertThat(waiting.migrate().applied()).extracting(s -> s.version()).containsExactly("1");
                files.write("V2__u.sql", "CREATE TABLE u (id INT);\n");
            }
        }
        assertThat(db.count("SELECT COUNT(*) FROM app")).isEqualTo(2);
        assertThat(waiting.migrate().applied()).extracting(s -> s.version()).containsExactly("2");
    }

    /**
     * SQLite's documented rebuild written by hand, keys off, then its own transaction, failing inside it: the rollback
     * undoes all of it and the pragma is put back, so nothing of it remains, no row is left, and the error says so.
     */
    @Test
    void aRebuildScriptFailingInItsOwnTransactionAfterTheForeignKeysPragmaLeavesNothing() throws java.sql.SQLException {
        files.write("V1__t.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO t VALUES (1, 'a');\n");
        migrator().migrate();
        files.write("V2__rebuild.sql", "PRAGMA foreign_keys = OFF;\nBEGIN;\nCREATE TABLE t_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                + "INSERT INTO t_new SELECT * FROM t;\nDROP TABLE t;\nALTER TABLE t_new RENAME TO t;\nINSERT INTO t VALUES (2, NULL);\n"
                + "COMMIT;\nPRAGMA foreign_keys = ON;\n");
        MigrationFailedException e = org.assertj.core.api.Assertions.catchThrowableOfType(MigrationFailedException.class,
                () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__rebuild.sql line 7 failed").contains("It ran in its own transaction, opened by"
                + " its BEGIN at line 2, which was rolled back; nothing of it remains.").doesNotContain("FAILED");
        assertThat(db.tableNames()).contains("t").doesNotContain("t_new");
        assertThat(db.count("SELECT COUNT(*) FROM t")).isEqualTo(1);
        assertThat(migrator().status().isDirty()).isFalse();
    }

    /**
     * The rebuild with PRAGMA foreign_keys = OFF written after the script's own BEGIN: SQLite ignores it there without
     * a word, as sqlite3 does, so the DROP TABLE cascades. Migrate runs the script as written, but validate and the plan
     * warn, and migrate logs the warning, naming the line and saying to move the pragma before the BEGIN.
     */
    @Test
    void foreignKeysTurnedOffInsideTheScriptsOwnTransactionIsWarnedAbout() {
        files.write("V1__tables.sql", "CREATE TABLE authors (id INTEGER PRIMARY KEY);\n"
                        + "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id) ON DELETE CASCADE);\n"
                        + "INSERT INTO authors VALUES (1);\nINSERT INTO books VALUES (1, 1);\n")
                .write("V2__rebuild.sql", "BEGIN;\nPRAGMA foreign_keys = OFF;\nCREATE TABLE authors_new (id INTEGER PRIMARY KEY);\n"
                        + "INSERT INTO authors_new SELECT id FROM authors;\nDROP TABLE authors;\n"
                        + "ALTER TABLE authors_new RENAME TO authors;\nCOMMIT;\nPRAGMA foreign_keys = ON;\n");
        String warning = "Migration V2__rebuild.sql line 2: PRAGMA foreign_keys = OFF inside the script's own transaction (BEGIN at"
                + " line 1) does nothing: SQLite ignores it in a transaction, so foreign keys stay enforced (a DROP TABLE cascades"
                + " to the rows that reference the table). Move it before the BEGIN";
        Migrator keysOn = migrator(b -> b.initSql("PRAGMA foreign_keys = ON"));
        assertThat(keysOn.validate().warnings()).contains(warning);
        assertThat(keysOn.planMigrate(null).warnings()).contains(warning);
        java.util.List<String> logged = dev.migrate.testing.Logged.warnings(() -> assertThat(keysOn.migrate().applied()).hasSize(2));
        assertThat(logged).containsExactly(warning);
        assertThat(db.count("SELECT COUNT(*) FROM books")).as("SQLite ignored the pragma: the cascade ran").isZero();
    }

    /**
     * A script that attaches a database, writes to it and detaches it: SQLite refuses the DETACH inside the transaction
     * that used the database ("database aux is locked"), so the script runs outside one, and the plan says why.
     */
    @Test
    void aScriptThatDetachesADatabaseRunsOutsideATransaction() throws Exception {
        java.nio.file.Path aux = java.nio.file.Files.createTempDirectory(folder, "aux").resolve("aux.db");
        files.write("V1__aux.sql", "ATTACH DATABASE '" + aux + "' AS aux;\nCREATE TABLE aux.items (id INTEGER PRIMARY KEY);\n"
                + "INSERT INTO aux.items VALUES (1);\nDETACH DATABASE aux;\n");
        assertThat(migrator().planMigrate(null).steps()).singleElement().satisfies(s -> {
            assertThat(s.transactional()).isFalse();
            assertThat(s.notes()).anySatisfy(n -> assertThat(n).contains("line 4 (DETACH DATABASE aux)"));
        });
        assertThat(migrator().migrate().applied()).hasSize(1);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + aux);
                java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM items")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    /**
     * A database a migration attaches and leaves attached is detached when Migrate gives the connection back, so a pooled
     * connection reaches the application with the databases it had (the ATTACH runs in the migration's transaction,
     * where SQLite may not detach it again); one attached by the application before stays.
     */
    @Test
    void aDatabaseAMigrationAttachedIsDetachedWhenTheConnectionGoesBack() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(folder, "attached");
        java.nio.file.Path aux = dir.resolve("aux.db");
        java.nio.file.Path own = dir.resolve("own.db");
        // A temporary table makes the connection's temp database appear in its list: it is not detached (SQLite cannot)
        files.write("V1__aux.sql", "ATTACH DATABASE '" + aux + "' AS aux;\nCREATE TABLE aux.items (id INTEGER PRIMARY KEY);\n"
                + "INSERT INTO aux.items VALUES (1);\nCREATE TEMP TABLE scratch (id INT);\n");
        try (dev.migrate.testing.OneConnectionPool pool = new dev.migrate.testing.OneConnectionPool(db.dataSource())) {
            try (java.sql.Connection c = pool.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("ATTACH DATABASE '" + own + "' AS own");
            }
            Migrator pooled = Migrator.create(pool.dataSource(), dev.migrate.MigratorConfig.builder().locations(files.location())
                    .build());
            assertThat(dev.migrate.testing.Logged.warnings(() -> assertThat(pooled.migrate().applied()).hasSize(1))).isEmpty();
            List<String> names = new java.util.ArrayList<>();
            try (java.sql.Connection c = pool.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("PRAGMA database_list")) {
                while (rs.next()) {
                    names.add(rs.getString("name"));
                }
            }
            assertThat(names).contains("main", "own").doesNotContain("aux");
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + aux);
                java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM items")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the migration's rows in the attached database").isEqualTo(1);
        }
    }

    /**
     * A database file in a folder that does not exist: SQLite makes the file, not its folders, and the error said only
     * "unable to open database file. Check the URL, user and password". It names the file and the missing folder.
     */
    @Test
    void aDatabaseFileInAFolderThatDoesNotExistIsNamedWithTheFolderToCreate() {
        java.nio.file.Path file = folder.resolve("no such dir").resolve("sub").resolve("app é.db").toAbsolutePath();
        Migrator m = Migrator.create(new dev.migrate.internal.DriverDataSource("jdbc:sqlite:" + file, null, null),
                dev.migrate.MigratorConfig.builder().locations(files.location()).build());
        assertThatThrownBy(m::migrate).isInstanceOf(dev.migrate.ConnectionFailedException.class)
                .hasMessageContaining("SQLITE_CANTOPEN").hasMessageContaining("SQLite could not open the database file " + file
                        + ": the folder " + file.getParent() + " does not exist, and SQLite makes the file but not its folders."
                        + " Create the folder, or correct the path.")
                .message().doesNotContain("user and password");
        assertThat(file.getParent()).doesNotExist();
    }

    /** Only SQLite lets a PRIMARY KEY other than INTEGER hold NULLs: a batch loop refuses them, and marks nothing. */
    @Test
    void nullKeysOfASqliteTextPrimaryKeyAreRefused() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE keyed (id TEXT PRIMARY KEY, n INT NOT NULL)");
        db.execute("INSERT INTO keyed VALUES (NULL, 0), (NULL, 0), ('k1', 0), ('k2', 0)");
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(new CountKeyedRows())).migrate())
                .isInstanceOf(MigrationFailedException.class).hasMessageContaining("key column id is NULL");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress WHERE task <> '' OR last_key <> '' OR rows_done <> 0"))
                .as("no 'null' mark of the loop").isZero();
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n <> 0")).isZero();
    }

    /**
     * Tables whose names begin like SQLite's own ({@code sqlitedata}: LIKE 'sqlite_%' matched them, as _ stands for
     * any character) and names with quotes go too; foreign_keys is as it was before; the migrations run again.
     */
    @Test
    void cleanDropsTablesNamedLikeSqlitesOwnAndKeepsForeignKeysAsTheyWere() throws java.sql.SQLException {
        files.write("V1__tables.sql", "CREATE TABLE sqlitedata (id INT);\nCREATE TABLE SQLiteCache (id INT);\n"
                + "CREATE TABLE \"odd \"\"name\" (id INTEGER PRIMARY KEY AUTOINCREMENT);\nCREATE TABLE books (id INT PRIMARY KEY);\n"
                + "CREATE TABLE loans (book INT REFERENCES books (id));\nINSERT INTO books VALUES (1);\nINSERT INTO loans VALUES (1);\n"
                + "CREATE VIEW book_view AS SELECT id FROM books;\nCREATE TRIGGER on_book AFTER INSERT ON books BEGIN SELECT 1; END;\n"
                + "INSERT INTO \"odd \"\"name\" DEFAULT VALUES;\n");
        for (String foreignKeys : List.of("ON", "OFF")) {
            Migrator m = migrator(b -> b.cleanAllowed(true).initSql("PRAGMA foreign_keys = " + foreignKeys));
            m.migrate();
            assertThat(m.clean()).contains("table sqlitedata", "table SQLiteCache", "table odd \"name", "table books", "table loans",
                    "view book_view");
            assertThat(row("SELECT group_concat(name) FROM sqlite_master WHERE tbl_name NOT IN ('migrate_audit', 'migrate_lock',"
                    + " 'sqlite_sequence')")).as("nothing of the application is left").containsExactly((String) null);
            assertThat(db.count("SELECT COUNT(*) FROM migrate_lock")).as("the lock table stays, released").isEqualTo(1);
            assertThat(db.count("SELECT COUNT(*) FROM migrate_lock WHERE owner IS NULL")).isEqualTo(1);
        }
        Migrator m = migrator(b -> b.cleanAllowed(true));
        assertThat(m.migrate().applied()).hasSize(1);
        assertThat(db.count("SELECT COUNT(*) FROM loans")).isEqualTo(1);
    }
}
