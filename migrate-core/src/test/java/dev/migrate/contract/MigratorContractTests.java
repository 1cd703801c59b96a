package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrate.AppliedMigration;
import dev.migrate.AuditEntry;
import dev.migrate.CallbackContext;
import dev.migrate.ConfigurationException;
import dev.migrate.Direction;
import dev.migrate.DirtyDatabaseException;
import dev.migrate.IrreversibleMigrationException;
import dev.migrate.JavaMigration;
import dev.migrate.LockStatus;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationDetails;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationState;
import dev.migrate.MigrationType;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import dev.migrate.RepairResult;
import dev.migrate.RollbackRequest;
import dev.migrate.RollbackResult;
import dev.migrate.StalePlanException;
import dev.migrate.StatusResult;
import dev.migrate.ValidationException;
import dev.migrate.ValidationResult;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every dialect must have. Each database runs this same suite through a subclass
 * that names its {@link DatabaseKind}; each test gets a fresh database and a fresh folder of files.
 */
public abstract class MigratorContractTests {

    @TempDir
    Path folder;

    protected TestDatabase db;
    protected MigrationFiles files;

    protected abstract DatabaseKind kind();

    /** Whether a failed migration is rolled back (true) or marked FAILED (false): H2 and MariaDB commit DDL at once. */
    protected boolean transactionalDdl() {
        return kind() == DatabaseKind.POSTGRES || kind() == DatabaseKind.SQLITE;
    }

    /** A fresh database for one test; a subclass may reach it through another driver. */
    protected TestDatabase createDatabase() {
        return TestDatabase.create(kind());
    }

    @BeforeEach
    void setUp() {
        db = createDatabase();
        files = new MigrationFiles(folder);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    protected Migrator migrator() {
        return migrator(b -> { });
    }

    protected Migrator migrator(Consumer<MigratorConfig.Builder> customizer) {
        MigratorConfig.Builder builder = MigratorConfig.builder().locations(files.location()).environment("dev");
        customizer.accept(builder);
        return Migrator.create(db.dataSource(), builder.build());
    }

    private List<String> appliedVersions() {
        return migrator().status().applied().stream().map(AppliedMigration::version).toList();
    }

    /**
     * The schema read back from JDBC metadata, with the row counts of every table but the audit trail,
     * which records refused operations too.
     */
    protected List<String> schema() throws java.sql.SQLException {
        try (java.sql.Connection c = db.connect()) {
            return dev.migrate.schema.SchemaSnapshot.of(c, kind()).stream()
                    .filter(line -> !line.toLowerCase(java.util.Locale.ROOT).startsWith("table migrate_audit rows=")).toList();
        }
    }

    /** Whether DSL statements of this database read the live table (SQLite rebuilds, MySQL MODIFY COLUMN). */
    protected boolean dslReadsTables() {
        return kind() == DatabaseKind.SQLITE || kind() == DatabaseKind.MARIADB;
    }

    /**
     * A user who may read and write the rows of Migrate's tables but not create tables (the tables made by the
     * schema's owner, or by a DBA): PostgreSQL and MySQL/MariaDB check the right to create for CREATE TABLE IF NOT
     * EXISTS before they see that the table exists, so every writing operation of such a user failed ("permission
     * denied for schema public", "CREATE command denied"), naming neither Migrate's table nor a fix. Before the tables
     * exist, the error names the table and what to do, and nothing is left behind. A user who may only read them is
     * refused before any migration runs, naming the table, rather than failing each migration on its history row
     * ("Fix the script") after its statements ran.
     *
     * @param restricted a data source of that user, who may not create tables in the database's schema
     * @param grantRead  grants that user SELECT on every table there is now
     * @param grantRows  grants that user INSERT, UPDATE and DELETE on every table there is now
     */
    protected void writesWithAUserWhoMayNotCreateTables(javax.sql.DataSource restricted, Runnable grantRead, Runnable grantRows) {
        files.write("V1__books.sql", "CREATE TABLE books (id INT PRIMARY KEY, title VARCHAR(50));\n");
        MigratorConfig config = MigratorConfig.builder().locations(files.location()).environment("dev").build();
        Migrator user = Migrator.create(restricted, config);

        ConfigurationException refused = catchThrowableOfType(ConfigurationException.class, user::migrate);
        assertThat(refused.getMessage()).startsWith("Could not create Migrate's history table migrate_history: ")
                .contains("may create tables").contains("any writing operation").contains("schema (migrate.schema, --schema)");
        assertThat(db.tableNames()).doesNotContain("migrate_history", "migrate_audit");

        migrator().migrate();
        grantRead.run();
        files.write("V2__seed.sql", "INSERT INTO books VALUES (1, 'Dune');\n").write("U2__seed.sql", "DELETE FROM books WHERE id = 1;\n");
        assertThat(user.status().pending()).hasSize(1);
        ConfigurationException readOnly = catchThrowableOfType(ConfigurationException.class, user::migrate);
        assertThat(readOnly.getMessage()).startsWith("The database user may not write Migrate's history table migrate_history: ")
                .contains("Nothing was run").contains("insert, update and delete its rows");
        assertThat(migrator().status().pending()).hasSize(1);

        grantRows.run();
        assertThat(user.migrate().applied()).extracting(s -> s.script()).containsExactly("V2__seed.sql");
        assertThat(db.count("SELECT COUNT(*) FROM books")).isEqualTo(1);
        assertThat(user.rollback(RollbackRequest.last()).rolledBack()).hasSize(1);
        assertThat(db.count("SELECT COUNT(*) FROM books")).isZero();
        assertThat(user.markApplied(null).applied()).extracting(s -> s.script()).containsExactly("V2__seed.sql");
        assertThat(user.repair().realigned()).isEmpty();
        assertThat(user.history()).extracting(AuditEntry::operation).containsSubsequence("APPLY", "APPLY", "ROLLBACK", "MARK_APPLIED",
                "REPAIR");
    }

    // ---------------------------------------------------------------- migrate

    @Test
    void appliesPendingMigrationsInVersionOrderAndRecordsThem() {
        files.table(1).table(2).table(10);
        MigrateResult result = migrator().migrate();

        assertThat(result.applied()).extracting(s -> s.version()).containsExactly("1", "2", "10");
        assertThat(result.batch()).isEqualTo(1);
        assertThat(result.fromVersion()).isNull();
        assertThat(result.toVersion()).isEqualTo("10");
        assertThat(db.tableNames()).contains("t1", "t2", "t10", "migrate_history", "migrate_audit");

        StatusResult status = migrator().status();
        assertThat(status.current()).isEqualTo("10");
        assertThat(status.lastBatch()).isEqualTo(1);
        assertThat(status.pending()).isEmpty();
        assertThat(status.failed()).isEmpty();
        assertThat(status.problems()).isEmpty();
        assertThat(status.environment()).isEqualTo("dev");
        AppliedMigration first = status.applied().get(0);
        assertThat(first.script()).isEqualTo("V1__create_t1.sql");
        assertThat(first.description()).isEqualTo("create t1");
        assertThat(first.type()).isEqualTo(MigrationType.SQL);
        assertThat(first.state()).isEqualTo(MigrationState.SUCCESS);
        assertThat(first.reversible()).isTrue();
        assertThat(first.checksum()).isNotNull();
        assertThat(first.installedOn()).isNotNull();
        assertThat(first.installedBy()).isNotBlank();

        List<AuditEntry> audit = migrator().history();
        assertThat(audit).extracting(AuditEntry::operation).containsExactly("APPLY", "APPLY", "APPLY");
        assertThat(audit).extracting(AuditEntry::outcome).containsOnly("SUCCESS");
    }

    /**
     * installed_on and started_on are instants, written and read in UTC: they read back as the moment of the run,
     * whatever the JVM's time zone ({@link MariaDbConnectorJMigratorTests} runs in one other than the server's).
     */
    @Test
    void installedOnAndStartedOnReadBackAsTheMomentOfTheRun() {
        files.table(1);
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        migrator().migrate();
        java.time.Instant after = java.time.Instant.now().plusSeconds(1);
        assertThat(migrator().status().applied()).singleElement().satisfies(a -> assertThat(a.installedOn()).isBetween(before, after));
        assertThat(migrator().history()).singleElement().satisfies(a -> assertThat(a.startedOn()).isBetween(before, after));
    }

    @Test
    void secondMigrateFindsNothingAndANewFileGetsTheNextBatch() {
        files.table(1);
        migrator().migrate();
        assertThat(migrator().migrate().nothingToDo()).isTrue();

        files.table(2).table(3);
        MigrateResult second = migrator().migrate();
        assertThat(second.batch()).isEqualTo(2);
        assertThat(second.fromVersion()).isEqualTo("1");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::batch).containsExactly(1, 2, 2);
    }

    @Test
    void migratesUpToATargetOnly() {
        files.table(1).table(2).table(3);
        MigrateResult result = migrator().migrate("2");
        assertThat(result.applied()).extracting(s -> s.version()).containsExactly("1", "2");
        assertThat(db.tableNames()).doesNotContain("t3");
        assertThat(migrator().status().pending()).extracting(p -> p.version()).containsExactly("3");
    }

    @Test
    void nextCurrentAndAVersionThatMayBeMissingAsTargets() {
        files.table(1).table(2).table(4).write("R__t1_view.sql", "CREATE VIEW v1 AS SELECT id FROM t1;");

        assertThat(migrator().migrate("current").nothingToDo()).isTrue();
        assertThat(db.tableNames()).doesNotContain("t1");
        assertThat(migrator().planMigrate("next").steps()).extracting(s -> s.script()).containsExactly("V1__create_t1.sql");
        assertThat(migrator().migrate("NEXT").applied()).extracting(s -> s.version()).containsExactly("1");
        assertThat(migrator().migrate("next").applied()).extracting(s -> s.version()).containsExactly("2");

        assertThatThrownBy(() -> migrator().migrate("3")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Target version 3 matches no migration").hasMessageContaining("write 3? to migrate up to it anyway");
        assertThat(migrator().migrate("3?").nothingToDo()).isTrue();
        assertThat(migrator().markApplied("3?").nothingToDo()).isTrue();
        assertThat(db.tableNames()).contains("t1", "t2").doesNotContain("t4");

        assertThat(migrator().migrate("4?").applied()).extracting(s -> s.version()).containsExactly("4");

        // A late version: current applies it (with out-of-order, as it is below the current version), and nothing newer.
        files.table(3).table(5);
        assertThatThrownBy(() -> migrator().migrate("current")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("V3__create_t3.sql (version 3) is older than the current version 4");
        assertThat(migrator(b -> b.outOfOrder(true)).migrate("current").applied()).extracting(s -> s.script())
                .containsExactly("V3__create_t3.sql");
        assertThat(db.tableNames()).contains("t3").doesNotContain("t5", "v1");
        assertThat(migrator().status().pending()).extracting(p -> p.script()).containsExactly("V5__create_t5.sql", "R__t1_view.sql");

        // latest, in any case, is everything, repeatable ones included.
        assertThat(migrator().migrate("Latest").applied()).extracting(s -> s.script()).containsExactly("V5__create_t5.sql", "R__t1_view.sql");
        assertThat(migrator().migrate("next").nothingToDo()).isTrue();
    }

    @Test
    void refusesATargetThatMatchesNoMigration() {
        files.table(1);
        assertThatThrownBy(() -> migrator().migrate("7"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Target version 7 matches no migration: choose one of 1,")
                .hasMessageContaining("or leave the target out to apply everything");
        assertThat(db.tableNames()).doesNotContain("t1");
    }

    @Test
    void readsEveryFileFormat() {
        files.write("V1__flyway.sql", "CREATE TABLE fly (id INT);")
                .write("U1__flyway.sql", "DROP TABLE fly;")
                .write("000002_golang_pair.up.sql", "CREATE TABLE pair (id INT);")
                .write("000002_golang_pair.down.sql", "DROP TABLE pair;")
                .write("20260215_03_sectioned.up.sql", "CREATE TABLE stamped (id INT);")
                .write("20260215_03_sectioned.down.sql", "DROP TABLE stamped;")
                .write("V20260216__sections.sql", """
                        -- migrate:up
                        CREATE TABLE sectioned (id INT);
                        -- migrate:down
                        DROP TABLE sectioned;
                        """);
        migrator().migrate();
        assertThat(db.tableNames()).contains("fly", "pair", "stamped", "sectioned");
        assertThat(appliedVersions()).containsExactly("1", "2", "20260215.3", "20260216");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::description)
                .containsExactly("flyway", "golang pair", "sectioned", "sections");

        migrator().rollback(RollbackRequest.base());
        assertThat(db.tableNames()).doesNotContain("fly", "pair", "stamped", "sectioned");
        assertThat(appliedVersions()).isEmpty();
    }

    @Test
    void planSaysWhereDdlCommitsAtOnceNamingTheProducts() {
        files.table(1);
        List<String> notes = migrator().planMigrate(null).steps().get(0).notes();
        switch (kind()) {
            case MARIADB -> assertThat(notes).contains(
                    "MySQL/MariaDB commits DDL at once: if it fails part-way it is marked FAILED; then run 'repair' or 'rollback'");
            case H2 -> assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("H2 commits DDL at once"));
            default -> assertThat(notes).noneMatch(n -> n.contains("commits DDL at once"));
        }
    }

    @Test
    void scriptWithItsOwnTransactionRunsAsWritten() {
        files.write("V1__own_transaction.sql", "BEGIN;\nCREATE TABLE own_tx (id INT);\nINSERT INTO own_tx VALUES (1);\nCOMMIT;\n");
        Plan plan = migrator().planMigrate(null);
        assertThat(plan.steps().get(0).transactional()).isFalse();
        assertThat(plan.steps().get(0).notes()).anySatisfy(n -> assertThat(n).contains("line 1 controls the transaction"));
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM own_tx")).isEqualTo(1);
        assertThat(migrator().status().applied()).extracting(AppliedMigration::state).containsExactly(MigrationState.SUCCESS);
    }

    @Test
    void emptyAndCommentOnlyScriptsAreNoOps() {
        files.write("V1__empty.sql", "").write("V2__comments.sql", "-- nothing here\n/* or here; */\n");
        MigrateResult result = migrator().migrate();
        assertThat(result.applied()).hasSize(2);
    }

    @Test
    void replacesConfiguredPlaceholdersAndLeavesOthersAlone() {
        files.write("V1__placeholders.sql", "CREATE TABLE ${table} (v VARCHAR(40));\n"
                + "INSERT INTO ${table} VALUES ('${unknown} stays');\n");
        migrator(b -> b.placeholder("table", "configured")).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM configured WHERE v = '${unknown} stays'")).isEqualTo(1);
        ValidationResult validation = migrator(b -> b.placeholder("table", "configured")).validate();
        assertThat(validation.warnings()).anySatisfy(w -> assertThat(w).contains("V1__placeholders.sql").contains("${unknown}"));
    }

    /** A value that breaks the script is named as the culprit, not the script; the value itself is never shown. */
    @Test
    void aPlaceholderValueThatBreaksTheScriptIsNamedAsTheCulprit() {
        files.write("V1__owner.sql", "CREATE TABLE owners (name VARCHAR(40));\n\nINSERT INTO owners VALUES ('${owner}');\n");
        Consumer<MigratorConfig.Builder> quote = b -> b.placeholder("owner", "O'Brien");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator(quote).migrate());
        assertThat(e.getMessage()).contains("V1__owner.sql line 3").contains("The script as written splits, so the value of placeholder"
                + " owner breaks it").doesNotContain("O'Brien").doesNotContain("Fix the script");
        assertThat(migrator(quote).validate().errors()).anySatisfy(p -> assertThat(p).contains("placeholder owner breaks it"));
        assertThat(db.tableNames()).doesNotContain("owners", "OWNERS");
        migrator(b -> b.placeholder("owner", "O''Brien")).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM owners WHERE name = 'O''Brien'")).isEqualTo(1);
    }

    /** A "${" in a string starts no placeholder: the one on a later line is still replaced, and validate warns about neither. */
    @Test
    void aStrayPlaceholderPrefixInAStringDoesNotHideAPlaceholderAfterIt() {
        files.write("V1__stray.sql", "CREATE TABLE notes (x VARCHAR(60));\nINSERT INTO notes VALUES ('template starts with ${');\n"
                + "CREATE TABLE ${tbl} (id INT);\nINSERT INTO notes VALUES ('${ spaced } and ${missing}');\n");
        ValidationResult validation = migrator(b -> b.placeholder("tbl", "foo")).validate();
        assertThat(validation.warnings()).filteredOn(w -> w.contains("has no configured value")).singleElement().asString()
                .contains("${missing}").doesNotContain("create table").doesNotContain("${ spaced }");
        migrator(b -> b.placeholder("tbl", "foo")).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM foo")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM notes WHERE x = 'template starts with ${'")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM notes WHERE x = '${ spaced } and ${missing}'")).isEqualTo(1);
    }

    @Test
    void appliesRepeatablesAfterVersionedAndAgainWhenChanged() {
        files.table(1).write("R__t1_view.sql", "CREATE VIEW v1 AS SELECT id FROM t1;");
        MigrateResult first = migrator().migrate();
        assertThat(first.applied()).extracting(s -> s.script()).containsExactly("V1__create_t1.sql", "R__t1_view.sql");
        assertThat(migrator().migrate().nothingToDo()).isTrue();

        files.write("R__t1_view.sql", "DROP VIEW v1;\nCREATE VIEW v1 AS SELECT id, name FROM t1;");
        assertThat(migrator().status().pending()).extracting(p -> p.script()).containsExactly("R__t1_view.sql");
        MigrateResult second = migrator().migrate();
        assertThat(second.applied()).extracting(s -> s.script()).containsExactly("R__t1_view.sql");
        assertThat(migrator().status().problems()).isEmpty();
    }

    /**
     * A repeatable runs again when a configured placeholder value it uses changes, as in Flyway: a view or grant made
     * from ${owner} followed the old value for good. A versioned migration's checksum stays that of its text as written,
     * and so does a repeatable's that uses no configured placeholder, or whose .sql.conf turns replacement off.
     */
    /**
     * A failed statement is quoted with its placeholders replaced, in the exception, the FAILED row, the audit table and
     * the log: a placeholder whose name says it is a secret (app_password) is quoted as ******, never its value.
     */
    @Test
    void theValueOfASecretPlaceholderIsMaskedWhereAFailedStatementIsQuoted() {
        files.write("V1__t.sql", "CREATE TABLE t (id INT, note VARCHAR(100));\n")
                .write("V2__grant.sql", "INSERT INTO t (id, note) VALUES (1, '${owner}');\n"
                        + "INSERT INTO missing_table (pw) VALUES ('${app_password}');\n");
        Consumer<MigratorConfig.Builder> secrets = b -> b.placeholder("app_password", "Hunter2Secret").placeholder("owner", "alice")
                .logSql(true);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.migrate");
        logged.start();
        logger.addAppender(logged);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // logSql logs each statement at INFO
        MigrationFailedException e;
        try {
            e = catchThrowableOfType(MigrationFailedException.class, () -> migrator(secrets).migrate());
        } finally {
            logger.setLevel(level);
            logger.detachAppender(logged);
        }
        assertThat(e.getMessage()).contains("V2__grant.sql line 2 failed").contains("VALUES ('******')").doesNotContain("Hunter2Secret");
        assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("V2__grant.sql line 1: INSERT INTO t (id, note) VALUES (1, 'alice')"))
                .anySatisfy(m -> assertThat(m).contains("VALUES ('******')"))
                .noneSatisfy(m -> assertThat(m).contains("Hunter2Secret"));
        assertThat(db.count("SELECT COUNT(*) FROM migrate_audit WHERE details LIKE '%Hunter2Secret%'")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM migrate_audit WHERE outcome = 'FAILURE' AND details LIKE '%VALUES (''******'')%'"))
                .isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE error LIKE '%Hunter2Secret%'")).isZero();
        if (!transactionalDdl()) {
            assertThat(migrator(secrets).status().failed()).singleElement()
                    .satisfies(row -> assertThat(row.error()).contains("VALUES ('******')"));
        }
    }

    @Test
    void aRepeatableRunsAgainWhenAConfiguredPlaceholderValueItUsesChanges() throws Exception {
        files.write("V1__kv.sql", "CREATE TABLE kv (k VARCHAR(20), v VARCHAR(100));\n"
                        + "INSERT INTO kv (k, v) VALUES ('versioned', '${owner}');\n")
                .write("R__owner.sql", "DELETE FROM kv WHERE k = 'repeatable';\nINSERT INTO kv (k, v) VALUES ('repeatable', '${owner}');\n")
                .write("R__plain.sql", "DELETE FROM kv WHERE k = 'plain';\nINSERT INTO kv (k, v) VALUES ('plain', '${flyway:table}');\n")
                .write("R__raw.sql", "DELETE FROM kv WHERE k = 'raw';\nINSERT INTO kv (k, v) VALUES ('raw', '${owner}');\n")
                .write("R__raw.sql.conf", "placeholderReplacement=false\n");
        migrator(b -> b.placeholder("owner", "alice")).migrate();
        Integer plainChecksum = migrator().status().applied().stream().filter(a -> a.script().equals("R__plain.sql"))
                .findFirst().orElseThrow().checksum();
        assertThat(migrator(b -> b.placeholder("owner", "alice")).migrate().nothingToDo()).isTrue();

        Consumer<MigratorConfig.Builder> bob = b -> b.placeholder("owner", "bob");
        assertThat(migrator(bob).status().pending()).extracting(p -> p.script()).containsExactly("R__owner.sql");
        assertThat(migrator(bob).validate().errors()).isEmpty();
        MigrateResult changed = migrator(bob).migrate();
        assertThat(changed.applied()).extracting(s -> s.script()).containsExactly("R__owner.sql");
        assertThat(row("SELECT v FROM kv WHERE k = 'repeatable'")).containsExactly("bob");
        assertThat(row("SELECT v FROM kv WHERE k = 'versioned'")).containsExactly("alice");
        assertThat(row("SELECT v FROM kv WHERE k = 'raw'")).containsExactly("${owner}");
        assertThat(migrator(bob).migrate().nothingToDo()).isTrue();
        assertThat(migrator(bob).status().problems()).isEmpty();
        // Without the placeholder configured the file's own text is checksummed again, as before any value.
        assertThat(migrator().status().pending()).extracting(p -> p.script()).containsExactly("R__owner.sql");
        assertThat(migrator().status().applied().stream().filter(a -> a.script().equals("R__plain.sql")).findFirst().orElseThrow()
                .checksum()).isEqualTo(plainChecksum).isEqualTo(dev.migrate.discovery.MigrationScanner.checksum(
                        "DELETE FROM kv WHERE k = 'plain';\nINSERT INTO kv (k, v) VALUES ('plain', '${flyway:table}');\n"));
    }

    /**
     * A repeatable migration has no version: describe finds it by its script or its description (underscores for
     * spaces, any case), pending while new or changed, with the history row of its last run, and by its script
     * once its file is gone.
     */
    @Test
    void describeFindsARepeatableMigrationByItsScriptOrDescription() {
        files.table(1).write("R__t1_view.sql", "CREATE VIEW v1 AS SELECT id FROM t1;");
        assertThat(migrator().describe("R__t1_view.sql")).get().satisfies(d -> {
            assertThat(d.version()).isNull();
            assertThat(d.description()).isEqualTo("t1 view");
            assertThat(d.type()).isEqualTo(MigrationType.REPEATABLE);
            assertThat(d.script()).isEqualTo("R__t1_view.sql");
            assertThat(d.pending()).isTrue();
            assertThat(d.applied()).isNull();
            assertThat(d.reversible()).isFalse();
            assertThat(d.upSql()).extracting(PlanStep.PlannedStatement::sql, PlanStep.PlannedStatement::line)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("CREATE VIEW v1 AS SELECT id FROM t1", 1));
            assertThat(d.downSql()).isEmpty();
        });
        migrator().migrate();
        for (String name : List.of("R__t1_view.sql", "t1 view", "T1_VIEW", " t1 view ")) {
            assertThat(migrator().describe(name)).as(name).get().satisfies(d -> {
                assertThat(d.description()).isEqualTo("t1 view");
                assertThat(d.pending()).isFalse();
                assertThat(d.applied().state()).isEqualTo(MigrationState.SUCCESS);
                assertThat(d.applied().version()).isNull();
                assertThat(d.applied().checksum()).isEqualTo(d.checksum());
            });
        }

        files.write("R__t1_view.sql", "DROP VIEW v1;\nCREATE VIEW v1 AS SELECT id, name FROM t1;");
        MigrationDetails changed = migrator().describe("t1 view").orElseThrow();
        assertThat(changed.pending()).as("changed since its last run").isTrue();
        assertThat(changed.applied().checksum()).isNotEqualTo(changed.checksum());
        assertThat(changed.upSql()).extracting(PlanStep.PlannedStatement::line).containsExactly(1, 2);
        migrator().migrate();
        MigrationDetails rerun = migrator().describe("t1 view").orElseThrow();
        assertThat(rerun.pending()).isFalse();
        assertThat(rerun.applied().rank()).as("its last run's row").isEqualTo(3);
        assertThat(rerun.applied().checksum()).isEqualTo(rerun.checksum());

        assertThat(migrator().describe("R__other.sql")).isEmpty();
        assertThat(migrator().describe("9")).isEmpty();
        assertThat(migrator().describe("1")).get().extracting(MigrationDetails::script).isEqualTo("V1__create_t1.sql");
        // Neither a version nor a repeatable migration's name: refused as a malformed version is, before connecting.
        assertThatThrownBy(() -> migrator().describe("1; DROP TABLE t1")).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid version: ").hasMessageEndingWith("; nor is it the script or description of a"
                        + " repeatable migration in the locations (such as R__book_titles.sql or book titles)");

        files.delete("R__t1_view.sql");
        assertThat(migrator().describe("R__t1_view.sql")).as("from the history once the file is gone").get().satisfies(d -> {
            assertThat(d.description()).isEqualTo("t1 view");
            assertThat(d.pending()).isFalse();
            assertThat(d.upSql()).isEmpty();
            assertThat(d.applied().rank()).isEqualTo(3);
        });
        assertThatThrownBy(() -> migrator().describe("t1 view")).as("a description is looked up in the locations only")
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nor is it the script or description");
        assertThatThrownBy(() -> migrator().describe(" ")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("a version (3), or a repeatable migration's script");
        assertThat(db.tableNames()).as("t1 is still there").anySatisfy(t -> assertThat(t).isEqualToIgnoringCase("t1"));
    }

    /**
     * A blank installedBy (a property set to nothing) or performedBy caller recorded an empty name in the history and the
     * audit trail; both mean the database user, as when unset.
     */
    @Test
    void aBlankInstalledByOrCallerRecordsTheDatabaseUser() {
        files.table(1).table(2);
        migrator().performedBy(null).migrate("1");
        String user = migrator().history().get(0).performedBy();
        assertThat(user).isNotBlank();
        migrator(b -> b.installedBy(" ")).performedBy("  ").migrate();
        assertThat(migrator().status().applied()).extracting(AppliedMigration::installedBy).containsExactly(user, user);
        assertThat(migrator().history()).extracting(AuditEntry::performedBy).containsExactly(user, user);
        migrator().performedBy("").rollback(RollbackRequest.last());
        assertThat(migrator().history(1)).extracting(AuditEntry::performedBy).containsExactly(user);
    }

    /** The longest durations build() takes (a year) are waited with on every database: no arithmetic overflows. */
    @Test
    void theLongestLockTimeoutAndLeaseWork() {
        files.table(1);
        Migrator m = migrator(b -> b.lockTimeout(MigratorConfig.MAX_DURATION).lockLease(MigratorConfig.MAX_DURATION)
                .connectRetriesInterval(MigratorConfig.MAX_DURATION));
        assertThat(m.migrate().applied()).hasSize(1);
        assertThat(m.rollback(RollbackRequest.last()).rolledBack()).hasSize(1);
        assertThat(m.lockStatus().state()).isEqualTo(LockStatus.State.FREE);
    }

    // ---------------------------------------------------------------- rollback

    /** The history keeps 200 characters of a description: repair compares what it keeps, so it has nothing to realign. */
    @Test
    void aVersionedDescriptionLongerThanTheHistoryKeepsLeavesRepairNothingToDo() {
        files.write("V1__" + "long_desc_".repeat(21) + ".sql", "CREATE TABLE t1 (id INT);\n");
        migrator().migrate();
        assertThat(migrator().status().applied()).singleElement().satisfies(a -> assertThat(a.description()).hasSize(200).endsWith("..."));
        RepairResult repair = migrator().repair();
        assertThat(repair.realigned()).isEmpty();
        assertThat(migrator().validate().errors()).isEmpty();
    }

    /** A failed repeatable has no down: rollback must not undo an unrelated migration and leave it failed. */
    @Test
    void rollbackIsRefusedWhileARepeatableIsFailedAndRepairClearsIt() {
        files.table(1).write("R__r.sql", "-- migrate:no-transaction\nCREATE TABLE r_tab (id INT);\nINSERT INTO nope VALUES (1);\n");
        MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(failed.getMessage()).contains("then run 'repair', and run again").doesNotContain("'rollback'");
        assertThat(catchThrowableOfType(DirtyDatabaseException.class, () -> migrator().migrate()).getMessage())
                .contains("R__r.sql failed").doesNotContain("'rollback' to run its down");

        for (RollbackRequest request : List.of(RollbackRequest.last(), RollbackRequest.lastBatch(), RollbackRequest.base())) {
            assertThatThrownBy(() -> migrator().rollback(request)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Cannot roll back while the repeatable migration R__r.sql is FAILED")
                    .hasMessageContaining("run 'repair' to clear its entry");
        }
        assertThat(db.tableNames()).contains("t1");
        assertThat(appliedVersions()).filteredOn(java.util.Objects::nonNull).containsExactly("1");

        files.write("R__r.sql", "-- migrate:no-transaction\nCREATE TABLE IF NOT EXISTS r_tab (id INT);\n");
        assertThat(migrator().repair().removedDirty()).containsExactly("R__r.sql");
        assertThat(migrator().migrate().applied()).extracting(s -> s.script()).containsExactly("R__r.sql");
    }

    /** The last batch is the last migrate run: one that only re-applied a repeatable does not reach back to the run before. */
    @Test
    void rollbackOfABatchThatOnlyReappliedARepeatableUndoesNothingAndSaysSo() {
        files.table(1).table(2).write("R__v.sql", "CREATE VIEW v AS SELECT id FROM t1;");
        migrator().migrate();
        files.write("R__v.sql", "DROP VIEW v;\nCREATE VIEW v AS SELECT id, name FROM t1;");
        assertThat(migrator().migrate().batch()).isEqualTo(2);

        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.lastBatch())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("The last batch (2) only re-applied repeatable migrations (R__v.sql), which have no down,")
                .hasMessageContaining("nothing was rolled back");
        assertThatThrownBy(() -> migrator().planRollback(RollbackRequest.lastBatch())).isInstanceOf(ValidationException.class);
        assertThat(appliedVersions()).filteredOn(java.util.Objects::nonNull).containsExactly("1", "2");
        assertThat(db.tableNames()).contains("t1", "t2");
        assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).extracting(s -> s.version()).containsExactly("2");
    }

    /** A repeatable first applied with a batch that was rolled back stays; the next batch rollback goes on to the run before. */
    @Test
    void rollbackOfBatchesGoesOnPastARepeatableLeftByARolledBackBatch() {
        files.table(1);
        migrator().migrate();
        files.table(2).write("R__v.sql", "CREATE VIEW v AS SELECT 1 AS x;");
        assertThat(migrator().migrate().batch()).isEqualTo(2);
        assertThat(migrator().rollback(RollbackRequest.lastBatch()).rolledBack()).extracting(s -> s.version()).containsExactly("2");
        assertThat(migrator().rollback(RollbackRequest.lastBatch()).rolledBack()).extracting(s -> s.version()).containsExactly("1");
        assertThat(db.tableNames()).doesNotContain("t1", "t2");
    }

    /** The same over an audit trail written by a release that did not record the batch of a rollback (no details). */
    @Test
    void rollbackOfBatchesGoesOnPastARepeatableLeftByABatchAnOlderReleaseRolledBack() throws Exception {
        files.table(1);
        migrator().migrate();
        files.table(2).write("R__v.sql", "CREATE VIEW v AS SELECT 1 AS x;");
        migrator().migrate();
        assertThat(migrator().rollback(RollbackRequest.lastBatch()).rolledBack()).extracting(s -> s.version()).containsExactly("2");
        db.execute("UPDATE migrate_audit SET details = NULL WHERE operation = 'ROLLBACK'");

        assertThat(migrator().rollback(RollbackRequest.lastBatch()).rolledBack()).extracting(s -> s.version()).containsExactly("1");
        assertThat(db.tableNames()).doesNotContain("t1", "t2");
    }

    /** A run that applied only a new repeatable is the last batch too: rollback refuses instead of undoing the run before. */
    @Test
    void rollbackOfABatchThatOnlyAppliedANewRepeatableUndoesNothing() {
        files.table(1).table(2);
        migrator().migrate();
        files.write("R__v.sql", "CREATE VIEW v AS SELECT 1 AS x;");
        assertThat(migrator().migrate().batch()).isEqualTo(2);

        assertThatThrownBy(() -> migrator().planRollback(RollbackRequest.lastBatch())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("The last batch (2) only applied repeatable migrations (R__v.sql), which have no down");
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.lastBatch())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("nothing was rolled back");
        assertThat(appliedVersions()).filteredOn(java.util.Objects::nonNull).containsExactly("1", "2");
        assertThat(db.tableNames()).contains("t1", "t2");
    }

    /**
     * Only a rollback of the last batch's own versioned migrations lets lastBatch() go past its repeatables: not one of an
     * older batch, nor one of an earlier batch that had the same number.
     */
    @Test
    void rollbackOfABatchIsNotMisledByRollbacksOfOtherBatches() {
        files.table(1).table(2);
        migrator().migrate();
        files.table(3);
        assertThat(migrator().migrate().batch()).isEqualTo(2);
        assertThat(migrator().rollback(RollbackRequest.lastBatch()).rolledBack()).extracting(s -> s.version()).containsExactly("3");
        files.delete("V3__create_t3.sql").delete("U3__create_t3.sql").write("R__v.sql", "CREATE VIEW v AS SELECT 1 AS x;");
        assertThat(migrator().migrate().batch()).isEqualTo(2);
        assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).extracting(s -> s.version()).containsExactly("2");
        assertThat(migrator().history()).filteredOn(a -> a.operation().equals("ROLLBACK")).extracting(AuditEntry::details)
                .containsExactly("applied in batch 2", "applied in batch 1");

        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.lastBatch())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("The last batch (2) only applied repeatable migrations (R__v.sql)");
        assertThat(appliedVersions()).filteredOn(java.util.Objects::nonNull).containsExactly("1");
        assertThat(db.tableNames()).contains("t1").doesNotContain("t2", "t3");
    }

    /** A repeatable that depends on a reverted version leaves the history with it, so that migrate applies it again. */
    @Test
    void rollbackOfAVersionTakesTheRepeatablesThatDependOnItOutOfTheHistory() throws Exception {
        files.table(1).write("V2__t2.sql", "CREATE TABLE t2 (id INT);").write("U2__t2.sql", "DROP VIEW IF EXISTS v2;\nDROP TABLE t2;")
                .write("R__v2.sql", "-- migrate:depends-on 2\nCREATE VIEW v2 AS SELECT id FROM t2;");
        migrator().migrate();
        String note = "R__v2.sql depends on version 2: the next migrate applies it again";

        assertThat(migrator().planRollback(RollbackRequest.only("2")).notes()).containsExactly(note);
        RollbackResult result = migrator().rollback(RollbackRequest.only("2"));
        assertThat(result.rolledBack()).extracting(s -> s.script()).containsExactly("U2__t2.sql");
        assertThat(result.notes()).containsExactly(note);
        assertThat(migrator().status().pending()).extracting(p -> p.script()).containsExactly("V2__t2.sql", "R__v2.sql");
        AuditEntry removed = migrator().history().get(migrator().history().size() - 1);
        assertThat(removed.operation()).isEqualTo("ROLLBACK");
        assertThat(removed.version()).isNull();
        assertThat(removed.script()).isEqualTo("R__v2.sql");
        assertThat(removed.details()).isEqualTo("depends on version 2, which was rolled back: the next migrate applies it again");

        assertThat(migrator().migrate().applied()).extracting(s -> s.script()).containsExactly("V2__t2.sql", "R__v2.sql");
        assertThat(row("SELECT COUNT(*) FROM v2")).containsExactly("0");
        assertThat(migrator().validate().errors()).isEmpty();
    }

    /** Every form of rollback that reverts a version takes the repeatables depending on it along. */
    @Test
    void everyRollbackFormTakesTheDependentRepeatablesAlong() throws Exception {
        files.table(1).table(2).write("V3__t3.sql", "-- migrate:depends-on 2\nCREATE TABLE t3 (id INT);")
                .write("U3__t3.sql", "DROP VIEW IF EXISTS v3;\nDROP TABLE t3;")
                .write("R__v3.sql", "-- migrate:depends-on 3\nCREATE VIEW v3 AS SELECT id FROM t3;");
        for (RollbackRequest request : List.of(RollbackRequest.last(), RollbackRequest.steps(2), RollbackRequest.toVersion("1"),
                RollbackRequest.lastBatch(), RollbackRequest.base())) {
            assertThat(migrator().migrate().applied()).extracting(s -> s.script()).as(request.toString()).endsWith("R__v3.sql");
            RollbackResult result = migrator().rollback(request);
            assertThat(result.notes()).as(request.toString())
                    .containsExactly("R__v3.sql depends on version 3: the next migrate applies it again");
            assertThat(migrator().status().pending()).extracting(p -> p.script()).as(request.toString()).endsWith("V3__t3.sql", "R__v3.sql");
        }
        assertThat(migrator().migrate().applied()).extracting(s -> s.script()).endsWith("R__v3.sql");
        assertThat(row("SELECT COUNT(*) FROM v3")).containsExactly("0");
    }

    /** A down that fails leaves the repeatables depending on its version recorded, as the version itself is. */
    @Test
    void aFailedRollbackKeepsTheDependentRepeatablesRecorded() {
        files.table(1).write("V2__t2.sql", "CREATE TABLE t2 (id INT);").write("U2__t2.sql", "DROP TABLE no_such_table;")
                .write("R__v2.sql", "-- migrate:depends-on 2\nCREATE VIEW v2 AS SELECT id FROM t2;");
        migrator().migrate();
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.only("2"))).isInstanceOf(MigrationFailedException.class);
        assertThat(migrator().status().applied()).extracting(AppliedMigration::script).contains("V2__t2.sql", "R__v2.sql");
        assertThat(migrator().status().pending()).isEmpty();
    }

    /** A down belongs to the up as applied: after the up's file changed, rollback refuses before anything runs. */
    @Test
    void rollbackRefusesAMigrationWhoseFileChangedAfterItWasApplied() {
        files.table(1).table(2);
        migrator().migrate();
        files.write("V2__create_t2.sql", "CREATE TABLE t2_renamed (id INT PRIMARY KEY);\n");

        for (RollbackRequest request : List.of(RollbackRequest.last(), RollbackRequest.only("2"), RollbackRequest.lastBatch(),
                RollbackRequest.base())) {
            assertThatThrownBy(() -> migrator().planRollback(request)).as(request.toString()).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("V2__create_t2.sql (version 2): the file was changed after it was applied");
            assertThatThrownBy(() -> migrator().rollback(request)).as(request.toString()).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Restore the file as it was applied, or, if the database holds what the changed file makes,"
                            + " run 'repair' to accept the change; then roll back. Nothing was rolled back");
        }
        assertThat(appliedVersions()).containsExactly("1", "2");
        assertThat(db.tableNames()).contains("t1", "t2");
        assertThat(withoutRefusals(migrator().history())).extracting(AuditEntry::operation).doesNotContain("ROLLBACK");
        assertThat(migrator().history()).filteredOn(a -> AuditEntry.REFUSED.equals(a.outcome())).extracting(AuditEntry::operation,
                AuditEntry::description).containsExactly(org.assertj.core.groups.Tuple.tuple("ROLLBACK", "rollback last"),
                org.assertj.core.groups.Tuple.tuple("ROLLBACK", "rollback only=2"), org.assertj.core.groups.Tuple.tuple("ROLLBACK",
                        "rollback batch"), org.assertj.core.groups.Tuple.tuple("ROLLBACK", "rollback all"));

        // A changed down alone is allowed: it does not count in the checksum.
        files.table(2).write("U2__create_t2.sql", "DROP TABLE IF EXISTS t2;\n");
        assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).extracting(s -> s.version()).containsExactly("2");
        migrator().migrate();
        files.write("V2__create_t2.sql", "CREATE TABLE t2 (id INT PRIMARY KEY, name VARCHAR(50), extra INT);\n");
        assertThat(migrator().repair().realigned()).hasSize(1);
        assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.tableNames()).contains("t1").doesNotContain("t2");
    }

    /** A version rolled back on its own is applied again out of order, not renamed: rollback, migrate, status and validate say so. */
    @Test
    void aVersionRolledBackOnItsOwnIsPointedToOutOfOrder() {
        files.table(1).table(2).table(3);
        migrator().migrate();
        String note = "Version 2 was rolled back while version 3 stays applied: migrate applies it again only out of order, with"
                + " outOfOrder (--out-of-order on the command line, migrate.out-of-order=true, MigratorConfig outOfOrder(true))";
        assertThat(migrator().planRollback(RollbackRequest.only("2")).notes()).containsExactly(note);
        assertThat(migrator().rollback(RollbackRequest.only("2")).notes()).containsExactly(note);
        files.write("V1_5__late.sql", "CREATE TABLE late (id INT);\n");

        String rolledBack = "(version 2) was rolled back while newer versions stayed applied (the current version is 3), so migrate"
                + " applies it again only out of order: set outOfOrder (--out-of-order on the command line, migrate.out-of-order=true,"
                + " MigratorConfig outOfOrder(true)) to apply it, keeping its version";
        String isNew = "V1_5__late.sql (version 1.5) is older than the current version 3 and not applied: give it a higher version"
                + " if it is new, or set outOfOrder";
        ValidationException refused = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(refused.getMessage()).contains("V2__create_t2.sql " + rolledBack).contains(isNew);
        assertThat(refused.getMessage().substring(refused.getMessage().indexOf("(version 2)"))).doesNotContain("higher version");
        assertThat(migrator().validate().errors()).anySatisfy(e -> assertThat(e).contains("V2__create_t2.sql " + rolledBack))
                .anySatisfy(e -> assertThat(e).contains(isNew));
        assertThat(migrator().status().problems()).contains("Migration V2__create_t2.sql " + rolledBack);

        assertThat(migrator(b -> b.outOfOrder(true)).migrate().applied()).extracting(s -> s.version()).containsExactly("1.5", "2");
        assertThat(db.tableNames()).contains("t2", "late");
    }

    @Test
    void rollsBackTheLastMigrationByDefault() {
        files.table(1).table(2);
        migrator().migrate();
        RollbackResult result = migrator().rollback(RollbackRequest.last());
        assertThat(result.rolledBack()).extracting(s -> s.version()).containsExactly("2");
        assertThat(result.rolledBack()).extracting(s -> s.direction()).containsOnly(Direction.DOWN);
        assertThat(result.fromVersion()).isEqualTo("2");
        assertThat(result.toVersion()).isEqualTo("1");
        assertThat(db.tableNames()).contains("t1").doesNotContain("t2");
        assertThat(appliedVersions()).containsExactly("1");
        assertThat(migrator().history()).extracting(AuditEntry::operation).containsExactly("APPLY", "APPLY", "ROLLBACK");
    }

    @Test
    void rollsBackSteps() {
        files.table(1).table(2).table(3);
        migrator().migrate();
        migrator().rollback(RollbackRequest.steps(2));
        assertThat(appliedVersions()).containsExactly("1");
        assertThat(db.tableNames()).contains("t1").doesNotContain("t2", "t3");
    }

    @Test
    void rollsBackTheLastBatch() {
        files.table(1);
        migrator().migrate();
        files.table(2).table(3);
        migrator().migrate();
        RollbackResult result = migrator().rollback(RollbackRequest.lastBatch());
        assertThat(result.rolledBack()).extracting(s -> s.version()).containsExactly("3", "2");
        assertThat(appliedVersions()).containsExactly("1");
    }

    @Test
    void rollsBackToATargetVersion() {
        files.table(1).table(2).table(3).table(4);
        migrator().migrate();
        migrator().rollback(RollbackRequest.toVersion("2"));
        assertThat(appliedVersions()).containsExactly("1", "2");
        assertThat(db.tableNames()).contains("t1", "t2").doesNotContain("t3", "t4");
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.toVersion("9")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Rollback target 9 is not an applied version")
                .hasMessageContaining("choose one of 1, 2, or roll back everything: 'rollback --all' on the command line");
    }

    @Test
    void rollsBackEverythingToBase() {
        files.table(1).table(2);
        migrator().migrate();
        migrator().rollback(RollbackRequest.base());
        assertThat(appliedVersions()).isEmpty();
        assertThat(db.tableNames()).doesNotContain("t1", "t2");
        assertThat(migrator().status().pending()).hasSize(2);
        assertThat(migrator().migrate().applied()).hasSize(2);
    }

    @Test
    void refusesToRollBackAnIrreversibleMigrationAndChangesNothing() throws Exception {
        files.table(1).write("V2__drop_data.sql", "-- migrate:irreversible\nCREATE TABLE t2 (id INT);").table(3);
        migrator().migrate();
        List<String> before = schema();
        IrreversibleMigrationException e = catchThrowableOfType(IrreversibleMigrationException.class,
                () -> migrator().rollback(RollbackRequest.base()));
        assertThat(e.getMessage()).contains("V2__drop_data.sql").contains("irreversible").contains("Nothing was rolled back")
                .contains("add a down, or choose a rollback target above version 2");
        assertThat(e.version()).isEqualTo("2");
        assertThat(appliedVersions()).containsExactly("1", "2", "3");
        assertThat(schema()).containsExactlyElementsOf(before);
        assertThat(migrator().status().applied()).extracting(AppliedMigration::reversible).containsExactly(true, false, true);
    }

    @Test
    void aMigrationWithoutDownIsIrreversible() {
        files.write("V1__one_way.sql", "CREATE TABLE one_way (id INT);");
        migrator().migrate();
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.last()))
                .isInstanceOf(IrreversibleMigrationException.class).hasMessageContaining("it has no down")
                .hasMessageContaining("add a down, or choose a rollback target above version 1");
        assertThat(db.tableNames()).contains("one_way");

        // A failed one without a down: rollback cannot help, repair can.
        files.write("V2__half.sql", "-- migrate:no-transaction\nCREATE TABLE half (id INT);\nNOT SQL;\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(MigrationFailedException.class);
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.last())).isInstanceOf(IrreversibleMigrationException.class)
                .hasMessageContaining("it is FAILED: check the schema and run 'repair' to clear its entry");
    }

    @Test
    void rollingBackOneMigrationRefusesWhileDependentsAreApplied() {
        files.write("V1__base.sql", "CREATE TABLE base (id INT);").write("U1__base.sql", "DROP TABLE base;")
                .table(2)
                .write("V3__dependent.sql", "-- migrate:depends-on 1\nCREATE TABLE dependent (id INT);")
                .write("U3__dependent.sql", "DROP TABLE dependent;");
        migrator().migrate();
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> migrator().rollback(RollbackRequest.only("1")));
        assertThat(e.getMessage()).contains("Cannot roll back V1__base.sql (version 1) alone")
                .contains("V3__dependent.sql (version 3)")
                .contains("Roll those back first, or use a rollback target that includes them");
        assertThat(db.tableNames()).contains("base", "t2", "dependent");

        RollbackResult result = migrator().rollback(RollbackRequest.only("2"));
        assertThat(result.rolledBack()).extracting(s -> s.version()).containsExactly("2");
        assertThat(appliedVersions()).containsExactly("1", "3");
        assertThat(db.tableNames()).contains("base", "dependent").doesNotContain("t2");
    }

    /**
     * A newer applied migration whose file is gone (an older build, a deleted file) may depend on the version: its
     * depends-on went with the file. {@code only(v)} rolled v back under it; it now refuses, plan and rollback alike,
     * changing nothing. An older migration without its file does not stand in the way.
     */
    @Test
    void rollingBackOneMigrationRefusesWhileANewerAppliedOneHasNoFile() throws Exception {
        files.write("V1__base.sql", "CREATE TABLE base (id INT);").write("U1__base.sql", "DROP TABLE base;")
                .table(2)
                .write("V3__dependent.sql", "-- migrate:depends-on 2\nCREATE TABLE dependent (id INT);")
                .write("U3__dependent.sql", "DROP TABLE dependent;");
        migrator().migrate();
        files.delete("V3__dependent.sql").delete("U3__dependent.sql");
        List<String> before = schema();

        for (boolean ignoreFuture : new boolean[] {false, true}) {
            Migrator m = migrator(b -> b.ignoreFutureMigrations(ignoreFuture));
            for (Runnable attempt : List.<Runnable>of(() -> m.planRollback(RollbackRequest.only("2")),
                    () -> m.rollback(RollbackRequest.only("2")))) {
                ValidationException e = catchThrowableOfType(ValidationException.class, attempt::run);
                assertThat(e.getMessage()).contains("Cannot roll back V2__create_t2.sql (version 2) alone: newer applied migrations"
                        + " have no file here, so whether they depend on it is unknown: V3__dependent.sql (version 3)")
                        .contains("roll back with the newer build that applied them").contains("Nothing was rolled back");
            }
        }
        assertThat(schema()).isEqualTo(before);
        assertThat(appliedVersions()).containsExactly("1", "2", "3");

        files.table(4);
        files.delete("V1__base.sql").delete("U1__base.sql");
        files.write("V3__dependent.sql", "-- migrate:depends-on 2\nCREATE TABLE dependent (id INT);")
                .write("U3__dependent.sql", "DROP TABLE dependent;");
        migrator(b -> b.ignoreMigrationPatterns("*:missing")).migrate();
        assertThat(migrator().rollback(RollbackRequest.only("4")).rolledBack()).extracting(s -> s.version()).containsExactly("4");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().rollback(RollbackRequest.only("2")));
        assertThat(e.getMessage()).contains("applied migrations depend on it: V3__dependent.sql (version 3)");
    }

    // ---------------------------------------------------------------- plan

    /**
     * Where DDL commits by itself (MySQL/MariaDB, H2), migrate still runs a step in a transaction, so that a failure undoes
     * its data changes: the plan says so (a script made from it wraps the step too), except for a step that asks for no
     * transaction or controls its own.
     */
    @Test
    void aPlanSaysWhichStepsRunTheirDataInATransaction() {
        files.table(1).write("V2__plain.sql", "INSERT INTO t1 (id, name) VALUES (1, 'a');\n")
                .write("V3__none.sql", "-- migrate:no-transaction\nINSERT INTO t1 (id, name) VALUES (2, 'b');\n")
                .write("V4__own.sql", "BEGIN;\nINSERT INTO t1 (id, name) VALUES (3, 'c');\nCOMMIT;\n");
        assertThat(migrator().planMigrate(null).steps()).extracting(PlanStep::script, PlanStep::transactional, PlanStep::dataInTransaction)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("V1__create_t1.sql", transactionalDdl(), true),
                        org.assertj.core.groups.Tuple.tuple("V2__plain.sql", transactionalDdl(), true),
                        org.assertj.core.groups.Tuple.tuple("V3__none.sql", false, false),
                        org.assertj.core.groups.Tuple.tuple("V4__own.sql", false, false));

        // A failing step's data change is undone on every database.
        files.write("V5__half.sql", "INSERT INTO t1 (id, name) VALUES (5, 'e');\nINSERT INTO t1 (id, name) VALUES (5, 'again');\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(MigrationFailedException.class);
        assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE id = 5")).isZero();
    }

    @Test
    void planShowsStepsAndSqlAndChangesNothing() {
        files.table(1).write("V2__two_statements.sql", "-- comment\nCREATE TABLE t2 (id INT);\n\nINSERT INTO t2 VALUES (1);\n")
                .write("U2__two_statements.sql", "DROP TABLE t2;");
        List<String> before = db.tableNames();
        Plan plan = migrator().planMigrate(null);
        assertThat(db.tableNames()).isEqualTo(before);
        assertThat(plan.steps()).extracting(PlanStep::version).containsExactly("1", "2");
        PlanStep two = plan.steps().get(1);
        assertThat(two.direction()).isEqualTo(Direction.UP);
        assertThat(two.transactional()).isEqualTo(transactionalDdl());
        assertThat(two.statements()).extracting(PlanStep.PlannedStatement::sql)
                .containsExactly("CREATE TABLE t2 (id INT)", "INSERT INTO t2 VALUES (1)");
        assertThat(two.statements()).extracting(PlanStep.PlannedStatement::line).containsExactly(2, 4);

        migrator().migrate();
        Plan rollback = migrator().planRollback(RollbackRequest.base());
        assertThat(rollback.steps()).extracting(PlanStep::version).containsExactly("2", "1");
        assertThat(rollback.steps().get(0).statements()).extracting(PlanStep.PlannedStatement::sql).containsExactly("DROP TABLE t2");
        assertThat(rollback.warnings()).isEmpty();
        assertThat(migrator().planRollback(RollbackRequest.steps(2)).warnings()).isEmpty();
        Plan tooMany = migrator().planRollback(RollbackRequest.steps(7));
        assertThat(tooMany.steps()).extracting(PlanStep::version).containsExactly("2", "1");
        assertThat(tooMany.warnings()).containsExactly("7 steps were asked for but only 2 applied migrations are left to roll back:"
                + " the plan rolls back all of them");
        assertThat(db.tableNames()).contains("t1", "t2");
    }

    @Test
    void staleFingerprintIsRefused() {
        files.table(1).table(2);
        Plan plan = migrator().planMigrate(null);
        migrator().migrate("1");
        assertThatThrownBy(() -> migrator().migrate(null, plan.fingerprint())).isInstanceOf(StalePlanException.class);
        assertThat(appliedVersions()).containsExactly("1");
        Plan fresh = migrator().planMigrate(null);
        assertThat(fresh.fingerprint()).isNotEqualTo(plan.fingerprint());
        assertThat(migrator().migrate(null, fresh.fingerprint()).applied()).hasSize(1);
    }

    @Test
    void planReportsIrreversibleMigrations() {
        files.write("V1__one_way.sql", "CREATE TABLE one_way (id INT);")
                .write("V2__marked.sql", "-- migrate:irreversible\nCREATE TABLE marked (id INT);");
        Plan plan = migrator().planMigrate(null);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("V1__one_way.sql").contains("irreversible (it has no down)"));
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("V2__marked.sql")
                .contains("irreversible (marked -- migrate:irreversible)"));
    }

    // ---------------------------------------------------------------- validate, checksums, repair

    @Test
    void changedAppliedFileFailsValidationUntilRepaired() {
        files.table(1);
        migrator().migrate();
        int stored = migrator().status().applied().get(0).checksum();
        files.write("V1__create_t1.sql", "CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(60));\n");

        ValidationResult validation = migrator().validate();
        assertThat(validation.isValid()).isFalse();
        assertThat(validation.errors()).singleElement().satisfies(e -> assertThat(e)
                .contains("V1__create_t1.sql").contains("stored checksum " + stored).contains("'repair'"));
        files.table(2);
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("V1__create_t1.sql");
        assertThat(db.tableNames()).doesNotContain("t2");

        RepairResult repair = migrator().repair();
        assertThat(repair.realigned()).containsExactly("V1__create_t1.sql");
        assertThat(migrator().validate().isValid()).isTrue();
        assertThat(migrator().migrate().applied()).hasSize(1);
        assertThat(migrator().history()).extracting(AuditEntry::operation).contains("REPAIR");
    }

    /** A file renamed or moved to a sub-folder: repair makes its row name the file as it is now, as status shows it. */
    @Test
    void repairRealignsTheScriptNameOfARenamedOrMovedFile() {
        String sql = "-- migrate:up\nCREATE TABLE t2 (id INT);\n-- migrate:down\nDROP TABLE t2;\n";
        files.table(1).write("V2__first_name.sql", sql);
        migrator().migrate();
        files.delete("V2__first_name.sql").write("more/V2__better_name.sql", sql);
        assertThat(migrator().validate().isValid()).as("a new name alone changes nothing applied").isTrue();
        assertThat(migrator().status().applied()).extracting(AppliedMigration::script).contains("V2__first_name.sql");

        assertThat(migrator().repair().realigned()).containsExactly("V2__first_name.sql (now more/V2__better_name.sql)");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::script, AppliedMigration::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("V1__create_t1.sql", "create t1"),
                        org.assertj.core.groups.Tuple.tuple("more/V2__better_name.sql", "better name"));
        assertThat(migrator().validate().isValid()).isTrue();
        assertThat(migrator().repair().realigned()).as("nothing left to realign").isEmpty();
        assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).extracting(s -> s.script())
                .containsExactly("more/V2__better_name.sql");
    }

    @Test
    void windowsLineEndingsKeepTheChecksum() {
        files.write("V1__crlf.sql", "CREATE TABLE crlf (id INT);\nINSERT INTO crlf VALUES (1);\n");
        migrator().migrate();
        files.write("V1__crlf.sql", "\uFEFFCREATE TABLE crlf (id INT);\r\nINSERT INTO crlf VALUES (1);\r\n");
        assertThat(migrator().validate().errors()).isEmpty();
    }

    @Test
    void missingAppliedFileIsAProblemThatRepairRemoves() {
        files.table(1).table(2);
        migrator().migrate();
        files.delete("V2__create_t2.sql").delete("U2__create_t2.sql");
        assertThat(migrator().validate().errors()).singleElement()
                .satisfies(e -> assertThat(e).contains("V2__create_t2.sql").contains("missing").contains("'repair'"));
        assertThat(migrator().repair().removedMissing()).containsExactly("V2__create_t2.sql");
        assertThat(appliedVersions()).containsExactly("1");
    }

    /** A rolled-back deploy: the older build lacks the newest migration the newer one applied. */
    @Test
    void anOlderBuildStartsAgainstANewerSchemaOnlyWithIgnoreFutureMigrations() {
        files.table(1).table(2).table(3);
        migrator().migrate();
        files.delete("V3__create_t3.sql").delete("U3__create_t3.sql");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.problems()).singleElement().asString()
                .contains("Applied migration V3__create_t3.sql (version 3) is missing from the locations, and newer than every migration")
                .contains("migrate.ignore-future-migrations=true");

        Consumer<MigratorConfig.Builder> older = b -> b.ignoreFutureMigrations(true);
        MigrateResult result = migrator(older).migrate();
        assertThat(result.applied()).isEmpty();
        assertThat(result.toVersion()).isEqualTo("3");
        assertThat(migrator(older).status().problems()).isEmpty();
        assertThat(migrator(older).status().newerBuild()).extracting(AppliedMigration::script).containsExactly("V3__create_t3.sql");
        StatusResult strict = migrator().status();
        assertThat(strict.newerBuild()).extracting(AppliedMigration::version).containsExactly("3");
        assertThat(strict.problems()).singleElement().asString().contains("V3__create_t3.sql (version 3) is missing");
        assertThat(strict.problemsBesidesNewerBuild()).isEmpty();
        ValidationResult validation = migrator(older).validate();
        assertThat(validation.errors()).isEmpty();
        assertThat(validation.warnings()).contains("The schema is at version 3, newer than every migration of this build:"
                + " V3__create_t3.sql was applied by a newer build (ignoreFutureMigrations)");
        assertThatThrownBy(() -> migrator(older).rollback(RollbackRequest.last())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Cannot roll back V3__create_t3.sql (version 3): its file is missing")
                .hasMessageContaining("if a newer build of the application applied it, roll it back with that build");
        assertThat(migrator(older).repair().removedMissing()).as("an older build's repair keeps the newer rows").isEmpty();
        assertThat(appliedVersions()).containsExactly("1", "2", "3");

        // A hole below the newest migration found is still missing.
        files.table(3).delete("V2__create_t2.sql").delete("U2__create_t2.sql");
        assertThat(migrator(older).validate().errors()).singleElement().asString()
                .contains("Applied migration V2__create_t2.sql (version 2) is missing from the locations: restore the file");
        assertThat(migrator().status().problemsBesidesNewerBuild()).singleElement().asString().contains("V2__create_t2.sql");
    }

    @Test
    void aLocationThatDoesNotExistIsAWarningAndRepairWillNotEmptyTheHistoryBecauseOfIt() {
        files.table(1).table(2);
        migrator().migrate();
        String typo = "filesystem:" + files.location().substring("filesystem:".length()) + "-typo";
        DatabaseState before = state();

        assertThat(migrator(b -> b.locations(typo)).validate().warnings())
                .contains("Location " + typo + " does not exist, so no migrations were read from it: check the path: the deepest"
                        + " folder of it that exists is " + Path.of(typo.substring("filesystem:".length())).getParent());
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> migrator(b -> b.locations(typo)).repair());
        assertThat(e.getMessage()).contains("Location " + typo + " does not exist")
                .contains("V1__create_t1.sql (version 1) looks missing").contains("Nothing was changed");
        assertThat(state().history()).isEqualTo(before.history());
        assertThat(db.tableNames()).isEqualTo(before.tables());

        // A location that exists but holds none of the files is an intended removal.
        files.delete("V2__create_t2.sql").delete("U2__create_t2.sql");
        assertThat(migrator().validate().warnings()).noneMatch(w -> w.startsWith("Location "));
        assertThat(migrator().repair().removedMissing()).containsExactly("V2__create_t2.sql");
    }

    @Test
    void withFailOnMissingLocationsALocationThatDoesNotExistStopsEveryOperationBeforeAnyChange() {
        files.table(1);
        String typo = "filesystem:" + files.location().substring("filesystem:".length()) + "-typo";
        Consumer<MigratorConfig.Builder> failing = b -> b.locations(files.location(), typo).failOnMissingLocations(true);

        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator(failing).migrate());
        assertThat(e.getMessage()).contains("Location " + typo + " does not exist").contains("(fail-on-missing-locations is on)");
        assertThat(db.tableNames()).doesNotContain("t1", "migrate_history");
        ValidationResult validation = migrator(failing).validate();
        assertThat(validation.errors()).anySatisfy(p -> assertThat(p).contains("Location " + typo + " does not exist"));
        assertThat(validation.warnings()).noneMatch(w -> w.contains(typo));
        assertThat(migrator(failing).status().problems()).anySatisfy(p -> assertThat(p).contains(typo));

        // Without the setting the same locations migrate, with the warning.
        assertThat(migrator(b -> b.locations(files.location(), typo)).migrate().applied()).hasSize(1);
    }

    @Test
    void aMigrationForOtherEnvironmentsIsNeitherPendingNorAProblemAndRunsWhereNamed() {
        files.table(1)
                .write("V2__sample_rows.sql", "-- migrate:environments dev, staging\nINSERT INTO t1 (id, name) VALUES (1, 'sample');\n")
                .write("U2__sample_rows.sql", "DELETE FROM t1 WHERE id = 1;\n")
                .table(3)
                .write("R__sample_view.sql", "-- migrate:environments dev\nCREATE OR REPLACE VIEW sample_names AS SELECT name FROM t1;\n");
        if (kind() == DatabaseKind.SQLITE) {
            files.write("R__sample_view.sql", "-- migrate:environments dev\nDROP VIEW IF EXISTS sample_names;\n"
                    + "CREATE VIEW sample_names AS SELECT name FROM t1;\n");
        }
        Consumer<MigratorConfig.Builder> prod = b -> b.environment("prod");

        Plan plan = migrator(prod).planMigrate(null);
        assertThat(plan.steps()).extracting(PlanStep::script).containsExactly("V1__create_t1.sql", "V3__create_t3.sql");
        assertThat(plan.notes()).contains("Not applied in prod, which their -- migrate:environments does not name:"
                + " V2__sample_rows.sql (dev, staging); R__sample_view.sql (dev)");
        assertThat(migrator(prod).migrate().applied()).extracting(s -> s.script())
                .containsExactly("V1__create_t1.sql", "V3__create_t3.sql");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isZero();
        StatusResult status = migrator(prod).status();
        assertThat(status.applied()).extracting(AppliedMigration::script).doesNotContain("R__sample_view.sql");
        assertThat(status.otherEnvironments()).containsExactly("V2__sample_rows.sql (dev, staging)", "R__sample_view.sql (dev)");
        assertThat(status.pending()).isEmpty();
        assertThat(status.problems()).isEmpty();
        assertThat(migrator(prod).validate().errors()).isEmpty();

        // In staging the same files apply V2, older than the current version: as for any late migration, out-of-order allows it.
        assertThatThrownBy(() -> migrator(b -> b.environment("staging")).migrate()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("(version 2) is older than the current version 3");
        assertThat(migrator(b -> b.environment("staging").outOfOrder(true)).migrate().applied()).extracting(s -> s.script())
                .containsExactly("V2__sample_rows.sql");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isEqualTo(1);

        // Back in prod, V2 is applied like any other (and can be rolled back); the dev-only repeatable never runs.
        status = migrator(prod).status();
        assertThat(status.applied()).extracting(AppliedMigration::version).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(status.pending()).isEmpty();
        assertThat(status.problems()).isEmpty();
        assertThat(migrator(prod).migrate().applied()).isEmpty();
        assertThat(migrator(b -> b.environment("dev")).migrate().applied()).extracting(s -> s.script())
                .containsExactly("R__sample_view.sql");
        assertThat(db.count("SELECT COUNT(*) FROM sample_names")).isEqualTo(1);
        assertThat(migrator(prod).status().pending()).isEmpty();
        assertThat(migrator(prod).status().otherEnvironments()).containsExactly("R__sample_view.sql (dev)");

        // A migration for every environment cannot depend on one that is not applied here.
        files.write("V4__uses_sample.sql", "-- migrate:depends-on 2.5\nCREATE TABLE t4 (id INT);\n")
                .write("V2.5__more_samples.sql", "-- migrate:environments dev\nINSERT INTO t1 (id, name) VALUES (2, 'more');\n");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator(prod).migrate());
        assertThat(e.getMessage()).contains("V4__uses_sample.sql (version 4) depends on version 2.5 (V2.5__more_samples.sql), which"
                + " runs only in dev (-- migrate:environments), not in prod");
        assertThat(db.tableNames()).doesNotContain("t4");

        // A name outside dev, staging and prod (Liquibase's usual "test" context) is warned about: it may never run.
        files.write("R__qa_notes.sql", "-- migrate:environments test\nSELECT 1;\n");
        assertThat(migrator(prod).validate().warnings()).anySatisfy(w -> assertThat(w)
                .contains("-- migrate:environments R__qa_notes.sql names 'test', which is not dev, staging or prod"));
        assertThat(migrator(b -> b.environment("test")).validate().warnings()).noneMatch(w -> w.contains("R__qa_notes.sql"));

        // A run in another name of dev (the starter's local profile) applies dev's migrations and its own; dev not local's.
        files.write("R__local_notes.sql", "-- migrate:environments local\nSELECT 1;\n");
        assertThat(migrator(b -> b.environment("Local")).status().otherEnvironments()).containsExactly("R__qa_notes.sql (test)");
        assertThat(migrator(b -> b.environment("dev")).status().otherEnvironments())
                .containsExactlyInAnyOrder("R__qa_notes.sql (test)", "R__local_notes.sql (local)");
    }

    @Test
    void outOfOrderMigrationIsRefusedUnlessAllowed() {
        files.table(1).table(3);
        migrator().migrate();
        files.table(2);
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__create_t2.sql").contains("older than the current version 3")
                .contains("migrate.out-of-order");
        assertThat(db.tableNames()).doesNotContain("t2");
        assertThat(migrator().validate().errors()).anySatisfy(p -> assertThat(p).contains("V2__create_t2.sql"));

        MigrateResult result = migrator(b -> b.outOfOrder(true)).migrate();
        assertThat(result.applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.tableNames()).contains("t2");
    }

    @Test
    void unknownDependencyNamesTheFile() {
        files.write("V1__a.sql", "-- migrate:depends-on 9\nCREATE TABLE a (id INT);");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("V1__a.sql (version 1) depends on version 9, which no migration has")
                .hasMessageContaining("correct its depends-on or add that migration");
        assertThat(db.tableNames()).doesNotContain("a");
    }

    @Test
    void dependencyOnALaterVersionNamesBoth() {
        files.write("V1__a.sql", "-- migrate:depends-on 2\nCREATE TABLE a (id INT);").write("V2__b.sql", "CREATE TABLE b (id INT);");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("V1__a.sql (version 1) depends on version 2 (V2__b.sql), which is not earlier")
                .hasMessageContaining("correct its depends-on, or give V2__b.sql a version below 1");
        assertThat(db.tableNames()).doesNotContain("a", "b");
    }

    @Test
    void dependencyCycleReportsTheFullPath() {
        files.write("V1__a.sql", "-- migrate:depends-on 3\nSELECT 1;")
                .write("V2__b.sql", "-- migrate:depends-on 1\nSELECT 1;")
                .write("V3__c.sql", "-- migrate:depends-on 2\nSELECT 1;");
        // Every connection on the caller's thread, as a DataSource routing by thread needs: the graph's check too.
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        javax.sql.DataSource recording = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        threads.add(Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(db.dataSource(), args);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        Migrator onRecording = Migrator.create(recording, MigratorConfig.builder().locations(files.location()).environment("dev").build());
        ValidationException e = catchThrowableOfType(ValidationException.class, onRecording::migrate);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .contains("Dependency cycle: V1__a.sql -> V3__c.sql -> V2__b.sql -> V1__a.sql")
                .contains("Remove one of these depends-on declarations"));
        assertThat(threads).isNotEmpty().containsOnly(Thread.currentThread().getName());
        assertThat(db.tableNames()).doesNotContain("migrate_history");
    }

    /** The first row of {@code sql}, column by column, on a connection of the test's own. */
    protected List<String> row(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }

    /** Flyway's placeholderPrefix and placeholderSuffix (built-in names too), and placeholderReplacement=false. */
    @Test
    void placeholdersTakeTheConfiguredSyntaxOrAreLeftAsWritten() throws Exception {
        files.write("V1__kv.sql", "CREATE TABLE kv (k VARCHAR(20), v VARCHAR(50));\n")
                .write("V2__fill.sql", "INSERT INTO kv (k, v) VALUES ('custom', '#[owner]');\n"
                        + "INSERT INTO kv (k, v) VALUES ('dollar', '${owner}');\n"
                        + "INSERT INTO kv (k, v) VALUES ('builtin', '#[flyway:table]');\n"
                        + "INSERT INTO kv (k, v) VALUES ('unknown', '#[nobody]');\n");
        Consumer<MigratorConfig.Builder> hash = b -> b.placeholder("owner", "app").placeholderPrefix("#[").placeholderSuffix("]");
        assertThat(migrator(hash).validate().warnings()).filteredOn(w -> w.contains("configured value")).containsExactly(
                "V2__fill.sql line 4 uses #[nobody], which has no configured value: it is left as written");
        migrator(hash).migrate();
        assertThat(row("SELECT v FROM kv WHERE k = 'custom'")).containsExactly("app");
        assertThat(row("SELECT v FROM kv WHERE k = 'dollar'")).containsExactly("${owner}");
        assertThat(row("SELECT v FROM kv WHERE k = 'builtin'")).containsExactly("migrate_history");
        assertThat(row("SELECT v FROM kv WHERE k = 'unknown'")).containsExactly("#[nobody]");

        files.write("V3__off.sql", "INSERT INTO kv (k, v) VALUES ('off', '${owner} ${flyway:table}');\n");
        Consumer<MigratorConfig.Builder> off = b -> b.placeholder("owner", "app").placeholderReplacement(false);
        assertThat(migrator(off).validate().warnings()).noneMatch(w -> w.contains("configured value"));
        migrator(off).migrate();
        assertThat(row("SELECT v FROM kv WHERE k = 'off'")).containsExactly("${owner} ${flyway:table}");
        assertThatThrownBy(() -> migrator(b -> b.placeholderPrefix(" ").placeholderSuffix(null))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("placeholder-prefix must not be empty").hasMessageContaining("placeholder-suffix must not be empty");
    }

    /**
     * Flyway's per-script placeholderReplacement=false in a .sql.conf: the script (and a callback) runs as written, built-in
     * names included, while the other scripts' placeholders are replaced; validate warns about none of its names. The
     * setting was refused as unknown, so a Flyway folder with such a file could not be migrated at all.
     */
    @Test
    void aScriptsConfigurationFileTurnsPlaceholderReplacementOffForThatScriptOnly() throws Exception {
        files.write("V1__kv.sql", "CREATE TABLE kv (k VARCHAR(20), v VARCHAR(100));\n"
                        + "INSERT INTO kv (k, v) VALUES ('replaced', '${owner} ${flyway:table}');\n")
                .write("V2__raw.sql", "INSERT INTO kv (k, v) VALUES ('raw', '${owner} ${flyway:table} ${nobody}');\n")
                .write("V2__raw.sql.conf", "placeholderReplacement=false\n")
                .write("afterMigrate.sql", "INSERT INTO kv (k, v) VALUES ('callback', '${owner} ${flyway:filename}');\n")
                .write("afterMigrate.sql.conf", "placeholderReplacement = FALSE\n");
        Consumer<MigratorConfig.Builder> owner = b -> b.placeholder("owner", "app");
        assertThat(migrator(owner).validate().warnings()).noneMatch(w -> w.contains("configured value"));
        migrator(owner).migrate();
        assertThat(row("SELECT v FROM kv WHERE k = 'replaced'")).containsExactly("app migrate_history");
        assertThat(row("SELECT v FROM kv WHERE k = 'raw'")).containsExactly("${owner} ${flyway:table} ${nobody}");
        assertThat(row("SELECT v FROM kv WHERE k = 'callback'")).containsExactly("${owner} ${flyway:filename}");

        files.write("V3__bad.sql", "SELECT 1;\n").write("V3__bad.sql.conf", "placeholderReplacement=no\n");
        assertThatThrownBy(() -> migrator(owner).migrate()).hasMessageContaining(
                "V3__bad.sql.conf: line 1: placeholderReplacement is 'no', but it takes true or false");
    }

    /** Flyway's built-in placeholders (${flyway:defaultSchema}, ...) and Migrate's own names for them. */
    @Test
    void builtInPlaceholdersHaveTheirValuesAndAConfiguredOneWins() throws Exception {
        files.write("V1__seen.sql", "CREATE TABLE seen (name VARCHAR(20), val VARCHAR(200));\n"
                + "INSERT INTO seen (name, val) VALUES ('table', '${migrate:table}'), ('file', '${flyway:filename}'),"
                + " ('env', '${flyway:environment}'), ('schema', '${flyway:defaultSchema}'), ('same', '${migrate:schema}'),"
                + " ('database', '${migrate:database}'), ('user', '${flyway:user}'), ('ts', '${migrate:timestamp}'),"
                + " ('mine', '${mine}'), ('other', '${flyway:unknown}'), ('wd', '${flyway:workingDirectory}'),"
                + " ('wd2', '${migrate:workingDirectory}');\n");
        migrator(b -> b.placeholder("mine", "configured").placeholder("flyway:user", "alice")).migrate();
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT name, val FROM seen")) {
            while (rs.next()) {
                seen.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(seen).containsEntry("table", "migrate_history").containsEntry("file", "V1__seen.sql").containsEntry("env", "dev")
                .containsEntry("mine", "configured").containsEntry("user", "alice").containsEntry("other", "${flyway:unknown}")
                // Flyway 13's ${flyway:workingDirectory} was left as written, where Flyway gives the process's directory.
                .containsEntry("wd", java.nio.file.Path.of("").toAbsolutePath().toString())
                .containsEntry("wd2", java.nio.file.Path.of("").toAbsolutePath().toString());
        assertThat(seen.get("schema")).isNotBlank().doesNotContain("${").isEqualTo(seen.get("same"));
        assertThat(seen.get("database")).isNotBlank().doesNotContain("${");
        assertThat(seen.get("ts")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        if (kind() == DatabaseKind.POSTGRES) {
            assertThat(seen.get("schema")).isEqualTo(row("SELECT current_schema()").get(0));
        }
        assertThat(migrator(b -> b.placeholder("mine", "configured")).validate().warnings())
                .noneSatisfy(w -> assertThat(w).contains("migrate:")).anySatisfy(w -> assertThat(w).contains("${flyway:unknown}"));
    }

    /**
     * A built-in name in the wrong case (${flyway:defaultschema}) or one Migrate does not know is left as written, as
     * documented, but validate now says so with the file and line even where no placeholder is configured: it was silent,
     * and the script failed at run time, or wrote the literal text, with no word about the placeholder.
     */
    @Test
    void validateNamesTheLineOfAMisspeltBuiltInPlaceholderEvenWithoutConfiguredOnes() throws Exception {
        files.write("V1__kv.sql", "CREATE TABLE kv (k VARCHAR(20), v VARCHAR(200));\n\n"
                        + "INSERT INTO kv (k, v) VALUES ('schema', '${flyway:defaultschema}');\n"
                        + "INSERT INTO kv (k, v) VALUES ('mine', '${mine}');\n")
                .write("afterMigrate.sql", "-- grants\nINSERT INTO kv (k, v) VALUES ('cb', '${migrate:nothing}');\n");
        assertThat(migrator().validate().warnings()).filteredOn(w -> w.contains("left as written")).containsExactlyInAnyOrder(
                "V1__kv.sql line 3 uses ${flyway:defaultschema}, which is no built-in placeholder (names are case-sensitive:"
                        + " ${flyway:defaultSchema}?): it is left as written",
                "Callback afterMigrate.sql line 2 uses ${migrate:nothing}, which is no built-in placeholder and has no configured"
                        + " value: it is left as written");
        assertThat(migrator(b -> b.placeholder("other", "x")).validate().warnings()).anySatisfy(w -> assertThat(w)
                .isEqualTo("V1__kv.sql line 4 uses ${mine}, which has no configured value: it is left as written"));
        assertThat(migrator(b -> b.placeholderReplacement(false)).validate().warnings()).noneMatch(w -> w.contains("left as written"));
        migrator().migrate();
        assertThat(row("SELECT v FROM kv WHERE k = 'schema'")).containsExactly("${flyway:defaultschema}");
    }

    /** Appends "event" to cb_log with the next sequence number, as a callback's body. */
    private static String logCallback(String event) {
        return "CREATE TABLE IF NOT EXISTS cb_log (seq INT, event VARCHAR(50));\n"
                + "INSERT INTO cb_log (seq, event) SELECT COUNT(*) + 1, '" + event + "' FROM cb_log;\n";
    }

    private List<String> callbackLog() throws java.sql.SQLException {
        List<String> events = new ArrayList<>();
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT event FROM cb_log ORDER BY seq")) {
            while (rs.next()) {
                events.add(rs.getString(1));
            }
        }
        return events;
    }

    @Test
    void flywaysSqlCallbacksRunAroundAMigrateThatAppliesSomethingInFileNameOrder() throws Exception {
        files.table(1).write("beforeMigrate.sql", logCallback("before"))
                .write("afterMigrate__b_grants.sql", logCallback("after b"))
                .write("afterMigrate.sql", logCallback("after"))
                .write("afterMigrateError.sql", logCallback("error"));
        Plan plan = migrator().planMigrate(null);
        assertThat(plan.notes()).contains("Callback beforeMigrate.sql runs before the first step",
                "Callback afterMigrate.sql runs after the last step", "Callback afterMigrateError.sql runs if a step fails");
        assertThat(plan.warnings()).as("a callback is information, not a warning").noneMatch(w -> w.contains("Callback"));

        assertThat(migrator().migrate().applied()).hasSize(1);
        assertThat(callbackLog()).containsExactly("before", "after", "after b");
        assertThat(migrator().status().problems()).as("callbacks are no migrations: no history, no checksum").isEmpty();

        assertThat(migrator().migrate().applied()).isEmpty();
        assertThat(callbackLog()).as("an up-to-date start runs none").hasSize(3);

        files.write("afterMigrate.sql", logCallback("after, edited")).table(2);
        assertThat(migrator().migrate().applied()).hasSize(1);
        assertThat(callbackLog()).containsExactly("before", "after", "after b", "before", "after, edited", "after b");
        assertThat(migrator().validate().errors()).isEmpty();
    }

    /** Migrate finds its own tables through the schema context: a beforeMigrate that moves it is put back at once. */
    @Test
    void aBeforeMigrateThatMovesTheSchemaContextDoesNotSendMigratesOwnWritesElsewhere() {
        files.table(1).write("beforeMigrate.sql", changeSchemaContext() + "\n");
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("1");
        assertThat(appliedVersions()).containsExactly("1");
        assertThat(db.tableNames()).contains("t1");
    }

    /** Spring Boot's and Flyway's {vendor} in a location: the scripts of this database's folder run, the others' are not read. */
    @Test
    void aVendorLocationReadsTheFolderNamedAfterTheDatabase() {
        String vendor = switch (kind()) {
            case H2 -> "h2";
            case POSTGRES -> "postgresql";
            case MARIADB -> "mariadb";
            case SQLITE -> "sqlite";
        };
        files.write("common/V1__common.sql", "CREATE TABLE common (id INT);\n");
        for (String each : List.of("h2", "postgresql", "mariadb", "sqlite", "mysql")) {
            files.write("vendors/" + each + "/V2__" + each + ".sql", each.equals(vendor) ? "CREATE TABLE only_" + each + " (id INT);\n"
                    : "THIS IS NOT SQL FOR " + kind() + ";\n");
        }
        Migrator m = Migrator.create(db.dataSource(), MigratorConfig.builder()
                .locations(files.location() + "/common", files.location() + "/vendors/{vendor}").build());
        assertThat(m.validate().errors()).isEmpty();
        assertThat(m.migrate().applied()).extracting(s -> s.script()).containsExactly("V1__common.sql", "V2__" + vendor + ".sql");
        assertThat(db.tableNames()).contains("common", "only_" + vendor);
        assertThat(m.config().locations()).as("the configuration keeps what was written").last().asString().endsWith("{vendor}");
        assertThat(m.performedBy("ops").status().applied()).hasSize(2);
    }

    /** Flyway's encoding setting: a Latin-1 script's text reaches the database as written. */
    @Test
    void scriptsInTheConfiguredEncodingReachTheDatabaseAsWritten() throws Exception {
        files.write("V1__words.sql", "CREATE TABLE words (w VARCHAR(20));\n");
        files.writeBytes("V2__cafe.sql", "INSERT INTO words (w) VALUES ('caf\u00e9 cr\u00e8me');\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(catchThrowableOfType(ValidationException.class, () -> migrator().migrate()).getMessage())
                .contains("V2__cafe.sql is not valid UTF-8");
        assertThat(migrator(b -> b.encoding("ISO-8859-1")).migrate().applied()).hasSize(2);
        assertThat(row("SELECT w FROM words")).containsExactly("caf\u00e9 cr\u00e8me");
        assertThat(migrator(b -> b.encoding(java.nio.charset.StandardCharsets.ISO_8859_1)).validate().errors()).isEmpty();
    }

    /**
     * Flyway's initSql: run on each connection Migrate opens, seen by the migrations, and put back before the
     * pool gets the connection again. A failing statement is named and nothing is created.
     */
    @Test
    void initSqlHoldsForTheMigrationsAndIsPutBackOnThePooledConnection() throws Exception {
        List<String> init;
        String observe;
        String seenTable = "seen";
        switch (kind()) {
            case POSTGRES -> {
                init = List.of("SET application_name = 'migrate-init'");
                observe = "SELECT current_setting('application_name') AS v";
            }
            case MARIADB -> {
                init = List.of("SET SESSION sql_mode = 'ANSI_QUOTES'");
                observe = "SELECT @@SESSION.sql_mode AS v";
            }
            case H2 -> {
                init = List.of("CREATE SCHEMA IF NOT EXISTS INIT_S", "SET SCHEMA INIT_S");
                observe = "SELECT SCHEMA() AS v";
                seenTable = "INIT_S.seen";
            }
            default -> {
                init = List.of("PRAGMA foreign_keys = ON");
                observe = "SELECT foreign_keys AS v FROM pragma_foreign_keys";
            }
        }
        assertThatThrownBy(() -> migrator(b -> b.initSql("NOT SQL AT ALL")).migrate()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("init-sql statement 'NOT SQL AT ALL' failed");
        assertThat(db.tableNames()).isEmpty();

        files.write("V1__seen.sql", "CREATE TABLE seen AS " + observe + ";\n");
        try (dev.migrate.testing.OneConnectionPool pool = new dev.migrate.testing.OneConnectionPool(db.dataSource())) {
            String own;
            try (java.sql.Connection c = pool.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery(observe)) {
                rs.next();
                own = rs.getString(1);
            }
            Migrator m = Migrator.create(pool.dataSource(), MigratorConfig.builder().locations(files.location()).initSql(init).build());
            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(row("SELECT v FROM " + seenTable).get(0)).as("what the migration saw").isNotEqualTo(own);
            try (java.sql.Connection c = pool.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery(observe)) {
                rs.next();
                assertThat(rs.getString(1)).as("the pooled connection afterwards").isEqualTo(own);
            }
            assertThat(m.status().applied()).as("Migrate's tables are found the same way again").hasSize(1);
        }
    }

    // ---------------------------------------------------------------- schemas

    /**
     * A schema (a database on MariaDB) named {@code name} plus this test's unique suffix where the server
     * is shared; dropped by {@link #dropOtherSchema}. Mixed case, as users write it: every statement names
     * it unquoted, so it must be found however the database folds it.
     */
    private String otherSchema(String name) {
        return kind() == DatabaseKind.MARIADB ? name + "_" + db.name().substring(db.name().length() - 8) : name;
    }

    private void dropOtherSchema(String schema) {
        if (kind() == DatabaseKind.MARIADB) {
            db.execute("DROP DATABASE IF EXISTS " + schema);
        }
    }

    /** Migrate's tables in a schema of their own; the migrations in the connection's. */
    @Test
    void migratesOwnTablesLiveInTheConfiguredSchemaAndTheMigrationsInTheConnections() {
        files.table(1).table(2);
        if (kind() == DatabaseKind.SQLITE) {
            assertThatThrownBy(() -> migrator(b -> b.schema("Meta")).migrate()).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("SQLite has no schema 'Meta': attach that database first");
            assertThat(db.tableNames()).isEmpty();
            return;
        }
        String meta = otherSchema("Migrate_Meta");
        try {
            Migrator m = migrator(b -> b.schema(meta).cleanAllowed(true));
            assertThat(m.migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2");
            assertThat(db.tableNames()).containsExactly("t1", "t2");
            assertThat(db.count("SELECT COUNT(*) FROM " + meta + ".migrate_history")).isEqualTo(2);
            assertThat(db.count("SELECT COUNT(*) FROM " + meta + ".migrate_audit")).isEqualTo(2);
            assertThat(m.status().applied()).hasSize(2);
            assertThat(m.validate().errors()).isEmpty();
            files.table(3);
            assertThat(m.migrate().applied()).extracting(s -> s.version()).containsExactly("3");
            assertThat(m.rollback(RollbackRequest.steps(1)).rolledBack()).extracting(s -> s.version()).containsExactly("3");
            assertThat(db.count("SELECT COUNT(*) FROM " + meta + ".migrate_history")).isEqualTo(2);

            // Clean empties both the connection's schema and Migrate's, so the next migrate starts over.
            assertThat(m.clean()).isNotEmpty();
            assertThat(db.tableNames()).isEmpty();
            assertThat(m.status().applied()).isEmpty();
            assertThat(m.migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2", "3");
            assertThat(db.count("SELECT COUNT(*) FROM " + meta + ".migrate_history")).isEqualTo(3);
        } finally {
            dropOtherSchema(meta);
        }
    }

    /**
     * Flyway's and Liquibase's default schema: created, current while the migrations run (the scripts name
     * no schema), home of Migrate's tables, and the pooled connection gets its own schema back.
     */
    @Test
    void theMigrationsRunInTheDefaultSchemaAndThePooledConnectionGetsItsOwnBack() throws Exception {
        files.table(1).write("V2__fill.sql", "INSERT INTO t1 (id, name) VALUES (1, '${flyway:defaultSchema}');\n");
        if (kind() == DatabaseKind.SQLITE) {
            assertThatThrownBy(() -> migrator(b -> b.defaultSchema("App")).migrate()).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("SQLite has no current schema to set default-schema 'App' as");
            assertThat(db.tableNames()).isEmpty();
            assertThat(migrator(b -> b.defaultSchema("main")).migrate().applied()).hasSize(2);
            return;
        }
        String app = otherSchema("App_Schema");
        // A table of the connection's own schema does not make the default schema one to adopt.
        db.execute("CREATE TABLE legacy (id INT)");
        try (dev.migrate.testing.OneConnectionPool pool = new dev.migrate.testing.OneConnectionPool(db.dataSource())) {
            List<String> own;
            try (java.sql.Connection c = pool.dataSource().getConnection()) {
                own = java.util.Arrays.asList(c.getCatalog(), c.getSchema());
            }
            Migrator m = Migrator.create(pool.dataSource(), MigratorConfig.builder().locations(files.location())
                    .defaultSchema(app).cleanAllowed(true).build());
            assertThat(m.migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2");
            assertThat(db.tableNames()).containsExactly("legacy");
            assertThat(row("SELECT name FROM " + app + ".t1")).containsExactly(app);
            assertThat(db.count("SELECT COUNT(*) FROM " + app + ".migrate_history")).isEqualTo(2);
            try (java.sql.Connection c = pool.dataSource().getConnection()) {
                assertThat(java.util.Arrays.asList(c.getCatalog(), c.getSchema())).as("the pooled connection's own schema").isEqualTo(own);
            }
            assertThat(m.status().applied()).hasSize(2);
            assertThat(m.migrate().applied()).isEmpty();
            try (java.sql.Connection c = pool.dataSource().getConnection()) {
                assertThat(java.util.Arrays.asList(c.getCatalog(), c.getSchema())).isEqualTo(own);
            }
            // Clean empties the default schema, where both the migrations' tables and Migrate's are.
            assertThat(m.clean()).isNotEmpty();
            assertThat(db.tableNames()).containsExactly("legacy");
            assertThat(m.migrate().applied()).hasSize(2);
            assertThat(row("SELECT name FROM " + app + ".t1")).containsExactly(app);
        } finally {
            dropOtherSchema(app);
        }
    }

    /** Flyway's schemas list: the first is the default schema; each is created when missing and emptied by clean. */
    @Test
    void theConfiguredSchemasAreCreatedAndCleanedAndTheFirstIsTheDefault() {
        if (kind() == DatabaseKind.SQLITE) {
            assertThatThrownBy(() -> migrator(b -> b.schemas("main", "Audit")).migrate()).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("SQLite has no schema 'Audit': attach that database first, or leave it out of migrate.schema"
                            + " and migrate.schemas");
            return;
        }
        String app = otherSchema("App_Main");
        String audit = otherSchema("App_Audit");
        files.write("V1__tables.sql", "CREATE TABLE books (id INT);\nCREATE TABLE " + audit + ".events (id INT);\n");
        try {
            Migrator m = migrator(b -> b.schemas(app, " ", audit, app.toLowerCase(java.util.Locale.ROOT)).cleanAllowed(true));
            assertThat(m.config().defaultSchema()).isEqualTo(app);
            assertThat(m.config().schemas()).containsExactly(app, audit);
            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(db.count("SELECT COUNT(*) FROM " + app + ".books")).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM " + audit + ".events")).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM " + app + ".migrate_history")).isEqualTo(1);

            // Clean empties every one of them; the next migrate starts over.
            assertThat(m.clean()).anySatisfy(d -> assertThat(d).containsIgnoringCase("events"))
                    .anySatisfy(d -> assertThat(d).containsIgnoringCase("books"));
            assertThatThrownBy(() -> db.count("SELECT COUNT(*) FROM " + audit + ".events")).isInstanceOf(IllegalStateException.class);
            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(db.count("SELECT COUNT(*) FROM " + audit + ".events")).isZero();
        } finally {
            dropOtherSchema(app);
            dropOtherSchema(audit);
        }
        assertThatThrownBy(() -> migrator(b -> b.schemas("ok", "not ok"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("schemas entry 'not ok' is not a plain SQL identifier");
    }

    /**
     * Reserved words as the names of Migrate's tables and schema ({@code --schemas order}, {@code table=user}): every
     * statement Migrate writes quotes them, in the case the database stores unquoted names in, so they name what the
     * same name unquoted would, were it not reserved. Schemas where each test has a database of its own (PostgreSQL, H2).
     */
    @Test
    void reservedWordsWorkAsTheNamesOfMigratesTablesAndSchema() throws Exception {
        String schema = kind() == DatabaseKind.POSTGRES || kind() == DatabaseKind.H2 ? "Order" : null;
        files.write("V1__items.sql", "CREATE TABLE items (id BIGINT PRIMARY KEY, touched INT NOT NULL, other INT NOT NULL);\n"
                + "INSERT INTO items (id, touched, other) VALUES (1, 0, 0), (2, 0, 0), (3, 0, 0);\n");
        files.table(3);
        Migrator m = migrator(b -> b.schema(schema).table("order").auditTable("select").lockTable("user")
                .progressTable("group").javaMigration(new CountRows()).cleanAllowed(true));
        assertThat(m.migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2", "3");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(3);
        String prefix = schema == null ? "" : stored("order") + ".";
        assertThat(db.count("SELECT COUNT(*) FROM " + prefix + stored("order"))).isEqualTo(3);
        assertThat(db.count("SELECT COUNT(*) FROM " + prefix + stored("select"))).isEqualTo(3);
        assertThat(db.count("SELECT COUNT(*) FROM " + prefix + stored("group"))).as("progress marks of the finished loop").isZero();
        assertThat(m.status().applied()).hasSize(3);
        assertThat(m.validate().errors()).isEmpty();
        assertThat(m.rollback(RollbackRequest.steps(1)).rolledBack()).extracting(s -> s.version()).containsExactly("3");
        assertThat(db.count("SELECT COUNT(*) FROM " + prefix + stored("order"))).isEqualTo(2);
        assertThat(m.clean()).isNotEmpty();
        // Where Migrate's tables share the migrations' schema, the new audit trail (and H2's and SQLite's lock table) stay.
        assertThat(db.tableNames()).doesNotContain("items", "t1", "order", "group");
        assertThat(m.migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2", "3");
        assertThat(migrator(b -> b.schema(schema).table("order")).status().applied()).hasSize(3);
        if (schema != null) {
            // As the default schema, first of schemas: created, current while the migrations run, cleaned.
            files.write("V4__in_default.sql", "CREATE TABLE t4 (id INT);\n");
            Migrator inUser = migrator(b -> b.schemas("User", "Select").cleanAllowed(true));
            assertThat(inUser.migrate().applied()).extracting(s -> s.version()).containsExactly("1", "3", "4");
            assertThat(db.count("SELECT COUNT(*) FROM " + stored("user") + ".t4")).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM " + stored("user") + ".migrate_history")).isEqualTo(3);
            assertThat(inUser.clean()).isNotEmpty();
            assertThatThrownBy(() -> db.count("SELECT COUNT(*) FROM " + stored("user") + ".t4")).isInstanceOf(IllegalStateException.class);
            assertThat(inUser.migrate().applied()).hasSize(3);
        }
    }

    /** {@code name} quoted as the database stores it unquoted (H2 upper case, the others as the test writes it). */
    private String stored(String name) {
        return switch (kind()) {
            case H2 -> "\"" + name.toUpperCase(java.util.Locale.ROOT) + "\"";
            case MARIADB -> "`" + name + "`";
            default -> "\"" + name + "\"";
        };
    }

    private static String logEach(String event) {
        return "INSERT INTO cb_log (seq, event) SELECT COUNT(*) + 1, '" + event + "' FROM cb_log;\n";
    }

    /**
     * Flyway's beforeEachMigrate and afterEachMigrate: part of each migration applied, in its transaction,
     * so a migration that fails takes its callbacks' changes with it where the database can undo them.
     */
    @Test
    void eachMigrationCallbacksRunAroundEveryAppliedMigrationAsPartOfIt() throws Exception {
        files.table(1).table(2)
                .write("beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS cb_log (seq INT, event VARCHAR(50));\n")
                .write("beforeEachMigrate.sql", logEach("before each"))
                .write("afterEachMigrate__log.sql", logEach("after each"));
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(callbackLog()).containsExactly("before each", "after each", "before each", "after each");
        assertThat(migrator().planMigrate(null).notes()).isEmpty();

        // A migration that fails: its before-each insert goes with it (a data change, undone everywhere).
        files.write("V3__broken.sql", "INSERT INTO t1 (id, name) VALUES (1, 'x');\nNOT SQL;\n");
        assertThat(migrator().planMigrate(null).notes()).contains("Callback beforeEachMigrate.sql runs before each step, as part of it",
                "Callback afterEachMigrate__log.sql runs after each step, as part of it");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("V3__broken.sql line 2 failed");
        assertThat(callbackLog()).containsExactly("before each", "after each", "before each", "after each");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isZero();
        files.delete("V3__broken.sql");
        if (!transactionalDdl()) {
            migrator().repair();
        }

        // A failing callback fails its migration, naming the callback and its line.
        files.table(3).write("afterEachMigrate__log.sql", logEach("after each") + "INSERT INTO nosuch (id) VALUES (1);\n");
        MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(failed.getMessage()).contains("Migration V3__create_t3.sql in callback afterEachMigrate__log.sql line 2 failed")
                .containsIgnoringCase("nosuch");
        // Undone with the migration where DDL is transactional; elsewhere V3's CREATE TABLE committed the before-each insert.
        assertThat(callbackLog()).hasSize(transactionalDdl() ? 4 : 5);

        // A callback that cannot run inside a migration's transaction is refused before anything runs.
        files.write("afterEachMigrate__log.sql", logEach("after each")).write("afterEachMigrate__log.sql.conf", "executeInTransaction=false\n");
        if (!transactionalDdl()) {
            migrator().repair();
            db.execute("DROP TABLE t3");
        }
        assertThat(catchThrowableOfType(ValidationException.class, () -> migrator().migrate()).getMessage())
                .contains("Callback afterEachMigrate__log.sql: afterEachMigrate__log.sql.conf says executeInTransaction=false, but it"
                        + " runs inside each migration's transaction");
        assertThat(migrator().validate().errors()).anySatisfy(e -> assertThat(e).contains("runs inside each migration's transaction"));
        assertThat(appliedVersions()).containsExactly("1", "2");
    }

    /**
     * A failed statement whose database error quotes it or its value whole (H2 quotes the statement, PostgreSQL the value
     * it cannot read): the message, and the error kept in the history, are cut in the middle, not megabytes long.
     */
    @Test
    void theErrorOfAHugeFailedStatementIsBounded() {
        String huge = "x".repeat(300_000);
        files.write("V1__big_err.sql", "CREATE TABLE big_err (i INT);\n")
                .write("V2__big_value.sql", "CREATE TABLE big_err2 (i INT);\nINSERT INTO "
                        + (kind() == DatabaseKind.SQLITE ? "no_such_table" : "big_err") + " (i) VALUES ('" + huge + "');\n");
        MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(failed.getMessage()).contains("Migration V2__big_value.sql line 2 failed: ").hasSizeLessThan(5_000);
        if (kind() == DatabaseKind.H2 || kind() == DatabaseKind.POSTGRES) {
            assertThat(failed.getMessage()).contains("characters left out)... ").contains("xxxxxxxxxx");
        }
        assertThat(failed.line()).isEqualTo(2);
        if (!transactionalDdl()) {
            AppliedMigration row = migrator().status().failed().get(0);
            assertThat(row.error()).startsWith("line 2: INSERT INTO big_err (i) VALUES ('xxx").hasSizeLessThan(4_000)
                    .as("the note of what ran before it is not cut off").endsWith("ran before it and stays: line 1 of V2__big_value.sql");
            assertThat(catchThrowable(() -> migrator().migrate())).hasMessageContaining("It is partly applied");
        }
    }

    /** A migration that runs the JVM out of heap (as a huge statement can, in an embedded H2 or the driver). */
    public static class V2__OutOfHeap implements JavaMigration {
        @Override
        public void up(MigrationContext context) {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** Running out of heap is said to be the heap's fault, with the setting to raise, not the script's. */
    @Test
    void aMigrationThatRunsOutOfHeapSaysToGiveTheJvmMore() {
        files.table(1);
        MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new V2__OutOfHeap())).migrate());
        assertThat(failed.getCause()).isInstanceOf(OutOfMemoryError.class);
        assertThat(failed.getMessage()).contains("failed: java.lang.OutOfMemoryError: Java heap space")
                .contains("The JVM ran out of heap (at most ").contains(" MB) running it, which is no fault of the script: give"
                        + " the JVM more heap (its -Xmx, as in 'java -Xmx1g -jar migrate.jar ...') and run again");
        assertThat(migrator().status().current()).isEqualTo("1");
    }

    /** A Java callback that logs "event [version]" to cb_log through Migrate's connection, and throws at {@link #failAt}. */
    private static final class LoggingCallback implements MigrationCallback {
        final List<String> contexts = new ArrayList<>();
        String failAt;

        @Override
        public boolean supports(Event event) {
            return true;
        }

        @Override
        public void handle(Event event, CallbackContext context) throws Exception {
            String entry = event.tag() + (context.migration() != null ? " " + context.migration().version() : "")
                    + (context.failure() != null ? " after " + context.failure().getClass().getSimpleName() : "");
            contexts.add(context.environment() + " " + context.databaseName() + " " + context.placeholders());
            try (java.sql.Statement st = context.connection().createStatement()) {
                st.execute(logEach(entry).replace(";\n", ""));
            }
            if (entry.equals(failAt)) {
                throw new IllegalStateException("refused at " + entry);
            }
        }

        @Override
        public String name() {
            return "logging";
        }
    }

    /** Flyway's Java callbacks: after the SQL ones of the same event, on Migrate's connection, each-migration ones as part of it. */
    @Test
    void javaCallbacksRunAfterTheSqlOnesOnMigratesConnection() throws Exception {
        LoggingCallback callback = new LoggingCallback();
        Consumer<MigratorConfig.Builder> withCallback = b -> b.callback(callback).placeholder("k", "v");
        files.table(1).table(2).write("beforeMigrate.sql", logCallback("sql before"));
        assertThat(migrator(withCallback).planMigrate(null).notes()).contains("Callback beforeMigrate.sql runs before the first step",
                "Callback logging (Java) runs before the first step", "Callback logging (Java) runs after each step, as part of it",
                "Callback logging (Java) runs if a step fails");

        assertThat(migrator(withCallback).migrate().applied()).hasSize(2);
        assertThat(callbackLog()).containsExactly("sql before", "beforeMigrate", "beforeEachMigrate 1", "afterEachMigrate 1",
                "beforeEachMigrate 2", "afterEachMigrate 2", "afterMigrate");
        assertThat(callback.contexts).hasSize(6).allSatisfy(c -> assertThat(c).matches("dev (PostgreSQL|MySQL|H2|SQLite) \\{k=v}"));
        assertThat(migrator(withCallback).migrate().nothingToDo()).isTrue();
        assertThat(callbackLog()).as("an up-to-date start runs none").hasSize(7);

        // A failing each-migration callback fails its migration, and afterMigrateError gets the failure.
        files.table(3);
        callback.failAt = "afterEachMigrate 3";
        MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class, () -> migrator(withCallback).migrate());
        assertThat(failed.getMessage()).contains("Migration V3__create_t3.sql in callback logging failed: refused at afterEachMigrate 3");
        List<String> log = callbackLog();
        assertThat(log.subList(7, log.size())).as("rolled back with V3 where DDL is transactional; else V3's DDL committed the first")
                .containsExactlyElementsOf(transactionalDdl()
                        ? List.of("sql before", "beforeMigrate", "afterMigrateError after MigrationFailedException")
                        : List.of("sql before", "beforeMigrate", "beforeEachMigrate 3", "afterMigrateError after MigrationFailedException"));
        if (!transactionalDdl()) {
            migrator().repair();
            db.execute("DROP TABLE t3");
        }
        assertThat(appliedVersions()).containsExactly("1", "2");

        // A failing beforeMigrate: no migration runs; its own work is rolled back where the database can.
        callback.failAt = "beforeMigrate";
        int before = callbackLog().size();
        assertThatThrownBy(() -> migrator(withCallback).migrate()).isInstanceOf(dev.migrate.MigrateException.class)
                .hasMessageContaining("Callback logging (beforeMigrate) failed: refused at beforeMigrate");
        assertThat(callbackLog().subList(before, callbackLog().size())).containsExactlyElementsOf(transactionalDdl()
                ? List.of("sql before", "afterMigrateError after CallbackFailedException")
                : List.of("sql before", "beforeMigrate", "afterMigrateError after CallbackFailedException"));
        assertThat(appliedVersions()).containsExactly("1", "2");

        callback.failAt = null;
        assertThat(migrator(withCallback).migrate().applied()).extracting(s -> s.version()).containsExactly("3");
    }

    /** Liquibase's sqlCheck precondition with onFail MARK_RAN: a migration whose query says so is recorded, not run. */
    @Test
    void aMigrationWhoseSkipIfQueryReturnsTrueIsRecordedWithoutRunning() throws Exception {
        files.write("V1__books.sql", "CREATE TABLE books (id INT PRIMARY KEY);\nINSERT INTO books (id) VALUES (1);\n")
                .write("V2__made_by_hand.sql", "-- migrate:skip-if SELECT COUNT(*) FROM books WHERE id = ${the_id};\n"
                        + "CREATE TABLE t2 (id INT);\n")
                .write("V3__not_made_yet.sql", "-- migrate:skip-if SELECT COUNT(*) FROM books WHERE id = 99\nCREATE TABLE t3 (id INT);\n");
        Consumer<MigratorConfig.Builder> theId = b -> b.placeholder("the_id", "1");
        assertThat(migrator(theId).planMigrate(null).steps().get(1).notes()).contains("decided when it runs: recorded as applied"
                + " without running if its -- migrate:skip-if query (line 1) returns true or a number other than 0: SELECT COUNT(*)"
                + " FROM books WHERE id = ${the_id}");

        assertThat(migrator(theId).migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2", "3");
        assertThat(db.tableNames()).contains("books", "t3").doesNotContain("t2");
        assertThat(appliedVersions()).containsExactly("1", "2", "3");
        List<AuditEntry> audit = migrator().history();
        assertThat(audit).filteredOn(a -> "2".equals(a.version())).singleElement().satisfies(a -> {
            assertThat(a.operation()).isEqualTo("MARK_APPLIED");
            assertThat(a.outcome()).isEqualTo("SUCCESS");
            assertThat(a.details()).isEqualTo("skipped: its -- migrate:skip-if query (line 1) returned 1; recorded as applied"
                    + " without running it");
        });
        assertThat(audit).filteredOn(a -> "3".equals(a.version())).extracting(AuditEntry::operation).containsExactly("APPLY");

        // A query that fails fails its migration at the directive's line, before any statement of it ran.
        files.write("V4__bad_check.sql", "-- migrate:skip-if SELECT nosuch FROM books\nCREATE TABLE t4 (id INT);\n");
        MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(failed.getMessage()).contains("Migration V4__bad_check.sql line 1 failed").containsIgnoringCase("nosuch")
                .contains("Statement: SELECT nosuch FROM books").contains("nothing of it remains").doesNotContain("marked FAILED");
        assertThat(db.tableNames()).doesNotContain("t4");
        assertThat(migrator().status().isDirty()).as("nothing ran, so nothing is left to repair").isFalse();
        assertThat(appliedVersions()).containsExactly("1", "2", "3");

        // A run undone by on-failure=rollback-run leaves a skipped migration recorded and never runs its down.
        files.delete("V4__bad_check.sql")
                .write("V4__made_by_hand.sql", "-- migrate:skip-if SELECT COUNT(*) FROM books\nCREATE TABLE t4 (id INT);\n")
                .write("U4__made_by_hand.sql", "DROP TABLE books;\n")
                .write("V5__broken.sql", "CREATE TABLE t5 (id INT);\nNOT SQL;\n");
        MigrationFailedException undone = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.onFailure(MigratorConfig.OnFailure.ROLLBACK_RUN)).migrate());
        assertThat(undone.getMessage()).contains("V5__broken.sql line 2 failed")
                .contains("could not undo V4__made_by_hand.sql (recorded by its -- migrate:skip-if without running: it stays recorded"
                        + " as applied)");
        assertThat(db.tableNames()).contains("books").doesNotContain("t4");
        if (!transactionalDdl()) {
            migrator().repair();
        }
        assertThat(appliedVersions()).containsExactly("1", "2", "3", "4");
    }

    /**
     * A migrate plan carries the SQL of the callbacks that migrate would run with its steps, as migrate would run it
     * (placeholders replaced, each event's scripts in file name order, then the Java callbacks), so that a script made
     * from the plan ({@code plan --sql}) runs them too; a callback migrate would refuse fails the plan as it fails migrate.
     */
    @Test
    void aMigratePlanCarriesTheCallbacksSqlAsMigrateWouldRunIt() throws Exception {
        LoggingCallback java = new LoggingCallback();
        Consumer<MigratorConfig.Builder> config = b -> b.callback(java).placeholder("who", "ops");
        files.table(1).write("beforeMigrate.sql", logCallback("before ${who}"))
                .write("afterMigrate__b.sql", logCallback("after b"))
                .write("afterMigrate__a.sql", logCallback("after a")).write("afterMigrate__a.sql.conf", "executeInTransaction=false\n")
                .write("beforeEachMigrate.sql", logEach("each ${migrate:filename}"))
                .write("afterMigrateError.sql", logCallback("error"));
        Plan plan = migrator(config).planMigrate(null);
        assertThat(plan.callbacks()).extracting(c -> c.event().tag() + " " + c.name() + (c.java() ? " (Java)" : "")).containsExactly(
                "beforeMigrate beforeMigrate.sql", "beforeMigrate logging (Java)", "afterMigrate afterMigrate__a.sql",
                "afterMigrate afterMigrate__b.sql", "afterMigrate logging (Java)", "afterMigrateError afterMigrateError.sql",
                "afterMigrateError logging (Java)", "beforeEachMigrate beforeEachMigrate.sql", "beforeEachMigrate logging (Java)",
                "afterEachMigrate logging (Java)");
        Plan.Callback before = plan.callbacks(MigrationCallback.Event.BEFORE_MIGRATE).get(0);
        assertThat(before.statements()).extracting(PlanStep.PlannedStatement::sql, PlanStep.PlannedStatement::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CREATE TABLE IF NOT EXISTS cb_log (seq INT, event VARCHAR(50))", 1),
                org.assertj.core.groups.Tuple.tuple("INSERT INTO cb_log (seq, event) SELECT COUNT(*) + 1, 'before ops' FROM cb_log", 2));
        assertThat(before.ownTransaction()).as("a transaction of its own where DDL is transactional").isEqualTo(transactionalDdl());
        assertThat(plan.callbacks(MigrationCallback.Event.AFTER_MIGRATE)).extracting(Plan.Callback::ownTransaction)
                .containsExactly(false, transactionalDdl(), transactionalDdl());
        Plan.Callback each = plan.callbacks(MigrationCallback.Event.BEFORE_EACH_MIGRATE).get(0);
        assertThat(each.ownTransaction()).as("part of each step").isFalse();
        assertThat(each.statements()).extracting(PlanStep.PlannedStatement::sql)
                .containsExactly("INSERT INTO cb_log (seq, event) SELECT COUNT(*) + 1, 'each beforeEachMigrate.sql' FROM cb_log");
        assertThat(plan.callbacks()).filteredOn(Plan.Callback::java).allSatisfy(c -> assertThat(c.statements()).isEmpty());
        assertThat(java.contexts).as("planning runs no callback").isEmpty();

        assertThat(migrator(config).migrate().applied()).hasSize(1);
        assertThat(callbackLog()).containsExactly("before ops", "beforeMigrate", "each beforeEachMigrate.sql", "beforeEachMigrate 1",
                "afterEachMigrate 1", "after a", "after b", "afterMigrate");
        assertThat(migrator(config).planMigrate(null).callbacks()).as("nothing to apply: migrate runs no callback").isEmpty();

        files.table(2).write("afterMigrate__b.sql", "SELECT 'never closed;\n");
        assertThatThrownBy(() -> migrator(config).planMigrate(null)).as("migrate refuses it before its first migration")
                .isInstanceOf(ValidationException.class).hasMessageContaining("Callback afterMigrate__b.sql line 1: Unterminated string literal");
    }

    @Test
    void afterMigrateErrorRunsWhenAMigrationFailsAndABrokenCallbackNamesItsLine() throws Exception {
        files.table(1).write("V2__broken.sql", "CREATE TABLE t2 (id INT);\nNOT SQL;\n").write("afterMigrateError.sql", logCallback("error"));
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__broken.sql line 2 failed");
        assertThat(callbackLog()).containsExactly("error");

        files.delete("V2__broken.sql").table(3).write("beforeMigrate.sql", "SELECT 1;\nNOT SQL EITHER;\n");
        if (!transactionalDdl()) {
            migrator().repair();
        }
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.MigrateException.class)
                .hasMessageContaining("Callback beforeMigrate.sql line 2 failed").hasMessageContaining("NOT SQL EITHER");
        assertThat(callbackLog()).containsExactly("error", "error");
        assertThat(appliedVersions()).as("nothing ran after the failed beforeMigrate").containsExactly("1");
        assertThat(migrator().history()).last().satisfies(a -> {
            assertThat(a.operation()).isEqualTo("MIGRATE");
            assertThat(a.outcome()).isEqualTo("FAILURE");
            assertThat(a.description()).isEqualTo("callback beforeMigrate.sql");
            assertThat(a.details()).contains("Callback beforeMigrate.sql line 2 failed");
        });

        files.write("beforeMigrate.sql", "SELECT 'never closed;\n");
        assertThat(migrator().validate().errors()).anySatisfy(p -> assertThat(p)
                .startsWith("Callback beforeMigrate.sql line 1: Unterminated string literal"));

        // An afterMigrate that cannot be split is found before the first migration runs, not after the last.
        files.delete("beforeMigrate.sql").write("afterMigrate__grants.sql", "SELECT 1;\nSELECT 'never closed;\n");
        ValidationException refused = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(refused.getMessage()).contains("Callback afterMigrate__grants.sql line 2: Unterminated string literal");
        assertThat(appliedVersions()).as("nothing ran").containsExactly("1");
    }

    @Test
    void aFlywayCallbackMigrateDoesNotRunIsRefusedByName() {
        files.table(1).write("afterEachMigrateError.sql", "SELECT 1;").write("aftermigrate.sql", "SELECT 1;");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).contains("afterEachMigrateError.sql: it is named as a Flyway afterEachMigrateError callback, which"
                        + " Migrate does not run")
                .contains("Migrate runs beforeMigrate, afterMigrate, afterMigrateError, beforeEachMigrate and afterEachMigrate SQL callbacks")
                .contains("aftermigrate.sql: a callback's name is case-sensitive: name it afterMigrate.sql");
        assertThat(db.tableNames()).doesNotContain("t1");
    }

    @Test
    void theFirstOperationsOnAnEmptyDatabaseLogNoWarning() {
        files.table(1).table(2);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            assertThat(migrator().status().pending()).hasSize(2);
            assertThat(migrator().validate().errors()).isEmpty();
            assertThat(migrator().planMigrate(null).steps()).hasSize(2);
            assertThat(migrator().migrate().applied()).hasSize(2);
            assertThat(migrator().migrate().applied()).isEmpty();
            assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).hasSize(1);
            assertThat(migrator().history()).isNotEmpty();
        } finally {
            root.detachAppender(appender);
        }
        // MariaDB's driver logs every statement the server refuses at WARN: a probe of a missing table would show.
        assertThat(appender.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).isEmpty();
    }

    @Test
    void aCycleAndAnUnknownDependencyAreReportedByOneRun() {
        files.write("V1__a.sql", "-- migrate:depends-on 3\nCREATE TABLE a (id INT);")
                .write("V2__b.sql", "-- migrate:depends-on 9\nCREATE TABLE b (id INT);")
                .write("V3__c.sql", "-- migrate:depends-on 1\nCREATE TABLE c (id INT);");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).contains("V2__b.sql (version 2) depends on version 9, which no migration has")
                .contains("Dependency cycle: V1__a.sql -> V3__c.sql -> V1__a.sql");
        assertThat(db.tableNames()).doesNotContain("migrate_history", "a", "b", "c");

        // A baseline at 9 covers the dependency: then only the cycle is left to report.
        files.delete("V1__a.sql").delete("V3__c.sql").write("V10__a.sql", "-- migrate:depends-on 11\nSELECT 1;")
                .write("V11__c.sql", "-- migrate:depends-on 10\nSELECT 1;");
        migrator().baseline("9");
        e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.problems()).singleElement().asString().startsWith("Dependency cycle: V10__a.sql -> V11__c.sql -> V10__a.sql");
    }

    @Test
    void duplicateVersionsNameBothFiles() {
        files.write("V1__first.sql", "SELECT 1;").write("001_second.up.sql", "SELECT 1;");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("Version 1 is used twice").contains("V1__first.sql").contains("001_second.up.sql")
                .contains("give one of them another version");
    }

    @Test
    void malformedFileNamesAreRefusedByName() {
        files.write("V1_missing_double_underscore.sql", "SELECT 1;").write("Vx__bad_version.sql", "SELECT 1;");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).contains("V1_missing_double_underscore.sql is not a migration name: "
                        + dev.migrate.discovery.MigrationFileName.EXPECTED)
                .contains("Vx__bad_version.sql has a malformed name: version 'x' is not a migration version:"
                        + " use numbers separated by '.' or '_'");
    }

    // ---------------------------------------------------------------- scripts the splitter cannot cut

    @Test
    void unterminatedQuoteIsRefusedWithTheFilesLineInPlainAndSectionedFiles() {
        assertSplitErrorIsRefusedEverywhere("INSERT INTO t2 VALUES ('never closed);", "Unterminated string literal");
    }

    /**
     * Everywhere; on SQLite, which reads such a comment to the end of the script, because it hides SQL (one that hides
     * text only runs there, with a warning: {@code SqliteMigratorTests}).
     */
    @Test
    void unterminatedBlockCommentIsRefusedWithTheFilesLineInPlainAndSectionedFiles() {
        if (kind() == DatabaseKind.SQLITE) {
            files.write("V1__comment.sql", "CREATE TABLE t1 (id INT);\n/* never closed\nCREATE TABLE t2 (id INT);\n");
            assertMigrateAndPlanAndValidateRefuse("V1__comment.sql line 2: Unterminated block comment opened on line 2; it hides SQL"
                    + " (CREATE TABLE t2 (id INT)), which would not run, without an error");
            return;
        }
        assertSplitErrorIsRefusedEverywhere("/* never closed", "Unterminated block comment");
    }

    /**
     * {@code broken} is a line the splitter cannot close and {@code problem} the start of its error. It
     * is tried in a plain file, in a {@code -- migrate:up} section and in a {@code -- migrate:down}
     * section; each time the error gives the line in the file (not in the section), and nothing runs.
     */
    protected void assertSplitErrorIsRefusedEverywhere(String broken, String problem) {
        files.table(1);

        files.write("V2__plain.sql", "CREATE TABLE t2 (id INT);\n\n-- the next line is line 4\n" + broken + "\nSELECT 1;\n");
        assertMigrateAndPlanAndValidateRefuse("V2__plain.sql line 4: " + problem + " opened on line 4;");
        files.delete("V2__plain.sql");

        files.write("V2__sectioned.sql", "-- migrate:depends-on 1\n-- a header comment\n-- migrate:up\n"
                + "CREATE TABLE t2 (id INT);\nINSERT INTO t2 VALUES (1);\n" + broken + "\n-- migrate:down\nDROP TABLE t2;\n");
        assertMigrateAndPlanAndValidateRefuse("V2__sectioned.sql line 6 (up section): " + problem + " opened on line 6;");

        files.write("V2__sectioned.sql", "-- migrate:up\nCREATE TABLE t2 (id INT);\n-- migrate:down\n"
                + "DELETE FROM t2;\n" + broken + "\nDROP TABLE t2;\n");
        // migrate splits only what it runs: the up section is sound, so it is applied (see docs/core.md).
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2");
        String expected = "V2__sectioned.sql line 5 (down section): " + problem + " opened on line 5;";
        assertThat(migrator().validate().errors()).singleElement().satisfies(e -> assertThat(e).contains(expected)
                .contains("Fix the script; nothing was run"));
        DatabaseState before = state();
        assertThatThrownBy(() -> migrator().planRollback(RollbackRequest.last())).isInstanceOf(ValidationException.class)
                .hasMessageContaining(expected);
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.base())).isInstanceOf(ValidationException.class)
                .hasMessageContaining(expected).hasMessageContaining("Fix the script; nothing was run");
        assertThat(state()).isEqualTo(before);
        assertThat(db.tableNames()).contains("t1", "t2");
    }

    private void assertMigrateAndPlanAndValidateRefuse(String expected) {
        List<String> tables = db.tableNames();
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(ValidationException.class)
                .hasMessageContaining(expected).hasMessageContaining("Fix the script; nothing was run");
        assertThatThrownBy(() -> migrator().planMigrate(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining(expected);
        assertThat(migrator().validate().errors()).singleElement().satisfies(e -> assertThat(e).contains(expected));
        // Not even the sound V1 before it was applied.
        assertThat(appliedVersions()).isEmpty();
        assertThat(db.tableNames()).doesNotContain("t1", "t2");
        assertThat(db.tableNames()).containsAll(tables);
    }

    // ---------------------------------------------------------------- failing statements in sections and downs

    @Test
    void failureInAnUpSectionReportsTheFilesLine() {
        files.table(1).write("V2__sectioned.sql", "-- migrate:depends-on 1\n-- migrate:up\nCREATE TABLE t2 (id INT);\n\n"
                + "NOT SQL;\n-- migrate:down\nDROP TABLE t2;\n");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("Migration V2__sectioned.sql line 5 failed").contains("NOT SQL");
        if (!transactionalDdl()) {
            assertThat(migrator().status().failed()).singleElement()
                    .satisfies(f -> assertThat(f.error()).startsWith("line 5: NOT SQL"));
        }
    }

    /** A statement that moves the session elsewhere: what pg_dump output and hand-written scripts do. */
    private String changeSchemaContext() {
        return switch (kind()) {
            case POSTGRES -> "SELECT pg_catalog.set_config('search_path', '', false);";
            case MARIADB -> "USE information_schema;";
            case H2 -> "SET SCHEMA INFORMATION_SCHEMA;";
            case SQLITE -> "SELECT 1;"; // one database per connection: nothing to move
        };
    }

    @Test
    void aMigrationThatChangesTheSearchPathOrSchemaDoesNotMoveTheRestElsewhere() {
        files.write("V1__moves.sql", "CREATE TABLE sp1 (id INT);\n" + changeSchemaContext() + "\n")
                .write("V2__after.sql", "CREATE TABLE sp2 (id INT);\n");
        MigrateResult result = migrator().migrate();
        assertThat(result.applied()).extracting(s -> s.version()).containsExactly("1", "2");
        assertThat(db.tableNames()).contains("sp1", "sp2");
        assertThat(appliedVersions()).containsExactly("1", "2");

        files.write("V3__moves_then_fails.sql", "-- migrate:no-transaction\nCREATE TABLE sp3 (id INT);\n" + changeSchemaContext()
                + "\nTHIS IS NOT SQL;\n");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.line()).isEqualTo(4);
        assertThat(migrator().status().failed()).as("the FAILED mark went to the history table").singleElement()
                .satisfies(f -> assertThat(f.version()).isEqualTo("3"));
        assertThat(migrator().history()).anySatisfy(a -> assertThat(a.outcome()).isEqualTo("FAILURE"));
    }

    @Test
    void failureInADownReportsTheFilesLine() {
        files.table(1)
                .write("V2__sectioned.sql", "-- migrate:up\nCREATE TABLE t2 (id INT);\n-- migrate:down\n-- undo it\nNOT SQL;\n"
                        + "DROP TABLE t2;\n")
                .write("3_pair.up.sql", "CREATE TABLE t3 (id INT);\n")
                .write("3_pair.down.sql", "-- first the data\n\nNOT SQL EITHER;\nDROP TABLE t3;\n");
        migrator().migrate();

        MigrationFailedException pair = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator().rollback(RollbackRequest.last()));
        assertThat(pair.line()).isEqualTo(3);
        assertThat(pair.getMessage()).contains("Migration 3_pair.down.sql line 3 (rollback) failed").contains("NOT SQL EITHER");
        if (transactionalDdl()) {
            assertThat(pair.getMessage()).contains("Its rollback was undone: 3_pair.up.sql (version 3) is still applied")
                    .doesNotContain("nothing of it remains");
            assertThat(appliedVersions()).containsExactly("1", "2", "3");
            assertThat(migrator().status().failed()).isEmpty();
        } else {
            assertThat(pair.getMessage()).contains("3_pair.up.sql (version 3) is marked FAILED, and nothing of its down stays:"
                    + " nothing ran before. Fix its down script and run 'rollback' again: it runs the down from its start.")
                    .doesNotContain("partly");
            assertThat(migrator().status().failed()).singleElement()
                    .satisfies(f -> assertThat(f.error()).startsWith("rollback failed: line 3: NOT SQL EITHER"));
            // Later runs say how to get out of a half-done rollback, not that the migration may be partly applied.
            DirtyDatabaseException dirty = catchThrowableOfType(DirtyDatabaseException.class, () -> migrator().migrate());
            assertThat(dirty.getMessage()).contains("Nothing of its down stays: it failed before any statement of it was done"
                    + " for good. Fix the down and run 'rollback' again").contains("then 'mark-applied --target 3'")
                    .doesNotContain("partly rolled back")
                    .doesNotContain("It may be partly applied");
        }
        files.write("3_pair.down.sql", "DROP TABLE t3;\n");
        assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).extracting(s -> s.version()).containsExactly("3");

        MigrationFailedException section = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator().rollback(RollbackRequest.last()));
        assertThat(section.line()).isEqualTo(5);
        assertThat(section.getMessage()).contains("Migration V2__sectioned.sql line 5 (rollback) failed");
        assertThat(db.tableNames()).contains("t1", "t2").doesNotContain("t3");
    }

    /**
     * A down step names the file its statements (and their lines) come from: the {@code .down.sql} of a pair, the
     * {@code U} file of a {@code V} file, the one file of a script with sections. The history and the audit table keep
     * the migration's script.
     */
    @Test
    void aDownStepNamesTheFileItsStatementsComeFrom() {
        files.write("1_pair.up.sql", "CREATE TABLE t1 (id INT);\n")
                .write("1_pair.down.sql", "-- the down\nDROP TABLE t1;\n")
                .write("V2__undone.sql", "CREATE TABLE t2 (id INT);\n")
                .write("U2__undone.sql", "\nDROP TABLE t2;\n")
                .write("V3__sectioned.sql", "-- migrate:up\nCREATE TABLE t3 (id INT);\n-- migrate:down\nDROP TABLE t3;\n");
        migrator().migrate();

        assertThat(migrator().planRollback(RollbackRequest.base()).steps())
                .extracting(s -> s.script(), s -> s.statements().get(0).line())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("V3__sectioned.sql", 4),
                        org.assertj.core.groups.Tuple.tuple("U2__undone.sql", 2), org.assertj.core.groups.Tuple.tuple("1_pair.down.sql", 2));

        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.migrate.MigrationListener listener = new dev.migrate.MigrationListener() {
            @Override
            public void migrationStarted(dev.migrate.MigrationEvent event) {
                heard.add(event.script());
            }
        };
        assertThat(migrator(b -> b.listener(listener)).rollback(RollbackRequest.base()).rolledBack()).extracting(s -> s.script())
                .containsExactly("V3__sectioned.sql", "U2__undone.sql", "1_pair.down.sql");
        assertThat(heard).containsExactly("V3__sectioned.sql", "U2__undone.sql", "1_pair.down.sql");
        assertThat(migrator().history()).filteredOn(a -> a.operation().equals("ROLLBACK")).extracting(a -> a.script())
                .as("the audit table names the migration").containsExactlyInAnyOrder("V3__sectioned.sql", "V2__undone.sql", "1_pair.up.sql");

        migrator().migrate();
        files.write("1_pair.down.sql", "-- the down\n\nNOT SQL;\n");
        migrator().rollback(RollbackRequest.toVersion("1"));
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().rollback(RollbackRequest.last()));
        assertThat(e.script()).as("the file the failing line is in").isEqualTo("1_pair.down.sql");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("Migration 1_pair.down.sql line 3 (rollback) failed");
    }

    @Test
    void aDownThatStopsPartWayIsNotRunAgainFromItsStart() {
        files.table(1)
                .write("V2__cols.sql", "CREATE TABLE t2 (id INT, a INT, b INT);\n")
                .write("U2__cols.sql", "ALTER TABLE t2 DROP COLUMN a;\nNOT SQL;\nDROP TABLE t2;\n");
        migrator().migrate();
        int auditBefore = migrator().history().size();
        if (!transactionalDdl()) {
            assertThat(migrator().planRollback(RollbackRequest.last()).steps().get(0).notes()).anySatisfy(n -> assertThat(n)
                    .contains("commits DDL at once: if the down fails part-way it is marked FAILED, and what ran of it stays"));
        }

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator().rollback(RollbackRequest.last()));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("Migration U2__cols.sql line 2 (rollback) failed");
        assertThat(migrator().history()).hasSize(auditBefore + 1).last()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("FAILURE"));
        if (transactionalDdl()) {
            // The whole down is undone with its transaction: column a is back, and the migration stays applied.
            assertThat(e.getMessage()).contains("Its rollback was undone");
            db.execute("SELECT a FROM t2");
            assertThat(appliedVersions()).containsExactly("1", "2");
            assertThat(migrator().status().failed()).isEmpty();
            return;
        }
        // DDL committed at once: DROP COLUMN a stays done, and the row says so instead of claiming the migration applied.
        assertThatThrownBy(() -> db.execute("SELECT a FROM t2")).isNotNull();
        assertThat(e.getMessage()).contains("stopped part-way").contains("line 1 of U2__cols.sql ran before it")
                .contains("'rollback' will not run the down again").contains("run 'repair'").doesNotContain("run 'rollback' again");
        assertThat(migrator().status().failed()).singleElement().satisfies(f -> assertThat(f.error())
                .startsWith("rollback failed part-way: line 1 of U2__cols.sql ran before it; line 2: NOT SQL"));
        assertThat(migrator().status().applied()).extracting(AppliedMigration::state)
                .containsExactly(MigrationState.SUCCESS, MigrationState.FAILED);

        // Every later run refuses; rollback does not run the down again from its first statement.
        DatabaseState before = state();
        IrreversibleMigrationException again = catchThrowableOfType(IrreversibleMigrationException.class,
                () -> migrator().rollback(RollbackRequest.last()));
        assertThat(again.getMessage()).contains("Cannot roll back V2__cols.sql (version 2): its down stopped part-way")
                .contains("line 1 of U2__cols.sql ran before it").contains("Nothing was rolled back").contains("finish the rollback by hand")
                .contains("'repair'").contains("mark-applied --target 2");
        assertThatThrownBy(() -> migrator().planRollback(RollbackRequest.last()))
                .isInstanceOf(IrreversibleMigrationException.class).hasMessageContaining("its down stopped part-way");
        DirtyDatabaseException dirty = catchThrowableOfType(DirtyDatabaseException.class, () -> migrator().migrate());
        assertThat(dirty.getMessage()).contains("Its down stopped part-way").contains("line 1 of U2__cols.sql ran before it")
                .contains("finish the rollback by hand and run 'repair'").doesNotContain("fix the down and run 'rollback' again");
        assertThat(migrator().validate().errors()).anySatisfy(p -> assertThat(p).contains("V2__cols.sql is FAILED")
                .contains("line 1 of U2__cols.sql ran before it").contains("then run 'repair'").doesNotContain("or 'rollback'"));
        assertThat(state()).isEqualTo(before);

        // Finished by hand, repair clears the row: the migration counts as not applied, and migrate applies it again.
        db.execute("DROP TABLE t2");
        assertThat(migrator().repair().removedDirty()).containsExactly("V2__cols.sql");
        assertThat(appliedVersions()).containsExactly("1");
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        db.execute("SELECT a FROM t2");
    }

    /** A down outside a transaction stops part-way on every database, PostgreSQL and SQLite too. */
    @Test
    void aDownOutsideATransactionThatStopsPartWayIsNotRunAgain() {
        files.table(1)
                .write("V2__two.sql", "CREATE TABLE t2a (id INT);\nCREATE TABLE t2b (id INT);\nINSERT INTO t2b (id) VALUES (1);\n")
                .write("U2__two.sql", "-- migrate:no-transaction\nDROP TABLE t2a;\nDELETE FROM t2b;\nNOT SQL;\nDROP TABLE t2b;\n");
        migrator().migrate();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator().rollback(RollbackRequest.last()));
        assertThat(e.line()).isEqualTo(4);
        assertThat(db.tableNames()).contains("t2b").doesNotContain("t2a");
        assertThat(db.count("SELECT COUNT(*) FROM t2b")).as("no transaction: the DELETE stays").isZero();
        assertThat(e.getMessage()).contains("its down stopped part-way; lines 2 to 3 (2 statements) of U2__two.sql ran before it")
                .contains(transactionalDdl() ? "(it ran outside a transaction)" : "commits DDL at once")
                .contains("the down from line 4 of U2__two.sql on");
        assertThat(migrator().status().failed()).singleElement().satisfies(f -> assertThat(f.error())
                .startsWith("rollback failed part-way: lines 2 to 3 (2 statements) of U2__two.sql ran before it; line 4: NOT SQL"));
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.last())).isInstanceOf(IrreversibleMigrationException.class)
                .hasMessageContaining("its down stopped part-way");
        assertThat(db.tableNames()).contains("t2b");
    }

    @Test
    void aDownWhoseDataChangesBeforeTheFailureAreRolledBackCanRunAgain() {
        files.table(1)
                .write("V2__rows.sql", "CREATE TABLE t2 (id INT);\nINSERT INTO t2 (id) VALUES (1);\n")
                .write("U2__rows.sql", "DELETE FROM t2;\nNOT SQL;\nDROP TABLE t2;\n");
        migrator().migrate();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator().rollback(RollbackRequest.last()));
        assertThat(e.line()).isEqualTo(2);
        // the DELETE ran in the down's transaction and went with it: nothing of the down stays, so it may run again
        assertThat(db.count("SELECT COUNT(*) FROM t2")).isEqualTo(1);
        assertThat(e.getMessage()).doesNotContain("stopped part-way");
        if (!transactionalDdl()) {
            assertThat(migrator().status().failed()).singleElement()
                    .satisfies(f -> assertThat(f.error()).startsWith("rollback failed: line 2: NOT SQL"));
        }
        files.write("U2__rows.sql", "DELETE FROM t2;\nDROP TABLE t2;\n");
        assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.tableNames()).doesNotContain("t2");
    }

    // ---------------------------------------------------------------- bad input changes nothing

    /** What a refused operation must leave as it was: the tables, the history rows and the audit trail. */
    protected record DatabaseState(List<String> tables, List<AppliedMigration> history, List<AuditEntry> audit) {
    }

    /** The tables, the history and the audit trail but its REFUSED rows: a refused write is recorded, and changes nothing else. */
    protected DatabaseState state() {
        return new DatabaseState(db.tableNames(), migrator().status().applied(), withoutRefusals(migrator().history()));
    }

    protected static List<AuditEntry> withoutRefusals(List<AuditEntry> trail) {
        return trail.stream().filter(a -> !AuditEntry.REFUSED.equals(a.outcome())).toList();
    }

    @Test
    void missingAppliedFileMakesMigrateRefuseAndChangesNothing() {
        files.table(1).table(2);
        migrator().migrate();
        files.delete("V2__create_t2.sql").delete("U2__create_t2.sql").table(3);
        DatabaseState before = state();

        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("Applied migration V2__create_t2.sql (version 2) is missing from the locations")
                .contains("restore the file, or run 'repair' to remove it from the history"));
        assertThat(state()).isEqualTo(before);
        assertThat(db.tableNames()).doesNotContain("t3");

        // Flyway's behaviour too: only with validation off does migrate go past it.
        assertThat(migrator(b -> b.validateOnMigrate(false)).migrate().applied()).extracting(s -> s.version()).containsExactly("3");
    }

    /** Flyway's ignoreMigrationPatterns *:missing: old files deleted on purpose stay in the history; everything else is still checked. */
    @Test
    void missingAppliedFilesAreAcceptedWithAWarningOnlyWithTheMissingPattern() {
        files.table(1).table(2).table(3);
        migrator().migrate();
        files.delete("V1__create_t1.sql").delete("U1__create_t1.sql").delete("V2__create_t2.sql").delete("U2__create_t2.sql").table(4);
        assertThat(catchThrowableOfType(ValidationException.class, () -> migrator().migrate()).problems()).hasSize(2)
                .allSatisfy(p -> assertThat(p).contains("if it was deleted on purpose, allow it with ignoreMigrationPatterns *:missing"));
        assertThat(catchThrowableOfType(ValidationException.class,
                () -> migrator(b -> b.ignoreMigrationPatterns("repeatable:missing", "*:future")).migrate()).problems()).hasSize(2);

        for (String pattern : List.of("*:missing", "Versioned:Missing", "*:*")) {
            Consumer<MigratorConfig.Builder> squashed = b -> b.ignoreMigrationPatterns(pattern);
            ValidationResult validation = migrator(squashed).validate();
            assertThat(validation.errors()).as(pattern).isEmpty();
            assertThat(validation.warnings()).as(pattern).contains("Applied migrations V1__create_t1.sql, V2__create_t2.sql are missing"
                    + " from the locations, accepted by ignore-migration-patterns");
            assertThat(migrator(squashed).status().problems()).as(pattern).isEmpty();
        }
        Consumer<MigratorConfig.Builder> squashed = b -> b.ignoreMigrationPatterns("*:missing");
        assertThat(migrator(squashed).migrate().applied()).extracting(s -> s.version()).containsExactly("4");
        assertThat(migrator(squashed).repair().removedMissing()).as("repair keeps the rows it is told to accept").isEmpty();
        assertThat(appliedVersions()).containsExactly("1", "2", "3", "4");

        // A changed applied file is still refused.
        files.write("V3__create_t3.sql", "CREATE TABLE t3 (id INT PRIMARY KEY);\n");
        assertThat(catchThrowableOfType(ValidationException.class, () -> migrator(squashed).migrate()).problems()).singleElement()
                .asString().contains("V3__create_t3.sql (version 3) was changed after it was applied");
        // Without the pattern, repair removes the rows of the deleted files.
        files.table(3);
        assertThat(migrator().repair().removedMissing()).containsExactly("V1__create_t1.sql", "V2__create_t2.sql");
    }

    @Test
    void anIgnorePatternMigrateDoesNotUnderstandIsRefusedNamingIt() {
        assertThatThrownBy(() -> migrator(b -> b.ignoreMigrationPatterns("missing")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ignore-migration-patterns entry 'missing' is not type:status");
        assertThatThrownBy(() -> migrator(b -> b.ignoreMigrationPatterns("*:missing", "sql:gone")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'sql:gone' is not type:status: write *, versioned or repeatable");
        assertThatThrownBy(() -> migrator(b -> b.ignoreMigrationPatterns("*:ignored")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'*:ignored' is not supported: Migrate never skips an out-of-order migration silently");
        assertThat(MigratorConfig.builder().ignoreMigrationPatterns(" *:Pending ").build().ignoreMigrationPatterns())
                .containsExactly("*:pending");
    }

    @Test
    void duplicateVersionsChangeNothingNotEvenEarlierSoundMigrations() {
        files.table(1);
        migrator().migrate();
        files.table(2).write("V3__first.sql", "CREATE TABLE first3 (id INT);").write("3_second.up.sql", "CREATE TABLE second3 (id INT);");
        DatabaseState before = state();
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("Version 3 is used twice").contains("V3__first.sql").contains("3_second.up.sql")
                .contains("give one of them another version");
        assertThat(state()).isEqualTo(before);
        assertThat(db.tableNames()).doesNotContain("t2", "first3", "second3");
    }

    @Test
    void malformedFileNamesChangeNothingNotEvenEarlierSoundMigrations() {
        files.table(1);
        migrator().migrate();
        files.table(2).write("V3_missing_double_underscore.sql", "CREATE TABLE bad3 (id INT);");
        DatabaseState before = state();
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V3_missing_double_underscore.sql is not a migration name: "
                + dev.migrate.discovery.MigrationFileName.EXPECTED);
        assertThat(state()).isEqualTo(before);
        assertThat(db.tableNames()).doesNotContain("t2", "bad3");
    }

    @Test
    void theLongestStorableVersionIsAppliedAndALongerOneIsRefusedByName() {
        String fifty = "1".repeat(dev.migrate.MigrationVersion.MAX_LENGTH);
        files.write("V" + fifty + "__fits.sql", "CREATE TABLE fits (id INT);");
        assertThat(migrator().migrate().toVersion()).isEqualTo(fifty);
        assertThat(appliedVersions()).containsExactly(fifty);
        assertThat(migrator().history()).extracting(AuditEntry::version).containsExactly(fifty);

        String fiftyOne = "2".repeat(dev.migrate.MigrationVersion.MAX_LENGTH + 1);
        files.write("V" + fiftyOne + "__too_long.sql", "CREATE TABLE too_long (id INT);");
        DatabaseState before = state();
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("V" + fiftyOne + "__too_long.sql: version " + fiftyOne + " is 51 characters long")
                .hasMessageContaining("give it a shorter version");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void theLongestStorableRepeatableDescriptionRunsOnceAndALongerOneIsRefusedByName() {
        String twoHundred = "r".repeat(200);
        files.write("R__" + twoHundred + ".sql", "CREATE TABLE IF NOT EXISTS long_repeatable (id INT);");
        assertThat(migrator().migrate().applied()).hasSize(1);
        assertThat(migrator().status().pending()).as("found again in the history by its whole description").isEmpty();
        assertThat(migrator().migrate().applied()).isEmpty();

        files.write("R__" + twoHundred + "s.sql", "CREATE TABLE IF NOT EXISTS longer_repeatable (id INT);");
        DatabaseState before = state();
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("R__" + twoHundred + "s.sql: the description of a repeatable migration")
                .hasMessageContaining("at most 200 characters, and this one has 201: give the file a shorter name");
        assertThat(state()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- baseline

    @Test
    void baselineAdoptsAnExistingDatabase() {
        db.execute("CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(50))");
        files.table(1).table(2);
        AppliedMigration baseline = migrator().baseline("1");
        assertThat(baseline.type()).isEqualTo(MigrationType.BASELINE);
        assertThat(migrator().status().pending()).extracting(p -> p.version()).containsExactly("2");
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThatThrownBy(() -> migrator().baseline("5")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("already has");
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.only("1"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("Version 1 is the baseline: the migrations up to it were never applied here, so it has nothing to roll"
                        + " back: choose one of 2");
        migrator().rollback(RollbackRequest.base());
        assertThat(appliedVersions()).containsExactly("1");
        assertThat(db.tableNames()).contains("t1");
    }

    /** Every version up to the baseline counts as applied, so rollback --only names the baseline for each, not only for its own. */
    @Test
    void rollbackOfOneVersionUpToTheBaselineSaysTheBaselineCoversIt() {
        db.execute("CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(50))");
        db.execute("CREATE TABLE t2 (id INT PRIMARY KEY, name VARCHAR(50))");
        files.table(1).table(2).table(3);
        migrator().baseline("2");
        migrator().migrate();
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.only("1"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("Version 1 is covered by the baseline (version 2): the migrations up to it were never applied here, so it"
                        + " has nothing to roll back: choose one of 3");
        assertThatThrownBy(() -> migrator().planRollback(RollbackRequest.only("2"))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Version 2 is the baseline:");
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.only("4"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("Version 4 is not applied: choose one of 3");
        assertThat(appliedVersions()).containsExactly("2", "3");
    }

    @Test
    void aSchemaThatHoldsTablesButNoHistoryIsRefusedAndLeftAsItWas() {
        db.execute("CREATE TABLE books (id INT PRIMARY KEY)");
        db.execute("CREATE VIEW book_ids AS SELECT id FROM books");
        files.table(1).table(2);
        List<String> before = db.tableNames();

        dev.migrate.NonEmptySchemaException e = catchThrowableOfType(dev.migrate.NonEmptySchemaException.class, () -> migrator().migrate());
        assertThat(e.tables()).extracting(t -> t.toLowerCase(java.util.Locale.ROOT)).containsExactly("book_ids", "books");
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.toLowerCase(java.util.Locale.ROOT))
                .contains("already holds 2 tables or views (book_ids, books) but has no migration history")
                .contains("nothing was changed").contains("baseline --version v").contains("migrate.baseline-on-migrate=true"));
        assertThat(db.tableNames()).as("not even Migrate's own tables").isEqualTo(before);
        assertThatThrownBy(() -> migrator().planMigrate(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no migration history");
        assertThat(migrator().validate().errors()).anySatisfy(p -> assertThat(p).contains("no migration history"));
        // status says why migrate would refuse (the health indicator goes DOWN on it); not once baselineOnMigrate adopts it.
        StatusResult status = migrator().status();
        assertThat(status.problems()).singleElement().asString().contains("no migration history").doesNotContain("nothing was changed");
        assertThat(status.pending()).hasSize(2);
        assertThat(migrator(b -> b.baselineOnMigrate(true)).status().problems()).isEmpty();
        assertThat(db.tableNames()).isEqualTo(before);
    }

    /** Switching from Flyway: the refusal names Flyway's current version, the one to baseline at. */
    @Test
    void aSchemaFlywayManagesIsRefusedWithFlywaysCurrentVersionAsTheBaseline() {
        db.execute("CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), description VARCHAR(200),"
                + " type VARCHAR(20), script VARCHAR(1000), checksum INT, installed_by VARCHAR(100), execution_time INT, success BOOLEAN)");
        String row = "INSERT INTO flyway_schema_history VALUES (%d, %s, 'd', '%s', 's', 0, 'u', 1, %s)";
        db.execute(String.format(row, 1, "'1'", "SQL", "TRUE"));
        db.execute(String.format(row, 2, "'1.10'", "SQL", "TRUE"));
        db.execute(String.format(row, 3, "'1.9'", "SQL", "TRUE"));
        db.execute(String.format(row, 4, "'2'", "SQL", "FALSE"));
        db.execute(String.format(row, 5, "NULL", "SQL", "TRUE"));
        files.table(1);

        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining(") at version 1.10: Migrate reads Flyway's V, U and R file names as they are")
                .hasMessageContaining("baseline --version 1.10");
        db.execute("DROP TABLE flyway_schema_history");
        db.execute("CREATE TABLE databasechangelog (id VARCHAR(255))");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining("It holds Liquibase's changelog").hasMessageContaining("baseline at 0");
    }

    /**
     * Flyway quotes every identifier of its history table, so on H2 its table and columns are lowercase: the refusal
     * read the columns unquoted (VERSION), found none, and named no version. A failed row Flyway left on a database
     * without transactional DDL is named too: the suggested baseline sits below it, so Migrate applies that migration
     * again over whatever of it had run.
     */
    @Test
    void aFlywayHistoryAsFlywayCreatesItNamesTheBaselineAndAFailedMigration() throws Exception {
        String q;
        try (java.sql.Connection c = db.connect()) {
            q = c.getMetaData().getIdentifierQuoteString().trim();
        }
        java.util.function.UnaryOperator<String> quoted = sql -> sql.replaceAll("`([a-z_]+)`", q + "$1" + q);
        db.execute(quoted.apply("CREATE TABLE `flyway_schema_history` (`installed_rank` INT NOT NULL PRIMARY KEY, `version` VARCHAR(50),"
                + " `description` VARCHAR(200) NOT NULL, `type` VARCHAR(20) NOT NULL, `script` VARCHAR(1000) NOT NULL, `checksum` INT,"
                + " `installed_by` VARCHAR(100) NOT NULL, `execution_time` INT NOT NULL, `success` BOOLEAN NOT NULL)"));
        String row = "INSERT INTO `flyway_schema_history` (`installed_rank`, `version`, `description`, `type`, `script`, `checksum`,"
                + " `installed_by`, `execution_time`, `success`) VALUES (%d, %s, 'd', '%s', '%s', 0, 'u', 1, %s)";
        db.execute(quoted.apply(String.format(row, 1, "'1'", "SQL", "V1__one.sql", "TRUE")));
        db.execute(quoted.apply(String.format(row, 2, "'2'", "SQL", "sub/V2__two.sql", "TRUE")));
        db.execute(quoted.apply(String.format(row, 3, "NULL", "SQL", "R__view.sql", "TRUE")));
        db.execute(quoted.apply(String.format(row, 4, "'1.5'", "SQL", "V1_5__late.sql", "TRUE")));
        files.table(1);

        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining(") at version 2: Migrate reads Flyway's V, U and R file names as they are")
                .hasMessageContaining("baseline --version 2)").message().doesNotContain("failed migrations");

        db.execute(quoted.apply(String.format(row, 5, "'3'", "SQL", "V3__three.sql", "FALSE")));
        db.execute(quoted.apply(String.format(row, 6, "NULL", "SQL", "R__grants.sql", "FALSE")));
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining("baseline --version 2)")
                .hasMessageContaining("Flyway's history also holds failed migrations (V3__three.sql, R__grants.sql)")
                .hasMessageContaining("undo what they did");

        // A failed row Flyway's migrate later applied again is no longer a problem.
        db.execute(quoted.apply(String.format(row, 7, "'3'", "SQL", "V3__three.sql", "TRUE")));
        db.execute(quoted.apply(String.format(row, 8, "NULL", "SQL", "R__grants.sql", "TRUE")));
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining("baseline --version 3)").message().doesNotContain("failed migrations");

        // A file below Flyway's version that Flyway never applied would be left out for good by that baseline.
        files.write("V1_7__late.sql", "SELECT 1;\n").write("V5__next.sql", "SELECT 1;\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining("baseline --version 3)")
                .hasMessageContaining("V1_7__late.sql is not in Flyway's history although below 3: a baseline there leaves it out"
                        + " for good, so first apply it with Flyway (outOfOrder) or by hand")
                .message().doesNotContain("V1__").doesNotContain("V5__next.sql");
        assertThat(migrator().validate().errors()).anySatisfy(e -> assertThat(e).contains("V1_7__late.sql is not in Flyway's history"));

        // Below a baseline of Flyway's own, Flyway ignores them too.
        db.execute(quoted.apply(String.format(row, 0, "'1.8'", "BASELINE", "<< Flyway Baseline >>", "TRUE")));
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining("baseline --version 3)").message().doesNotContain("V1_7__late.sql");
    }

    /**
     * A version Flyway undid (Flyway Teams' UNDO_SQL row) or whose row its repair marked deleted no longer counts,
     * unless applied again after that: the refusal named the undone version, and baselining there left its
     * migration unapplied for good.
     */
    @Test
    void theBaselineSuggestedForAFlywaySchemaLeavesOutWhatFlywayUndid() {
        db.execute("CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), description VARCHAR(200),"
                + " type VARCHAR(20), script VARCHAR(1000), checksum INT, installed_by VARCHAR(100), execution_time INT, success BOOLEAN)");
        String row = "INSERT INTO flyway_schema_history VALUES (%d, '%s', 'd', '%s', 's', 0, 'u', 1, TRUE)";
        db.execute(String.format(row, 1, "1", "SQL"));
        db.execute(String.format(row, 2, "2", "SQL"));
        db.execute(String.format(row, 3, "3", "SQL"));
        db.execute(String.format(row, 4, "4", "SQL"));
        db.execute(String.format(row, 5, "4", "UNDO_SQL"));
        db.execute(String.format(row, 6, "3", "UNDO_SQL"));
        files.table(1).table(2).table(3).table(4);
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining(") at version 2: ").hasMessageContaining("baseline --version 2)");

        // Applied again after its undo, it counts again; a row Flyway's repair marked deleted does not.
        db.execute(String.format(row, 7, "3", "SQL"));
        db.execute(String.format(row, 8, "5", "SQL"));
        db.execute(String.format(row, 9, "5", "DELETE"));
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class)
                .hasMessageContaining(") at version 3: ").hasMessageContaining("baseline --version 3)");
    }

    /**
     * repair pointed at a folder that exists but holds no versioned migration (a wrong or empty location) took every
     * applied migration for a deleted file and emptied the history, so the next migrate ran them all again. It refuses,
     * changing nothing (not even a dirty row).
     */
    @Test
    void repairRefusesToEmptyTheHistoryWhenNoVersionedMigrationIsFound() throws Exception {
        files.table(1).table(2).table(3);
        migrator().migrate();
        db.execute("UPDATE migrate_history SET state = 'FAILED' WHERE version = '3'");
        String empty = java.nio.file.Files.createDirectory(folder.resolve("empty")).toString();
        new MigrationFiles(folder.resolve("empty")).write("R__view.sql", "SELECT 1;\n");
        assertThatThrownBy(() -> migrator(b -> b.locations("filesystem:" + empty)).repair()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No versioned migration was found in filesystem:" + empty)
                .hasMessageContaining("repair would remove every applied migration").hasMessageContaining("Nothing was changed");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).isEqualTo(3);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE state = 'FAILED'")).isEqualTo(1);
        // With the files, a deleted one is still removed.
        files.delete("V2__create_t2.sql").delete("U2__create_t2.sql");
        assertThat(migrator().repair().removedMissing()).containsExactly("V2__create_t2.sql");
    }

    /**
     * The CLI run as java -jar, from the project's folder, reads the SQL files but none of the application's classes:
     * status told to "restore the file" of an applied Java migration, and repair removed its row without a word, so
     * the application's next start refused it as rolled back out of order, or ran it again over its own tables. Status
     * says where Java migrations are found, and repair refuses, changing nothing, while no Java migration is found.
     */
    @Test
    void repairKeepsJavaMigrationRowsWhenNoJavaMigrationIsFound() throws Exception {
        files.table(1).table(3);
        migrator(b -> b.javaMigration(new JavaTable())).migrate();
        files.write("V1__create_t1.sql", "CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(50)); -- edited on purpose\n");

        assertThat(migrator().status().problems()).anySatisfy(p -> assertThat(p)
                .contains("Applied migration " + JavaTable.class.getName() + " (version 2) is missing from the locations")
                .contains("found only as a class on the class path").contains("--locations classpath:db/migration")
                .doesNotContain("restore the file"));
        assertThatThrownBy(() -> migrator().repair()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No Java migration was found in " + files.location())
                .hasMessageContaining("repair would remove the applied Java migration " + JavaTable.class.getName() + " (version 2)")
                .hasMessageContaining("Nothing was changed").hasMessageContaining("*:missing");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE version = '2'")).isEqualTo(1);
        assertThat(migrator(b -> b.javaMigration(new JavaTable())).status().problems())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("V1__create_t1.sql").contains("was changed after it was applied");

        // With the class there, repair realigns the edited file and keeps the Java row; deleted on purpose, the row goes once
        // another Java migration shows the class path is the application's.
        RepairResult repaired = migrator(b -> b.javaMigration(new JavaTable())).repair();
        assertThat(repaired.realigned()).containsExactly("V1__create_t1.sql");
        assertThat(repaired.removedMissing()).isEmpty();
        assertThat(migrator(b -> b.javaMigration(new JavaFive())).repair().removedMissing()).containsExactly(JavaTable.class.getName());
    }

    /** A pending Java migration that never runs here: it only shows that the class path holds Java migrations. */
    @MigrationInfo(version = "5", description = "java five")
    public static class JavaFive implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE java_five (id INT)");
        }
    }

    /**
     * repair and rollback on a schema that holds tables but no history (the wrong URL, a database not adopted yet) do
     * not make the history table: they made it, empty, and the next migrate took the schema for one it manages and ran
     * every migration over it (baselineOnMigrate no longer adopted it either).
     */
    @Test
    void repairAndRollbackLeaveASchemaWithoutHistoryAsItWas() {
        db.execute("CREATE TABLE books (id INT)");
        db.execute("INSERT INTO books VALUES (1)");
        files.write("V1__more_books.sql", "INSERT INTO books VALUES (99);\n").write("U1__more_books.sql", "DELETE FROM books WHERE id = 99;\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class);

        RepairResult repaired = migrator().repair();
        assertThat(repaired.removedDirty()).isEmpty();
        assertThat(repaired.realigned()).isEmpty();
        assertThat(migrator().rollback(RollbackRequest.last()).rolledBack()).isEmpty();
        assertThat(db.tableNames()).doesNotContain("migrate_history");

        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.NonEmptySchemaException.class);
        assertThat(db.count("SELECT COUNT(*) FROM books")).isEqualTo(1);
        assertThat(migrator(b -> b.baselineOnMigrate(true)).migrate().applied()).isEmpty();
        assertThat(migrator().status().applied()).extracting(AppliedMigration::type).containsExactly(MigrationType.BASELINE);
        assertThat(db.count("SELECT COUNT(*) FROM books")).isEqualTo(1);
        assertThat(migrator().history()).extracting(AuditEntry::operation).contains("REPAIR", "BASELINE");
    }

    @Test
    void baselineOnMigrateAdoptsASchemaThatHoldsTablesAndRunsOnlyLaterMigrations() {
        db.execute("CREATE TABLE t1 (id INT PRIMARY KEY)");
        db.execute("INSERT INTO t1 (id) VALUES (7)");
        files.table(1).table(2).table(3);
        Consumer<MigratorConfig.Builder> adopt = b -> b.baselineOnMigrate(true).baselineVersion("2");
        assertThat(migrator(adopt).status().pending()).as("what migrate would apply over the baseline it records first")
                .extracting(p -> p.version()).containsExactly("3");
        Plan plan = migrator(adopt).planMigrate(null);
        assertThat(plan.steps()).extracting(PlanStep::version).containsExactly("3");
        assertThat(plan.warnings()).singleElement().satisfies(w -> assertThat(w.toLowerCase(java.util.Locale.ROOT))
                .contains("holds the table or view t1").contains("baseline at version 2"));
        assertThat(db.tableNames()).as("planning changes nothing").doesNotContain("migrate_history", "MIGRATE_HISTORY");

        assertThat(migrator(adopt).migrate(null, plan.fingerprint()).applied()).extracting(s -> s.version()).containsExactly("3");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::version, AppliedMigration::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2", MigrationType.BASELINE),
                        org.assertj.core.groups.Tuple.tuple("3", MigrationType.SQL));
        assertThat(migrator().history()).extracting(AuditEntry::operation).contains("BASELINE");
        assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE id = 7")).isEqualTo(1);
        // Versions up to the baseline count as applied, the baseline's own included: none is pending or reversible.
        for (String covered : List.of("1", "2")) {
            assertThat(migrator().describe(covered)).get().satisfies(d -> {
                assertThat(d.pending()).as(covered).isFalse();
                assertThat(d.reversible()).as(covered).isFalse();
                assertThat(d.type()).as(covered).isEqualTo(MigrationType.BASELINE);
                assertThat(d.applied().type()).isEqualTo(MigrationType.BASELINE);
            });
        }
        assertThat(migrator().describe("3")).get().satisfies(d -> {
            assertThat(d.type()).isEqualTo(MigrationType.SQL);
            assertThat(d.reversible()).isTrue();
        });
        // Adopted now: the setting has nothing more to do.
        files.table(4);
        assertThat(migrator(adopt).migrate().applied()).extracting(s -> s.version()).containsExactly("4");
    }

    /**
     * A migrate with baselineOnMigrate that is refused (a target no migration has, a stale plan) records no baseline
     * and leaves no history table behind: an empty history table made the schema look managed, and the next migrate ran
     * every migration from the first over the tables it should have adopted.
     */
    @Test
    void aRefusedMigrateWithBaselineOnMigrateLeavesTheSchemaToAdoptAsItWas() {
        db.execute("CREATE TABLE t1 (id INT PRIMARY KEY)");
        db.execute("INSERT INTO t1 (id) VALUES (7)");
        files.table(1).table(2);
        Consumer<MigratorConfig.Builder> adopt = b -> b.baselineOnMigrate(true).baselineVersion("1");
        files.table(3);

        assertThatThrownBy(() -> migrator(adopt).migrate("99")).hasMessageContaining("99");
        // A plan made over another history (the fingerprint digests the history's rows).
        assertThatThrownBy(() -> migrator(adopt).migrate(null, "0123456789abcdef01234567")).isInstanceOf(StalePlanException.class);
        assertThat(db.tableNames()).as("no history table left behind").doesNotContain("migrate_history", "MIGRATE_HISTORY");
        assertThat(migrator().history()).extracting(AuditEntry::operation).doesNotContain("BASELINE");

        assertThat(migrator(adopt).migrate().applied()).extracting(s -> s.version()).containsExactly("2", "3");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::version, AppliedMigration::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", MigrationType.BASELINE),
                        org.assertj.core.groups.Tuple.tuple("2", MigrationType.SQL), org.assertj.core.groups.Tuple.tuple("3", MigrationType.SQL));
        assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE id = 7")).isEqualTo(1);
    }

    /**
     * Baseline writes its history row and its audit row in one transaction: when the audit row cannot be written,
     * the baseline is not recorded either (it stayed, unaudited, and a second try said the history had a row).
     */
    @Test
    void aBaselineThatCannotBeAuditedIsNotRecorded() {
        files.table(1).table(2);
        migrator().baseline("1");
        migrator(b -> b.cleanAllowed(true)).clean();
        db.execute("ALTER TABLE migrate_audit DROP COLUMN details");
        assertThatThrownBy(() -> migrator().baseline("1")).hasMessageContaining("Could not write to the audit table migrate_audit: ");
        // The history table the failed baseline made is dropped again, empty.
        assertThat(db.tableNames()).doesNotContain("migrate_history", "MIGRATE_HISTORY");
    }

    /**
     * A baseline or repair refused under the lock is a REFUSED row with the refusal's message, as every refusal by the
     * core is; one refused from the settings before connecting (clean not allowed) touches nothing, the audit trail
     * included.
     */
    @Test
    void refusedBaselineAndRepairAreAuditedAsRefused() throws Exception {
        files.table(1).table(2);
        migrator().migrate();

        assertThatThrownBy(() -> migrator().baseline("5")).isInstanceOf(ValidationException.class).hasMessageContaining("already has");
        assertThat(migrator().history()).last().satisfies(a -> {
            assertThat(a.operation()).isEqualTo("BASELINE");
            assertThat(a.outcome()).isEqualTo(AuditEntry.REFUSED);
            assertThat(a.version()).isNull();
            assertThat(a.description()).isEqualTo("baseline version=5");
            assertThat(a.details()).contains("Cannot baseline").contains("already has 2 row(s)");
            assertThat(a.environment()).isEqualTo(migrator().config().environment());
            assertThat(a.performedBy()).isNotBlank();
        });

        String empty = java.nio.file.Files.createDirectory(folder.resolve("empty")).toString();
        new MigrationFiles(folder.resolve("empty")).write("R__view.sql", "SELECT 1;\n");
        assertThatThrownBy(() -> migrator(b -> b.locations("filesystem:" + empty)).repair()).isInstanceOf(ConfigurationException.class);
        assertThat(migrator().history()).last().satisfies(a -> {
            assertThat(a.operation()).isEqualTo("REPAIR");
            assertThat(a.outcome()).isEqualTo(AuditEntry.REFUSED);
            assertThat(a.description()).isEqualTo("repair");
            assertThat(a.details()).contains("No versioned migration was found").contains("Nothing was changed");
        });

        List<AuditEntry> before = migrator().history();
        // Named as each front end spells it, the Java API's builder method included.
        assertThatThrownBy(() -> migrator().clean()).isInstanceOf(ConfigurationException.class).hasMessageContaining("clean is disabled")
                .hasMessageContaining("MigratorConfig.Builder.cleanAllowed(true), migrate.clean-allowed=true, --clean-allowed");
        assertThat(migrator().history()).as("refused before connecting").isEqualTo(before);
        assertThat(appliedVersions()).containsExactly("1", "2");
    }

    /**
     * The REFUSED row of a repair refused part-way stays, although the repair's transaction, which had already
     * removed a dirty row, is rolled back: it is written after the rollback.
     */
    @Test
    void theRefusedRowOfARepairRolledBackPartWayStays() {
        files.table(1).table(2).table(3);
        migrator().migrate();
        db.execute("UPDATE migrate_history SET state = 'FAILED' WHERE version = '1'");
        String typo = "filesystem:" + files.location().substring("filesystem:".length()) + "-typo";
        assertThatThrownBy(() -> migrator(b -> b.locations(typo)).repair()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("V2__create_t2.sql (version 2) looks missing");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE state = 'FAILED'")).as("the removal rolled back").isEqualTo(1);
        assertThat(migrator().history()).last().satisfies(a -> {
            assertThat(a.operation()).isEqualTo("REPAIR");
            assertThat(a.outcome()).isEqualTo(AuditEntry.REFUSED);
            assertThat(a.details()).contains("looks missing");
        });
        assertThat(migrator().history()).extracting(AuditEntry::operation).doesNotContain("ROLLBACK");
    }

    /**
     * A write the core refuses once it has connected is one REFUSED row: the operation, the request, the refusal's
     * message and the caller. The caller gets the refusal itself, unchanged, and nothing else changes; reading
     * operations record nothing.
     */
    @Test
    void writesTheCoreRefusesAreAuditedAsRefused() throws Exception {
        files.table(1).table(2).write("V3__create_t3.sql", "-- migrate:irreversible\nCREATE TABLE t3 (id INT);\n");
        migrator().migrate();
        List<AuditEntry> before = migrator().history();
        String user = before.get(0).performedBy();
        List<String> schemaBefore = schema();

        List<RuntimeException> refusals = new ArrayList<>();
        refusals.add(catchThrowableOfType(IrreversibleMigrationException.class,
                () -> migrator().performedBy("alice").rollback(RollbackRequest.last())));
        refusals.add(catchThrowableOfType(StalePlanException.class, () -> migrator().migrate(null, "not-the-plan")));
        refusals.add(catchThrowableOfType(ConfigurationException.class, () -> migrator().migrate("9")));
        files.write("V1__create_t1.sql", "CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(60));\n");
        refusals.add(catchThrowableOfType(ValidationException.class, () -> migrator().migrate()));
        // Reading operations record nothing, whatever they find.
        assertThat(migrator().validate().errors()).isNotEmpty();
        assertThat(migrator().status().problems()).isNotEmpty();
        catchThrowable(() -> migrator().planMigrate(null));
        catchThrowable(() -> migrator().planRollback(RollbackRequest.lastBatch()));
        files.table(1);
        db.execute("UPDATE migrate_history SET state = 'FAILED' WHERE version = '3'");
        refusals.add(catchThrowableOfType(DirtyDatabaseException.class, () -> migrator().migrate()));
        db.execute("UPDATE migrate_history SET state = 'SUCCESS' WHERE version = '3'");
        refusals.add(catchThrowableOfType(ValidationException.class, () -> migrator().performedBy("bob").baseline("7")));

        assertThat(refusals).doesNotContainNull().allSatisfy(e -> assertThat(e.getSuppressed()).as("nothing added to the refusal").isEmpty());
        assertThat(refusals.get(0)).hasMessageContaining("irreversible");
        assertThat(refusals.get(2)).hasMessageContaining("Target version 9 matches no migration");
        assertThat(refusals.get(3)).hasMessageContaining("V1__create_t1.sql");
        assertThat(refusals.get(4)).hasMessageContaining("The database is dirty");
        assertThat(refusals.get(5)).hasMessageContaining("Cannot baseline");
        List<AuditEntry> after = migrator().history();
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        List<AuditEntry> added = after.subList(before.size(), after.size());
        assertThat(added).extracting(AuditEntry::operation, AuditEntry::version, AuditEntry::description, AuditEntry::script,
                AuditEntry::outcome, AuditEntry::performedBy, AuditEntry::environment).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ROLLBACK", null, "rollback last", null, AuditEntry.REFUSED, "alice", "dev"),
                org.assertj.core.groups.Tuple.tuple("MIGRATE", null, "migrate", null, AuditEntry.REFUSED, user, "dev"),
                org.assertj.core.groups.Tuple.tuple("MIGRATE", null, "migrate target=9", null, AuditEntry.REFUSED, user, "dev"),
                org.assertj.core.groups.Tuple.tuple("MIGRATE", null, "migrate", null, AuditEntry.REFUSED, user, "dev"),
                org.assertj.core.groups.Tuple.tuple("MIGRATE", null, "migrate", null, AuditEntry.REFUSED, user, "dev"),
                org.assertj.core.groups.Tuple.tuple("BASELINE", null, "baseline version=7", null, AuditEntry.REFUSED, "bob", "dev"));
        for (int i = 0; i < added.size(); i++) {
            assertThat(added.get(i).details()).isEqualTo(refusals.get(i).getMessage());
            assertThat(added.get(i).durationMs()).isNotNegative();
        }
        assertThat(appliedVersions()).containsExactly("1", "2", "3");
        assertThat(schema()).isEqualTo(schemaBefore);
    }

    /**
     * A refusal on a database without the audit trail records nothing and makes no table for it: the history and
     * audit tables the refused run made under the lock are dropped again (the lock table of H2 and SQLite stays).
     */
    @Test
    void aRefusalOnANewDatabaseLeavesNoHistoryOrAuditTable() {
        files.table(1).write("V2__create_t2.sql", "-- migrate:depends-on 1.5\nCREATE TABLE t2 (id INT);\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(ValidationException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> migrator().rollback(RollbackRequest.toVersion("4"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Rollback target 4");
        assertThat(db.tableNames()).doesNotContain("migrate_history", "migrate_audit", "t1", "t2");
        assertThat(migrator().history()).isEmpty();
    }

    /**
     * A refusal before the lock (a schema with tables but no history) is recorded on the operation's connection where
     * the audit trail exists: here, after a clean, which starts the new trail.
     */
    @Test
    void aRefusalBeforeTheLockIsRecordedWhereTheAuditTableExists() {
        files.table(1);
        Migrator migrator = migrator(b -> b.cleanAllowed(true));
        migrator.migrate();
        migrator.clean();
        db.execute("CREATE TABLE someone_elses (id INT)");
        dev.migrate.NonEmptySchemaException e = catchThrowableOfType(dev.migrate.NonEmptySchemaException.class, migrator::migrate);
        assertThat(e.getMessage()).containsIgnoringCase("someone_elses");
        assertThat(migrator.history()).extracting(AuditEntry::operation, AuditEntry::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CLEAN", AuditEntry.SUCCESS), org.assertj.core.groups.Tuple.tuple("MIGRATE", AuditEntry.REFUSED));
        assertThat(migrator.history()).last().satisfies(a -> {
            assertThat(a.description()).isEqualTo("migrate");
            assertThat(a.details()).isEqualTo(e.getMessage());
        });
        assertThat(db.tableNames()).doesNotContain("migrate_history", "t1");
    }

    /** A refusal whose REFUSED row cannot be written is still the error the caller gets, as it is, with nothing added. */
    @Test
    void aRefusalThatCannotBeRecordedIsStillTheCallersError() {
        files.table(1);
        migrator().migrate();
        db.execute("UPDATE migrate_history SET state = 'FAILED' WHERE version = '1'");
        DirtyDatabaseException recorded = catchThrowableOfType(DirtyDatabaseException.class, () -> migrator().migrate());
        db.execute("ALTER TABLE migrate_audit DROP COLUMN details");
        DirtyDatabaseException notRecorded = catchThrowableOfType(DirtyDatabaseException.class, () -> migrator().migrate());
        assertThat(notRecorded).hasMessage(recorded.getMessage());
        assertThat(notRecorded.getSuppressed()).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM migrate_audit WHERE outcome = 'REFUSED'")).isEqualTo(1);
    }

    /** Flyway's baselineDescription: the baseline row and its audit row say what the project chose, on either path. */
    @Test
    void aBaselineIsRecordedWithTheConfiguredDescription() {
        db.execute("CREATE TABLE t1 (id INT PRIMARY KEY)");
        files.table(1).table(2);
        Consumer<MigratorConfig.Builder> adopt = b -> b.baselineOnMigrate(true).baselineDescription("Adopted from the 2019 schema");
        assertThat(migrator(adopt).planMigrate(null).steps()).extracting(PlanStep::version).containsExactly("2");
        migrator(adopt).migrate();
        assertThat(migrator().status().applied()).extracting(AppliedMigration::version, AppliedMigration::description)
                .startsWith(org.assertj.core.groups.Tuple.tuple("1", "Adopted from the 2019 schema"));
        assertThat(migrator().history()).filteredOn(a -> a.operation().equals("BASELINE")).singleElement()
                .extracting(AuditEntry::description).isEqualTo("Adopted from the 2019 schema");

        migrator(b -> b.cleanAllowed(true)).clean();
        files.table(3);
        migrator(b -> b.baselineDescription("Existing ledger")).baseline("2");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::description).containsExactly("Existing ledger");
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("3");
    }

    @Test
    void baselineOnMigrateLeavesAnEmptySchemaToTheMigrations() {
        files.table(1).table(2);
        assertThat(migrator(b -> b.baselineOnMigrate(true)).migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::type).doesNotContain(MigrationType.BASELINE);
    }

    /** A history table per module in one schema: the second module's first run starts from a baseline at 0. */
    @Test
    void aSecondHistoryInTheSameSchemaStartsWithABaselineAtZero(@TempDir Path billingFolder) {
        files.table(1);
        migrator(b -> b.table("orders_history")).migrate();
        MigrationFiles billing = new MigrationFiles(billingFolder);
        billing.write("V1__invoices.sql", "CREATE TABLE invoices (id INT);\n").write("V2__receipts.sql", "CREATE TABLE receipts (id INT);\n");
        Consumer<MigratorConfig.Builder> second = b -> b.locations(billing.location()).table("billing_history");

        assertThatThrownBy(() -> migrator(second).migrate()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no table billing_history");
        assertThat(migrator(second.andThen(b -> b.baselineOnMigrate(true).baselineVersion("0"))).migrate().applied())
                .extracting(s -> s.version()).containsExactly("1", "2");
        assertThat(migrator(second).status().applied()).extracting(AppliedMigration::version).containsExactly("0", "1", "2");
        assertThat(migrator(b -> b.table("orders_history")).status().applied()).extracting(AppliedMigration::version).containsExactly("1");
    }

    @Test
    void anEmptyHistoryTableMeansTheSchemaIsManagedAlready() throws Exception {
        // A history table that exists, even empty, means Migrate already manages the schema (as after a
        // first migration that failed and was rolled back), so tables beside it are the application's.
        files.table(1);
        migrator().migrate();
        migrator().rollback(RollbackRequest.base());
        db.execute("CREATE TABLE made_by_hand (id INT)");
        assertThat(migrator().validate().errors()).isEmpty();
        // Not even baselineOnMigrate takes it for a database to adopt: a baseline at 1 would skip V1 for good.
        assertThat(migrator(b -> b.baselineOnMigrate(true)).migrate().applied()).extracting(s -> s.version()).containsExactly("1");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::type).containsExactly(MigrationType.SQL);
    }

    // ---------------------------------------------------------------- failures and dirty state

    @Test
    void failedMigrationReportsFileAndLineAndLeavesNothingWhereDdlIsTransactional() {
        files.table(1).write("V2__broken.sql", "CREATE TABLE t2 (id INT);\nINSERT INTO t2 VALUES (1);\n\nTHIS IS NOT SQL;\n")
                .table(3);
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__broken.sql line 4").contains("THIS IS NOT SQL");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.version()).isEqualTo("2");
        assertThat(db.tableNames()).contains("t1").doesNotContain("t3");
        if (transactionalDdl()) {
            assertThat(db.tableNames()).doesNotContain("t2");
            assertThat(appliedVersions()).containsExactly("1");
            assertThat(e.getMessage()).contains("rolled back; nothing of it remains").contains("Fix the script and run again");
            assertThat(migrator().status().failed()).isEmpty();
        } else {
            assertThat(migrator().status().failed()).singleElement().satisfies(f -> {
                assertThat(f.version()).isEqualTo("2");
                assertThat(f.state()).isEqualTo(MigrationState.FAILED);
                assertThat(f.error()).contains("line 4");
            });
            assertThat(e.getMessage()).contains("marked FAILED").contains("'repair'");
        }
        assertThat(migrator().history()).extracting(AuditEntry::outcome).containsExactly("SUCCESS", "FAILURE");
    }

    @Test
    void failureOutsideATransactionLeavesTheDatabaseDirtyUntilRepaired() {
        files.table(1).write("V2__broken.sql", "-- migrate:no-transaction\nCREATE TABLE t2 (id INT);\nNOT SQL AT ALL;\n").table(3);
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(MigrationFailedException.class);
        assertThat(db.tableNames()).contains("t2");

        StatusResult status = migrator().status();
        assertThat(status.isDirty()).isTrue();
        assertThat(status.failed()).extracting(AppliedMigration::version).containsExactly("2");

        DirtyDatabaseException dirty = catchThrowableOfType(DirtyDatabaseException.class, () -> migrator().migrate());
        assertThat(dirty.getMessage()).contains("V2__broken.sql (version 2)").contains("line 3").contains("'repair'")
                .contains("'rollback'");
        assertThat(migrator().validate().errors()).anySatisfy(p -> assertThat(p).contains("V2__broken.sql is FAILED"));

        db.execute("DROP TABLE t2");
        files.write("V2__broken.sql", "-- migrate:no-transaction\nCREATE TABLE t2 (id INT);\n");
        assertThat(migrator().repair().removedDirty()).containsExactly("V2__broken.sql");
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("2", "3");
    }

    /**
     * A script whose own transaction, opened by its first statement, fails: where that transaction holds DDL
     * (PostgreSQL, SQLite) the rollback Migrate sends undoes all of it, so it counts as a migration rolled back in
     * Migrate's transaction (no row, nothing to repair) and the error says so, not that it may be partly applied; where
     * DDL commits at once it stays FAILED, and says that. Either way the lock of a pooled connection is freed.
     */
    @Test
    void failedScriptWithItsOwnTransactionIsRecordedAndFreesTheLockOfAPooledConnection() throws Exception {
        files.table(1).write("V2__own_tx.sql", "BEGIN;\nCREATE TABLE a (x INT);\nINSERT INTO nosuch VALUES (1);\nCOMMIT;\n");
        try (dev.migrate.testing.OneConnectionPool pool = new dev.migrate.testing.OneConnectionPool(db.dataSource())) {
            Migrator pooled = Migrator.create(pool.dataSource(), MigratorConfig.builder().locations(files.location()).build());
            MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, pooled::migrate);
            assertThat(e.getMessage()).contains("V2__own_tx.sql line 3").containsIgnoringCase("nosuch");
            assertThat(e.line()).isEqualTo(3);
            assertThat(migrator().history()).extracting(AuditEntry::outcome).containsExactly("SUCCESS", "FAILURE");
            assertThat(migrator().history().get(1).details()).contains("V2__own_tx.sql line 3").containsIgnoringCase("nosuch");

            // What the script did is undone where the database can undo DDL; elsewhere its CREATE committed.
            assertThat(db.tableNames()).contains("t1");
            if (transactionalDdl()) {
                assertThat(e.getMessage()).contains("It ran in its own transaction, opened by its BEGIN at line 1, which was"
                        + " rolled back; nothing of it remains. Fix the script and run again.").doesNotContain("FAILED");
                assertThat(db.tableNames()).doesNotContain("a");
                assertThat(migrator().status().isDirty()).isFalse();
            } else {
                assertThat(e.getMessage()).contains("is marked FAILED and may be partly applied").contains("'repair'");
                assertThat(db.tableNames()).contains("a");
                db.execute("DROP TABLE a");
                StatusResult status = migrator().status();
                assertThat(status.failed()).singleElement().satisfies(f -> {
                    assertThat(f.version()).isEqualTo("2");
                    assertThat(f.state()).isEqualTo(MigrationState.FAILED);
                    assertThat(f.error()).contains("line 3").containsIgnoringCase("nosuch");
                });

                // The lock is free at once for another connection: a held one would time out after 1 s.
                DirtyDatabaseException dirty = catchThrowableOfType(DirtyDatabaseException.class,
                        () -> migrator(b -> b.lockTimeout(java.time.Duration.ofSeconds(1))).migrate());
                assertThat(dirty.getMessage()).contains("V2__own_tx.sql (version 2) failed").containsIgnoringCase("nosuch")
                        .doesNotContain("interrupted");
                assertThat(pooled.repair().removedDirty()).containsExactly("V2__own_tx.sql");
            }

            // The pooled connection is back in a usable state: no transaction left open on it.
            files.write("V2__own_tx.sql", "BEGIN;\nCREATE TABLE a (x INT);\nINSERT INTO a VALUES (1);\nCOMMIT;\n");
            assertThat(pooled.migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        }
        assertThat(db.count("SELECT COUNT(*) FROM a")).isEqualTo(1);
        assertThat(migrator().status().applied()).extracting(AppliedMigration::state)
                .containsExactly(MigrationState.SUCCESS, MigrationState.SUCCESS);
        assertThat(migrator(b -> b.lockTimeout(java.time.Duration.ofSeconds(1))).repair().removedDirty()).isEmpty();
    }

    /**
     * A script that fails part-way where DDL commits at once (MariaDB, H2): the error and the FAILED row name the
     * statements that ran and stay, say that the data changes after the last of them were undone, and the next run's
     * refusal repeats it. One that fails at its first statement says that nothing ran before it. It used to say only
     * that the migration "may be partly applied", leaving the user to find out what of it stayed.
     */
    @Test
    void aScriptThatFailsPartWayNamesWhatOfItStays() {
        files.write("V1__part.sql", "CREATE TABLE a (x INT);\nINSERT INTO a VALUES (1);\nCREATE TABLE b (x INT);\n"
                + "INSERT INTO a VALUES (2);\nINSERT INTO nosuch VALUES (1);\nCREATE TABLE c (x INT);\n");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.line()).isEqualTo(5);
        if (transactionalDdl()) {
            assertThat(e.getMessage()).contains("The migration was rolled back; nothing of it remains");
            assertThat(db.tableNames()).doesNotContain("a", "b", "c");
            return;
        }
        assertThat(e.getMessage()).contains("V1__part.sql (version 1) is marked FAILED and partly applied: lines 1 to 3 (3 statements)"
                + " of V1__part.sql ran before it and stay (", " commits DDL at once); the data changes after them were undone with"
                + " its transaction; the script stopped at line 5.", "'repair'", "'rollback'").doesNotContain("may be");
        assertThat(db.tableNames()).contains("a", "b").doesNotContain("c");
        assertThat(db.count("SELECT COUNT(*) FROM a")).isEqualTo(1);
        assertThat(migrator().status().failed()).singleElement().satisfies(f -> assertThat(f.error()).startsWith("line 5: ")
                .endsWith("; ran before it and stays: lines 1 to 3 (3 statements) of V1__part.sql"));
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(DirtyDatabaseException.class)
                .hasMessageContaining("ran before it and stays: lines 1 to 3 (3 statements) of V1__part.sql. It is partly applied.");

        db.execute("DROP TABLE a");
        db.execute("DROP TABLE b");
        assertThat(migrator().repair().removedDirty()).containsExactly("V1__part.sql");
        files.write("V1__part.sql", "INSERT INTO nosuch VALUES (1);\nCREATE TABLE c (x INT);\n");
        MigrationFailedException first = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(first.getMessage()).contains("V1__part.sql (version 1) is marked FAILED and may be partly applied, though only by"
                + " the failed statement: no statement ran before it.");
        assertThat(migrator().status().failed()).singleElement().satisfies(f -> assertThat(f.error()).doesNotContain("stays"));
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(DirtyDatabaseException.class)
                .hasMessageContaining("It may be partly applied");
    }

    /**
     * A statement before the script's BEGIN ran on its own and stays: the failure inside the transaction leaves the
     * script FAILED and partly applied on every database, and the error says so; so does a transaction the script
     * committed before the one that failed.
     */
    @Test
    void aScriptThatFailsInItsOwnTransactionAfterOtherWorkStaysFailed() {
        files.table(1).write("V2__pre.sql", "CREATE TABLE pre (x INT);\nBEGIN;\nCREATE TABLE a (x INT);\nINSERT INTO nosuch VALUES (1);\nCOMMIT;\n");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__pre.sql line 4").contains("is marked FAILED and may be partly applied");
        assertThat(db.tableNames()).contains("pre");
        assertThat(migrator().status().failed()).extracting(AppliedMigration::version).containsExactly("2");

        db.execute("DROP TABLE pre");
        if (!transactionalDdl()) {
            db.execute("DROP TABLE a");
        }
        files.write("V2__pre.sql", "BEGIN;\nCREATE TABLE pre (x INT);\nCOMMIT;\nBEGIN;\nINSERT INTO nosuch VALUES (1);\nCOMMIT;\n");
        assertThat(migrator().repair().removedDirty()).containsExactly("V2__pre.sql");
        MigrationFailedException second = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(second.getMessage()).contains("V2__pre.sql line 5").contains("is marked FAILED and may be partly applied");
        assertThat(db.tableNames()).contains("pre");
    }

    /**
     * A script whose BEGIN has no COMMIT: the database never kept what followed the BEGIN, so the script
     * fails (rather than being recorded as applied with its rows lost), naming the BEGIN's line.
     */
    @Test
    void aScriptThatLeavesItsOwnTransactionOpenFailsNamingTheStatementThatOpenedIt() {
        files.table(1).write("V2__open.sql", "CREATE TABLE t2 (id INT);\nBEGIN;\nINSERT INTO t2 VALUES (1);\n");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__open.sql line 2 failed: the script left a transaction open (BEGIN without a COMMIT)")
                .contains("it was rolled back").contains("marked FAILED");
        assertThat(e.line()).isEqualTo(2);
        assertThat(db.count("SELECT COUNT(*) FROM t2")).as("the insert after BEGIN").isZero();
        assertThat(migrator().status().failed()).singleElement().satisfies(f -> assertThat(f.error()).contains("left a transaction open"));
        assertThat(migrator().history()).extracting(AuditEntry::outcome).containsExactly("SUCCESS", "FAILURE");

        files.write("V2__open.sql", "BEGIN;\nINSERT INTO t2 VALUES (1);\nCOMMIT;\n");
        assertThat(migrator().repair().removedDirty()).containsExactly("V2__open.sql");
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM t2")).isEqualTo(1);
        if (kind() == DatabaseKind.MARIADB || kind() == DatabaseKind.H2) {
            String off = kind() == DatabaseKind.MARIADB ? "SET autocommit = 0" : "SET AUTOCOMMIT OFF";
            // Auto-commit turned off and everything committed: nothing is open, the script is applied, auto-commit comes back.
            files.write("V3__committed.sql", "-- migrate:no-transaction\n" + off + ";\nINSERT INTO t2 VALUES (3);\nCOMMIT;\n");
            assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("3");
            assertThat(db.count("SELECT COUNT(*) FROM t2")).isEqualTo(2);
            files.write("V4__autocommit_off.sql", "-- migrate:no-transaction\n" + off + ";\nINSERT INTO t2 VALUES (4);\n");
            MigrationFailedException open = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
            assertThat(open.getMessage()).contains("V4__autocommit_off.sql line 2 failed: the script left a transaction open"
                    + " (" + off + " without a COMMIT)");
            assertThat(db.count("SELECT COUNT(*) FROM t2")).isEqualTo(2);
        }
        // Nothing of it stays on the connection: the next run starts clean.
        assertThat(migrator().status().applied()).extracting(AppliedMigration::version).contains("1", "2");
    }

    @Test
    void dirtyMigrationCanBeRolledBackWithItsDown() {
        files.table(1).write("V2__half.sql", "-- migrate:no-transaction\nCREATE TABLE t2 (id INT);\nNOT SQL;\n")
                .write("U2__half.sql", "DROP TABLE t2;");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(MigrationFailedException.class);
        RollbackResult result = migrator().rollback(RollbackRequest.last());
        assertThat(result.rolledBack()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.tableNames()).doesNotContain("t2");
        assertThat(migrator().status().isDirty()).isFalse();
    }

    @Test
    void aFlywayScriptConfigurationFileWithExecuteInTransactionFalseRunsTheScriptOutsideATransaction() {
        files.table(1).write("V2__half.sql", "CREATE TABLE t2 (id INT);\nINSERT INTO t1 (id, name) VALUES (1, 'kept');\nNOT SQL;\n")
                .write("V2__half.sql.conf", "# Flyway script configuration\nexecuteInTransaction=false\n");
        assertThat(migrator().planMigrate(null).steps()).filteredOn(s -> "2".equals(s.version())).singleElement()
                .satisfies(s -> {
                    assertThat(s.transactional()).isFalse();
                    assertThat(s.notes()).contains("runs outside a transaction (V2__half.sql.conf says executeInTransaction=false)");
                });
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__half.sql line 3").contains("marked FAILED");
        // Outside a transaction what ran before the failure stays, on every database: without the
        // setting the insert would be rolled back (and the CREATE too, where DDL is transactional).
        assertThat(db.tableNames()).contains("t2");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isEqualTo(1);
        assertThat(migrator().status().failed()).extracting(AppliedMigration::version).containsExactly("2");
    }

    @Test
    void aScriptConfigurationThatAsksForATransactionTheScriptCannotHaveIsRefusedBeforeAnythingRuns() {
        files.table(1).write("V2__own.sql", "CREATE TABLE t2 (id INT);\nBEGIN;\nINSERT INTO t2 VALUES (1);\nCOMMIT;\n")
                .write("V2__own.sql.conf", "executeInTransaction=true\n");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__own.sql line 2 (BEGIN) controls the transaction itself")
                .contains("V2__own.sql.conf says executeInTransaction=true");
        assertThat(migrator().validate().errors()).anySatisfy(p -> assertThat(p).contains("V2__own.sql line 2"));
        assertThat(db.tableNames()).doesNotContain("t1", "t2");

        files.write("V2__own.sql.conf", "executeInTransaction=maybe\n");
        ValidationException bad = catchThrowableOfType(ValidationException.class, () -> migrator().migrate());
        assertThat(bad.getMessage()).contains("V2__own.sql.conf: line 1: executeInTransaction is 'maybe', but it takes true or false");
        assertThat(db.tableNames()).doesNotContain("t1", "t2");
    }

    @Test
    void aGroupAppliesTheMigrationsOfARunAllOrNone() {
        files.table(1).table(2).write("V3__broken.sql", "CREATE TABLE t3 (id INT);\nNOT SQL;\n");
        Consumer<MigratorConfig.Builder> group = b -> b.group(true);
        if (!transactionalDdl()) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> migrator(group).migrate());
            assertThat(e.getMessage()).contains("group is on, but").contains("commits each DDL statement by itself")
                    .contains("on-failure=rollback-run");
            assertThat(db.tableNames()).doesNotContain("t1", "t2", "t3");
            assertThat(migrator(group).planMigrate(null).warnings())
                    .anySatisfy(w -> assertThat(w).startsWith("migrate will refuse this plan: group is on, but"));
            return;
        }
        assertThat(migrator(group).planMigrate(null).notes()).contains("group: the 3 steps run in one transaction, all of them or none");
        // Listeners (metrics) hear of the steps the group's rollback undid as failed, never as applied.
        List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.migrate.MigrationListener listener = new dev.migrate.MigrationListener() {
            @Override
            public void migrationFinished(dev.migrate.MigrationEvent event, java.time.Duration duration, Throwable failure) {
                finished.add(event.version() + (failure == null ? " ok" : failure instanceof dev.migrate.GroupRolledBackException
                        ? " undone: " + failure.getMessage() : " failed: " + failure.getMessage().lines().findFirst().orElse("")));
            }
        };
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator(group.andThen(b -> b.listener(listener)))
                .migrate());
        assertThat(finished).hasSize(3);
        assertThat(finished.subList(0, 2)).containsExactly("1 undone: Rolled back with its group: V3__broken.sql failed after it",
                "2 undone: Rolled back with its group: V3__broken.sql failed after it");
        assertThat(finished.get(2)).startsWith("3 failed: ");
        assertThat(e.getMessage()).contains("V3__broken.sql line 2").contains("group: the run's transaction was rolled back")
                .contains("(V1__create_t1.sql, V2__create_t2.sql) is undone too");
        assertThat(db.tableNames()).doesNotContain("t1", "t2", "t3");
        assertThat(migrator().status().applied()).isEmpty();
        assertThat(migrator().history()).extracting(AuditEntry::outcome).containsExactly("FAILURE");

        // A migration that must run outside a transaction cannot join: refused before anything runs.
        files.write("V3__broken.sql", "CREATE TABLE t3 (id INT);\n").write("V4__outside.sql",
                "-- migrate:no-transaction\nCREATE TABLE t4 (id INT);\n");
        ValidationException refused = catchThrowableOfType(ValidationException.class, () -> migrator(group).migrate());
        assertThat(refused.getMessage()).contains("V4__outside.sql (version 4) runs outside a transaction (-- migrate:no-transaction),"
                + " so it cannot join the group's transaction");
        assertThat(db.tableNames()).doesNotContain("t1", "t4");

        finished.clear();
        assertThat(migrator(group.andThen(b -> b.listener(listener))).migrate("3").applied()).extracting(s -> s.version())
                .containsExactly("1", "2", "3");
        assertThat(finished).containsExactly("1 ok", "2 ok", "3 ok");
        assertThat(db.tableNames()).contains("t1", "t2", "t3");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::batch).containsOnly(1);
    }

    @Test
    void batchedStatementsGoInBatchesAndAFailedBatchNamesItsStatementAndLeavesNothing() {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 120; i++) {
            script.append("INSERT INTO t1 (id, name) VALUES (").append(i).append(", 'n").append(i).append("');\n");
        }
        script.append("CREATE TABLE t_mid (id INT PRIMARY KEY);\n");
        for (int i = 121; i <= 250; i++) {
            script.append("INSERT INTO t1 (id, name) VALUES (").append(i).append(", 'n").append(i).append("');\n");
        }
        script.append("UPDATE t1 SET name = 'updated' WHERE id > 200;\nDELETE FROM t1 WHERE id > 245;\n");
        files.table(1).write("V2__rows.sql", script.toString());
        dev.migrate.testing.RecordingDataSource recording = new dev.migrate.testing.RecordingDataSource(db.dataSource());
        MigratorConfig config = MigratorConfig.builder().locations(files.location()).environment("dev").batchStatements(true).build();

        assertThat(Migrator.create(db.dataSource(), config).planMigrate(null).steps().get(1).notes())
                .contains("batch-statements: 252 of its 253 statements go in 4 batches");
        Migrator.create(recording.dataSource(), config).migrate();

        // 120 inserts, the DDL alone, then 130 inserts, the UPDATE and the DELETE.
        assertThat(recording.batchSizes()).containsExactly(100, 20, 100, 32);
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isEqualTo(245);
        assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE name = 'updated'")).isEqualTo(45);
        assertThat(db.tableNames()).contains("t_mid");

        // Statement 120 repeats a key: the error names its line, and none of the 150 rows stays, although
        // a driver may have run the statements after it in the batch.
        StringBuilder broken = new StringBuilder();
        for (int i = 1; i <= 150; i++) {
            broken.append("INSERT INTO t1 (id, name) VALUES (").append(i == 120 ? 5 : 1000 + i).append(", 'b');\n");
        }
        files.write("V3__broken_rows.sql", broken.toString());
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> Migrator.create(recording.dataSource(), config).migrate());
        assertThat(e.getMessage()).contains("V3__broken_rows.sql line 120").contains("Statement: INSERT INTO t1 (id, name) VALUES (5, 'b')");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isEqualTo(245);
        assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE id > 1000")).isZero();

        // Without the setting, the same statements go one by one.
        recording.batchSizes().clear();
        files.delete("V3__broken_rows.sql");
        migrator(b -> b.cleanAllowed(true)).clean();
        Migrator.create(recording.dataSource(), config.toBuilder().batchStatements(false).build()).migrate();
        assertThat(recording.batchSizes()).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isEqualTo(245);
    }

    @Test
    void markAppliedRecordsPendingMigrationsWithoutRunningThem() {
        files.table(1);
        migrator().migrate();
        // A hotfix made by hand in production; its migration is written afterwards.
        db.execute("CREATE TABLE t2 (id INT PRIMARY KEY, name VARCHAR(50))");
        files.table(2).table(3).write("R__names.sql", "SELECT 1;\n");

        // What it would record, and recorded only against the history planned.
        Plan planned = migrator().planMarkApplied("2");
        assertThat(planned.steps()).extracting(PlanStep::script).containsExactly("V2__create_t2.sql");
        assertThatThrownBy(() -> migrator().markApplied("2", "0123456789ab")).isInstanceOf(StalePlanException.class);
        assertThat(migrator().status().current()).isEqualTo("1");

        MigrateResult marked = migrator().markApplied("2", planned.fingerprint());
        assertThat(marked.applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(marked.applied()).extracting(s -> s.executionTimeMs()).containsOnly(0L);
        assertThat(marked.batch()).isEqualTo(2);
        assertThat(marked.toVersion()).isEqualTo("2");
        assertThat(db.tableNames()).doesNotContain("t3");
        assertThat(withoutRefusals(migrator().history())).filteredOn(a -> "MARK_APPLIED".equals(a.operation())).singleElement()
                .satisfies(a -> {
                    assertThat(a.version()).isEqualTo("2");
                    assertThat(a.details()).isEqualTo("recorded as applied without running it");
                });
        assertThat(migrator().history()).filteredOn(a -> AuditEntry.REFUSED.equals(a.outcome())).singleElement()
                .satisfies(a -> assertThat(a.description()).isEqualTo("mark-applied target=2"));
        StatusResult status = migrator().status();
        assertThat(status.current()).isEqualTo("2");
        assertThat(status.problems()).isEmpty();

        // The migration that was not made by hand runs as usual, and the marked one can be rolled back with its down.
        assertThat(migrator().migrate().applied()).extracting(s -> s.script()).containsExactly("V3__create_t3.sql", "R__names.sql");
        assertThat(migrator().markApplied(null).applied()).isEmpty();
        assertThat(migrator().rollback(RollbackRequest.toVersion("1")).rolledBack()).extracting(s -> s.version())
                .containsExactly("3", "2");
        assertThat(db.tableNames()).doesNotContain("t2", "t3");
    }

    /**
     * The plan of mark-applied, against which a plan --sql script's id is checked once the script ran, does not depend on
     * the time: ${migrate:timestamp} stays as written there, while migrate's plan shows the value it would write.
     */
    @Test
    void aMarkAppliedPlanDoesNotDependOnTheTime() {
        files.write("V1__stamp.sql", "CREATE TABLE stamp (at VARCHAR(30));\nINSERT INTO stamp VALUES ('${migrate:timestamp}');\n");
        assertThat(migrator().planMarkApplied(null).steps().get(0).statements()).extracting(PlanStep.PlannedStatement::sql)
                .containsExactly("CREATE TABLE stamp (at VARCHAR(30))", "INSERT INTO stamp VALUES ('${migrate:timestamp}')");
        assertThat(migrator().planMigrate(null).steps().get(0).statements().get(1).sql())
                .matches("INSERT INTO stamp VALUES \\('\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d'\\)");
    }

    /** A schema whose tables were made by running the migrations' SQL by hand: migrate refuses it, marking adopts it. */
    @Test
    void markAppliedAndItsPlanAdoptASchemaWithTablesAndNoHistory() {
        files.table(1).table(2);
        db.execute("CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(50))");
        db.execute("CREATE TABLE t2 (id INT PRIMARY KEY, name VARCHAR(50))");
        assertThatThrownBy(() -> migrator().planMigrate(null)).isInstanceOf(dev.migrate.NonEmptySchemaException.class);
        Plan planned = migrator().planMarkApplied(null);
        assertThat(planned.steps()).extracting(PlanStep::script).containsExactly("V1__create_t1.sql", "V2__create_t2.sql");
        assertThat(migrator().markApplied(null, planned.fingerprint()).applied()).hasSize(2);
        assertThat(migrator().status().current()).isEqualTo("2");
    }

    /** With baseline-on-migrate, mark-applied (and its plan, which a plan --sql script's id is checked against) starts as migrate does. */
    @Test
    void markAppliedWithBaselineOnMigrateRecordsTheBaselineFirstAsMigrateWould() {
        files.table(1).table(2).table(3);
        db.execute("CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(50))");
        Consumer<MigratorConfig.Builder> adopt = b -> b.baselineOnMigrate(true).baselineVersion("2");
        Plan planned = migrator(adopt).planMarkApplied(null);
        assertThat(planned.steps()).extracting(PlanStep::version).containsExactly("3");
        assertThat(migrator(adopt).markApplied(null, planned.fingerprint()).applied()).extracting(s -> s.version()).containsExactly("3");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::version, AppliedMigration::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2", MigrationType.BASELINE), org.assertj.core.groups.Tuple.tuple("3", MigrationType.SQL));
    }

    /**
     * markApplied records its rows in one transaction: one that fails part-way records none of them, and the attempt
     * is a MARK_APPLIED FAILURE row written after the rollback (it left no trace at all).
     */
    @Test
    void aMarkAppliedThatFailsPartWayRecordsNothingButItsFailure() {
        files.table(1);
        migrator().migrate();
        files.table(2).table(3);
        // Both would go into batch 2: the second insert breaks the index.
        db.execute("CREATE UNIQUE INDEX one_row_per_batch ON migrate_history (batch)");
        try {
            String error = catchThrowable(() -> migrator().markApplied(null)).getMessage();
            assertThat(error).containsAnyOf("one_row_per_batch", "ONE_ROW_PER_BATCH", "migrate_history.batch");
            assertThat(appliedVersions()).containsExactly("1");
            assertThat(migrator().history()).extracting(AuditEntry::operation, AuditEntry::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("APPLY", "SUCCESS"), org.assertj.core.groups.Tuple.tuple("MARK_APPLIED", "FAILURE"));
            assertThat(migrator().history().get(1).details()).isEqualTo("mark_applied failed: " + error);
        } finally {
            db.execute(kind() == DatabaseKind.MARIADB ? "DROP INDEX one_row_per_batch ON migrate_history" : "DROP INDEX one_row_per_batch");
        }
        assertThat(migrator().markApplied(null).applied()).hasSize(2);
    }

    @Test
    void markAppliedValidatesFirstAndChangesNothingOnAProblem() {
        files.table(1);
        migrator().migrate();
        files.table(2);
        DatabaseState before = state();
        assertThatThrownBy(() -> migrator().markApplied("9")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Target version 9 matches no migration");
        files.write("V1__create_t1.sql", "CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(99));\n");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> migrator().markApplied(null));
        assertThat(e.getMessage()).contains("V1__create_t1.sql");
        assertThat(state().history()).isEqualTo(before.history());
    }

    @Test
    void rollbackRunUndoesWhatTheFailedRunApplied() {
        files.table(1);
        migrator().migrate();
        files.table(2).table(3).write("V4__broken.sql", "CREATE TABLE t4 (id INT);\nBROKEN;\n").write("U4__broken.sql", "DROP TABLE t4;");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.onFailure(MigratorConfig.OnFailure.ROLLBACK_RUN)).migrate());
        assertThat(e.getMessage()).contains("on-failure=rollback-run: undid V3__create_t3.sql, V2__create_t2.sql");
        assertThat(db.tableNames()).contains("t1").doesNotContain("t2", "t3");
        if (transactionalDdl()) {
            assertThat(appliedVersions()).containsExactly("1");
            assertThat(e.getMessage()).contains("the database is back at its version before the run");
        } else {
            assertThat(appliedVersions()).containsExactly("1", "4");
            assertThat(e.getMessage()).contains("the failed V4__broken.sql itself stays marked FAILED and may be partly applied")
                    .doesNotContain("back at its version before the run");
        }
    }

    /** An undo of a failed run takes the repeatables it applied out of the history with the versions they depend on. */
    @Test
    void rollbackRunTakesOutTheRepeatablesDependingOnWhatItUndid() throws Exception {
        files.table(1);
        migrator().migrate();
        files.write("V2__t2.sql", "CREATE TABLE t2 (id INT);").write("U2__t2.sql", "DROP VIEW IF EXISTS v2;\nDROP TABLE t2;")
                .write("R__v2.sql", "-- migrate:depends-on 2\nCREATE VIEW v2 AS SELECT id FROM t2;").write("R__zz_broken.sql", "BROKEN;");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.onFailure(MigratorConfig.OnFailure.ROLLBACK_RUN)).migrate());
        assertThat(e.getMessage()).contains("on-failure=rollback-run: undid V2__t2.sql; took R__v2.sql out of the history")
                .doesNotContain("could not undo R__v2.sql");
        assertThat(db.tableNames()).doesNotContain("t2", "v2");
        assertThat(migrator().status().applied()).extracting(AppliedMigration::script).doesNotContain("R__v2.sql");
        assertThat(appliedVersions()).startsWith("1").doesNotContain("2");

        files.write("R__zz_broken.sql", "CREATE TABLE zz (id INT);");
        if (!transactionalDdl()) {
            migrator().repair();
        }
        assertThat(migrator().migrate().applied()).extracting(s -> s.script()).containsExactly("V2__t2.sql", "R__v2.sql", "R__zz_broken.sql");
        assertThat(row("SELECT COUNT(*) FROM v2")).containsExactly("0");
    }

    /**
     * The downs of an undo by on-failure=rollback-run are audited as automatic, so that nobody takes them for a rollback
     * someone asked for; they still tell lastBatch() that the run's versions were undone, so it goes past the repeatable
     * the undo left, to the run before.
     */
    @Test
    void rollbackRunAuditsItsUndoAsAutomaticAndLastBatchStillReadsIt() {
        files.table(1);
        migrator().migrate();
        files.write("V2__t2.sql", "CREATE TABLE t2 (id INT);").write("U2__t2.sql", "DROP VIEW IF EXISTS v2;\nDROP TABLE t2;")
                .write("R__a.sql", "CREATE VIEW va AS SELECT 1 AS x;")
                .write("R__v2.sql", "-- migrate:depends-on 2\nCREATE VIEW v2 AS SELECT id FROM t2;").write("R__zz_broken.sql", "BROKEN;");
        int before = migrator().history().size();
        catchThrowableOfType(MigrationFailedException.class, () -> migrator(b -> b.onFailure(MigratorConfig.OnFailure.ROLLBACK_RUN)).migrate());
        String automatic = "automatic undo of the run (on-failure=rollback-run) after R__zz_broken.sql failed";
        List<AuditEntry> undo = migrator().history().subList(before, migrator().history().size()).stream()
                .filter(e -> e.operation().equals("ROLLBACK")).toList();
        assertThat(undo).extracting(AuditEntry::script, AuditEntry::outcome, AuditEntry::details).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("V2__t2.sql", AuditEntry.SUCCESS, "applied in batch 2; " + automatic),
                org.assertj.core.groups.Tuple.tuple("R__v2.sql", AuditEntry.SUCCESS,
                        "depends on version 2, which was rolled back: the next migrate applies it again; " + automatic));

        if (!transactionalDdl()) {
            migrator().repair();
        }
        RollbackResult manual = migrator().rollback(RollbackRequest.lastBatch());
        assertThat(manual.rolledBack()).extracting(s -> s.version()).containsExactly("1");
        assertThat(migrator().history()).last().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("ROLLBACK");
            assertThat(e.details()).as("a rollback asked for is not automatic").isEqualTo("applied in batch 1");
        });
    }

    /**
     * A refusal is recorded while another process holds the lock, without waiting for it, by the caller named; with no
     * audit table it is not recorded, and the table is not made for it.
     */
    @Test
    void aRefusalIsRecordedWithoutTheLockAndNeverMakesTheAuditTable() throws Exception {
        assertThat(migrator().performedBy("mallory").recordRefusal(dev.migrate.Operation.ROLLBACK, "rollback last", "no planId"))
                .isFalse();
        assertThat(db.tableNames()).doesNotContain("migrate_audit");
        assertThatThrownBy(() -> migrator().recordRefusal(dev.migrate.Operation.STATUS, "status", "no"))
                .isInstanceOf(IllegalArgumentException.class);

        Blocking blocking = new Blocking();
        Thread holder = new Thread(() -> migrator(b -> b.javaMigration(blocking)).migrate());
        holder.start();
        boolean written;
        try {
            assertThat(blocking.started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            written = migrator().performedBy("mallory").recordRefusal(dev.migrate.Operation.ROLLBACK, "rollback steps=2",
                    "Actuator endpoint refused rollback steps=2 (428): confirmation required");
            assertThat((System.nanoTime() - start) / 1_000_000).as("no wait for the lock").isLessThan(5_000L);
        } finally {
            blocking.release.countDown();
            holder.join(60_000);
        }
        // SQLite lets one connection write at a time: a refusal while a migration writes is logged instead of waiting.
        if (kind() != DatabaseKind.SQLITE) {
            assertThat(written).isTrue();
        }
        if (written) {
            assertThat(migrator().history()).filteredOn(e -> AuditEntry.REFUSED.equals(e.outcome())).singleElement().satisfies(e -> {
                assertThat(e.operation()).isEqualTo("ROLLBACK");
                assertThat(e.version()).isNull();
                assertThat(e.description()).isEqualTo("rollback steps=2");
                assertThat(e.performedBy()).isEqualTo("mallory");
                assertThat(e.details()).isEqualTo("Actuator endpoint refused rollback steps=2 (428): confirmation required");
                assertThat(e.durationMs()).isZero();
            });
        }
        assertThat(appliedVersions()).containsExactly("1");
    }

    /** A multi-migration rollback that fails part-way names what it rolled back before the failure. */
    @Test
    void aRollbackThatFailsPartWayNamesWhatItRolledBackBefore() {
        files.table(1).table(2).table(3).write("U2__create_t2.sql", "DROP TABLE no_such_table;");
        migrator().migrate();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator().rollback(RollbackRequest.lastBatch()));
        assertThat(e.getMessage()).contains("U2__create_t2.sql").contains("Rolled back before it, and staying so: V3__create_t3.sql.");
        assertThat(db.tableNames()).contains("t1", "t2").doesNotContain("t3");
    }

    /** A step that drops Migrate's history table and then fails: the error must not claim a FAILED mark it could not write. */
    @Test
    void aFailedStepThatDroppedTheHistoryTableSaysItWasNotMarked() {
        files.table(1).write("V2__evil.sql", "-- migrate:no-transaction\nDROP TABLE migrate_history;\nBROKEN;\n");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.getMessage()).contains("V2__evil.sql line 3 failed").contains("was NOT marked FAILED and is partly applied: line 2 of"
                        + " V2__evil.sql ran before it and stays")
                .contains("The FAILED mark could not be written to migrate_history").doesNotContain(" is marked FAILED");
    }

    /** An undo that fails stops there: the message names what it undid, what failed, and what it did not try. */
    @Test
    void rollbackRunThatCannotUndoAMigrationNamesTheOnesItDidNotTry() {
        files.table(1);
        migrator().migrate();
        files.table(2).table(3).table(4).write("U3__create_t3.sql", "DROP TABLE no_such_table;")
                .write("V5__broken.sql", "-- migrate:irreversible\nBROKEN;\n");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.onFailure(MigratorConfig.OnFailure.ROLLBACK_RUN)).migrate());
        assertThat(e.getMessage()).contains("on-failure=rollback-run: undid V4__create_t4.sql; could not undo V3__create_t3.sql (")
                .contains("V2__create_t2.sql (not tried: the undo stopped at the failure before it)")
                .doesNotContain("back at its version before the run");
        assertThat(db.tableNames()).contains("t1", "t2", "t3").doesNotContain("t4");
    }

    /**
     * An undo that meets a migration without a down stops there, as rollback would refuse to go past it: it went on and
     * reverted V1 under V2, which depends on it and stayed applied (and the next migrate found V1 out of order).
     */
    @Test
    void rollbackRunStopsAtAMigrationThatStaysApplied() {
        files.table(1).write("V2__keep.sql", "-- migrate:depends-on 1\n-- migrate:irreversible\nCREATE TABLE keep (id INT);\n")
                .write("V3__bad.sql", "CREATE TABLE bad (id INT);\nNOT SQL;\n").write("U3__bad.sql", "DROP TABLE bad;\n");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.onFailure(MigratorConfig.OnFailure.ROLLBACK_RUN)).migrate());
        assertThat(e.getMessage()).contains("V3__bad.sql line 2 failed")
                .contains("on-failure=rollback-run: undid nothing; could not undo V2__keep.sql (no down), V1__create_t1.sql (not tried:"
                        + " the undo stopped at V2__keep.sql, which stays applied)")
                .doesNotContain("back at its version before the run");
        assertThat(db.tableNames()).contains("t1", "keep");
        if (!transactionalDdl()) {
            migrator().rollback(RollbackRequest.last());
        }
        assertThat(appliedVersions()).containsExactly("1", "2");
        assertThat(migrator().validate().errors()).isEmpty();
    }

    // ---------------------------------------------------------------- Java migrations

    /** A Java migration given as an instance, with a down. */
    @MigrationInfo(version = "2", description = "java table")
    public static class JavaTable implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE java_made (id INT)");
            context.execute("INSERT INTO java_made VALUES (" + context.version().toString() + ")");
        }

        @Override
        public void down(MigrationContext context) throws Exception {
            context.execute("DROP TABLE java_made");
        }
    }

    /** A Java migration whose down drops its first table, then fails. */
    @MigrationInfo(version = "2", description = "java two tables")
    public static class JavaDownFailsPartWay implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE ja (id INT)");
            context.execute("CREATE TABLE jb (id INT)");
        }

        @Override
        public void down(MigrationContext context) throws Exception {
            context.execute("DROP TABLE ja");
            context.execute("NOT SQL");
        }
    }

    /** What a Java down ran before it failed is not known: rollback may run it again, and the message says so. */
    @Test
    void aJavaDownThatFailsSaysItRunsAgainFromItsStart() {
        files.table(1);
        migrator(b -> b.javaMigration(new JavaDownFailsPartWay())).migrate();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new JavaDownFailsPartWay())).rollback(RollbackRequest.last()));
        if (transactionalDdl()) {
            assertThat(db.tableNames()).contains("ja", "jb");
            assertThat(e.getMessage()).contains("Its rollback was undone");
            return;
        }
        assertThat(db.tableNames()).contains("jb").doesNotContain("ja");
        assertThat(e.getMessage()).contains("may be partly rolled back")
                .contains("'rollback' runs down() again from its start, and what it did before the failure is not known here");
        assertThat(migrator(b -> b.javaMigration(new JavaDownFailsPartWay())).status().failed()).singleElement()
                .satisfies(f -> assertThat(f.error()).startsWith("rollback failed: "));
    }

    /** A Java migration that fails with an Error after its first statement, as one whose library is missing at run time. */
    @MigrationInfo(version = "2", description = "missing class")
    public static class MissingClass implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("INSERT INTO t1 (id, name) VALUES (1, 'half')");
            throw new NoClassDefFoundError("com/example/Missing");
        }
    }

    /**
     * An Error (not an Exception) from a Java migration or callback fails it like an exception: rolled back where the
     * database can, reported, never committed half-done by the auto-commit put back after it (which it was, before).
     */
    @Test
    void anErrorFromJavaCodeFailsItsMigrationWithoutCommittingHalfOfIt() {
        files.table(1);
        migrator().migrate();
        MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigrations(List.of(new MissingClass()))).migrate());
        assertThat(failed).isNotNull();
        assertThat(failed.getMessage()).contains("MissingClass").contains("NoClassDefFoundError: com/example/Missing");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).as("the insert before the Error").isZero();
        if (!transactionalDdl()) {
            migrator().repair();
        }
        assertThat(appliedVersions()).containsExactly("1");

        MigrationCallback throwsError = new MigrationCallback() {
            @Override
            public boolean supports(Event event) {
                return event == Event.AFTER_MIGRATE;
            }

            @Override
            public void handle(Event event, CallbackContext context) throws Exception {
                try (java.sql.Statement st = context.connection().createStatement()) {
                    st.execute("INSERT INTO t1 (id, name) VALUES (2, 'callback')");
                }
                throw new AssertionError("callback refused");
            }
        };
        files.table(2);
        dev.migrate.MigrateException afterFailed = catchThrowableOfType(dev.migrate.MigrateException.class,
                () -> migrator(b -> b.callback(throwsError)).migrate());
        assertThat(afterFailed).isNotNull();
        assertThat(afterFailed.getMessage()).contains("Callback").contains("(afterMigrate) failed: java.lang.AssertionError: callback refused");
        assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE id = 2")).as("rolled back where DDL is transactional")
                .isEqualTo(transactionalDdl() ? 0 : 1);
        assertThat(appliedVersions()).containsExactly("1", "2");
    }

    /**
     * An Error that escapes the run still runs afterMigrateError and leaves no group open: here an OutOfMemoryError
     * from a listener, the kind of error a listener's failure is not logged and ignored for.
     */
    @Test
    void anErrorThatEndsTheRunStillRunsAfterMigrateError() throws Exception {
        files.table(1).table(2).write("afterMigrateError.sql", logCallback("error"));
        dev.migrate.MigrationListener failing = new dev.migrate.MigrationListener() {
            @Override
            public void migrationStarted(dev.migrate.MigrationEvent event) {
                if ("2".equals(event.version())) {
                    throw new OutOfMemoryError("listener broke");
                }
            }
        };
        Consumer<MigratorConfig.Builder> withListener = transactionalDdl() ? b -> b.listener(failing).group(true)
                : b -> b.listener(failing);
        assertThatThrownBy(() -> migrator(withListener).migrate()).isInstanceOf(OutOfMemoryError.class).hasMessage("listener broke");
        assertThat(callbackLog()).containsExactly("error");
        assertThat(appliedVersions()).as("in a group, version 1 goes with it").containsExactly(transactionalDdl()
                ? new String[0] : new String[] {"1"});
    }

    /** A Java migration whose check refuses to run. */
    public static class V3__Refuses implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE never (id INT)");
        }

        @Override
        public boolean check(MigrationContext context) {
            return false;
        }
    }

    @Test
    void runsJavaMigrationsUpAndDown() {
        files.table(1);
        migrator(b -> b.javaMigration(new JavaTable())).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM java_made WHERE id = 2")).isEqualTo(1);
        AppliedMigration java = migrator(b -> b.javaMigration(new JavaTable())).status().applied().get(1);
        assertThat(java.type()).isEqualTo(MigrationType.JAVA);
        assertThat(java.description()).isEqualTo("java table");
        assertThat(java.script()).isEqualTo(JavaTable.class.getName());
        assertThat(java.reversible()).isTrue();
        migrator(b -> b.javaMigration(new JavaTable())).rollback(RollbackRequest.last());
        assertThat(db.tableNames()).doesNotContain("java_made");
    }

    @Test
    void javaCheckReturningFalseFailsBeforeAnyChange() {
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new V3__Refuses())).migrate());
        assertThat(e.getMessage()).contains("V3__Refuses").contains("check() returned false");
        assertThat(db.tableNames()).doesNotContain("never");
        assertThat(migrator(b -> b.javaMigration(new V3__Refuses())).status().isDirty()).isFalse();
    }

    // ---------------------------------------------------------------- batched data migrations

    /** Adds 1 to every row's counter, batch by batch; fails once at the batch containing {@code failAtKey}. */
    @MigrationInfo(version = "2", description = "count rows", transactional = false)
    public static class CountRows implements JavaMigration {
        volatile long failAtKey = -1;

        @Override
        public void up(MigrationContext context) throws Exception {
            context.batches("items", "id").size(1000).forEach(batch -> {
                batch.update("UPDATE items SET touched = touched + 1 WHERE id BETWEEN ? AND ?");
                if (failAtKey >= 0 && (Long) batch.first() <= failAtKey && failAtKey <= (Long) batch.last()) {
                    failAtKey = -1;
                    throw new IllegalStateException("simulated failure in batch " + batch.number());
                }
            });
        }
    }

    /** The same work inside the migration's transaction: all or nothing. */
    @MigrationInfo(version = "2", description = "count rows at once")
    public static class CountRowsInOneTransaction extends CountRows {
    }

    private void createItems(int rows) throws Exception {
        // Migrate's history comes first, as in an application whose first migration has run: a schema that
        // holds tables but no history is refused (aSchemaThatHoldsTablesButNoHistoryIsRefusedAndLeftAsItWas).
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, touched INT NOT NULL, other INT NOT NULL)");
        try (java.sql.Connection c = db.connect();
             java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, touched, other) VALUES (?, 0, 0)")) {
            c.setAutoCommit(false);
            for (int i = 1; i <= rows; i++) {
                // Gaps in the keys: batches follow the keys, not arithmetic ranges.
                ps.setLong(1, i * 3L);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }

    @Test
    void batchedDataMigrationReportsProgressAndTouchesEveryRowOnce() throws Exception {
        createItems(2500);
        files.write("V1__start.sql", "SELECT 1;");
        List<dev.migrate.ProgressEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.migrate.MigrationListener listener = new dev.migrate.MigrationListener() {
            @Override
            public void progress(dev.migrate.ProgressEvent event) {
                events.add(event);
            }
        };
        migrator(b -> b.javaMigration(new CountRows()).listener(listener)).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(2500);
        assertThat(events).extracting(dev.migrate.ProgressEvent::rowsDone).containsExactly(1000L, 2000L, 2500L);
        assertThat(events).extracting(dev.migrate.ProgressEvent::rowsTotal).containsOnly(2500L);
        assertThat(events.get(2).fraction()).isEqualTo(1.0);
        assertThat(events.get(0).task()).isEqualTo("items.id");
        assertThat(events.get(0).version()).isEqualTo("2");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
    }

    @Test
    void failedBatchedDataMigrationResumesAfterTheLastCommittedBatch() throws Exception {
        createItems(2500);
        CountRows migration = new CountRows();
        migration.failAtKey = 3 * 1500;
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(migration)).migrate());
        // The failure names the loop, the batch and its keys, so the row at fault can be found.
        assertThat(e.getMessage()).contains("Migration " + CountRows.class.getName() + " failed in batch loop items.id, batch 2"
                + " (keys 3003 to 6000, 1000 rows): simulated failure in batch 2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(1000);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 0")).isEqualTo(1500);
        assertThat(migrator(b -> b.javaMigration(migration)).status().failed()).singleElement().satisfies(row -> {
            assertThat(row.version()).isEqualTo("2");
            assertThat(row.error()).contains("batch loop items.id, batch 2 (keys 3003 to 6000, 1000 rows): simulated failure");
        });

        MigrateResult resumed = migrator(b -> b.javaMigration(migration)).migrate();
        assertThat(resumed.applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(2500);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
        StatusResult status = migrator(b -> b.javaMigration(migration)).status();
        assertThat(status.isDirty()).isFalse();
        assertThat(status.applied()).extracting(AppliedMigration::state).containsExactly(MigrationState.SUCCESS);
    }

    /**
     * A migrate with a target below it, or refused under the lock (a plan that no longer matches), leaves an interrupted data migration's
     * FAILED row as it was: the row is taken out to resume only by a run that goes on to apply it.
     */
    @Test
    void aRefusedMigrateLeavesTheFailedRowOfAnInterruptedDataMigration() throws Exception {
        createItems(2500);
        files.write("V1__start.sql", "SELECT 1;");
        CountRows migration = new CountRows();
        migration.failAtKey = 3 * 1500;
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).migrate()).isInstanceOf(MigrationFailedException.class);
        List<AuditEntry> trail = migrator().history();

        assertThat(migrator(b -> b.javaMigration(migration)).migrate("1").applied()).isEmpty();
        assertThat(migrator(b -> b.javaMigration(migration)).status().failed()).extracting(AppliedMigration::version)
                .as("a target below it").containsExactly("2");

        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).migrate(null, "not-the-fingerprint"))
                .isInstanceOf(dev.migrate.StalePlanException.class);
        assertThat(migrator(b -> b.javaMigration(migration)).status().failed()).extracting(AppliedMigration::version)
                .containsExactly("2");
        assertThat(withoutRefusals(migrator().history())).isEqualTo(trail);
        assertThat(migrator().history()).last().satisfies(a -> assertThat(a.outcome()).isEqualTo(AuditEntry.REFUSED));
    }

    /** Two loops over the same table and key: touched, then other; fails once in the second loop. */
    @MigrationInfo(version = "2", description = "two loops", transactional = false)
    public static class TwoLoops implements JavaMigration {
        volatile long failAtKey = -1;
        volatile String secondName;

        @Override
        public void up(MigrationContext context) throws Exception {
            context.batches("items", "id").size(1000)
                    .forEach(batch -> batch.update("UPDATE items SET touched = touched + 1 WHERE id BETWEEN ? AND ?"));
            dev.migrate.BatchRun second = context.batches("items", "id").size(1000);
            if (secondName != null) {
                second.task(secondName);
            }
            second.forEach(batch -> {
                batch.update("UPDATE items SET other = other + 1 WHERE id BETWEEN ? AND ?");
                if (failAtKey >= 0 && (Long) batch.first() <= failAtKey && failAtKey <= (Long) batch.last()) {
                    failAtKey = -1;
                    throw new IllegalStateException("simulated failure in the second loop's batch " + batch.number());
                }
            });
        }
    }

    private static dev.migrate.MigrationListener recording(List<dev.migrate.ProgressEvent> events) {
        return new dev.migrate.MigrationListener() {
            @Override
            public void progress(dev.migrate.ProgressEvent event) {
                events.add(event);
            }
        };
    }

    @Test
    void twoLoopsOverTheSameKeyKeepTheirOwnProgressAcrossAFailureAndResume() throws Exception {
        createItems(2500);
        TwoLoops migration = new TwoLoops();
        migration.failAtKey = 3 * 1500;
        List<dev.migrate.ProgressEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(migration).listener(recording(events))).migrate());
        assertThat(e.getMessage()).contains("simulated failure in the second loop's batch 2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).as("the first loop ran to the end").isEqualTo(2500);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE other = 1")).as("the second loop committed one batch").isEqualTo(1000);
        assertThat(events).extracting(ev -> ev.task() + "=" + ev.rowsDone())
                .containsExactly("items.id=1000", "items.id=2000", "items.id=2500", "items.id#2=1000");

        events.clear();
        MigrateResult resumed = migrator(b -> b.javaMigration(migration).listener(recording(events))).migrate();
        assertThat(resumed.applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).as("no row twice").isEqualTo(2500);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE other = 1")).as("every row once").isEqualTo(2500);
        assertThat(events).extracting(ev -> ev.task() + "=" + ev.rowsDone())
                .as("the first loop finds nothing after its mark; the second continues after its own")
                .containsExactly("items.id#2=2000", "items.id#2=2500");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
    }

    @Test
    void twoLoopsGivenTheSameNameAreRefused() throws Exception {
        createItems(10);
        TwoLoops migration = new TwoLoops();
        migration.secondName = "items.id";
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(migration)).migrate());
        assertThat(e.getMessage()).contains("runs two batch loops named 'items.id'").contains(".task(");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE other = 1")).isZero();
    }

    /** Up sets touched to 1; down sets it back to 0 and counts its passes in other; each may fail once. */
    @MigrationInfo(version = "2", description = "flags", transactional = false)
    public static class Flags implements JavaMigration {
        volatile long failUpAtKey = -1;
        volatile long failDownAtKey = -1;

        @Override
        public void up(MigrationContext context) throws Exception {
            context.batches("items", "id").size(1000).forEach(batch -> {
                batch.update("UPDATE items SET touched = 1 WHERE id BETWEEN ? AND ?");
                if (failUpAtKey >= 0 && (Long) batch.first() <= failUpAtKey && failUpAtKey <= (Long) batch.last()) {
                    failUpAtKey = -1;
                    throw new IllegalStateException("simulated failure in up batch " + batch.number());
                }
            });
        }

        @Override
        public void down(MigrationContext context) throws Exception {
            context.batches("items", "id").size(1000).forEach(batch -> {
                batch.update("UPDATE items SET touched = 0, other = other + 1 WHERE id BETWEEN ? AND ?");
                if (failDownAtKey >= 0 && (Long) batch.first() <= failDownAtKey && failDownAtKey <= (Long) batch.last()) {
                    failDownAtKey = -1;
                    throw new IllegalStateException("simulated failure in down batch " + batch.number());
                }
            });
        }
    }

    @Test
    void migrateAfterAnInterruptedBatchedRollbackRunsTheUpOverEveryRow() throws Exception {
        createItems(2500);
        Flags migration = new Flags();
        migrator(b -> b.javaMigration(migration)).migrate();
        migration.failDownAtKey = 3 * 1500;
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).rollback(RollbackRequest.last()))
                .isInstanceOf(MigrationFailedException.class).hasMessageContaining("simulated failure in down batch 2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 0")).isEqualTo(1000);

        // The down's mark must not move the up's loop: it starts from the first key.
        MigrateResult result = migrator(b -> b.javaMigration(migration)).migrate();
        assertThat(result.applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(2500);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
        assertThat(migrator(b -> b.javaMigration(migration)).status().isDirty()).isFalse();
    }

    @Test
    void anInterruptedBatchedRollbackResumesFromItsOwnMark() throws Exception {
        createItems(2500);
        Flags migration = new Flags();
        migrator(b -> b.javaMigration(migration)).migrate();
        migration.failDownAtKey = 3 * 1500;
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).rollback(RollbackRequest.last()))
                .isInstanceOf(MigrationFailedException.class);

        migrator(b -> b.javaMigration(migration)).rollback(RollbackRequest.last());
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 0")).isEqualTo(2500);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE other = 1")).as("no row reverted twice").isEqualTo(2500);
        assertThat(appliedVersions()).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
    }

    @Test
    void rollingBackAFailedBatchedMigrationRevertsTheRowsItsUpReached() throws Exception {
        createItems(2500);
        Flags migration = new Flags();
        migration.failUpAtKey = 3 * 1500;
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).migrate()).isInstanceOf(MigrationFailedException.class);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(1000);

        // The up's mark must not move the down's loop past the rows the up changed.
        migrator(b -> b.javaMigration(migration)).rollback(RollbackRequest.last());
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE other = 1")).isEqualTo(2500);
        assertThat(appliedVersions()).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
    }

    @Test
    void batchesInsideTheMigrationsTransactionAreAllOrNothing() throws Exception {
        createItems(2500);
        CountRowsInOneTransaction migration = new CountRowsInOneTransaction();
        migration.failAtKey = 3 * 1500;
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).migrate()).isInstanceOf(MigrationFailedException.class);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 0")).isEqualTo(2500);
        // Where DDL commits at once the engine cannot know what survived, so the row is FAILED even
        // though the data changes were rolled back with the transaction.
        assertThat(migrator(b -> b.javaMigration(migration)).status().isDirty()).isEqualTo(!transactionalDdl());
        if (!transactionalDdl()) {
            migrator(b -> b.javaMigration(migration)).repair();
        }
        migrator(b -> b.javaMigration(migration)).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(2500);
    }

    /** Adds 1 to {@code n} of every row of {@code keyed}, ten rows a batch; fails once in batch {@code failInBatch}. */
    @MigrationInfo(version = "2", description = "count keyed rows", transactional = false)
    public static class CountKeyedRows implements JavaMigration {
        volatile long failInBatch = -1;
        volatile String keyColumn = "id";
        final List<Object> firstKeys = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void up(MigrationContext context) throws Exception {
            String key = keyColumn;
            context.batches("keyed", key).size(10).forEach(batch -> {
                firstKeys.add(batch.first());
                batch.update("UPDATE keyed SET n = n + 1 WHERE " + key + " BETWEEN ? AND ?");
                if (batch.number() == failInBatch) {
                    failInBatch = -1;
                    throw new IllegalStateException("simulated failure in batch " + batch.number());
                }
            });
        }
    }

    /**
     * Walks table {@code keyed} (made by {@code ddl}, then filled by {@code insert}) with a failure in its
     * third batch and a resume: every row is counted exactly once, whatever the key's type.
     *
     * @return the migration, whose {@code firstKeys} tell what the batches handed out
     */
    protected CountKeyedRows countsEveryKeyedRowOnceAcrossAResume(String ddl, String insert, int rows) throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute(ddl);
        db.execute(insert);
        assertThat(db.count("SELECT COUNT(*) FROM keyed")).isEqualTo(rows);
        CountKeyedRows migration = new CountKeyedRows();
        migration.failInBatch = 3;
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(migration)).migrate()).isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("simulated failure in batch 3");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).as("batches 1 and 2").isEqualTo(20);

        MigrateResult resumed = migrator(b -> b.javaMigration(migration)).migrate();
        assertThat(resumed.applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).as("every row once").isEqualTo(rows);
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n <> 1")).isZero();
        assertThat(migration.firstKeys).as("batches of the first run, then of the resume").hasSize(3 + (rows - 20 + 9) / 10);
        return migration;
    }

    @Test
    void aBatchKeyOfATypeTheLoopCannotWalkIsRefusedBeforeTheFirstBatch() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE keyed (id DATE PRIMARY KEY, k INT NOT NULL UNIQUE, n INT NOT NULL)");
        db.execute("INSERT INTO keyed VALUES ('2024-01-01', 1, 0), ('2024-01-02', 2, 0)");
        CountKeyedRows migration = new CountKeyedRows();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(migration)).migrate());
        assertThat(e.getMessage()).containsIgnoringCase("Batch loop keyed.id in up() of version 2: the key column id of table keyed"
                + " is of type DATE").contains("cannot order and bind").contains("a uuid")
                .contains("run 'migrate' again, without 'repair'");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 0")).isEqualTo(2);
        assertThat(migrator(b -> b.javaMigration(migration)).status().failed()).extracting(AppliedMigration::version)
                .containsExactly("2");

        // The code walks another column now: the next migrate runs it again without 'repair'.
        migration.keyColumn = "k";
        assertThat(migrator(b -> b.javaMigration(migration)).migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).isEqualTo(2);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
        assertThat(migrator(b -> b.javaMigration(migration)).status().isDirty()).isFalse();
    }

    /** The same loop inside the migration's transaction: the refusal rolls it back, except where DDL commits at once. */
    @Test
    void aBatchKeyRefusedInsideTheMigrationsTransactionLeavesNoRowWhereDdlIsTransactional() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE keyed (id DATE PRIMARY KEY, n INT NOT NULL)");
        db.execute("INSERT INTO keyed VALUES ('2024-01-01', 0)");
        CountKeyedRowsInOneTransaction migration = new CountKeyedRowsInOneTransaction();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(migration)).migrate());
        assertThat(e.getMessage()).containsIgnoringCase("the key column id of table keyed is of type DATE");
        assertThat(!db.tableNames().contains("migrate_progress") || db.count("SELECT COUNT(*) FROM migrate_progress") == 0)
                .as("no mark: nothing of the loop survives the transaction").isTrue();
        if (transactionalDdl()) {
            assertThat(e.getMessage()).contains("The migration was rolled back; nothing of it remains");
            assertThat(migrator(b -> b.javaMigration(migration)).status().isDirty()).isFalse();
        } else {
            // MariaDB committed whatever DDL the code ran before the loop: the row is FAILED, and the message says so.
            assertThat(e.getMessage()).contains("is marked FAILED and may be partly applied").contains("'repair'");
            assertThat(migrator(b -> b.javaMigration(migration)).status().failed()).extracting(AppliedMigration::version)
                    .containsExactly("2");
        }
    }

    @MigrationInfo(version = "2", description = "count keyed rows at once")
    public static class CountKeyedRowsInOneTransaction extends CountKeyedRows {
    }

    /** {@link CountKeyedRows} with a down that sets every row back. */
    @MigrationInfo(version = "2", description = "count keyed rows", transactional = false)
    public static class CountKeyedRowsAndBack extends CountKeyedRows {
        @Override
        public void down(MigrationContext context) throws Exception {
            context.execute("UPDATE keyed SET n = 0");
        }
    }

    /**
     * An interrupted loop's progress marks, kept by repair, outlived mark-applied and a rollback: the next run of the
     * migration resumed from them and left the rows before them as the down had set them. Recording a migration as
     * applied, and rolling it back, forget its marks.
     */
    @Test
    void progressMarksDoNotOutliveMarkAppliedAndARollback() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE keyed (id INT PRIMARY KEY, n INT NOT NULL)");
        StringBuilder insert = new StringBuilder("INSERT INTO keyed VALUES ");
        for (int i = 1; i <= 45; i++) {
            insert.append(i == 1 ? "" : ", ").append("(").append(i).append(", 0)");
        }
        db.execute(insert.toString());
        CountKeyedRowsAndBack migration = new CountKeyedRowsAndBack();
        migration.failInBatch = 3;
        Consumer<MigratorConfig.Builder> with = b -> b.locations(none).javaMigration(migration);
        assertThatThrownBy(() -> migrator(with).migrate()).isInstanceOf(MigrationFailedException.class);
        assertThat(migrator(with).repair().removedDirty()).hasSize(1);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).as("repair keeps the marks").isPositive();

        // The rest was done by hand: recorded as applied, with no loop left to resume.
        db.execute("UPDATE keyed SET n = 1");
        assertThat(migrator(with).markApplied(null).applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();

        assertThat(migrator(with).rollback(RollbackRequest.last()).rolledBack()).hasSize(1);
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 0")).isEqualTo(45);
        assertThat(migrator(with).migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).as("every row, from the first").isEqualTo(45);
    }

    /** A rollback forgets marks the migration still had (left by an interrupted run that repair took out, then applied by hand). */
    @Test
    void aRollbackForgetsTheMigrationsProgressMarks() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE keyed (id INT PRIMARY KEY, n INT NOT NULL)");
        db.execute("INSERT INTO keyed VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 0),"
                + " (12, 0), (13, 0), (14, 0), (15, 0), (16, 0), (17, 0), (18, 0), (19, 0), (20, 0), (21, 0), (22, 0), (23, 0), (24, 0),"
                + " (25, 0)");
        CountKeyedRowsAndBack migration = new CountKeyedRowsAndBack();
        Consumer<MigratorConfig.Builder> with = b -> b.locations(none).javaMigration(migration);
        assertThat(migrator(with).migrate().applied()).hasSize(1);
        // A mark such as an earlier release's mark-applied left behind.
        db.execute("INSERT INTO migrate_progress (version, task, last_key, rows_done, updated_on) VALUES ('2', 'keyed.id', '20', 20,"
                + " CURRENT_TIMESTAMP)");
        migrator(with).rollback(RollbackRequest.last());
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
        migrator(with).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).isEqualTo(25);
    }

    /**
     * A loop whose name starts with 'down:' (the prefix of the down loops' marks) had its own marks deleted
     * whenever it started, so a resume began again at the first key: refused, in any case.
     */
    @Test
    void aLoopNameThatStartsLikeADownLoopsMarkIsRefused() throws Exception {
        createItems(10);
        for (String name : List.of("down:items", "DOWN:items")) {
            TwoLoops migration = new TwoLoops();
            migration.secondName = name;
            MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                    () -> migrator(b -> b.javaMigration(migration)).migrate());
            assertThat(e).as(name).isNotNull();
            assertThat(e.getMessage()).contains("Migration 2: batches(\"items\", \"id\").task(\"" + name + "\") is refused")
                    .contains("may not start with 'down:'").contains("run 'migrate' again, without 'repair'");
            assertThat(db.count("SELECT COUNT(*) FROM items WHERE other = 1")).isZero();
        }
        TwoLoops renamed = new TwoLoops();
        renamed.secondName = "items, again";
        assertThat(migrator(b -> b.javaMigration(renamed)).migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE other = 1")).isEqualTo(10);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress")).isZero();
    }

    /** MariaDB's usual collation compares the mark's loop name case-insensitively: the second loop would resume from the first one's mark. */
    @Test
    void twoLoopNamesThatDifferOnlyInCaseAreRefused() throws Exception {
        createItems(10);
        TwoLoops migration = new TwoLoops();
        migration.secondName = "ITEMS.ID";
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(migration)).migrate());
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("runs two batch loops named 'ITEMS.ID'").contains("differ only in case");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE other = 1")).isZero();
    }

    @Test
    void stringKeysAreWalkedInTheirOwnOrderAcrossAResume() throws Exception {
        StringBuilder insert = new StringBuilder("INSERT INTO keyed (id, n) VALUES ");
        for (int i = 0; i < 45; i++) {
            insert.append(i == 0 ? "" : ", ").append("('k").append(String.format("%03d", i * 7 % 45)).append("', 0)");
        }
        CountKeyedRows migration = countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id VARCHAR(20) PRIMARY KEY, n INT NOT NULL)",
                insert.toString(), 45);
        assertThat(migration.firstKeys).first().isEqualTo("k000");
    }

    @Test
    void nullKeysAreRefusedAsSoonAsTheyAreReadAndNeverMarked() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        // A UNIQUE column allows several NULLs on every database (and SQLite a TEXT PRIMARY KEY does too).
        db.execute("CREATE TABLE keyed (id INT UNIQUE, n INT NOT NULL)");
        StringBuilder insert = new StringBuilder("INSERT INTO keyed (id, n) VALUES (NULL, 0), (NULL, 0), (NULL, 0)");
        for (int i = 1; i <= 25; i++) {
            insert.append(", (").append(i).append(", 0)");
        }
        db.execute(insert.toString());

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new CountKeyedRows())).migrate());
        assertThat(e).as("the loop must neither spin nor pass the NULL rows by (PostgreSQL sorts them last)").isNotNull();
        assertThat(e.getMessage()).contains("Batch loop keyed.id in up() of version 2: table keyed has rows whose key column id is NULL");
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n <> 0")).as("refused before the first batch").isZero();
        assertThat(db.count("SELECT COUNT(*) FROM migrate_progress WHERE task <> '' OR last_key <> '' OR rows_done <> 0"))
                .as("no 'null' or 0 mark of the loop").isZero();
        assertThat(e.getMessage()).contains("run 'migrate' again, without 'repair'");

        // Without 'repair': the refusal left the migration to run again.
        db.execute("DELETE FROM keyed WHERE id IS NULL");
        migrator(b -> b.javaMigration(new CountKeyedRows())).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).isEqualTo(25);
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n <> 1")).isZero();
    }

    private static String longKeysInsert(int rows) {
        StringBuilder insert = new StringBuilder("INSERT INTO keyed (id, n) VALUES ");
        for (int i = 1; i <= rows; i++) {
            insert.append(i == 1 ? "" : ", ").append("('https://example.com/").append("x".repeat(230)).append(String.format("/%04d", i))
                    .append("', 0)");
        }
        return insert.toString();
    }

    @Test
    void keysLongerThanTwoHundredCharactersAreMarkedWhole() throws Exception {
        countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id VARCHAR(300) PRIMARY KEY, n INT NOT NULL)", longKeysInsert(35), 35);
        assertThat(longKeysInsert(1)).hasSizeGreaterThan(250 + 40);
    }

    @Test
    void aProgressTableOfAnEarlierReleaseRefusesALongerKeyBeforeTheBatchAndSaysHowToWidenIt() throws Exception {
        String none = java.nio.file.Files.createTempDirectory(folder, "none").toString();
        migrator(b -> b.locations(none)).migrate();
        db.execute("CREATE TABLE migrate_progress (version VARCHAR(50) NOT NULL, task VARCHAR(200) NOT NULL,"
                + " last_key VARCHAR(200) NOT NULL, rows_done BIGINT NOT NULL, updated_on TIMESTAMP NOT NULL, PRIMARY KEY (version, task))");
        db.execute("CREATE TABLE keyed (id VARCHAR(300) PRIMARY KEY, n INT NOT NULL)");
        db.execute(longKeysInsert(15));
        if (kind() == DatabaseKind.SQLITE) {
            // SQLite keeps a text whole whatever length its column declares: the old table holds the keys.
            migrator(b -> b.javaMigration(new CountKeyedRows())).migrate();
            assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).isEqualTo(15);
            return;
        }

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new CountKeyedRows())).migrate());
        assertThat(e.getMessage()).contains("Batch loop keyed.id in up() of version 2 stopped before batch 1")
                .contains("takes 255 characters").contains("holds only 200").contains("ALTER TABLE " + stored("migrate_progress"));
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 0")).as("nothing of the batch ran").isEqualTo(15);

        assertThat(e.getMessage()).doesNotContain("'repair' and").contains("run 'migrate' again, without 'repair'");
        String widen = e.getMessage().substring(e.getMessage().indexOf("(ALTER TABLE") + 1);
        db.execute(widen.substring(0, widen.indexOf(')')));
        migrator(b -> b.javaMigration(new CountKeyedRows())).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM keyed WHERE n = 1")).isEqualTo(15);
    }

    /**
     * Counts rows as {@link CountRows} does; another process takes the lease lock over (as it may once
     * this one has stalled for longer than the lease) in batch {@code stealInBatch}, before its update,
     * or after the loop when {@code stealAfterLoop} is set.
     */
    @MigrationInfo(version = "2", description = "count rows, lock stolen", transactional = false)
    public static class LockStolen implements JavaMigration {
        volatile long stealInBatch = -1;
        volatile boolean stealAfterLoop;
        volatile Runnable steal;

        @Override
        public void up(MigrationContext context) throws Exception {
            context.batches("items", "id").size(1000).forEach(batch -> {
                if (batch.number() == stealInBatch) {
                    steal.run();
                }
                batch.update("UPDATE items SET touched = touched + 1 WHERE id BETWEEN ? AND ?");
            });
            if (stealAfterLoop) {
                steal.run();
            }
        }
    }

    /** Gives the lock row to another owner with a lease of a minute, or, with {@code minutes} 0, an expired one. */
    private void giveLockAway(int minutes) {
        db.execute("UPDATE migrate_lock SET owner = 'pid 1 on host elsewhere', expires_at = "
                + (minutes == 0 ? 1 : System.currentTimeMillis() + minutes * 60_000L) + " WHERE id = 1");
    }

    /** Whether the migration lock is a lease row (H2, SQLite), which another process may take over once it expires. */
    private boolean leaseLock() {
        return kind() == DatabaseKind.H2 || kind() == DatabaseKind.SQLITE;
    }

    /**
     * On PostgreSQL and MariaDB the lock is the holder's session lock, which nobody can take over while the
     * holder lives: another run started in the middle of the loop (batch 2, or after the loop) times out,
     * and the loop finishes and is marked applied.
     */
    private void sessionLockIsNotTakenOver(LockStolen migration) throws Exception {
        List<Throwable> other = new java.util.concurrent.CopyOnWriteArrayList<>();
        migration.steal = () -> other.add(catchThrowable(() -> migrator(b -> b.lockTimeout(java.time.Duration.ofSeconds(1))).migrate()));
        assertThat(migrator(b -> b.javaMigration(migration)).migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(other).singleElement().isInstanceOf(dev.migrate.LockTimeoutException.class);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched <> 1")).isZero();
        assertThat(migrator(b -> b.javaMigration(migration)).status().isDirty()).isFalse();
    }

    @Test
    void aBatchLoopWhoseLeaseWasTakenOverStopsBeforeCommittingAndTheNextRunResumesIt() throws Exception {
        createItems(2500);
        if (!leaseLock()) {
            LockStolen migration = new LockStolen();
            migration.stealInBatch = 2;
            sessionLockIsNotTakenOver(migration);
            return;
        }
        LockStolen migration = new LockStolen();
        migration.stealInBatch = 2;
        migration.steal = () -> giveLockAway(1);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(migration)).migrate());
        assertThat(e.getCause()).isInstanceOf(dev.migrate.lock.LockLostException.class);
        assertThat(e.getMessage()).contains("Lost the migration lock").contains("Batch loop items.id in up() of version 2")
                .contains("batch 2 (keys 3003 to 6000), which was rolled back").contains("migrate.lock-lease")
                .contains("not even a FAILED mark").contains("whether it went on with the migrations or stopped is not known here")
                .contains("is still RUNNING, run 'migrate' again: its batch loops resume after their last committed batch")
                .doesNotContain("carries on");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).as("batch 1 only").isEqualTo(1000);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched > 1")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE version = '2' AND state = 'RUNNING'"))
                .as("left as the new holder found it, not marked FAILED").isEqualTo(1);
        assertThat(db.count("SELECT rows_done FROM migrate_progress")).isEqualTo(1000);

        // The process that took the lock over died: its lease expires, and the next run resumes the loop.
        giveLockAway(0);
        migration.stealInBatch = -1;
        MigrateResult resumed = migrator(b -> b.javaMigration(migration)).migrate();
        assertThat(resumed.applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(2500);
        assertThat(migrator(b -> b.javaMigration(migration)).status().isDirty()).isFalse();
    }

    @Test
    void aStepRunOutsideATransactionIsNotMarkedAppliedOnceItsLeaseWasTakenOver() throws Exception {
        createItems(1500);
        if (!leaseLock()) {
            LockStolen migration = new LockStolen();
            migration.stealAfterLoop = true;
            sessionLockIsNotTakenOver(migration);
            return;
        }
        LockStolen migration = new LockStolen();
        migration.stealAfterLoop = true;
        migration.steal = () -> giveLockAway(1);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(migration)).migrate());
        assertThat(e.getMessage()).contains("Lost the migration lock").contains("not even a FAILED mark");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE version = '2' AND state = 'RUNNING'"))
                .as("not SUCCESS: the new holder decides").isEqualTo(1);
        assertThat(db.count("SELECT rows_done FROM migrate_progress")).as("the marks are kept for a resume").isEqualTo(1500);

        giveLockAway(0);
        migration.stealAfterLoop = false;
        MigrateResult resumed = migrator(b -> b.javaMigration(migration)).migrate();
        assertThat(resumed.applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).as("the resumed loop found nothing left").isEqualTo(1500);
        assertThat(migrator(b -> b.javaMigration(migration)).status().isDirty()).isFalse();
    }

    // ---------------------------------------------------------------- schema DSL

    /** A DSL migration whose down is generated. */
    @MigrationInfo(version = "2", description = "authors")
    public static class CreateAuthors extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            schema.createTable("authors", t -> {
                t.id();
                t.string("name", 100);
            });
            schema.addColumn("t1", "author_id", dev.migrate.schema.ColumnType.bigint());
        }
    }

    /** A DSL migration that drops a column without saying what it was. */
    @MigrationInfo(version = "3", description = "drop name")
    public static class DropName extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            schema.dropColumn("t1", "name");
        }
    }

    @Test
    void dslMigrationShowsItsSqlInThePlanAndRollsBackWithAGeneratedDown() {
        files.table(1);
        Plan plan = migrator(b -> b.javaMigration(new CreateAuthors())).planMigrate(null);
        PlanStep dsl = plan.steps().get(1);
        assertThat(dsl.type()).isEqualTo(MigrationType.DSL);
        assertThat(dsl.statements()).extracting(PlanStep.PlannedStatement::sql)
                .anySatisfy(sql -> assertThat(sql).containsIgnoringCase("CREATE TABLE authors"))
                .anySatisfy(sql -> assertThat(sql).containsIgnoringCase("ALTER TABLE t1"));

        migrator(b -> b.javaMigration(new CreateAuthors())).migrate();
        assertThat(db.tableNames()).contains("authors");
        AppliedMigration applied = migrator(b -> b.javaMigration(new CreateAuthors())).status().applied().get(1);
        assertThat(applied.type()).isEqualTo(MigrationType.DSL);
        assertThat(applied.reversible()).isTrue();

        Plan down = migrator(b -> b.javaMigration(new CreateAuthors())).planRollback(RollbackRequest.last());
        assertThat(down.steps().get(0).statements()).extracting(PlanStep.PlannedStatement::sql)
                .anySatisfy(sql -> assertThat(sql).containsIgnoringCase("DROP TABLE authors"));
        migrator(b -> b.javaMigration(new CreateAuthors())).rollback(RollbackRequest.last());
        assertThat(db.tableNames()).contains("t1").doesNotContain("authors");
        migrator(b -> b.javaMigration(new CreateAuthors())).migrate();
        assertThat(db.tableNames()).contains("authors");
    }

    @Test
    void irreversibleDslMigrationIsReportedBeforeAnythingRunsAndRollbackRefuses() throws Exception {
        files.table(1);
        Plan plan = migrator(b -> b.javaMigration(new DropName())).planMigrate(null);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains(DropName.class.getName())
                .contains("irreversible (dropColumn t1.name has no restoring(...) definition)"));
        assertThat(plan.steps().get(1).down()).as("an irreversible step has no down").isEmpty();
        assertThat(migrator(b -> b.javaMigration(new DropName())).validate().warnings())
                .anySatisfy(w -> assertThat(w).contains(DropName.class.getName())
                        .contains("irreversible (dropColumn t1.name has no restoring(...) definition)"));
        migrator(b -> b.javaMigration(new DropName())).migrate();
        List<String> before = schema();
        IrreversibleMigrationException e = catchThrowableOfType(IrreversibleMigrationException.class,
                () -> migrator(b -> b.javaMigration(new DropName())).rollback(RollbackRequest.base()));
        assertThat(e.getMessage()).contains(DropName.class.getName()).contains("dropColumn t1.name")
                .contains("Nothing was rolled back");
        assertThat(migrator(b -> b.javaMigration(new DropName())).status().applied()).hasSize(2);
        assertThat(schema()).containsExactlyElementsOf(before);
    }

    /** Creates two tables: its generated down drops d2, then d1. */
    @MigrationInfo(version = "2", description = "two tables")
    public static class TwoTables extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            schema.createTable("d1", t -> t.id());
            schema.createTable("d2", t -> t.id());
        }
    }

    /**
     * A generated down that stops at its second operation (d1 was dropped by hand): where DDL commits at once the first
     * stays done, the row says which, and rollback refuses to run the down again rather than fail on d2 or undo twice.
     */
    @Test
    void aGeneratedDownThatStopsPartWayIsNotRunAgain() {
        files.table(1);
        migrator(b -> b.javaMigration(new TwoTables())).migrate();
        db.execute("DROP TABLE d1");
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new TwoTables())).rollback(RollbackRequest.last()));
        assertThat(e.getMessage()).contains("operation 2 of 2 of the generated down (dropTable d1) failed");
        if (transactionalDdl()) {
            assertThat(db.tableNames()).contains("d2");
            assertThat(migrator(b -> b.javaMigration(new TwoTables())).status().failed()).isEmpty();
            return;
        }
        assertThat(db.tableNames()).doesNotContain("d1", "d2");
        assertThat(e.getMessage()).contains("its down stopped part-way; operation 1 (dropTable d2) of the generated down ran"
                + " before it and stays done").contains("finish the rollback by hand (the down from operation 2 of the generated down on)");
        assertThat(migrator(b -> b.javaMigration(new TwoTables())).status().failed()).singleElement()
                .satisfies(f -> assertThat(f.error()).startsWith("rollback failed part-way: operation 1 (dropTable d2) of the"
                        + " generated down ran before it; operation 2 of 2 of the generated down (dropTable d1) failed"));
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(new TwoTables())).rollback(RollbackRequest.last()))
                .isInstanceOf(IrreversibleMigrationException.class).hasMessageContaining("its down stopped part-way")
                .hasMessageContaining("Nothing was rolled back");
        // nothing more to do by hand: d1 and d2 are gone; repair, and migrate applies it again
        assertThat(migrator(b -> b.javaMigration(new TwoTables())).repair().removedDirty()).hasSize(1);
        migrator(b -> b.javaMigration(new TwoTables())).migrate();
        assertThat(db.tableNames()).contains("d1", "d2");
    }

    /** Adds a column, indexes it, then adds it again: the third operation fails on every database. */
    @MigrationInfo(version = "2", description = "third operation fails")
    public static class ThirdOperationFails extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            schema.addColumn("t1", "a", dev.migrate.schema.ColumnType.integer());
            schema.createIndex("t1", "a");
            schema.addColumn("t1", "a", dev.migrate.schema.ColumnType.integer());
        }
    }

    /**
     * A DSL migration that fails at its third operation names that operation, its statement and the operations
     * that ran before it: rolled back where DDL is transactional; elsewhere left applied, marked FAILED with the same
     * text, and the message says to undo them by hand and repair (its generated down would also reverse the failed one).
     */
    @Test
    void aDslMigrationFailingPartWayNamesTheFailedOperationAndWhatRanBeforeIt() throws Exception {
        files.table(1);
        migrator().migrate();
        List<String> before = schema();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new ThirdOperationFails())).migrate());
        assertThat(e.getMessage()).contains(ThirdOperationFails.class.getName())
                .contains("operation 3 of 3 (addColumn t1.a) failed: ")
                .containsIgnoringCase("Statement: ALTER TABLE t1 ADD COLUMN a INT")
                .contains("Ran before it: addColumn t1.a, createIndex t1_a_idx on t1");
        if (kind() != DatabaseKind.SQLITE) { // sqlite-jdbc gives no SQL state
            assertThat(e.sqlState()).as("the driver's SQL state").isNotNull();
        }
        if (transactionalDdl()) {
            assertThat(e.getMessage()).contains("The migration was rolled back; nothing of it remains");
            assertThat(schema()).containsExactlyElementsOf(before);
            return;
        }
        assertThat(e.getMessage()).contains("The operations that ran before the failed one stay applied, as does what the failed one ran")
                .contains("Undo it by hand, run 'repair'");
        AppliedMigration failed = migrator(b -> b.javaMigration(new ThirdOperationFails())).status().failed().get(0);
        assertThat(failed.error()).contains("operation 3 of 3 (addColumn t1.a) failed: ")
                .contains("Ran before it: addColumn t1.a, createIndex t1_a_idx on t1");
        assertThat(schema()).anySatisfy(line -> assertThat(line).containsIgnoringCase("column t1.a "))
                .anySatisfy(line -> assertThat(line).containsIgnoringCase("index t1 t1_a_idx"));

        // its generated down would begin with dropColumn t1.a, the reverse of the operation that failed: refused
        IrreversibleMigrationException refused = catchThrowableOfType(IrreversibleMigrationException.class,
                () -> migrator(b -> b.javaMigration(new ThirdOperationFails())).planRollback(RollbackRequest.last()));
        assertThat(refused.getMessage()).contains(ThirdOperationFails.class.getName())
                .contains("stopped part-way (operation 3 of 3 (addColumn t1.a) failed: ").contains("Nothing was rolled back");
        List<String> failedSchema = schema();
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(new ThirdOperationFails())).rollback(RollbackRequest.last()))
                .isInstanceOf(IrreversibleMigrationException.class).hasMessageContaining("stopped part-way");
        assertThat(schema()).containsExactlyElementsOf(failedSchema);

        // as the message says: undo by hand, repair; the schema is as before, and nothing is applied
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute(kind() == DatabaseKind.MARIADB ? "DROP INDEX t1_a_idx ON t1" : "DROP INDEX t1_a_idx");
            st.execute("ALTER TABLE t1 DROP COLUMN a");
        }
        migrator(b -> b.javaMigration(new ThirdOperationFails())).repair();
        assertThat(schema()).containsExactlyElementsOf(before);
        assertThat(migrator(b -> b.javaMigration(new ThirdOperationFails())).status().failed()).isEmpty();
    }

    /** Tightens users, which V1__users_and_teams.sql of the same run creates. */
    @MigrationInfo(version = "2", description = "tighten users")
    public static class TightenUsers extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            schema.setNotNull("users", "email");
            schema.alterColumnType("users", "name", dev.migrate.schema.ColumnType.string(100))
                    .from(dev.migrate.schema.ColumnType.string(50));
        }
    }

    /** Tightens teams, which no step before it but V1 touches. */
    @MigrationInfo(version = "3", description = "tighten teams")
    public static class TightenTeams extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            schema.setNotNull("teams", "name");
        }
    }

    private MigratorConfig.Builder tighten(MigratorConfig.Builder b) {
        return b.javaMigration(new TightenUsers()).javaMigration(new TightenTeams());
    }

    private void writeUsersAndTeams() {
        files.write("V1__users_and_teams.sql", "CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100), name VARCHAR(50));\n"
                + "CREATE TABLE teams (id INT PRIMARY KEY, name VARCHAR(50));\n"
                + "INSERT INTO users VALUES (1, 'a@example.com', 'a');\n")
                .write("U1__users_and_teams.sql", "DROP TABLE teams;\nDROP TABLE users;\n");
    }

    @Test
    void dslMigrationsAfterAPendingScriptAreRenderedWhenTheyRun() throws Exception {
        writeUsersAndTeams();
        List<String> empty = schema();

        Plan plan = migrator(this::tighten).planMigrate(null);
        assertThat(plan.steps()).extracting(PlanStep::version).containsExactly("1", "2", "3");
        for (PlanStep dsl : plan.steps().subList(1, 3)) {
            List<String> sql = dsl.statements().stream().map(PlanStep.PlannedStatement::sql).toList();
            if (dslReadsTables()) {
                // The tables do not exist yet: what reads them is written when the step runs.
                assertThat(sql).as(dsl.script()).allSatisfy(statement -> assertThat(statement).startsWith("--"));
                assertThat(dsl.notes()).as(dsl.script()).anySatisfy(n -> assertThat(n)
                        .contains("setNotNull " + (dsl.version().equals("2") ? "users.email" : "teams.name"))
                        .contains("written when the step runs"));
            } else {
                assertThat(sql).as(dsl.script()).noneMatch(statement -> statement.startsWith("--"))
                        .anySatisfy(statement -> assertThat(statement).containsIgnoringCase("SET NOT NULL"));
                assertThat(dsl.notes()).as(dsl.script()).noneMatch(n -> n.contains("written when the step runs"));
            }
        }
        assertThat(schema()).as("planning changed nothing").containsExactlyElementsOf(empty);

        MigrateResult result = migrator(this::tighten).migrate();
        assertThat(result.applied()).extracting(s -> s.version()).containsExactly("1", "2", "3");
        assertThatThrownBy(() -> db.execute("INSERT INTO users (id, email, name) VALUES (2, NULL, 'b')"))
                .as("users.email is NOT NULL").isNotNull();
        assertThatThrownBy(() -> db.execute("INSERT INTO teams (id, name) VALUES (1, NULL)"))
                .as("teams.name is NOT NULL").isNotNull();
        db.execute("INSERT INTO users (id, email, name) VALUES (3, 'c@example.com', '" + "n".repeat(100) + "')");
        assertThat(db.count("SELECT COUNT(*) FROM users")).isEqualTo(2);
        db.execute("DELETE FROM users WHERE id = 3");

        migrator(this::tighten).rollback(RollbackRequest.base());
        assertThat(appliedVersions()).isEmpty();
        assertThat(db.tableNames()).doesNotContain("users", "teams");
    }

    @Test
    void aDslMigrationReadsFromTheDatabaseOnlyTablesNoEarlierStepOfThePlanChanges() throws Exception {
        writeUsersAndTeams();
        migrator(this::tighten).migrate("1");

        Plan plan = migrator(this::tighten).planMigrate(null);
        assertThat(plan.steps()).extracting(PlanStep::version).containsExactly("2", "3");
        PlanStep users = plan.steps().get(0);
        PlanStep teams = plan.steps().get(1);
        List<String> usersSql = users.statements().stream().map(PlanStep.PlannedStatement::sql).toList();
        // setNotNull reads users as it is now; alterColumnType would read it as setNotNull leaves it.
        assertThat(usersSql.get(0)).doesNotStartWith("--");
        assertThat(teams.statements()).extracting(PlanStep.PlannedStatement::sql).noneMatch(sql -> sql.startsWith("--"));
        assertThat(teams.notes()).noneMatch(n -> n.contains("written when the step runs"));
        if (dslReadsTables()) {
            assertThat(usersSql).anySatisfy(sql -> assertThat(sql).containsAnyOf("users__new", "MODIFY COLUMN"));
            assertThat(usersSql.get(usersSql.size() - 1)).startsWith("--");
            assertThat(users.notes()).anySatisfy(n -> assertThat(n).contains("alterColumnType users.name")
                    .doesNotContain("setNotNull users.email").contains("written when the step runs"));
        } else {
            assertThat(usersSql).noneMatch(sql -> sql.startsWith("--"));
        }

        migrator(this::tighten).migrate();
        assertThat(appliedVersions()).containsExactly("1", "2", "3");
    }

    @Test
    void aDslMigrationWhoseTableIsMissingStillPlansAndFailsWhenItRuns() throws Exception {
        Plan plan = migrator(b -> b.javaMigration(new TightenTeams())).planMigrate(null);
        PlanStep step = plan.steps().get(0);
        if (dslReadsTables()) {
            assertThat(step.statements()).extracting(PlanStep.PlannedStatement::sql).allSatisfy(sql -> assertThat(sql).startsWith("--"));
            assertThat(step.notes()).anySatisfy(n -> assertThat(n).contains("could not be read now")
                    .contains("setNotNull teams.name").contains("written when the step runs"));
        }
        assertThat(migrator(b -> b.javaMigration(new TightenTeams())).validate().errors()).isEmpty();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new TightenTeams())).migrate());
        assertThat(e.getMessage()).contains(TightenTeams.class.getName()).containsIgnoringCase("teams");
    }

    /** Lets users.email hold NULL, as V1__users_and_teams.sql already makes it: its down would make it NOT NULL. */
    @MigrationInfo(version = "2", description = "loosen users")
    public static class LoosenUsers extends dev.migrate.schema.DslMigration {
        @Override
        protected void change(dev.migrate.schema.SchemaChanges schema) {
            schema.addColumn("teams", "size", dev.migrate.schema.ColumnType.integer());
            schema.dropNotNull("users", "email");
        }
    }

    private static final String LOOSEN_USERS_REFUSAL = "dropNotNull users.email: users.email already allows NULL, so"
            + " the generated down (setNotNull) would make it NOT NULL, which it was not";

    @Test
    void aDslMigrationWhoseDownAssumesAnotherColumnStateIsRefusedByPlanAndMigrateBeforeAnythingRuns() throws Exception {
        writeUsersAndTeams();
        migrator(b -> b.javaMigration(new LoosenUsers())).migrate("1");
        List<String> before = schema();

        assertThatThrownBy(() -> migrator(b -> b.javaMigration(new LoosenUsers())).planMigrate(null))
                .isInstanceOf(ValidationException.class).hasMessageContaining(LoosenUsers.class.getName())
                .hasMessageContaining(LOOSEN_USERS_REFUSAL);
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(new LoosenUsers())).migrate())
                .isInstanceOf(ValidationException.class).hasMessageContaining(LoosenUsers.class.getName())
                .hasMessageContaining(LOOSEN_USERS_REFUSAL);
        assertThat(appliedVersions()).containsExactly("1");
        assertThat(schema()).as("not even the addColumn before it ran").containsExactlyElementsOf(before);
    }

    @Test
    void aDslMigrationWhoseTableAnEarlierStepMakesChecksTheColumnWhenItRuns() throws Exception {
        writeUsersAndTeams();
        Plan plan = migrator(b -> b.javaMigration(new LoosenUsers())).planMigrate(null);
        assertThat(plan.steps()).extracting(PlanStep::version).containsExactly("1", "2");

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new LoosenUsers())).migrate());
        assertThat(e.getMessage()).contains(LoosenUsers.class.getName()).contains("operation 2 of 2 (dropNotNull users.email)")
                .contains("users.email already allows NULL");
        // rolled back, or FAILED where the addColumn before it committed at once (MySQL, MariaDB, H2)
        assertThat(migrator().status().applied()).filteredOn(m -> m.version().equals("2"))
                .allSatisfy(m -> assertThat(m.state()).isEqualTo(MigrationState.FAILED));
    }

    @Test
    void planShowsTheGeneratedDownOfADslMigrationBeforeItIsApplied() {
        files.table(1);
        Plan plan = migrator(b -> b.javaMigration(new CreateAuthors())).planMigrate(null);
        assertThat(plan.steps().get(0).down()).as("SQL steps carry no generated down").isEmpty();
        PlanStep dsl = plan.steps().get(1);
        List<String> down = dsl.down().stream().map(PlanStep.PlannedStatement::sql).toList();
        assertThat(down).hasSize(2);
        assertThat(down.get(0)).containsIgnoringCase("ALTER TABLE t1").containsIgnoringCase("DROP COLUMN author_id");
        assertThat(down.get(1)).containsIgnoringCase("DROP TABLE authors");

        migrator(b -> b.javaMigration(new CreateAuthors())).migrate();
        Plan rollback = migrator(b -> b.javaMigration(new CreateAuthors())).planRollback(RollbackRequest.last());
        assertThat(rollback.steps().get(0).statements()).extracting(PlanStep.PlannedStatement::sql)
                .as("what the rollback plan runs is what the migrate plan showed").containsExactlyElementsOf(down);
        assertThat(rollback.steps().get(0).down()).isEmpty();
    }

    // ---------------------------------------------------------------- clean

    @Test
    void cleanIsRefusedUnlessAllowed() {
        files.table(1);
        migrator().migrate();
        assertThatThrownBy(() -> migrator().clean()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("migrate.clean-allowed");
        assertThat(db.tableNames()).contains("t1");

        List<String> dropped = migrator(b -> b.cleanAllowed(true)).clean();
        assertThat(dropped).anySatisfy(d -> assertThat(d).containsIgnoringCase("t1"));
        assertThat(db.tableNames()).doesNotContain("t1", "migrate_history");
        assertThat(migrator().history()).extracting(AuditEntry::operation).containsExactly("CLEAN");
        assertThat(migrator().migrate().applied()).hasSize(1);
    }

    /**
     * A schema the database keeps for itself, named by mistake in the settings, is refused by clean before
     * anything is dropped: as root, MariaDB's clean of {@code mysql} would have dropped the server's accounts.
     */
    protected void assertCleanRefusesTheDatabasesOwnSchema(String system) throws Exception {
        files.table(1);
        migrator().migrate();
        String count = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + system + "'";
        long before = db.count(count);
        assertThat(before).isPositive();
        assertThatThrownBy(() -> migrator(b -> b.cleanAllowed(true).schemas(List.of(system))).clean())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("clean refuses to empty the schema " + system)
                .hasMessageContaining("Nothing was dropped");
        assertThat(db.count(count)).isEqualTo(before);
        assertThat(db.tableNames()).contains("t1", "migrate_history");
    }

    /** Runs statements on one connection (SQLite: an ATTACH holds only on the connection that made it). */
    private void executeTogether(String... statements) throws java.sql.SQLException {
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private long countTogether(String attach, String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
            if (attach != null) {
                st.execute(attach);
            }
            try (java.sql.ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Clean empties the schema the migrations ran in and touches nothing of another schema (database, attached
     * SQLite file): its tables and rows stay, and on H2 the database's users too. H2's DROP ALL OBJECTS dropped
     * every schema and user of the database.
     */
    @Test
    void cleanLeavesOtherSchemasTheirRowsAndTheUsersAlone() throws Exception {
        files.table(1);
        String other = otherSchema("Other_Keep");
        String attach = kind() == DatabaseKind.SQLITE ? "ATTACH DATABASE '" + folder.resolve("other.db") + "' AS " + other : null;
        try {
            if (attach != null) {
                executeTogether(attach, "CREATE TABLE " + other + ".keep (id INT)", "INSERT INTO " + other + ".keep VALUES (1)");
            } else {
                db.execute((kind() == DatabaseKind.MARIADB ? "CREATE DATABASE " : "CREATE SCHEMA ") + other);
                db.execute("CREATE TABLE " + other + ".keep (id INT)");
                db.execute("INSERT INTO " + other + ".keep VALUES (1)");
            }
            if (kind() == DatabaseKind.H2) {
                db.execute("CREATE USER keeper PASSWORD 'x'");
            }
            Migrator m = migrator(b -> b.cleanAllowed(true).initSql(attach == null ? List.of() : List.of(attach)));
            m.migrate();
            assertThat(m.clean()).anySatisfy(d -> assertThat(d).containsIgnoringCase("t1"))
                    .noneSatisfy(d -> assertThat(d).containsIgnoringCase("keep"));
            assertThat(db.tableNames()).doesNotContain("t1", "migrate_history");
            assertThat(countTogether(attach, "SELECT COUNT(*) FROM " + other + ".keep")).isEqualTo(1);
            if (kind() == DatabaseKind.H2) {
                assertThat(db.count("SELECT COUNT(*) FROM information_schema.users WHERE user_name = 'KEEPER'")).isEqualTo(1);
            }
            assertThat(m.migrate().applied()).hasSize(1);
        } finally {
            dropOtherSchema(other);
        }
    }

    /**
     * A table of another schema whose foreign key references one of the schema's: clean refuses, naming it, and
     * drops nothing (PostgreSQL and H2 dropped the foreign key with CASCADE; MariaDB, with its checks off, left it
     * pointing at rows that no longer exist). SQLite has no such key; there, a key inside the schema does not
     * stop clean, and its foreign_keys setting is as it was.
     */
    @Test
    void cleanRefusesWhileAnotherSchemaReferencesItsTables() throws Exception {
        files.write("V1__books.sql", "CREATE TABLE books (id INT PRIMARY KEY);\nINSERT INTO books VALUES (1);\n");
        if (kind() == DatabaseKind.SQLITE) {
            files.write("V2__loans.sql", "CREATE TABLE loans (book INT REFERENCES books (id));\nINSERT INTO loans VALUES (1);\n");
            Migrator m = migrator(b -> b.cleanAllowed(true).initSql("PRAGMA foreign_keys = ON"));
            m.migrate();
            assertThat(m.clean()).contains("table books", "table loans");
            assertThat(db.tableNames()).doesNotContain("books", "loans");
            assertThat(m.migrate().applied()).hasSize(2);
            return;
        }
        String other = otherSchema("Other_Refs");
        try {
            db.execute((kind() == DatabaseKind.MARIADB ? "CREATE DATABASE " : "CREATE SCHEMA ") + other);
            Migrator m = migrator(b -> b.cleanAllowed(true));
            m.migrate();
            String current = kind() == DatabaseKind.MARIADB ? db.name() : kind() == DatabaseKind.H2 ? "PUBLIC" : "public";
            db.execute("CREATE TABLE " + other + ".loans (book INT, CONSTRAINT loans_book_fk FOREIGN KEY (book) REFERENCES "
                    + current + ".books (id))");
            db.execute("INSERT INTO " + other + ".loans VALUES (1)");

            assertThatThrownBy(m::clean).isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll("Clean refused", "Nothing was dropped")
                    .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("loans_book_fk").containsIgnoringCase(other + ".loans"));
            assertThat(m.history()).last().satisfies(a -> {
                assertThat(a.operation()).isEqualTo("CLEAN");
                assertThat(a.outcome()).isEqualTo(AuditEntry.REFUSED);
                assertThat(a.description()).isEqualTo("clean");
                assertThat(a.details()).contains("Clean refused").containsIgnoringCase("loans_book_fk");
            });
            assertThat(db.tableNames()).contains("books", "migrate_history");
            assertThat(db.count("SELECT COUNT(*) FROM books")).isEqualTo(1);
            // The key is still there and still enforced.
            assertThatThrownBy(() -> db.execute("INSERT INTO " + other + ".loans VALUES (2)")).isInstanceOf(IllegalStateException.class);

            db.execute("DROP TABLE " + other + ".loans");
            assertThat(m.clean()).anySatisfy(d -> assertThat(d).containsIgnoringCase("books"));
            assertThat(db.tableNames()).doesNotContain("books");
        } finally {
            dropOtherSchema(other);
        }
    }

    /** Blocks each statement that starts with {@code DROP} until released, once {@link #arm} was called. */
    static final class DropGate {
        final java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        javax.sql.DataSource wrap(javax.sql.DataSource target) {
            return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> {
                        Object result = invoke(target, m, a);
                        return result instanceof java.sql.Connection c ? connection(c) : result;
                    });
        }

        private java.sql.Connection connection(java.sql.Connection real) {
            return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> {
                        Object result = invoke(real, m, a);
                        return result instanceof java.sql.Statement st && !(result instanceof java.sql.PreparedStatement) ? statement(st) : result;
                    });
        }

        private java.sql.Statement statement(java.sql.Statement real) {
            return (java.sql.Statement) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {java.sql.Statement.class}, (p, m, a) -> {
                        if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String sql
                                && sql.strip().toUpperCase(java.util.Locale.ROOT).startsWith("DROP ")) {
                            reached.countDown();
                            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                        }
                        return invoke(real, m, a);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
            try {
                return m.invoke(target, a);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * A migrate that waits for the lock while clean holds it goes on once clean is done, over the emptied
     * schema. Where the lock is a row (H2, SQLite) clean dropped the lock table under the waiter, which then
     * could never read it again and failed with a lock timeout.
     */
    @Test
    void aMigrateWaitingForTheLockWhileCleanRunsAppliesAfterIt() throws Exception {
        files.table(1);
        migrator().migrate();
        // Something pending, so that migrate takes the lock rather than finding the schema up to date.
        files.table(2);
        DropGate gate = new DropGate();
        Migrator cleaning = Migrator.create(gate.wrap(db.dataSource()), MigratorConfig.builder().locations(files.location())
                .cleanAllowed(true).build());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<List<String>> clean = pool.submit(cleaning::clean);
            assertThat(gate.reached.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("clean reached its first DROP").isTrue();
            java.util.concurrent.Future<MigrateResult> waiting = pool.submit(() -> migrator(b -> b.lockTimeout(java.time.Duration.ofSeconds(15)))
                    .migrate());
            Thread.sleep(1500);
            assertThat(waiting.isDone()).as("migrate waits for the lock clean holds").isFalse();
            gate.release.countDown();
            assertThat(clean.get(60, java.util.concurrent.TimeUnit.SECONDS)).anySatisfy(d -> assertThat(d).containsIgnoringCase("t1"));
            assertThat(waiting.get(60, java.util.concurrent.TimeUnit.SECONDS).applied()).extracting(s -> s.version())
                    .containsExactly("1", "2");
        } finally {
            gate.release.countDown();
            pool.shutdownNow();
        }
        assertThat(db.tableNames()).contains("t1", "t2", "migrate_history");
        assertThat(migrator().history()).extracting(AuditEntry::operation).containsExactly("CLEAN", "APPLY", "APPLY");
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void eightConcurrentMigratorsApplyEachOfFiftyMigrationsExactlyOnce() throws Exception {
        files.write("V1__log.sql", "CREATE TABLE applied_log (id INT PRIMARY KEY);\nINSERT INTO applied_log VALUES (1);");
        for (int n = 2; n <= 50; n++) {
            files.write("V" + n + "__step_" + n + ".sql", "CREATE TABLE c" + n + " (id INT);\nINSERT INTO applied_log VALUES (" + n + ");");
        }
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<MigrateResult>> results = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    // Each thread has its own Migrator and its own connections, as separate instances would.
                    Migrator own = Migrator.create(new dev.migrate.internal.DriverDataSource(db.url(), db.user(), db.password()),
                            MigratorConfig.builder().locations(files.location()).lockTimeout(java.time.Duration.ofMinutes(2)).build());
                    start.await();
                    return own.migrate();
                }));
            }
            start.countDown();
            int appliedTotal = 0;
            int runsThatApplied = 0;
            for (java.util.concurrent.Future<MigrateResult> f : results) {
                MigrateResult r = f.get(3, java.util.concurrent.TimeUnit.MINUTES);
                appliedTotal += r.applied().size();
                runsThatApplied += r.nothingToDo() ? 0 : 1;
            }
            assertThat(appliedTotal).isEqualTo(50);
            assertThat(runsThatApplied).isGreaterThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("SELECT COUNT(*) FROM applied_log")).isEqualTo(50);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).isEqualTo(50);
        assertThat(db.count("SELECT COUNT(DISTINCT version) FROM migrate_history WHERE state = 'SUCCESS'")).isEqualTo(50);
        assertThat(db.count("SELECT COUNT(DISTINCT installed_rank) FROM migrate_history")).isEqualTo(50);
        assertThat(migrator().status().pending()).isEmpty();
        assertThat(migrator().history()).hasSize(50);
    }

    /** Holds the lock while the test looks: its up() waits until released. */
    @MigrationInfo(version = "1", description = "blocks")
    public static class Blocking implements JavaMigration {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void up(MigrationContext context) throws Exception {
            started.countDown();
            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void upToDateStartNeitherWaitsForTheLockNorWritesWhilePendingWorkStillWaits() throws Exception {
        files.table(1).table(2);
        migrator().migrate();
        long auditRows = db.count("SELECT COUNT(*) FROM migrate_audit");
        MigratorConfig config = MigratorConfig.builder().locations(files.location()).build();
        try (java.sql.Connection c = db.connect()) {
            dev.migrate.dialect.Dialect dialect = dev.migrate.dialect.Dialects.detect(c);
            dev.migrate.lock.DatabaseLock held = dev.migrate.internal.Engine.lockFor(c, db.dataSource(), dialect, config);
            java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread holder = new Thread(() -> held.withLock(java.time.Duration.ofSeconds(10), () -> {
                holding.countDown();
                try {
                    release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holder.start();
            try {
                assertThat(holding.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                // Had it waited for the lock, it would have failed with a LockTimeoutException after 1 s.
                MigrateResult noop = migrator(b -> b.lockTimeout(java.time.Duration.ofSeconds(1))).migrate();
                assertThat(noop.applied()).isEmpty();
                assertThat(noop.toVersion()).isEqualTo("2");

                files.table(3);
                assertThatThrownBy(() -> migrator(b -> b.lockTimeout(java.time.Duration.ofSeconds(1))).migrate())
                        .isInstanceOf(dev.migrate.LockTimeoutException.class);
            } finally {
                release.countDown();
                holder.join(60_000);
            }
        }
        assertThat(db.count("SELECT COUNT(*) FROM migrate_audit")).as("an up-to-date start writes nothing").isEqualTo(auditRows);
        assertThat(appliedVersions()).containsExactly("1", "2");
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("3");
    }

    @Test
    void lockTimeoutNamesTheHolderAndTheSetting() throws Exception {
        Blocking blocking = new Blocking();
        Thread holder = new Thread(() -> migrator(b -> b.javaMigration(blocking)).migrate());
        holder.start();
        try {
            assertThat(blocking.started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            dev.migrate.LockTimeoutException e = catchThrowableOfType(dev.migrate.LockTimeoutException.class,
                    () -> migrator(b -> b.lockTimeout(java.time.Duration.ofSeconds(1))).migrate());
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMs).isBetween(900L, 20_000L);
            assertThat(e.getMessage()).contains("within 1s").contains("migrate.lock-timeout");
            assertThat(e.holder()).isNotBlank();
            if (kind() == DatabaseKind.H2 || kind() == DatabaseKind.SQLITE) {
                assertThat(e.holder()).contains("pid " + ProcessHandle.current().pid());
            }
        } finally {
            blocking.release.countDown();
            holder.join(60_000);
        }
        assertThat(migrator(b -> b.javaMigration(blocking)).status().applied()).hasSize(1);
    }

    /** Holds the lock while the test looks, outside a transaction: every database shows its RUNNING row at once. */
    @MigrationInfo(version = "2", description = "blocks outside a transaction", transactional = false)
    public static class BlockingOutsideTransaction implements JavaMigration {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void up(MigrationContext context) throws Exception {
            started.countDown();
            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * A RUNNING row is a migration in progress while a process holds the lock, and a crash's leftover (dirty) once the
     * lock is free: status and lockStatus read the lock without taking it, so they answer while the migration runs.
     */
    @Test
    void aRunningRowIsInProgressWhileTheLockIsHeldAndDirtyOnceItIsFree() throws Exception {
        files.table(1);
        migrator().migrate();
        assertThat(migrator().lockStatus()).isEqualTo(LockStatus.free(null));
        assertThat(migrator().status().lock()).as("not read without a RUNNING row").isNull();
        BlockingOutsideTransaction blocking = new BlockingOutsideTransaction();
        Thread holder = new Thread(() -> migrator(b -> b.javaMigration(blocking)).migrate());
        holder.start();
        try {
            assertThat(blocking.started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            LockStatus lock = migrator().lockStatus();
            assertThat(lock.held()).as(lock.toString()).isTrue();
            assertThat(lock.holder()).contains(switch (kind()) {
                case POSTGRES -> "PostgreSQL backend pid ";
                case MARIADB -> "connection ";
                default -> "pid " + ProcessHandle.current().pid() + " on host ";
            });
            StatusResult status = migrator().status();
            assertThat(status.inProgress()).extracting(AppliedMigration::version).containsExactly("2");
            assertThat(status.failed()).isEmpty();
            assertThat(status.isDirty()).isFalse();
            assertThat(status.isMigrating()).isTrue();
            assertThat(status.lock().held()).isTrue();
        } finally {
            blocking.release.countDown();
            holder.join(60_000);
        }
        assertThat(migrator().lockStatus()).isEqualTo(LockStatus.free(null));

        // A process killed in the migration: its row stays RUNNING, and its session lock went with its session.
        db.execute("UPDATE migrate_history SET state = 'RUNNING' WHERE version = '2'");
        StatusResult crashed = migrator().status();
        assertThat(crashed.failed()).extracting(AppliedMigration::version).containsExactly("2");
        assertThat(crashed.inProgress()).isEmpty();
        assertThat(crashed.lock().state()).isEqualTo(LockStatus.State.FREE);
        if (kind() == DatabaseKind.H2 || kind() == DatabaseKind.SQLITE) {
            // Killed with its lease still running: in progress, as far as anyone can tell, until the lease runs out.
            db.execute("UPDATE migrate_lock SET owner = 'pid 1 on host gone [0000abcd]', expires_at = 4102444800000 WHERE id = 1");
            assertThat(migrator().status().inProgress()).extracting(AppliedMigration::version).containsExactly("2");
            assertThat(migrator().lockStatus().holder()).startsWith("pid 1 on host gone, lease expires in ");
            db.execute("UPDATE migrate_lock SET expires_at = 1000 WHERE id = 1");
            StatusResult expired = migrator().status();
            assertThat(expired.failed()).extracting(AppliedMigration::version).containsExactly("2");
            assertThat(expired.lock().state()).isEqualTo(LockStatus.State.FREE);
            assertThat(expired.lock().holder()).startsWith("pid 1 on host gone, whose lease ran out ");
        }
    }

    // ---------------------------------------------------------------- dialect-specific scripts

    /** A script using this database's own syntax (bodies with ';' inside), and the table it creates. */
    protected abstract String dialectScript();

    @Test
    void runsScriptsWithTheDialectsOwnSyntax() {
        files.write("V1__dialect.sql", dialectScript());
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM dialect_result")).isEqualTo(2);
    }
}
