package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrate.AuditEntry;
import dev.migrate.IrreversibleMigrationException;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.MigrationState;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import dev.migrate.RollbackRequest;
import dev.migrate.schema.DslMigration;
import dev.migrate.schema.SchemaChanges;
import dev.migrate.testing.DatabaseKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresMigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.POSTGRES;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.POSTGRES;
    }

    /**
     * citext sorts case-insensitively; bound as varchar, {@code id > ?} compared case-sensitively and the
     * loop skipped some rows and processed others twice.
     */
    @Test
    void citextKeysAreComparedAsCitext() throws Exception {
        // citext ships with PostgreSQL itself (contrib): a test server without it fails here rather than skipping.
        assertThat(db.count("SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'citext'"))
                .as("the citext extension on the test server (Debian: it comes with the postgresql package)").isEqualTo(1);
        db.execute("CREATE EXTENSION IF NOT EXISTS citext");
        StringBuilder insert = new StringBuilder("INSERT INTO keyed (id, n) VALUES ");
        for (int i = 0; i < 52; i++) {
            char letter = (char) ('a' + i % 26);
            String key = (i % 2 == 0 ? String.valueOf(letter) : String.valueOf(Character.toUpperCase(letter))) + (i < 26 ? "x" : "y");
            insert.append(i == 0 ? "" : ", ").append("('").append(key).append("', 0)");
        }
        countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id citext PRIMARY KEY, n INT NOT NULL)", insert.toString(), 52);
    }

    /**
     * core.md's hint for a repeatable view on a versioned table: PostgreSQL refuses the table's down while the view
     * exists, and {@code -- migrate:depends-on} does not drop it; a down that drops the view first, with the directive,
     * rolls back and the next migrate creates the view again.
     */
    @Test
    void aRepeatableViewOnATableNeedsTheTablesDownToDropIt() {
        files.write("4_create_orders.up.sql", "CREATE TABLE orders (id INT PRIMARY KEY, total INT);\n")
                .write("4_create_orders.down.sql", "DROP TABLE orders;\n")
                .write("R__order_totals.sql", "-- migrate:depends-on 4\nCREATE OR REPLACE VIEW order_totals AS SELECT id, total FROM orders;\n");
        migrator().migrate();
        String note = "R__order_totals.sql depends on version 4: the next migrate applies it again";
        assertThat(migrator().planRollback(RollbackRequest.last()).notes()).containsExactly(note);

        MigrationFailedException refused = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator().rollback(RollbackRequest.last()));
        assertThat(refused.getMessage()).contains("4_create_orders.down.sql line 1 (rollback) failed")
                .contains("other objects depend on it").contains("is still applied, as it was");
        assertThat(db.count("SELECT COUNT(*) FROM pg_views WHERE viewname = 'order_totals'")).isEqualTo(1);

        files.write("4_create_orders.down.sql", "DROP VIEW IF EXISTS order_totals;\nDROP TABLE orders;\n");
        assertThat(migrator().rollback(RollbackRequest.last()).notes()).containsExactly(note);
        assertThat(db.count("SELECT COUNT(*) FROM pg_views WHERE viewname = 'order_totals'")).isZero();
        assertThat(migrator().migrate().applied()).extracting(s -> s.script())
                .containsExactly("4_create_orders.up.sql", "R__order_totals.sql");
        assertThat(db.count("SELECT COUNT(*) FROM pg_views WHERE viewname = 'order_totals'")).isEqualTo(1);
    }

    @Test
    void uuidKeysAreBoundAsUuid() throws Exception {
        CountKeyedRows migration = countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id uuid PRIMARY KEY, n INT NOT NULL)",
                "INSERT INTO keyed SELECT gen_random_uuid(), 0 FROM generate_series(1, 95)", 95);
        assertThat(migration.firstKeys).allMatch(k -> k instanceof java.util.UUID);
    }

    /**
     * -- migrate: lines inside a function's dollar quote are part of the function (a section line, a header directive
     * or an unknown one alike): it is created whole, and the down that runs is the file's own section.
     */
    @Test
    void directiveLinesInAFunctionBodyArePartOfTheFunction() {
        files.write("V1__touch.sql", """
                -- migrate:up
                CREATE TABLE doc (id int PRIMARY KEY, updated timestamptz);
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  NEW.updated := now();
                -- migrate:down
                  -- migrate:no-transaction
                  -- migrate:todo: a generated column instead
                  RETURN NEW;
                END
                $$;
                CREATE TRIGGER doc_touch BEFORE INSERT ON doc FOR EACH ROW EXECUTE FUNCTION touch();
                -- migrate:down
                DROP TABLE doc;
                DROP FUNCTION touch();
                """);
        migrator().migrate();
        db.execute("INSERT INTO doc (id) VALUES (1)");
        assertThat(db.count("SELECT COUNT(*) FROM doc WHERE updated IS NOT NULL")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM pg_proc WHERE proname = 'touch' AND prosrc LIKE '%-- migrate:no-transaction%'"))
                .isEqualTo(1);
        migrator().rollback(RollbackRequest.base());
        assertThat(db.tableNames()).doesNotContain("doc");
        assertThat(db.count("SELECT COUNT(*) FROM pg_proc WHERE proname = 'touch'")).isZero();
    }

    @Test
    void unterminatedDollarQuoteIsRefusedWithTheFilesLineInPlainAndSectionedFiles() {
        assertSplitErrorIsRefusedEverywhere("DO $body$ BEGIN PERFORM 1;", "Unterminated dollar-quoted string $body$");
    }

    /**
     * What an extension creates in the schema (pg_stat_statements' views here, PostGIS's spatial_ref_sys
     * elsewhere) and tables in other schemas do not make the schema one to adopt; a view of the
     * application's own does.
     */
    /**
     * What pg_dump writes and psql runs: a parameter named begin opens no block, and a CASE ... END FOR UPDATE in a
     * BEGIN ATOMIC body ends the CASE. Each statement after them runs on its own, COPY rows included.
     */
    @Test
    void functionsWithABeginParameterOrEndForUpdateLeaveTheStatementsAfterThemAlone() {
        files.write("V1__functions.sql", "CREATE TABLE booking (id int, starts timestamptz);\n"
                + "CREATE FUNCTION in_range(begin timestamptz, finish timestamptz) RETURNS SETOF booking\n"
                + "LANGUAGE sql STABLE AS $$\n  SELECT * FROM booking WHERE starts >= begin AND starts < finish\n$$;\n"
                + "COPY booking (id, starts) FROM stdin;\n1\t2024-01-01 10:00:00+00\n\\.\n"
                + "CREATE TABLE jobs (id int PRIMARY KEY, priority text, done boolean DEFAULT false);\n"
                + "CREATE FUNCTION next_job() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT id FROM jobs WHERE NOT done\n"
                + "  ORDER BY CASE priority WHEN 'high' THEN 0 ELSE 1 END FOR UPDATE SKIP LOCKED;\nEND;\n"
                + "CREATE TABLE after_fn (x int);\n");
        Plan plan = migrator().planMigrate(null);
        assertThat(plan.steps().get(0).statements()).hasSize(6);
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM booking")).isEqualTo(1);
        assertThat(db.tableNames()).contains("after_fn");
    }

    @Test
    void extensionObjectsAndOtherSchemasDoNotCountAsTablesOfTheApplication() {
        db.execute("CREATE EXTENSION pg_stat_statements");
        db.execute("CREATE SCHEMA reporting");
        db.execute("CREATE TABLE reporting.totals (id INT)");
        files.table(1);
        assertThat(db.count("SELECT COUNT(*) FROM information_schema.views WHERE table_schema = current_schema()"
                + " AND table_name = 'pg_stat_statements'")).as("the extension's view is in the schema").isEqualTo(1);
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("1");

        db.execute("DROP TABLE migrate_history");
        db.execute("CREATE MATERIALIZED VIEW snapshot AS SELECT 1 AS one");
        files.table(2);
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContaining("already holds 2 tables or views (snapshot, t1) but has no migration history");
    }

    /**
     * A Flyway migration folder's usual reason for a script configuration file: a new enum value
     * cannot be used in the transaction that added it.
     */
    @Test
    void anEnumValueAddedAndUsedInOneScriptNeedsTheScriptsConfigurationFile() {
        files.write("V1__mood.sql", "CREATE TYPE mood AS ENUM ('sad');\nCREATE TABLE person (m mood);\n")
                .write("V2__calm.sql", "ALTER TYPE mood ADD VALUE 'calm';\nINSERT INTO person VALUES ('calm');\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.MigrationFailedException.class)
                .hasMessageContaining("V2__calm.sql line 2").hasMessageContaining("unsafe use of new value")
                // the error names the two ways out, not "fix the script", which would not say how
                .hasMessageContaining("Put the ALTER TYPE in a migration of its own before this one")
                .hasMessageContaining("-- migrate:no-transaction, or executeInTransaction=false in its .sql.conf")
                .hasMessageNotContaining("Fix the script");
        assertThat(db.count("SELECT COUNT(*) FROM pg_enum WHERE enumlabel = 'calm'")).as("rolled back").isZero();

        files.write("V2__calm.sql.conf", "executeInTransaction=false\n");
        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("2");
        assertThat(db.count("SELECT COUNT(*) FROM person WHERE m = 'calm'")).isEqualTo(1);
    }

    /**
     * An enum value added by one migration and used by the next: each commits on its own, but a group is one
     * transaction, so PostgreSQL refuses the second. The error says that the group is the reason, and nothing stays.
     */
    @Test
    void anEnumValueAddedByOneMigrationOfAGroupCannotBeUsedByTheNext() {
        files.write("V1__mood.sql", "CREATE TYPE mood AS ENUM ('sad');\nCREATE TABLE person (m mood);\n")
                .write("V2__calm.sql", "ALTER TYPE mood ADD VALUE 'calm';\n")
                .write("V3__use_calm.sql", "INSERT INTO person VALUES ('calm');\n");
        assertThatThrownBy(() -> migrator(b -> b.group(true)).migrate()).isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("V3__use_calm.sql line 1").hasMessageContaining("unsafe use of new value")
                .hasMessageContaining("with group on, apply that one in a run of its own")
                .hasMessageContaining("none of the run's migrations is applied");
        assertThat(db.count("SELECT COUNT(*) FROM pg_type WHERE typname = 'mood'")).as("the group rolled back").isZero();

        assertThat(migrator().migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2", "3");
        assertThat(db.count("SELECT COUNT(*) FROM person WHERE m = 'calm'")).isEqualTo(1);
    }

    /**
     * A migration that waits on a lock the application holds, with {@code lock_timeout} set in the script: the error
     * names the line and says the script is not at fault; nothing of the migration stays, its locks are gone, and the
     * setting does not reach the next migration.
     */
    @Test
    void aLockTimeoutSetInAScriptFailsTheMigrationWithoutBlameAndDoesNotLeak() throws Exception {
        files.write("V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY);\nINSERT INTO accounts VALUES (1);\n");
        migrator().migrate();
        files.write("V2__note.sql", "SET lock_timeout = '300ms';\nCREATE TABLE side (id INT);\nALTER TABLE accounts ADD COLUMN note TEXT;\n")
                .write("V3__observe.sql", "CREATE TABLE observed AS SELECT current_setting('lock_timeout') AS lt;\n");
        try (Connection application = db.connect()) {
            application.setAutoCommit(false);
            long applicationPid;
            try (Statement st = application.createStatement()) {
                st.execute("SELECT * FROM accounts FOR UPDATE");
                java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()");
                rs.next();
                applicationPid = rs.getLong(1);
            }
            MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
            assertThat(failed.getMessage()).contains("V2__note.sql line 3 failed").contains("lock timeout")
                    .contains("Another session held a lock the statement needed").contains("the script is not at fault")
                    .contains("nothing of it remains").doesNotContain("Fix the script");
            assertThat(db.count("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'side'")).as("rolled back").isZero();
            assertThat(db.count("SELECT COUNT(*) FROM pg_locks WHERE relation = 'accounts'::regclass AND pid <> " + applicationPid))
                    .as("the migration's locks are released").isZero();
            application.rollback();
        }
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'note'"))
                .isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM observed WHERE lt = '0'")).as("lock_timeout put back for V3").isEqualTo(1);
    }

    /**
     * A statement that runs past a {@code statement_timeout} the script set fails with advice on the timeout, not "fix
     * the script"; nothing of the migration stays, and the setting does not reach the next migration.
     */
    @Test
    void aStatementTimeoutSetInAScriptSaysSoAndDoesNotLeak() {
        files.write("V1__slow.sql", "SET statement_timeout = '200ms';\nCREATE TABLE side (id INT);\nSELECT pg_sleep(3);\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT current_setting('statement_timeout') AS st;\n");
        MigrationFailedException failed = catchThrowableOfType(MigrationFailedException.class, () -> migrator().migrate());
        assertThat(failed.getMessage()).contains("V1__slow.sql line 3 failed").contains("statement timeout")
                .contains("ran longer than statement_timeout allows").contains("SET statement_timeout = 0")
                .contains("nothing of it remains").doesNotContain("Fix the script").doesNotContain("pg_cancel_backend");
        assertThat(db.count("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'side'")).as("rolled back").isZero();

        files.write("V1__slow.sql", "CREATE TABLE side (id INT);\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(db.count("SELECT COUNT(*) FROM observed WHERE st = '0'")).as("statement_timeout put back for V2").isEqualTo(1);
    }

    @Test
    void createIndexConcurrentlyRunsOutsideATransactionWithoutADirective() {
        files.write("V1__table.sql", "CREATE TABLE books (id INT PRIMARY KEY, title TEXT);")
                .write("V2__index.sql", "-- needs no directive\nCREATE INDEX CONCURRENTLY books_title ON books (title);\n");
        Plan plan = migrator().planMigrate(null);
        assertThat(plan.steps().get(1).transactional()).isFalse();
        assertThat(plan.steps().get(1).notes()).singleElement().satisfies(n -> assertThat(n)
                .contains("line 2").contains("CREATE INDEX CONCURRENTLY").contains("cannot run inside one on PostgreSQL"));
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'books_title'")).isEqualTo(1);
    }

    /**
     * The server ends the session in the middle of a migration (an administrator's pg_terminate_backend): the transaction
     * and the advisory lock end with it. The error says so instead of blaming the script, nothing is left behind, and the
     * next run applies the migration once.
     */
    @Test
    void aMigrationWhoseSessionIsTerminatedIsReportedAsALostConnection() {
        files.write("V1__books.sql", "CREATE TABLE books (id INT);\nCREATE TABLE cut_once (id INT);")
                .write("V2__fill.sql", "INSERT INTO books VALUES (1);\n"
                        + "SELECT pg_terminate_backend(pg_backend_pid()) WHERE to_regclass('cut_once') IS NOT NULL;");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.MigrationFailedException.class)
                .hasMessageContaining("V2__fill.sql line 2 failed")
                .hasMessageContaining("The connection to the database was lost")
                .hasMessageContaining("The migration lock went with the connection")
                .hasMessageNotContaining("Fix the script");
        assertThat(db.count("SELECT COUNT(*) FROM books")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                + " WHERE l.locktype = 'advisory' AND d.datname = current_database()")).as("advisory locks left").isZero();

        db.execute("DROP TABLE cut_once");
        assertThat(migrator(b -> b.lockTimeout(java.time.Duration.ofSeconds(1))).migrate().applied()).hasSize(1);
        assertThat(db.count("SELECT COUNT(*) FROM books")).isEqualTo(1);
        assertThat(migrator().status().applied()).extracting(a -> a.version() + " " + a.state()).containsExactly("1 SUCCESS", "2 SUCCESS");
    }

    /** Builds an index without locking out writes: CREATE INDEX CONCURRENTLY, which no transaction may hold. */
    @MigrationInfo(version = "2", description = "index titles")
    public static class IndexTitles extends DslMigration {
        @Override
        protected void change(SchemaChanges schema) {
            schema.createIndex("books", "title").concurrently();
        }
    }

    @Test
    void dslIndexBuiltConcurrentlyRunsOutsideATransactionThroughTheEngine() throws Exception {
        files.write("V1__table.sql", "CREATE TABLE books (id INT PRIMARY KEY, title TEXT);\nINSERT INTO books VALUES (1, 'a');")
                .write("U1__table.sql", "DROP TABLE books;");
        try (Connection c = db.connect()) {
            // What the engine must avoid: the same statement inside a transaction is refused.
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE probe (title TEXT)");
                assertThatThrownBy(() -> st.execute("CREATE INDEX CONCURRENTLY probe_title_idx ON probe (title)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("transaction block");
            } finally {
                c.rollback();
            }
        }

        Plan plan = migrator(b -> b.javaMigration(new IndexTitles())).planMigrate(null);
        PlanStep index = plan.steps().get(1);
        assertThat(index.transactional()).isFalse();
        assertThat(index.notes()).anySatisfy(n -> assertThat(n).contains("runs outside a transaction")
                .contains("index concurrently"));
        assertThat(index.statements()).extracting(PlanStep.PlannedStatement::sql)
                .containsExactly("CREATE INDEX CONCURRENTLY books_title_idx ON books (title)");
        assertThat(index.down()).extracting(PlanStep.PlannedStatement::sql)
                .containsExactly("DROP INDEX CONCURRENTLY books_title_idx");

        migrator(b -> b.javaMigration(new IndexTitles())).migrate();
        assertThat(db.count("SELECT COUNT(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname = 'books_title_idx' AND i.indisvalid")).isEqualTo(1);
        assertThat(migrator(b -> b.javaMigration(new IndexTitles())).status().applied())
                .extracting(a -> a.state()).containsExactly(MigrationState.SUCCESS, MigrationState.SUCCESS);

        Plan down = migrator(b -> b.javaMigration(new IndexTitles())).planRollback(RollbackRequest.last());
        assertThat(down.steps().get(0).transactional()).isFalse();
        migrator(b -> b.javaMigration(new IndexTitles())).rollback(RollbackRequest.last());
        assertThat(db.count("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'books_title_idx'")).isZero();
        assertThat(db.tableNames()).contains("books");
    }

    @MigrationInfo(version = "2", description = "index titles then fail")
    public static class IndexTitlesThenFail extends DslMigration {
        @Override
        protected void change(SchemaChanges schema) {
            schema.createIndex("books", "title").concurrently();
            schema.addColumn("nope", "x", dev.migrate.schema.ColumnType.integer());
        }
    }

    /**
     * A DSL migration with a concurrently() index runs outside a transaction: when a later operation fails the index
     * stays, and the error says so (not that PostgreSQL commits DDL at once); its rollback is refused.
     */
    @Test
    void aDslMigrationOutsideATransactionFailingPartWaySaysWhatStays() throws Exception {
        files.write("V1__table.sql", "CREATE TABLE books (id INT PRIMARY KEY, title TEXT);");
        migrator().migrate();
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(b -> b.javaMigration(new IndexTitlesThenFail())).migrate());
        assertThat(e.getMessage()).contains("operation 2 of 2 (addColumn nope.x) failed: ")
                .contains("Ran before it: createIndex books_title_idx on books")
                .contains("The operations that ran before the failed one stay applied")
                .contains("it ran outside a transaction").doesNotContain("commits DDL at once");
        assertThat(db.count("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'books_title_idx'")).isEqualTo(1);
        assertThatThrownBy(() -> migrator(b -> b.javaMigration(new IndexTitlesThenFail())).rollback(RollbackRequest.last()))
                .isInstanceOf(IrreversibleMigrationException.class).hasMessageContaining("stopped part-way");
        assertThat(db.count("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'books_title_idx'")).isEqualTo(1);
    }

    /**
     * A real pg_dump file (--no-owner --no-privileges) of a schema and a table whose names hold a ; (the COPY of
     * its rows used to run as plain SQL and fail: "COPY commands are only supported using the CopyManager API"),
     * rows with tabs, backslashes, \\N, line breaks and emoji, a plpgsql trigger function with nested dollar
     * quotes and a BEGIN ATOMIC function with a parameter named begin.
     */
    @Test
    void aPgDumpWithQuotedNamesRestoresAsDumped() throws Exception {
        try (java.io.InputStream in = getClass().getResourceAsStream("/dumps/pg_dump-quoted-names.sql")) {
            files.write("V1__baseline.sql", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(migrator().migrate().applied()).hasSize(1);

        assertThat(row("SELECT count(*), string_agg(id || ':' || coalesce(\"note; text\", 'NULL') || ':' || coalesce(encode(data, 'hex'), 'NULL'),"
                + " '|' ORDER BY id) FROM \"app;x\".\"t;3\"")).containsExactly("3",
                "1:tab\there; back\\slash \\N:00ff5c0a|2:NULL:NULL|3:Zo\u00eb \uD83C\uDF89\nline2\r\n\\.:5c2e");
        assertThat(row("SELECT string_agg(id || '=' || \"end\", ',' ORDER BY id) FROM public.begin")).containsExactly("1=a;b,2=$$");
        assertThat(row("SELECT public.label(1), public.label(0)")).containsExactly("pos;", "neg");
        db.execute("INSERT INTO \"app;x\".\"t;3\" (id) VALUES (4)");
        assertThat(row("SELECT what FROM public.audit")).containsExactly("ins 4it's a ; semicolon $$ inside");
    }

    /** A data dump as pg_dump writes it without --inserts: the rows of each COPY follow it, up to a line \\. */
    @Test
    void copyFromStdinLoadsTheRowsThatFollowItInTheScript() {
        files.write("V1__books.sql", """
                CREATE TABLE books (id INT PRIMARY KEY, title TEXT, price NUMERIC);

                COPY public.books (id, title, price) FROM stdin;
                1\tDune\t9.50
                2\tIt's; "quoted" $$\t\\N
                \\.

                INSERT INTO books VALUES (3, 'after the copy', 1);
                COPY books FROM STDIN WITH (FORMAT csv);
                4,"csv, with a comma",2
                \\.
                """);
        Plan plan = migrator().planMigrate(null);
        assertThat(plan.steps().get(0).statements()).extracting(PlanStep.PlannedStatement::line).containsExactly(1, 3, 8, 9);
        assertThat(plan.steps().get(0).notes()).contains("line 3 (COPY public.books (id, title, price) FROM stdin) loads the data"
                + " on lines 4-5");

        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM books")).isEqualTo(4);
        assertThat(db.count("SELECT COUNT(*) FROM books WHERE id = 2 AND title = 'It''s; \"quoted\" $$' AND price IS NULL")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM books WHERE id = 4 AND title = 'csv, with a comma'")).isEqualTo(1);
    }

    @Test
    void aBadCopyRowNamesItsLineInTheFileAndLeavesNothingOfTheMigration() {
        files.write("V1__books.sql", "CREATE TABLE books (id INT PRIMARY KEY, title TEXT);\n")
                .write("V2__load.sql", "INSERT INTO books VALUES (100, 'before');\n-- the rows\nCOPY books FROM stdin;\n"
                        + "1\ta\n2\tb\nthree\tc\n4\td\n\\.\n");
        dev.migrate.MigrationFailedException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.migrate.MigrationFailedException.class, () -> migrator().migrate());
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("Migration V2__load.sql line 3 failed").contains("invalid input syntax for type integer")
                .contains("Line 3 of the COPY data is line 6 of the file").contains("nothing of it remains");
        assertThat(db.count("SELECT COUNT(*) FROM books")).isZero();
        assertThat(migrator().status().applied()).extracting(a -> a.version()).containsExactly("1");
    }

    /** SET ROLE and SET in a script reach neither Migrate's own statements nor the later migrations (nor, through a pool, the application). */
    @Test
    void aRoleAndSettingsAMigrationSetsArePutBackAfterIt() throws SQLException {
        String observe = "SELECT current_user::text AS r, current_setting('lock_timeout') AS lt, current_setting('row_security') AS rs";
        java.util.List<String> fresh = row(observe);
        assertThat(fresh.get(1)).isEqualTo("0");
        files.write("V1__as_monitor.sql", "CREATE TABLE leaks (id INT);\nSET lock_timeout = '4321ms';\nSET row_security = off;\n"
                        + "SET ROLE pg_monitor;\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS " + observe + ";\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT * FROM observed")).isEqualTo(fresh);
    }

    /**
     * SET SESSION AUTHORIZATION, which pg_dump --use-set-session-authorization writes before each object: the user it
     * leaves could not SET ROLE back to the connection's own, so the migration failed when its session was put back.
     * The session user and the role are put back, for Migrate's writes and the next migrations, in and out of a transaction.
     */
    @Test
    void aSessionAuthorizationAMigrationSetsIsPutBackAfterIt() throws SQLException {
        String observe = "SELECT session_user::text AS s, current_user::text AS r";
        java.util.List<String> fresh = row(observe);
        files.write("V1__as_monitor.sql", "CREATE TABLE authorized (id INT);\nSET SESSION AUTHORIZATION pg_monitor;\n")
                .write("V2__outside.sql", "-- migrate:no-transaction\nSET SESSION AUTHORIZATION 'pg_monitor';\n")
                .write("V3__observe.sql", "CREATE TABLE observed AS " + observe + ";\n");
        assertThat(migrator().migrate().applied()).hasSize(3);
        assertThat(row("SELECT * FROM observed")).isEqualTo(fresh);
        assertThat(migrator().status().applied()).extracting(a -> a.installedBy()).containsOnly(fresh.get(0));
    }

    /**
     * A migration runs in the session that holds Migrate's advisory lock, and pg_advisory_unlock_all() released it: the
     * next migrations and the history writes ran without it. It is taken back when nobody took it meanwhile.
     */
    @Test
    void anAdvisoryLockAMigrationReleasesIsTakenBack() throws SQLException {
        String held = "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()";
        files.write("V1__unlock.sql", "CREATE TABLE unlocked (id INT);\nSELECT pg_advisory_unlock_all();\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS " + held + ";\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT n FROM observed")).containsExactly("1");
    }

    /**
     * Migrate confirms its advisory lock only after a script that may have released it (docs/core.md): one naming
     * pg_advisory_unlock, written in any case, is seen, and the lock is taken back before the next migration; a
     * DISCARD ALL (which runs outside a transaction by itself) too.
     */
    @Test
    void anAdvisoryLockAScriptReleasesByItsKeyOrDiscardIsTakenBack() throws SQLException {
        String held = "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()";
        files.write("V1__unlock.sql", "CREATE TABLE unlocked (id INT);\nSELECT Pg_Advisory_Unlock((classid::bigint << 32) | objid::bigint)"
                        + " FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid = pg_backend_pid();\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS " + held + ";\n")
                .write("V3__discard.sql", "DISCARD ALL;\n")
                .write("V4__observe.sql", "CREATE TABLE observed_after_discard AS " + held + ";\n");
        assertThat(migrator().migrate().applied()).hasSize(4);
        assertThat(row("SELECT n FROM observed")).containsExactly("1");
        assertThat(row("SELECT n FROM observed_after_discard")).containsExactly("1");
    }

    /** Releases Migrate's advisory lock and has another session take it before the migration ends. */
    @MigrationInfo(version = "2", description = "unlock")
    public static class UnlockForAnother implements dev.migrate.JavaMigration {
        static java.sql.Connection other;

        @Override
        public void up(dev.migrate.MigrationContext context) throws Exception {
            try (java.sql.Statement st = context.connection().createStatement()) {
                java.sql.ResultSet rs = st.executeQuery("SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks"
                        + " WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid = pg_backend_pid()");
                rs.next();
                long key = rs.getLong(1);
                st.execute("SELECT pg_advisory_unlock_all()");
                try (java.sql.Statement o = other.createStatement()) {
                    o.execute("SELECT pg_advisory_lock(" + key + ")");
                }
                st.execute("CREATE TABLE after_unlock (id INT)");
            }
        }
    }

    /** ... and when another process took it meanwhile, the migration is rolled back as one that lost the lock. */
    @Test
    void anAdvisoryLockAMigrationReleasesAndAnotherTakesFailsTheMigration() throws SQLException {
        files.table(1);
        try (java.sql.Connection other = db.connect()) {
            UnlockForAnother.other = other;
            MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                    () -> migrator(b -> b.javaMigration(new UnlockForAnother())).migrate());
            assertThat(e.getMessage()).contains("Lost the migration lock: a migration or callback released Migrate's advisory lock")
                    .contains("another process took it (PostgreSQL backend pid").contains("Its transaction was rolled back");
        } finally {
            UnlockForAnother.other = null;
        }
        assertThat(db.tableNames()).doesNotContain("after_unlock");
        assertThat(migrator().status().applied()).extracting(a -> a.version()).containsExactly("1");
    }

    /** The default schema goes first in the search_path; the rest stays, so what extensions put in public is found. */
    @Test
    void theDefaultSchemaIsPutBeforeTheSearchPathNotInsteadOfIt() throws SQLException {
        db.execute("CREATE FUNCTION public.answer() RETURNS INT LANGUAGE sql AS 'SELECT 42'");
        files.write("V1__use.sql", "CREATE TABLE answers AS SELECT answer() AS a, current_setting('search_path') AS path;\n");
        assertThat(migrator(b -> b.defaultSchema("shop")).migrate().applied()).hasSize(1);
        assertThat(row("SELECT a, path FROM shop.answers")).containsExactly("42", "shop, \"$user\", public");
    }

    /** A default with a backslash, and a sql(...) whose string holds an escaped quote, for the session's reading. */
    @MigrationInfo(version = "2", description = "backslash defaults")
    public static class BackslashDefaults extends DslMigration {
        @Override
        protected void change(SchemaChanges schema) {
            schema.addColumn("paths", "drive", dev.migrate.schema.ColumnType.string(10), c -> c.defaultValue("E:\\"));
            schema.sql("INSERT INTO paths (id, path) VALUES (10, 'it\\'s; F:\\\\')", "DELETE FROM paths WHERE id = 10");
        }
    }

    /**
     * A session with standard_conforming_strings off (set by the init SQL, for the session only), as old applications'
     * databases keep it: a backslash escapes in plain strings, and scripts split as the server reads them. The schema DSL
     * writes its default as E'...', which reads the same either way, and splits its sql(...) by the session too. A
     * script's RESET puts back the setting's reset value (on), for the statements after it.
     */
    @Test
    void scriptsAreSplitAsTheSessionsStandardConformingStringsReadsBackslashes() throws SQLException {
        files.write("V1__paths.sql", """
                CREATE TABLE paths (id INT PRIMARY KEY, path VARCHAR(50));
                INSERT INTO paths VALUES (1, 'it\\'s; C:\\\\');
                INSERT INTO paths VALUES (2, E'D:\\\\');
                RESET standard_conforming_strings;
                INSERT INTO paths VALUES (3, 'E:\\');
                """);
        java.util.function.Consumer<dev.migrate.MigratorConfig.Builder> session = b -> b.javaMigration(new BackslashDefaults())
                .initSql("SET standard_conforming_strings = off");
        Plan plan = migrator(session).planMigrate(null);
        assertThat(plan.steps().get(0).statements()).extracting(PlanStep.PlannedStatement::sql)
                .contains("INSERT INTO paths VALUES (1, 'it\\'s; C:\\\\')", "INSERT INTO paths VALUES (3, 'E:\\')");
        assertThat(plan.steps().get(1).statements()).extracting(PlanStep.PlannedStatement::sql)
                .containsExactly("ALTER TABLE paths ADD COLUMN drive VARCHAR(10) DEFAULT E'E:\\\\'",
                        "INSERT INTO paths (id, path) VALUES (10, 'it\\'s; F:\\\\')");
        migrator(session).migrate();
        assertThat(row("SELECT string_agg(path || '|' || drive, ' ' ORDER BY id) FROM paths"))
                .containsExactly("it's; C:\\|E:\\ D:\\|E:\\ E:\\|E:\\ it's; F:\\|E:\\");
        // put back after each migration: the next one starts with the setting off again
        files.write("V3__more.sql", "INSERT INTO paths VALUES (4, 'it\\'s');\n");
        migrator(session).migrate();
        assertThat(row("SELECT path FROM paths WHERE id = 4")).containsExactly("it's");
    }

    /**
     * An old dump sets standard_conforming_strings off itself; the next migration starts with the session's setting (on)
     * again. SET LOCAL cannot be followed (it ends with the transaction): a backslash in a plain string after it is
     * refused before anything runs, and an E'...' string is not.
     */
    @Test
    void aScriptThatSetsStandardConformingStringsOffIsSplitAsTheServerReadsIt() {
        files.write("V1__dump.sql", """
                SET standard_conforming_strings = off;
                SET escape_string_warning = off;
                CREATE TABLE paths (id INT PRIMARY KEY, path VARCHAR(50));
                INSERT INTO paths VALUES (1, 'it\\'s; C:\\\\');
                """)
                .write("V2__standard.sql", "INSERT INTO paths VALUES (2, 'D:\\');\n");
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM paths WHERE path IN ('it''s; C:\\', 'D:\\')")).isEqualTo(2);

        files.write("V3__local.sql", "SET LOCAL standard_conforming_strings = off;\nINSERT INTO paths VALUES (3, E'F:\\\\');\n"
                + "INSERT INTO paths VALUES (4, 'G:\\');\n");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContaining("V3__local.sql line 3: Backslash in a string on line 3, after a statement that changed whether"
                        + " a backslash escapes")
                .hasMessageContaining("SET standard_conforming_strings = off, or write the string as E'...'");
        assertThat(db.count("SELECT COUNT(*) FROM paths")).isEqualTo(2);
    }

    // ---------------------------------------------------------------- clean

    /**
     * What another schema builds on the cleaned one (a column of its enum type, a default calling its function, a
     * trigger running its function, a view of its table, a partition of its table) and a column of an extension's
     * type installed in it: DROP SCHEMA ... CASCADE dropped all of them, the columns with their data. Clean
     * refuses, naming each, and drops nothing; once they are gone it empties the schema and leaves the other
     * schema's rows alone.
     */
    @Test
    void cleanRefusesWhatOtherSchemasBuildOnTheSchemaAndDropsNothing() {
        files.write("V1__app.sql", "CREATE EXTENSION IF NOT EXISTS citext;\n"
                + "CREATE TYPE mood AS ENUM ('ok', 'bad');\nCREATE FUNCTION next_id() RETURNS int LANGUAGE sql AS 'SELECT 7';\n"
                + "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
                + "CREATE TABLE books (id int PRIMARY KEY, title text);\nINSERT INTO books VALUES (1, 'Emma');\n"
                + "CREATE TABLE events (id int, at int) PARTITION BY RANGE (at);\n");
        Migrator m = migrator(b -> b.cleanAllowed(true));
        m.migrate();
        db.execute("CREATE SCHEMA reporting");
        db.execute("CREATE TABLE reporting.feelings (id int DEFAULT public.next_id(), m public.mood, email public.citext, note text)");
        db.execute("INSERT INTO reporting.feelings (m, email, note) VALUES ('ok', 'A@B.example', 'keep me')");
        db.execute("CREATE TRIGGER touched BEFORE INSERT ON reporting.feelings FOR EACH ROW EXECUTE FUNCTION public.touch()");
        db.execute("CREATE VIEW reporting.titles AS SELECT title FROM public.books");
        db.execute("CREATE TABLE reporting.old_events PARTITION OF public.events FOR VALUES FROM (0) TO (10)");

        assertThatThrownBy(m::clean).isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContainingAll("Clean refused", "outside the schemas it empties (public)", "Nothing was dropped",
                        "column m of table reporting.feelings (uses type public.mood)",
                        "column email of table reporting.feelings (uses type public.citext)",
                        "default value for column id of table reporting.feelings (uses function public.next_id())",
                        "trigger touched on table reporting.feelings (uses function public.touch())",
                        "view reporting.titles (uses table public.books)", "table reporting.old_events (uses table public.events)");
        assertThat(db.count("SELECT COUNT(*) FROM reporting.feelings WHERE m = 'ok' AND email = 'a@b.example' AND id = 7")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM reporting.titles")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM pg_extension WHERE extname = 'citext'")).isEqualTo(1);
        assertThat(db.tableNames()).contains("books", "events", "migrate_history");

        db.execute("DROP VIEW reporting.titles");
        db.execute("DROP TABLE reporting.old_events");
        db.execute("ALTER TABLE reporting.feelings DROP COLUMN id, DROP COLUMN m, DROP COLUMN email");
        db.execute("DROP TRIGGER touched ON reporting.feelings");
        assertThat(m.clean()).contains("table public.books", "table public.events", "type public.mood", "function public.next_id()",
                "function public.touch()", "extension citext");
        assertThat(db.tableNames()).doesNotContain("books", "events", "migrate_history");
        assertThat(db.count("SELECT COUNT(*) FROM reporting.feelings WHERE note = 'keep me'")).isEqualTo(1);
        assertThat(m.migrate().applied()).hasSize(1);
    }

    /**
     * Objects of no schema that use the cleaned one: a cast between built-in types through its function, a
     * publication of its table. DROP ... CASCADE dropped the cast and took the table out of the publication without
     * a word (and the next migrate's CREATE PUBLICATION then failed). Clean refuses, naming each, and names objects
     * of the search path's schemas with their schema; a cast of the schema's own type goes with it.
     */
    @Test
    void cleanRefusesDatabaseWideObjectsThatUseTheSchemaAndDropsCastsOfItsTypes() {
        files.write("V1__app.sql", "CREATE TABLE books (id int PRIMARY KEY);\nCREATE TYPE pair AS (a int, b int);\n"
                + "CREATE FUNCTION pair_text(pair) RETURNS text LANGUAGE sql AS 'SELECT ($1).a::text';\n"
                + "CREATE CAST (pair AS text) WITH FUNCTION pair_text(pair);\n"
                + "CREATE FUNCTION int_text(int) RETURNS text LANGUAGE sql AS 'SELECT $1::text';\n");
        Migrator m = migrator(b -> b.defaultSchema("app").cleanAllowed(true));
        m.migrate();
        db.execute("CREATE CAST (int AS text) WITH FUNCTION app.int_text(int)");
        db.execute("CREATE PUBLICATION books_out FOR TABLE app.books");
        db.execute("CREATE VIEW public.book_ids AS SELECT id FROM app.books");

        assertThatThrownBy(m::clean).isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContainingAll("Clean refused: 3 objects", "Nothing was dropped",
                        "cast from integer to text (uses function app.int_text(integer))",
                        "publication of table app.books in publication books_out (uses table app.books)",
                        "view public.book_ids (uses table app.books)")
                .hasMessageNotContaining("cast from app.pair");
        assertThat(db.count("SELECT COUNT(*) FROM pg_cast WHERE castsource = 'int'::regtype AND casttarget = 'text'::regtype"))
                .isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM pg_publication_tables WHERE pubname = 'books_out'")).isEqualTo(1);

        db.execute("DROP CAST (int AS text)");
        db.execute("DROP PUBLICATION books_out");
        db.execute("DROP VIEW public.book_ids");
        assertThat(m.clean()).contains("table app.books", "type app.pair", "function app.int_text(integer)");
        assertThat(db.count("SELECT COUNT(*) FROM pg_cast c JOIN pg_type t ON t.oid = c.castsource WHERE t.typname = 'pair'"))
                .as("the cast of the schema's type went with it").isZero();
        assertThat(m.migrate().applied()).hasSize(1);
    }

    /**
     * Clean empties the schema of every kind of object and keeps the schema itself (its owner, grants and
     * comment: dropping and creating it again lost them) and an extension another role installed there, with
     * its types and functions (dropping the schema took it along); one the current user installed goes. The
     * migrations then run again from the first.
     */
    @Test
    void cleanDropsEveryKindOfObjectButKeepsTheSchemaItsGrantsAndExtensionsOfOtherRoles() throws SQLException {
        String role = db.name() + "_dba";
        files.write("V1__everything.sql", "CREATE EXTENSION IF NOT EXISTS hstore;\n"
                + "CREATE TYPE mood AS ENUM ('ok', 'bad');\nCREATE TYPE pair AS (a int, b int);\nCREATE TYPE span AS RANGE (subtype = int4);\n"
                + "CREATE DOMAIN positive AS int CHECK (VALUE > 0);\n"
                + "CREATE TABLE books (id serial PRIMARY KEY, n positive, m mood, email citext, tags hstore);\n"
                + "CREATE TABLE counters (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE SEQUENCE loose_seq;\n"
                + "CREATE TABLE events (id int, at int) PARTITION BY RANGE (at);\n"
                + "CREATE TABLE events_0 PARTITION OF events FOR VALUES FROM (0) TO (10);\n"
                + "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
                + "CREATE TRIGGER touched BEFORE INSERT ON books FOR EACH ROW EXECUTE FUNCTION touch();\n"
                + "CREATE PROCEDURE nothing() LANGUAGE sql AS 'SELECT 1';\nCREATE AGGREGATE total(int) (sfunc = int4pl, stype = int);\n"
                + "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq);\n"
                + "CREATE TEXT SEARCH CONFIGURATION plain (COPY = english);\nCREATE STATISTICS book_stats ON id, n FROM books;\n"
                + "CREATE VIEW book_view AS SELECT id, m FROM books;\nCREATE MATERIALIZED VIEW book_count AS SELECT count(*) FROM books;\n"
                + "INSERT INTO books (n, m, email, tags) VALUES (1, 'ok', 'A@B.example', 'a=>1');\n");
        db.execute("CREATE ROLE " + role);
        try {
            db.execute("CREATE SCHEMA app");
            db.execute("COMMENT ON SCHEMA app IS 'the application'");
            db.execute("GRANT USAGE, CREATE ON SCHEMA app TO " + role);
            db.execute("GRANT CREATE ON DATABASE " + db.name() + " TO " + role);
            // citext is a trusted extension: a role with CREATE on the database may install it, and then owns it.
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("SET ROLE " + role);
                st.execute("CREATE EXTENSION citext SCHEMA app");
                st.execute("RESET ROLE");
            }
            Migrator m = migrator(b -> b.defaultSchema("app").cleanAllowed(true));
            m.migrate();
            assertThat(db.count("SELECT COUNT(*) FROM app.books WHERE email::text = 'A@B.example'")).isEqualTo(1);

            List<String> dropped = m.clean();
            assertThat(dropped).contains("table app.books", "table app.counters", "table app.events", "sequence app.loose_seq",
                    "type app.mood", "type app.pair", "type app.span", "type app.positive", "function app.touch()",
                    "procedure app.nothing()", "aggregate app.total(integer)", "operator app.===(integer,integer)",
                    "text search configuration app.plain", "statistics object app.book_stats", "view app.book_view",
                    "materialized view app.book_count", "extension hstore")
                    .noneSatisfy(d -> assertThat(d).contains("citext"));
            assertThat(db.count("SELECT COUNT(*) FROM pg_depend d JOIN pg_namespace n ON n.oid = d.refobjid"
                    + " WHERE d.refclassid = 'pg_namespace'::regclass AND n.nspname = 'app' AND NOT EXISTS (SELECT 1 FROM pg_depend e"
                    + " WHERE e.classid = d.classid AND e.objid = d.objid AND e.deptype = 'e') AND d.classid <> 'pg_extension'::regclass"
                    + " AND NOT (d.classid = 'pg_class'::regclass AND d.objid IN ('app.migrate_audit'::regclass, 'app.migrate_audit_id_seq'::regclass))"))
                    .as("nothing of the application's is left in app").isZero();
            assertThat(db.count("SELECT COUNT(*) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                    + " WHERE e.extname = 'citext' AND n.nspname = 'app'")).as("another role's extension stays").isEqualTo(1);
            assertThat(db.count("SELECT COUNT(*) FROM pg_extension WHERE extname = 'hstore'")).as("the migration's goes").isZero();
            assertThat(db.count("SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'app' AND has_schema_privilege('" + role
                    + "', oid, 'USAGE') AND has_schema_privilege('" + role + "', oid, 'CREATE')")).isEqualTo(1);
            assertThat(row("SELECT obj_description('app'::regnamespace, 'pg_namespace')")).containsExactly("the application");

            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(db.count("SELECT COUNT(*) FROM app.books WHERE email::text = 'A@B.example'")).isEqualTo(1);
        } finally {
            db.execute("DROP SCHEMA IF EXISTS app CASCADE");
            db.execute("DROP OWNED BY " + role);
            db.execute("DROP ROLE " + role);
        }
    }

    /**
     * A group whose commit fails (a deferred key checked only then) undoes every migration of the run, their APPLY
     * audit rows with them: the trail keeps one MIGRATE FAILURE row saying so.
     */
    @Test
    void aGroupWhoseCommitFailsLeavesAFailureRowInTheAuditTrail() {
        files.write("V1__authors.sql", "CREATE TABLE authors (id int PRIMARY KEY);\n");
        files.write("V2__books.sql", "CREATE TABLE books (id int PRIMARY KEY, author int REFERENCES authors (id)"
                + " DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO books VALUES (1, 42);\n");
        assertThatThrownBy(() -> migrator(b -> b.group(true)).migrate()).hasMessageContaining("Committing the group of 2 migrations failed")
                .hasMessageContaining("none of its migrations is applied");
        assertThat(migrator().status().applied()).isEmpty();
        assertThat(migrator().history()).singleElement().satisfies(a -> {
            assertThat(a.operation()).isEqualTo("MIGRATE");
            assertThat(a.outcome()).isEqualTo("FAILURE");
            assertThat(a.details()).contains("Committing the group of 2 migrations failed").contains("books");
        });
    }

    /** Clean runs in one transaction: a DROP that fails (here refused by an event trigger) leaves every object in place. */
    @Test
    void aCleanThatFailsHalfWayDropsNothing() throws SQLException {
        files.write("V1__app.sql", "CREATE TABLE books (id int PRIMARY KEY);\nINSERT INTO books VALUES (1);\n"
                + "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';\n");
        Migrator m = migrator(b -> b.cleanAllowed(true));
        m.migrate();
        db.execute("CREATE SCHEMA guard");
        db.execute("CREATE FUNCTION guard.refuse() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'functions stay'; END $$");
        db.execute("CREATE EVENT TRIGGER keep_functions ON ddl_command_start WHEN TAG IN ('DROP FUNCTION')"
                + " EXECUTE FUNCTION guard.refuse()");
        try {
            assertThatThrownBy(m::clean).hasMessageContainingAll("could not drop function public.answer()", "functions stay",
                    "Nothing was dropped");
        } finally {
            db.execute("DROP EVENT TRIGGER keep_functions");
        }
        assertThat(db.count("SELECT COUNT(*) FROM books")).isEqualTo(1);
        assertThat(row("SELECT answer()")).containsExactly("42");
        assertThat(m.status().applied()).hasSize(1);
        // The clean's transaction rolled back; its FAILURE row, written after that, stays.
        assertThat(m.history()).extracting(AuditEntry::operation, AuditEntry::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("APPLY", "SUCCESS"), org.assertj.core.groups.Tuple.tuple("CLEAN", "FAILURE"));
        assertThat(m.history().get(1).details()).contains("functions stay");
    }

    /**
     * A user who owns the default schema but may not create schemas in the database (the usual grant for an
     * application's user): PostgreSQL checks that right for CREATE SCHEMA IF NOT EXISTS before it sees that the
     * schema exists, so every writing operation failed ("permission denied for database").
     */
    @Test
    void aUserWhoOwnsTheDefaultSchemaButMayNotCreateSchemasMigratesAndCleans() {
        String role = db.name() + "_app";
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'app-secret'");
        try {
            db.execute("CREATE SCHEMA app AUTHORIZATION " + role);
            files.write("V1__books.sql", "CREATE TABLE books (id int PRIMARY KEY);\n");
            String url = db.url().substring(0, db.url().indexOf('?') < 0 ? db.url().length() : db.url().indexOf('?'));
            Migrator m = Migrator.create(new dev.migrate.internal.DriverDataSource(url + "?user=" + role + "&password=app-secret", null, null),
                    dev.migrate.MigratorConfig.builder().locations(files.location()).defaultSchema("app").cleanAllowed(true).build());
            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(db.count("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'app' AND tablename = 'books' AND tableowner = '"
                    + role + "'")).isEqualTo(1);
            assertThat(m.clean()).contains("table app.books");
            assertThat(m.migrate().applied()).hasSize(1);
        } finally {
            db.execute("DROP SCHEMA IF EXISTS app CASCADE");
            db.execute("DROP OWNED BY " + role);
            db.execute("DROP ROLE " + role);
        }
    }

    /** See {@link #writesWithAUserWhoMayNotCreateTables}: a role with USAGE on public but not CREATE (PostgreSQL 15's default). */
    @Test
    void aUserWhoMayWriteMigratesTablesButNotCreateTablesMigratesRollsBackAndRepairs() {
        String role = db.name() + "_dml";
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'dml-secret'");
        try {
            db.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            db.execute("GRANT USAGE ON SCHEMA public TO " + role);
            String url = db.url().substring(0, db.url().indexOf('?') < 0 ? db.url().length() : db.url().indexOf('?'));
            writesWithAUserWhoMayNotCreateTables(new dev.migrate.internal.DriverDataSource(url, role, "dml-secret"),
                    () -> db.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role),
                    // No USAGE on the audit table's identity sequence: an insert that takes the default needs none.
                    () -> db.execute("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role));
        } finally {
            db.execute("DROP OWNED BY " + role);
            db.execute("DROP ROLE " + role);
        }
    }

    @Test
    void cleanRefusesTheSchemaPostgreSqlKeepsForItself() throws Exception {
        assertCleanRefusesTheDatabasesOwnSchema("pg_catalog");
    }
}
