package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.testing.DatabaseKind;
import org.junit.jupiter.api.Test;

class MariaDbMigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.MARIADB;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.MARIADB;
    }

    /** See {@link #writesWithAUserWhoMayNotCreateTables}: a user granted the rows of the database's tables only. */
    @Test
    void aUserWhoMayWriteMigratesTablesButNotCreateTablesMigratesRollsBackAndRepairs() {
        String user = db.name() + "_dml";
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'dml-secret'");
        try {
            db.execute("GRANT SELECT ON " + db.name() + ".* TO '" + user + "'@'%'");
            String url = db.url().substring(0, db.url().indexOf('?') < 0 ? db.url().length() : db.url().indexOf('?'));
            writesWithAUserWhoMayNotCreateTables(new dev.migrate.internal.DriverDataSource(url, user, "dml-secret"), () -> { },
                    () -> db.execute("GRANT INSERT, UPDATE, DELETE ON " + db.name() + ".* TO '" + user + "'@'%'"));
            // Naming its own database as Migrate's schema: CREATE DATABASE IF NOT EXISTS needs the right to create databases.
            Migrator named = Migrator.create(new dev.migrate.internal.DriverDataSource(url, user, "dml-secret"),
                    MigratorConfig.builder().locations(files.location()).schema(db.name()).defaultSchema(db.name()).build());
            assertThat(named.repair().removedDirty()).isEmpty();
            assertThat(named.status().current()).isEqualTo("2");
        } finally {
            db.execute("DROP USER '" + user + "'@'%'");
        }
    }

    /** Binary keys (a UUID stored in 16 bytes): bound as text they were garbled and the loop never ended. */
    @Test
    void binaryKeysAreComparedByteByByte() throws Exception {
        CountKeyedRows migration = countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id BINARY(16) PRIMARY KEY, n INT NOT NULL)",
                "INSERT INTO keyed SELECT UNHEX(MD5(seq)), 0 FROM seq_1_to_95", 95);
        assertThat(migration.firstKeys).allMatch(k -> k instanceof byte[] b && b.length == 16);
    }

    @Test
    void varbinaryKeysOfDifferentLengthsAreComparedByteByByte() throws Exception {
        countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id VARBINARY(20) PRIMARY KEY, n INT NOT NULL)",
                // Bytes above 0x7F, which are no valid text, and keys that are prefixes of others (0xC8 < 0xC800 < 0xC80000).
                "INSERT INTO keyed SELECT UNHEX(CONCAT(HEX(200 + seq DIV 4), REPEAT('00', seq % 4))), 0 FROM seq_1_to_60", 60);
    }

    /** BIGINT UNSIGNED keys on both sides of 2^63 (up to 2^64 - 1): read as a long, those above failed the loop. */
    @Test
    void unsignedBigintKeysAboveTheLongRangeAreWalkedAsBigIntegers() throws Exception {
        CountKeyedRows migration = countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id BIGINT UNSIGNED PRIMARY KEY, n INT NOT NULL)",
                "INSERT INTO keyed SELECT 18446744073709551615 - seq * 400000000000000000, 0 FROM seq_0_to_44", 45);
        assertThat(migration.firstKeys).allMatch(k -> k instanceof java.math.BigInteger);
        assertThat(migration.firstKeys).first().isEqualTo(new java.math.BigInteger("846744073709551615"));
        assertThat(migration.firstKeys).contains(new java.math.BigInteger("12846744073709551615"));
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE id > 9223372036854775807")).isEqualTo(24);
    }

    /**
     * A database whose default character set is latin1 (common for older ones) with a utf8mb4 key column: the progress
     * table took the database's character set, so the first mark holding a character latin1 lacks failed the batch's
     * commit, run after run, and the failure naming such a key could not be written to the history. Migrate's text
     * columns are utf8mb4 now, whatever the database's default.
     */
    @Test
    void stringKeysThatALatin1DatabaseCannotHoldAreMarkedAndResumedExactly() throws Exception {
        db.execute("ALTER DATABASE " + db.name() + " CHARACTER SET latin1 COLLATE latin1_swedish_ci");
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE keyed (id VARCHAR(20) CHARACTER SET utf8mb4 PRIMARY KEY, n INT NOT NULL)");
        // l with stroke (odd) sorts before the CJK character (even): batch 3 holds the last three of the first and seven of the second.
        db.execute("INSERT INTO keyed SELECT CONCAT(IF(seq % 2 = 1, '\u0142', '\u4e2d'), LPAD(seq, 3, '0')), 0 FROM seq_1_to_45");
        CountKeyedRows migration = new CountKeyedRows();
        migration.failInBatch = 3;
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).migrate()).isInstanceOf(dev.migrate.MigrationFailedException.class)
                .hasMessageContaining("failed in batch loop keyed.id, batch 3 (keys \u0142041 to \u4e2d014, 10 rows): simulated failure");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).as("batches 1 and 2").isEqualTo(20);
        // The failure naming those keys is recorded as it is, with the FAILED mark.
        assertThat(migrator(b -> b.javaMigration(migration)).status().failed()).singleElement()
                .satisfies(row -> assertThat(row.error()).contains("batch 3 (keys \u0142041 to \u4e2d014, 10 rows)"));

        assertThat(migrator(b -> b.javaMigration(migration)).migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).as("every row once").isEqualTo(45);
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n <> 1")).isZero();
    }

    /**
     * A progress table made in a latin1 database by an earlier release keeps its latin1 {@code last_key}: a mark it cannot
     * hold is refused before its batch runs, naming the column, its character set and the statement that converts it.
     */
    @Test
    void aMarkThatALatin1ProgressTableCannotHoldIsRefusedBeforeItsBatchRuns() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE migrate_progress (version VARCHAR(50) NOT NULL, task VARCHAR(200) NOT NULL, last_key MEDIUMTEXT NOT NULL,"
                + " rows_done BIGINT NOT NULL, updated_on DATETIME(3) NOT NULL, PRIMARY KEY (version, task)) CHARACTER SET latin1");
        db.execute("CREATE TABLE keyed (id VARCHAR(20) CHARACTER SET utf8mb4 PRIMARY KEY, n INT NOT NULL)");
        db.execute("INSERT INTO keyed SELECT CONCAT(IF(seq <= 10, 'a', '\u4e2d'), LPAD(seq, 3, '0')), 0 FROM seq_1_to_30");
        CountKeyedRows migration = new CountKeyedRows();
        String convert = "ALTER TABLE `migrate_progress` MODIFY last_key MEDIUMTEXT CHARACTER SET utf8mb4 NOT NULL";
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).migrate()).isInstanceOf(dev.migrate.MigrationFailedException.class)
                .hasMessageContaining("Batch loop keyed.id in up() of version 2 stopped before batch 2: its last key (\u4e2d020) holds"
                        + " characters that column last_key of migrate_progress cannot store: it is of character set latin1")
                .hasMessageContaining("Nothing of the batch ran. Convert the column (" + convert + "), then migrate again: the loop"
                        + " resumes after batch 1.");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).as("batch 1 only").isEqualTo(10);

        db.execute(convert);
        assertThat(migrator(b -> b.javaMigration(migration)).migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).as("every row once").isEqualTo(30);
    }

    /**
     * History and audit tables made in a latin1 database by an earlier release keep latin1 text columns: a failure whose
     * message holds a character latin1 lacks could not be written, so the row stayed RUNNING (blocking every later run
     * as "in progress or interrupted") and no audit entry was left. A writing operation converts such tables to utf8mb4
     * (see {@link #latin1HistoryAndAuditTablesOfAnEarlierReleaseAreConvertedToUtf8mb4KeepingTheirRows}); for a user who may
     * not alter them, the mark and the entry are written with those characters as '?'.
     */
    @Test
    void aFailureALatin1HistoryCannotHoldIsStillMarkedFailedAndAudited() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("ALTER TABLE migrate_history MODIFY error TEXT CHARACTER SET latin1");
        db.execute("ALTER TABLE migrate_audit MODIFY details TEXT CHARACTER SET latin1");
        files.write("V1__t.sql", "CREATE TABLE t (id INT);\nINSERT INTO \u4e2d_missing VALUES (1);\n");
        String user = db.name() + "_noalter";
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'no-alter'");
        try {
            db.execute("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP ON " + db.name() + ".* TO '" + user + "'@'%'");
            String url = db.url().substring(0, db.url().indexOf('?') < 0 ? db.url().length() : db.url().indexOf('?'));
            Migrator noAlter = Migrator.create(new dev.migrate.internal.DriverDataSource(url, user, "no-alter"),
                    MigratorConfig.builder().locations(files.location()).build());
            assertThatThrownBy(noAlter::migrate).isInstanceOf(dev.migrate.MigrationFailedException.class)
                    .hasMessageContaining("V1__t.sql line 2 failed").hasMessageContaining("\u4e2d_missing")
                    .hasMessageNotContaining("NOT marked FAILED");
            assertThat(noAlter.status().failed()).singleElement().satisfies(row -> assertThat(row.error()).contains("?_missing"));
            assertThat(db.count("SELECT COUNT(*) FROM migrate_audit WHERE outcome = 'FAILURE' AND details LIKE '%?_missing%'"))
                    .isEqualTo(1);
        } finally {
            db.execute("DROP USER '" + user + "'@'%'");
        }
    }

    /**
     * History and audit tables made by an earlier release in a database whose default character set is latin1 (MariaDB's
     * own default before 11.6): their VARCHAR columns took latin1, so a migration named with a character latin1 lacks
     * could not get its history row, and failed as if its script were wrong ("Fix the script"). A writing operation
     * converts both tables to utf8mb4 under the lock, keeping every row. The DDL is the one release 0ad6574 ran.
     */
    @Test
    void latin1HistoryAndAuditTablesOfAnEarlierReleaseAreConvertedToUtf8mb4KeepingTheirRows() throws Exception {
        db.execute("ALTER DATABASE " + db.name() + " CHARACTER SET latin1 COLLATE latin1_swedish_ci");
        db.execute("CREATE TABLE IF NOT EXISTS migrate_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50),"
                + " description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT,"
                + " installed_by VARCHAR(100) NOT NULL, installed_on DATETIME(3) NOT NULL, execution_time_ms BIGINT NOT NULL,"
                + " state VARCHAR(10) NOT NULL, batch INT NOT NULL, error MEDIUMTEXT)");
        db.execute("CREATE TABLE IF NOT EXISTS migrate_audit (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, operation VARCHAR(20) NOT NULL,"
                + " version VARCHAR(50), description VARCHAR(200), script VARCHAR(1000), outcome VARCHAR(10) NOT NULL,"
                + " performed_by VARCHAR(200), environment VARCHAR(50), started_on DATETIME(3) NOT NULL, duration_ms BIGINT NOT NULL,"
                + " details MEDIUMTEXT)");
        String v1 = "CREATE TABLE prices (id INT);\n";
        files.write("V1__caf\u00e9_cr\u00e8me.sql", v1);
        db.execute("CREATE TABLE prices (id INT)");
        db.execute("INSERT INTO migrate_history VALUES (1, '1', 'caf\u00e9 cr\u00e8me', 'SQL', 'V1__caf\u00e9_cr\u00e8me.sql', "
                + dev.migrate.discovery.MigrationScanner.checksum(v1) + ", 'root', '2026-11-22 08:00:00.125', 7, 'SUCCESS', 1, NULL)");
        db.execute("INSERT INTO migrate_audit (operation, version, description, script, outcome, performed_by, environment, started_on,"
                + " duration_ms, details) VALUES ('APPLY', '1', 'caf\u00e9 cr\u00e8me', 'V1__caf\u00e9_cr\u00e8me.sql', 'SUCCESS', 'root',"
                + " 'prod', '2026-11-22 08:00:00.125', 7, NULL)");
        files.write("V2__\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac.sql", "CREATE TABLE greek (id INT);\n");
        files.write("R__\u4e2d_view.sql", "CREATE OR REPLACE VIEW v AS SELECT id FROM prices;\n");

        assertThat(migrator().migrate().applied()).extracting(s -> s.script())
                .containsExactly("V2__\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac.sql", "R__\u4e2d_view.sql");

        assertThat(db.count("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db.name() + "' AND TABLE_NAME IN"
                + " ('migrate_history', 'migrate_audit') AND CHARACTER_SET_NAME IS NOT NULL AND CHARACTER_SET_NAME NOT LIKE 'utf8mb4%'"))
                .as("text columns left in another character set").isZero();
        var status = migrator().status();
        assertThat(status.problems()).isEmpty();
        assertThat(status.pending()).isEmpty();
        assertThat(status.applied()).extracting(r -> r.description())
                .containsExactly("caf\u00e9 cr\u00e8me", "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac", "\u4e2d view");
        assertThat(status.applied().get(0).installedOn()).isEqualTo(java.time.Instant.parse("2026-11-22T08:00:00.125Z"));
        assertThat(status.applied().get(0).batch()).isEqualTo(1);
        assertThat(migrator().history()).extracting(e -> e.script()).contains("V1__caf\u00e9_cr\u00e8me.sql",
                "V2__\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac.sql", "R__\u4e2d_view.sql");
        assertThat(migrator().migrate().applied()).as("the repeatable is found again by its description").isEmpty();
    }

    /** What the mariadb client reads: -- rulers without a space are comments, and DELIMITER takes a quoted delimiter. */
    @Test
    void commentRulersAndAQuotedDelimiterAreReadAsTheClientReadsThem() {
        files.write("V1__rulers.sql", "----------------------------------------\n--Users table\n----------------------------------------\n"
                + "CREATE TABLE users (id INT PRIMARY KEY);\nDELIMITER '//'\nCREATE PROCEDURE p1() BEGIN INSERT INTO users VALUES (1);"
                + " INSERT INTO users VALUES (2); END//\nDELIMITER ;\nCALL p1();\n");
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM users")).isEqualTo(2);
    }

    /**
     * A real mariadb-dump file (--routines --triggers --events --hex-blob) of a view named {@code v*}{@code /} and a
     * trigger whose body has {@code '*}{@code /'} strings and a comment holding {@code *}{@code /}, all inside the
     * dump's {@code /*!50001 ... *}{@code /} comments: the client reads them as SQL, so their {@code *}{@code /}
     * closes nothing. They used to end the comment there, and the script was refused as an unclosed backtick.
     */
    @Test
    void aMariaDbDumpWithCommentClosersInNamesStringsAndBodiesRestoresAsDumped() throws Exception {
        files.write("V1__baseline.sql", routinesDump());
        assertThat(migrator().migrate().applied()).hasSize(1);
        assertRoutinesDumpRestored();
    }

    /**
     * The same dump on a NO_BACKSLASH_ESCAPES session: its header sets a mode with backslash escapes, and each trigger
     * and routine section saves the mode in @saved_sql_mode and sets it back from there, so the data and views after
     * them ('it''s \\ back', '\\'') are read with backslash escapes. Taking @saved_sql_mode for the session's
     * starting mode, the splitter refused the dump ("Unterminated string literal").
     */
    @Test
    void aMariaDbDumpRestoresOnANoBackslashEscapesSession() throws Exception {
        files.write("V1__baseline.sql", routinesDump());
        migrator(b -> b.initSql("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')")).migrate();
        assertRoutinesDumpRestored();
    }

    private String routinesDump() throws java.io.IOException {
        try (java.io.InputStream in = getClass().getResourceAsStream("/dumps/mariadb-routines-hex-blob.sql")) {
            // The dump names its user as the definer, as dumps do; the test's user may be another.
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("DEFINER=`root`@`127.0.0.1`", "DEFINER=CURRENT_USER");
        }
    }

    private void assertRoutinesDumpRestored() throws Exception {
        assertThat(row("SELECT s, (SELECT q FROM v_q) FROM zz")).containsExactly("it's \\ back", "'it's \\ back");

        assertThat(row("SELECT COUNT(*), GROUP_CONCAT(msg ORDER BY id SEPARATOR '|') FROM log")).containsExactly("4",
                "*/ end; v1;*/ \uD83D\uDE00'*/|after the comment|*/ end; x'y'*/|after the comment");
        assertThat(row("SELECT `col*/x`, v, HEX(b) FROM `odd;``name` WHERE id = 1")).containsExactly("*/", "v1;*/ \uD83D\uDE00", "00FF5C27");
        assertThat(row("SELECT `a*/b`, COUNT(*) FROM `v*/`")).containsExactly("*/;", "2");
        assertThat(row("SELECT closer()")).containsExactly("*/;");
        db.execute("INSERT INTO `odd;``name` (id, v) VALUES (3, 'new')");
        db.execute("CALL log_it('called')");
        assertThat(row("SELECT GROUP_CONCAT(msg ORDER BY id SEPARATOR '|') FROM log WHERE id > 4"))
                .containsExactly("*/ end; new'*/|after the comment|called*/;");
    }

    /** What a MySQL dump sets (the driver allows only UTF-8 character sets), left set by a script: put back before the next migration (and before the pool gets the connection). */
    @Test
    void sessionVariablesAMigrationSetsArePutBackAfterIt() throws java.sql.SQLException {
        String observe = "SELECT @@foreign_key_checks, @@unique_checks, @@sql_mode, @@character_set_client, @@collation_connection, @@time_zone";
        java.util.List<String> fresh = row(observe);
        assertThat(fresh.get(0)).isEqualTo("1");
        files.write("V1__dump_header.sql", "SET FOREIGN_KEY_CHECKS = 0;\nSET UNIQUE_CHECKS = 0;\nSET SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';\n"
                        + "SET NAMES utf8mb3;\nSET time_zone = '+05:00';\nCREATE TABLE leaks (id INT);\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT @@foreign_key_checks AS a, @@unique_checks AS b, @@sql_mode AS c,"
                        + " @@character_set_client AS d, @@collation_connection AS e, @@time_zone AS f;\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT * FROM observed")).isEqualTo(fresh);
    }

    /**
     * A migration runs in the session that holds Migrate's named lock, and RELEASE_ALL_LOCKS() released it: the next
     * migrations and the history writes ran without it. It is taken back when nobody took it meanwhile.
     */
    @Test
    void aNamedLockAMigrationReleasesIsTakenBack() throws java.sql.SQLException {
        files.write("V1__unlock.sql", "CREATE TABLE unlocked (id INT);\nSELECT RELEASE_ALL_LOCKS();\n")
                // the count of locks it releases: Migrate's, if it was taken back (and it is taken back again)
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT RELEASE_ALL_LOCKS() AS held;\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT held FROM observed")).containsExactly("1");
    }

    /**
     * Session variables no dump writes but a script may: a select limit left on cut the rows of the next migrations' and the
     * application's SELECTs; the others changed the tables, keys and waits of what came after.
     */
    @Test
    void moreSessionVariablesAMigrationSetsArePutBackAfterIt() throws java.sql.SQLException {
        String observe = "SELECT @@sql_select_limit, @@auto_increment_increment, @@auto_increment_offset, @@default_storage_engine,"
                + " @@lock_wait_timeout, @@innodb_lock_wait_timeout";
        java.util.List<String> fresh = row(observe);
        files.write("V1__settings.sql", "SET sql_select_limit = 1;\nSET auto_increment_increment = 5;\nSET auto_increment_offset = 3;\n"
                        + "SET default_storage_engine = MyISAM;\nSET lock_wait_timeout = 7;\nSET innodb_lock_wait_timeout = 3;\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT @@sql_select_limit AS a, @@auto_increment_increment AS b,"
                        + " @@auto_increment_offset AS c, @@default_storage_engine AS d, @@lock_wait_timeout AS e,"
                        + " @@innodb_lock_wait_timeout AS f;\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT * FROM observed")).isEqualTo(fresh);
    }

    /**
     * Migrate confirms its named lock only after a script that may have released it (docs/core.md): RELEASE_LOCK with
     * the lock's name, written in lower case, is seen, and the lock is taken back before the next migration.
     */
    @Test
    void aNamedLockAScriptReleasesByItsNameIsTakenBack() throws java.sql.SQLException {
        files.write("V1__unlock.sql", "CREATE TABLE unlocked (id INT);\n"
                        + "SELECT release_lock(CONCAT('migrate:', DATABASE(), '.migrate_lock'));\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT RELEASE_ALL_LOCKS() AS held;\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT held FROM observed")).containsExactly("1");
    }

    /** The history holds UTC, as the server's UTC_TIMESTAMP() has it, also where the JVM's time zone is another. */
    @Test
    void installedOnIsStoredInUtc() {
        files.table(1);
        migrator().migrate();
        assertThat(db.count("SELECT ABS(TIMESTAMPDIFF(SECOND, installed_on, UTC_TIMESTAMP())) FROM migrate_history"))
                .isLessThan(60);
        assertThat(db.count("SELECT ABS(TIMESTAMPDIFF(SECOND, started_on, UTC_TIMESTAMP())) FROM migrate_audit"))
                .isLessThan(60);
    }

    /**
     * An init SQL and a script that select another database with {@code USE}: the migrations run where the init SQL put
     * them, Migrate's tables are there too, and the pooled connection goes back in its own database. MySQL's driver,
     * Connector/J, answers {@code getCatalog()} from memory and never saw either {@code USE}: read through it, the second
     * migration and the history went to the script's database.
     */
    @Test
    void databasesSelectedByTheInitSqlAndByAScriptArePutBack() throws java.sql.SQLException {
        String app = "app_" + db.name().substring(db.name().length() - 8);
        db.execute("CREATE DATABASE " + app);
        try (dev.migrate.testing.OneConnectionPool pool = new dev.migrate.testing.OneConnectionPool(db.dataSource())) {
            files.write("V1__moves.sql", "CREATE TABLE t1 (id INT);\nUSE " + db.name() + ";\n")
                    .write("V2__after.sql", "CREATE TABLE t2 (id INT);\n");
            Migrator m = Migrator.create(pool.dataSource(), dev.migrate.MigratorConfig.builder().locations(files.location())
                    .initSql("USE " + app).build());
            assertThat(m.migrate().applied()).hasSize(2);
            assertThat(db.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + app
                    + "' AND table_name IN ('t1', 't2', 'migrate_history')")).isEqualTo(3);
            assertThat(db.tableNames()).doesNotContain("t1", "t2", "migrate_history");
            assertThat(m.status().applied()).hasSize(2);
            try (java.sql.Connection c = pool.dataSource().getConnection()) {
                assertThat(dev.migrate.dialect.Sql.string(c, "SELECT DATABASE()")).as("the pooled connection afterwards")
                        .isEqualTo(db.name());
            }
        } finally {
            db.execute("DROP DATABASE IF EXISTS " + app);
        }
    }

    /**
     * MariaDB's database names keep their case: a schemas entry that differs from the default schema only in case is
     * another database, created before the migrations run and emptied by clean. It was taken for the default schema and
     * not created, so a migration writing to it failed with "Unknown database".
     */
    @Test
    void aSchemaDifferingFromTheDefaultOnlyInCaseIsAnotherDatabase() throws java.sql.SQLException {
        String suffix = db.name().substring(db.name().length() - 8);
        String upper = "App_" + suffix;
        String lower = "app_" + suffix;
        try {
            files.write("V1__both.sql", "CREATE TABLE t1 (id INT);\nCREATE TABLE " + lower + ".t2 (id INT);\n");
            Migrator m = Migrator.create(db.dataSource(), MigratorConfig.builder().locations(files.location()).defaultSchema(upper)
                    .schemas(lower).cleanAllowed(true).build());
            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(db.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + upper
                    + "' AND table_name IN ('t1', 'migrate_history')")).isEqualTo(2);
            assertThat(db.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + lower + "'")).isEqualTo(1);
            assertThat(m.clean()).contains("table " + upper + ".t1", "table " + lower + ".t2");
        } finally {
            db.execute("DROP DATABASE IF EXISTS " + upper);
            db.execute("DROP DATABASE IF EXISTS " + lower);
        }
    }

    /**
     * After an init SQL's {@code USE app}, {@code ${migrate:database}} names {@code app} and a DSL operation that reads the
     * live column looks in {@code app}: through Connector/J, whose {@code getCatalog()} still named the URL's database, the
     * placeholder named that one and the column was not found there, so a {@code setNotNull} of a column already NOT NULL
     * was not refused.
     */
    @Test
    void thePlaceholderAndTheDslLookupFollowTheDatabaseTheInitSqlSelects() throws java.sql.SQLException {
        String app = "app_" + db.name().substring(db.name().length() - 8);
        db.execute("CREATE DATABASE " + app);
        try {
            files.write("V1__where.sql", "CREATE TABLE users (id INT, email VARCHAR(50) NOT NULL);\n"
                    + "CREATE TABLE here AS SELECT '${migrate:database}' AS db;\n");
            MigratorConfig.Builder config = MigratorConfig.builder().locations(files.location()).initSql("USE " + app);
            Migrator m = Migrator.create(db.dataSource(), config.build());
            assertThat(m.migrate().applied()).hasSize(1);
            try (java.sql.Connection c = db.connect()) {
                assertThat(dev.migrate.dialect.Sql.string(c, "SELECT db FROM " + app + ".here")).isEqualTo(app);
            }
            Migrator withDsl = Migrator.create(db.dataSource(), config.javaMigration(new V2__EmailNotNullAgain()).build());
            assertThatThrownBy(withDsl::migrate).hasMessageContaining("users.email is already NOT NULL");
        } finally {
            db.execute("DROP DATABASE IF EXISTS " + app);
        }
    }

    /** Sets NOT NULL on a column V1 made NOT NULL already: refused, once the column is found. */
    @MigrationInfo(version = "2", description = "email not null again")
    public static class V2__EmailNotNullAgain extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            schema.setNotNull("users", "email");
        }
    }

    /**
     * The session's transaction characteristics and statement time limit: left read-only, the next migration's DDL was refused;
     * left serializable or with a time limit, the application's statements ran so through the pool. A Java migration that set
     * them through JDBC left the driver's own read-only flag behind, which the server's value alone does not show.
     */
    @Test
    void transactionCharacteristicsAndTheStatementTimeLimitArePutBackAfterAMigration() throws java.sql.SQLException {
        String observe = "SELECT @@tx_isolation, @@tx_read_only, @@max_statement_time";
        files.write("V1__settings.sql", "CREATE TABLE leaks (id INT);\nSET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n"
                        + "SET SESSION TRANSACTION READ ONLY;\nSET max_statement_time = 2.5;\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT @@tx_isolation AS a, @@tx_read_only AS b,"
                        + " @@max_statement_time AS c;\n");
        try (dev.migrate.testing.OneConnectionPool pool = new dev.migrate.testing.OneConnectionPool(db.dataSource())) {
            java.util.List<String> fresh;
            int isolation;
            try (java.sql.Connection c = pool.dataSource().getConnection()) {
                fresh = rowOn(c, observe);
                isolation = c.getTransactionIsolation();
            }
            Migrator m = Migrator.create(pool.dataSource(), dev.migrate.MigratorConfig.builder().locations(files.location())
                    .javaMigration(new V3__JdbcCharacteristics()).build());
            assertThat(m.migrate().applied()).hasSize(3);
            assertThat(row("SELECT * FROM observed")).isEqualTo(fresh);
            try (java.sql.Connection c = pool.dataSource().getConnection()) {
                assertThat(rowOn(c, observe)).as("the pooled connection afterwards").isEqualTo(fresh);
                assertThat(c.isReadOnly()).as("the driver's read-only flag").isFalse();
                assertThat(c.getTransactionIsolation()).as("the driver's isolation level").isEqualTo(isolation);
            }
        }
    }

    /**
     * The names differ by product and version, and a read naming a variable the server does not know fails whole. MariaDB's
     * names are read on MariaDB; on a server taken for MySQL (by a driver that calls every server MySQL) MySQL 8's names are
     * refused, and the ones this server knows are read instead, so the migrations run and the isolation is still put back.
     */
    @Test
    void sessionVariablesAreReadUnderTheNamesTheServerKnows() throws java.sql.SQLException {
        try (java.sql.Connection c = db.connect()) {
            assertThat(dev.migrate.dialect.mysql.MySqlDialect.sessionVariables(c)).endsWith("collation_connection", "tx_isolation",
                    "tx_read_only", "max_statement_time");
            assertThat(dev.migrate.dialect.mysql.MySqlDialect.sessionVariables(takenForMySql(c))).endsWith("collation_connection",
                    "tx_isolation", "tx_read_only");
        }
        files.write("V1__serializable.sql", "CREATE TABLE leaks (id INT);\nSET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT @@tx_isolation AS a;\n");
        javax.sql.DataSource mysql = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> m.getName().equals("getConnection")
                        ? takenForMySql(db.dataSource().getConnection()) : invoke(m, db.dataSource(), a));
        assertThat(Migrator.create(mysql, dev.migrate.MigratorConfig.builder().locations(files.location()).build()).migrate().applied())
                .hasSize(2);
        assertThat(row("SELECT * FROM observed")).isEqualTo(row("SELECT @@GLOBAL.tx_isolation"));
    }

    /** {@code c} as MySQL's driver shows a MariaDB server: the product MySQL (its version would still say MariaDB; not here). */
    private static java.sql.Connection takenForMySql(java.sql.Connection c) {
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(MariaDbMigratorTests.class.getClassLoader(),
                new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> {
                    Object result = invoke(m, c, a);
                    if (result instanceof java.sql.DatabaseMetaData meta) {
                        return java.lang.reflect.Proxy.newProxyInstance(MariaDbMigratorTests.class.getClassLoader(),
                                new Class<?>[] {java.sql.DatabaseMetaData.class}, (p2, m2, a2) -> switch (m2.getName()) {
                                    case "getDatabaseProductName" -> "MySQL";
                                    case "getDatabaseProductVersion" -> "8.0.36";
                                    case "getConnection" -> p;
                                    default -> invoke(m2, meta, a2);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Sets the characteristics through the driver, as a Java migration may. */
    public static class V3__JdbcCharacteristics implements dev.migrate.JavaMigration {
        @Override
        public void up(dev.migrate.MigrationContext context) throws Exception {
            context.connection().setReadOnly(true);
            context.connection().setTransactionIsolation(java.sql.Connection.TRANSACTION_READ_UNCOMMITTED);
        }
    }

    private static java.util.List<String> rowOn(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return java.util.List.of(rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }

    /** Unquoted columns and variables named begin and end in a procedure and a trigger, without DELIMITER. */
    @Test
    void storedProgramsWithColumnsNamedBeginOrEndLeaveTheStatementsAfterThemAlone() throws java.sql.SQLException {
        files.write("V1__shifts.sql", """
                CREATE TABLE shift (id INT PRIMARY KEY, begin DATETIME, end DATETIME, hours INT);
                CREATE TRIGGER shift_bi BEFORE INSERT ON shift FOR EACH ROW
                BEGIN
                  IF NEW.begin IS NULL THEN SET NEW.begin = '2024-01-01 08:00:00'; END IF;
                  SET NEW.hours = TIMESTAMPDIFF(HOUR, NEW.begin, NEW.end);
                END;
                CREATE PROCEDURE open_shifts(OUT n INT)
                BEGIN
                  DECLARE begin INT DEFAULT 0;
                  SELECT COUNT(*) INTO begin FROM shift WHERE end IS NULL OR end > begin;
                  SELECT begin INTO n;
                END;
                CREATE PROCEDURE first_begin(OUT b DATETIME)
                BEGIN
                  SELECT begin INTO b FROM shift ORDER BY begin LIMIT 1;
                END;
                CREATE TABLE after_programs (x INT);
                INSERT INTO shift (id, end) VALUES (1, '2024-01-01 16:00:00');
                """);
        migrator().migrate();
        assertThat(db.tableNames()).contains("after_programs");
        assertThat(row("SELECT begin, hours FROM shift")).containsExactly("2024-01-01 08:00:00", "8");
        try (java.sql.Connection c = db.connect(); java.sql.CallableStatement call = c.prepareCall("{CALL open_shifts(?)}")) {
            call.registerOutParameter(1, java.sql.Types.INTEGER);
            call.execute();
            assertThat(call.getInt(1)).isEqualTo(1);
        }
    }

    /** -- migrate: lines inside a procedure's BEGIN ... END are part of it; the file's own down section is what rolls back. */
    @Test
    void directiveLinesInAProcedureBodyArePartOfTheProcedure() {
        files.write("V1__procedures.sql", """
                -- migrate:up
                CREATE TABLE calls (n INT);
                CREATE PROCEDURE record_call()
                BEGIN
                  INSERT INTO calls VALUES (1);
                  -- migrate:down
                  -- migrate:no-transaction
                  INSERT INTO calls VALUES (2);
                END;
                DELIMITER //
                CREATE PROCEDURE record_more() BEGIN
                  -- migrate:irreversible
                  INSERT INTO calls VALUES (3);
                END//
                DELIMITER ;
                -- migrate:down
                DROP PROCEDURE record_more;
                DROP PROCEDURE record_call;
                DROP TABLE calls;
                """);
        migrator().migrate();
        db.execute("CALL record_call()");
        db.execute("CALL record_more()");
        assertThat(db.count("SELECT SUM(n) FROM calls")).isEqualTo(6);
        migrator().rollback(dev.migrate.RollbackRequest.base());
        assertThat(db.tableNames()).doesNotContain("calls");
        assertThat(db.count("SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = DATABASE()")).isZero();
    }

    /**
     * A session in NO_BACKSLASH_ESCAPES (set here by the init SQL): 'C:\' is a closed string, as the server reads it.
     * A dump that sets its own mode (backslash escapes on) and puts the session's back splits as the server reads it too.
     */
    @Test
    void scriptsAreSplitAsTheSessionsSqlModeReadsBackslashes() throws java.sql.SQLException {
        files.write("V1__paths.sql", """
                CREATE TABLE paths (id INT PRIMARY KEY, path VARCHAR(50));
                INSERT INTO paths VALUES (1, 'C:\\');
                INSERT INTO paths VALUES (2, 'D:\\');
                """)
                .write("V2__dump.sql", """
                /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
                INSERT INTO paths VALUES (3,'it\\'s; E:\\\\');
                /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
                INSERT INTO paths VALUES (4, 'F:\\');
                """)
                .write("V3__own_mode.sql", """
                SET sql_mode = '';
                INSERT INTO paths VALUES (5, 'it\\'s');
                """);
        migrator(b -> b.initSql("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')")).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM paths")).isEqualTo(5);
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT GROUP_CONCAT(path ORDER BY id SEPARATOR '|') FROM paths")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("C:\\|D:\\|it's; E:\\|F:\\|it's");
        }
    }

    /** Backslashes in every kind of string literal the schema DSL writes or restates. */
    @dev.migrate.MigrationInfo(version = "2", description = "backslash files")
    public static class BackslashFiles extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            // MODIFY COLUMN restates the default, comment and column check MariaDB gives with backslash escapes
            schema.setNotNull("files", "dir");
            schema.setDefault("files", "note", "it's D:\\").fromNone();
            schema.addColumn("files", "drive", dev.migrate.schema.ColumnType.string(10), c -> c.defaultValue("E:\\"));
            schema.sql("INSERT INTO files (id, note) VALUES (1, 'x\\'); INSERT INTO files (id) VALUES (2)",
                    "DELETE FROM files WHERE id IN (1, 2)");
        }
    }

    /**
     * In a NO_BACKSLASH_ESCAPES session (set by the init SQL, for the session only), the DSL writes string literals as the
     * session reads them: a stored value gains no backslash, in a default, a restated default, comment and column check,
     * and the plan shows the same literals; sql(...) is split as the session reads it. The generated down too.
     */
    @Test
    void theSchemaDslWritesStringLiteralsAsTheSessionsSqlModeReadsThem() throws java.sql.SQLException {
        files.write("V1__files.sql", "CREATE TABLE files (id INT PRIMARY KEY, dir VARCHAR(40) DEFAULT 'C:\\' COMMENT 'c\\d'"
                + " CHECK (dir <> 'p\\q'), note VARCHAR(40));\n");
        java.util.function.Consumer<dev.migrate.MigratorConfig.Builder> session = b -> b.javaMigration(new BackslashFiles())
                .initSql("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
        dev.migrate.Plan plan = migrator(session).planMigrate(null);
        assertThat(plan.steps().get(1).statements()).extracting(dev.migrate.PlanStep.PlannedStatement::sql)
                .contains("ALTER TABLE files ALTER COLUMN note SET DEFAULT 'it''s D:\\'",
                        "ALTER TABLE files ADD COLUMN drive VARCHAR(10) DEFAULT 'E:\\'",
                        "INSERT INTO files (id, note) VALUES (1, 'x\\')", "INSERT INTO files (id) VALUES (2)");

        migrator(session).migrate();
        assertThat(row("SELECT dir, note, drive FROM files WHERE id = 2")).containsExactly("C:\\", "it's D:\\", "E:\\");
        assertThat(row("SELECT note FROM files WHERE id = 1")).containsExactly("x\\");
        String column = "SELECT IS_NULLABLE, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'files' AND COLUMN_NAME = 'dir'";
        assertThat(row(column)).containsExactly("NO", "c\\d");
        assertThatThrownBy(() -> db.execute("INSERT INTO files (id, dir) VALUES (3, CONCAT('p', CHAR(92), 'q'))"))
                .hasMessageContaining("CONSTRAINT");
        db.execute("INSERT INTO files (id, dir) VALUES (3, CONCAT('p', CHAR(92), CHAR(92), 'q'))");

        // the down restates the column again
        migrator(session).rollback(dev.migrate.RollbackRequest.last());
        assertThat(row(column)).containsExactly("YES", "c\\d");
        db.execute("INSERT INTO files (id) VALUES (4)");
        assertThat(row("SELECT dir FROM files WHERE id = 4")).containsExactly("C:\\");
        assertThatThrownBy(() -> db.execute("INSERT INTO files (id, dir) VALUES (5, CONCAT('p', CHAR(92), 'q'))"))
                .hasMessageContaining("CONSTRAINT");
    }

    /**
     * A script that sets NO_BACKSLASH_ESCAPES itself, with a string; the next migration starts in the session's mode
     * again. A mode computed in SQL cannot be read: a backslash in a string after it is refused before anything runs.
     */
    @Test
    void aScriptThatSetsNoBackslashEscapesIsSplitAsTheServerReadsIt() {
        files.write("V1__paths.sql", """
                CREATE TABLE paths (id INT PRIMARY KEY, path VARCHAR(50));
                SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES,STRICT_TRANS_TABLES';
                INSERT INTO paths VALUES (1, 'C:\\');
                INSERT INTO paths VALUES (2, 'D:\\');
                """)
                .write("V2__escaped.sql", "INSERT INTO paths VALUES (3, 'it\\'s');\n");
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM paths")).isEqualTo(3);
        assertThat(db.count("SELECT COUNT(*) FROM paths WHERE path = 'it''s'")).isEqualTo(1);

        files.write("V3__computed.sql", "SET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');\n"
                + "INSERT INTO paths VALUES (4, 'C:\\');\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContaining("V3__computed.sql line 2: Backslash in a string on line 2");
        assertThat(db.count("SELECT COUNT(*) FROM paths")).isEqualTo(3);
    }

    /**
     * Tables, a sequence, views, routines, a package (dropped in Oracle mode, the only one that parses DROP PACKAGE),
     * an event and a trigger go, their names quoted as the catalog gives them: a backtick in a name made clean fail
     * half-way, and a table named like a list of tables dropped a table of another database. Then the migrations run
     * again from the first.
     */
    @Test
    void cleanDropsEveryKindOfObjectQuotingTheirNamesAndNothingElsewhere() throws java.sql.SQLException {
        String other = db.name() + "_other";
        db.execute("CREATE DATABASE " + other);
        try {
            db.execute("CREATE TABLE " + other + ".keep (id INT)");
            db.execute("INSERT INTO " + other + ".keep VALUES (1)");
            files.write("V1__everything.sql", "CREATE TABLE books (id INT PRIMARY KEY);\nCREATE TABLE loans (book INT REFERENCES books (id));\n"
                    + "CREATE TABLE `odd``name` (id INT);\nCREATE TABLE `x``, ``" + other + "``.``keep` (id INT);\n"
                    + "CREATE SEQUENCE ids;\nCREATE VIEW book_view AS SELECT id FROM books;\n"
                    + "CREATE PROCEDURE nothing() SELECT 1;\nCREATE FUNCTION answer() RETURNS INT RETURN 42;\n"
                    + "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO SELECT 1;\n"
                    + "CREATE TRIGGER on_book BEFORE INSERT ON books FOR EACH ROW SET NEW.id = NEW.id;\n"
                    + "INSERT INTO books VALUES (1);\nINSERT INTO loans VALUES (1);\n");
            Migrator m = migrator(b -> b.cleanAllowed(true));
            m.migrate();
            // A package (Oracle mode), which MariaDB drops only in that mode.
            try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_mode = 'ORACLE'");
                st.execute("CREATE PACKAGE pkg AS FUNCTION f RETURN INT; END;");
                st.execute("CREATE PACKAGE BODY pkg AS FUNCTION f RETURN INT AS BEGIN RETURN 1; END; END;");
            }
            String self = db.name();
            assertThat(m.clean()).contains("table " + self + ".books", "table " + self + ".loans", "table " + self + ".odd`name",
                    "table " + self + ".x`, `" + other + "`.`keep", "sequence " + self + ".ids", "view " + self + ".book_view",
                    "procedure " + self + ".nothing", "function " + self + ".answer", "event " + self + ".nightly", "package " + self + ".pkg");
            assertThat(db.count("SELECT COUNT(*) FROM " + other + ".keep")).isEqualTo(1);
            assertThat(db.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name <> 'migrate_audit'")).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = DATABASE()")).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM information_schema.events WHERE event_schema = DATABASE()")).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()")).isZero();
            assertThat(db.count("SELECT @@foreign_key_checks")).isEqualTo(1);
            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(db.count("SELECT COUNT(*) FROM loans")).isEqualTo(1);
        } finally {
            db.execute("DROP DATABASE IF EXISTS " + other);
        }
    }

    @Test
    void cleanRefusesTheSchemaMariaDbKeepsForItself() throws Exception {
        assertCleanRefusesTheDatabasesOwnSchema("mysql");
    }
}
