package dev.migrate.schema;

import static dev.migrate.schema.ColumnType.bigint;
import static dev.migrate.schema.ColumnType.bool;
import static dev.migrate.schema.ColumnType.integer;
import static dev.migrate.schema.ColumnType.string;
import static dev.migrate.schema.ColumnType.text;
import static dev.migrate.schema.ColumnType.timestamptz;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.IrreversibleMigrationException;
import dev.migrate.SchemaOperationFailedException;
import dev.migrate.SchemaStateException;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation applied and reversed on each real database: after up then down, the schema read back
 * from JDBC metadata ({@link SchemaSnapshot}) equals the schema before, and up changed it. Each case runs
 * on a fresh database holding {@link #BASE} with a few rows.
 */
class SchemaRoundTripTests {

    /** The schema every case starts from: teams, users (with rows), memberships, tags (empty), a view. */
    private static final Consumer<SchemaChanges> BASE = s -> {
        s.createTable("teams", t -> {
            t.id();
            t.string("name", 100).notNull();
            t.unique("name");
            t.check("teams_name_check", "name <> ''");
        });
        s.createTable("users", t -> {
            t.id();
            t.string("email", 255).notNull();
            t.integer("age");
            t.string("status", 20).notNull().defaultValue("new");
            t.bigint("team_id");
            t.text("note");
            t.json("settings").notNull();
            t.integer("score").notNull().defaultValue(0);
        });
        s.createIndex("users", "status");
        s.createTable("memberships", t -> {
            t.bigint("user_id").notNull().references("users", "id");
            t.bigint("team_id").notNull();
            t.primaryKey("user_id", "team_id");
        });
        s.createTable("tags", t -> {
            t.id();
            t.string("label", 50);
        });
        s.createTable("membership_notes", t -> {
            t.id();
            t.bigint("user_id").notNull();
            t.bigint("team_id").notNull();
            t.foreignKey(List.of("user_id", "team_id"), "memberships", List.of("user_id", "team_id"))
                    .onUpdate(ForeignKeyAction.CASCADE).onDelete(ForeignKeyAction.CASCADE);
        });
        s.createTable("membership_events", t -> {
            t.id();
            t.bigint("user_id").notNull();
            t.bigint("team_id").notNull();
        });
        s.createTable("badges", t -> {
            t.id();
            t.bigint("team_id").references("teams", "id");
            t.string("code", 20).unique();
        });
        s.sql("CREATE VIEW user_ids AS SELECT id FROM users", "DROP VIEW user_ids");
        s.sql("INSERT INTO teams (name) VALUES ('a'); INSERT INTO teams (name) VALUES ('b')", null);
        s.sql("INSERT INTO users (email, age, team_id, note, settings) VALUES ('x@example.com', 30, 1, 'n', '{}');"
                + " INSERT INTO users (email, age, team_id, settings) VALUES ('y@example.com', 40, 2, '{}')", null);
        s.sql("INSERT INTO memberships (user_id, team_id) VALUES (1, 1)", null);
    };

    /** One case per operation (and a few combinations), each applied to {@link #BASE}. */
    private static final Map<String, Consumer<SchemaChanges>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("createTable", s -> s.createTable("projects", t -> {
            t.id();
            t.string("code", 20).notNull().unique();
            t.integer("priority").defaultValue(0);
            t.bool("archived").notNull().defaultValue(false);
            t.decimal("budget", 12, 2);
            t.date("starts_on");
            t.timestamp("local_time");
            t.uuid("public_id");
            t.json("data");
            t.binary("logo");
            t.text("description");
            t.bigint("team_id").references("teams", "id").onDelete(ForeignKeyAction.CASCADE);
            t.check("projects_priority_check", "priority >= 0");
            t.timestamps();
            t.softDelete();
        }));
        CASES.put("createTable with a composite key", s -> s.createTable("user_tags", t -> {
            t.bigint("user_id").notNull();
            t.bigint("tag_id").notNull();
            t.primaryKey("user_id", "tag_id");
            t.foreignKey("user_id", "users", "id").onDelete(ForeignKeyAction.CASCADE);
            t.foreignKey("tag_id", "tags", "id");
        }));
        CASES.put("dropTable restoring", s -> s.dropTable("tags").restoring(t -> {
            t.id();
            t.string("label", 50);
        }));
        CASES.put("renameTable", s -> s.renameTable("tags", "labels"));
        CASES.put("addColumn", s -> s.addColumn("users", "nickname", string(50)));
        CASES.put("addColumn not null with a default", s -> s.addColumn("users", "active", bool(),
                c -> c.notNull().defaultValue(true)));
        CASES.put("addColumn defaulting to now", s -> s.addColumn("users", "seen_at", timestamptz(),
                c -> c.notNull().defaultNow()));
        CASES.put("addColumn with unique and references", s -> s.addColumn("users", "lead_team_id", bigint(),
                c -> c.unique().references("teams", "id")));
        CASES.put("dropColumn restoring", s -> s.dropColumn("users", "note").restoring(col -> col.text()));
        // restoring(...) refuses unique() and references(...): the constraints are dropped (and restored) first
        CASES.put("dropColumn of a unique and of a foreign key column, their constraints dropped first", s -> {
            s.dropConstraint("badges", "badges_code_key").restoringUnique("code");
            s.dropColumn("badges", "code").restoring(col -> col.string(20));
            s.dropForeignKey("badges", "badges_team_id_fkey").restoring("team_id", "teams", "id");
            s.dropColumn("badges", "team_id").restoring(col -> col.bigint());
        });
        CASES.put("dropColumn restoring a not null column with its default", s -> s.dropColumn("users", "score")
                .restoring(col -> col.integer().notNull().defaultValue(0)));
        CASES.put("renameColumn", s -> s.renameColumn("users", "email", "mail"));
        CASES.put("alterColumnType integer to bigint", s -> s.alterColumnType("users", "age", bigint()).from(integer()));
        CASES.put("alterColumnType of a not null column with a default", s -> s.alterColumnType("users", "status",
                string(50)).from(string(20)));
        // PostgreSQL casts a number default to a string type and back by itself
        CASES.put("alterColumnType of a number column with a default to a string", s -> s.alterColumnType("users", "score",
                string(30)).from(integer()));
        CASES.put("alterColumnType of a number column with a default set by setDefault to a string", s -> {
            s.setDefault("users", "age", 0).fromNone();
            s.alterColumnType("users", "age", string(30)).from(integer());
        });
        // but not a text default to a number type: the documented way around it
        CASES.put("alterColumnType of a string column with a text default to a number, its default dropped first", s -> {
            s.addColumn("users", "code", string(10), c -> c.defaultValue("0"));
            s.dropDefault("users", "code").restoring("0");
            s.alterColumnType("users", "code", integer()).from(string(10));
            s.setDefault("users", "code", 0).fromNone();
        });
        CASES.put("setNotNull", s -> s.setNotNull("users", "age"));
        CASES.put("dropNotNull", s -> s.dropNotNull("users", "email"));
        // SQLite's rebuild used to give the NOT NULL back after the default, so the table's statement differed
        CASES.put("dropNotNull of a column with a default", s -> s.dropNotNull("users", "score"));
        CASES.put("dropNotNull of a json column", s -> s.dropNotNull("users", "settings"));
        CASES.put("setDefault from none", s -> s.setDefault("users", "age", 18).fromNone());
        CASES.put("setDefault from another", s -> s.setDefault("users", "status", "active").from("new"));
        CASES.put("dropDefault restoring", s -> s.dropDefault("users", "status").restoring("new"));
        CASES.put("createIndex", s -> s.createIndex("users", "email"));
        CASES.put("createIndex unique over two columns", s -> s.createIndex("users", "team_id", "email").unique());
        CASES.put("createIndex concurrently", s -> s.createIndex("users", "age").concurrently());
        CASES.put("dropIndex restoring", s -> s.dropIndex("users", "users_status_idx").restoring("status"));
        CASES.put("addForeignKey", s -> s.addForeignKey("users", "team_id", "teams", "id")
                .onDelete(ForeignKeyAction.SET_NULL));
        CASES.put("dropForeignKey restoring", s -> s.dropForeignKey("memberships", "memberships_user_id_fkey")
                .restoring("user_id", "users", "id"));
        CASES.put("addForeignKey with update and delete actions", s -> s.addForeignKey("users", "team_id", "teams", "id")
                .onUpdate(ForeignKeyAction.CASCADE).onDelete(ForeignKeyAction.RESTRICT));
        CASES.put("addForeignKey over two columns", s -> s.addForeignKey("membership_events", List.of("user_id", "team_id"),
                "memberships", List.of("user_id", "team_id")).onUpdate(ForeignKeyAction.CASCADE));
        CASES.put("dropForeignKey over two columns restoring", s -> s.dropForeignKey("membership_notes",
                "membership_notes_user_id_team_id_fkey").restoring(List.of("user_id", "team_id"), "memberships",
                List.of("user_id", "team_id")).onUpdate(ForeignKeyAction.CASCADE).onDelete(ForeignKeyAction.CASCADE));
        CASES.put("dropConstraint of a foreign key", s -> s.dropConstraint("memberships", "memberships_user_id_fkey")
                .restoringForeignKey("user_id", "users", "id"));
        CASES.put("dropConstraint of a foreign key with actions", s -> s.dropConstraint("membership_notes",
                "membership_notes_user_id_team_id_fkey").restoringForeignKey(List.of("user_id", "team_id"), "memberships",
                List.of("user_id", "team_id")).onUpdate(ForeignKeyAction.CASCADE).onDelete(ForeignKeyAction.CASCADE));
        // MySQL and MariaDB drop the index they made for a foreign key when an index the key can use is created; H2
        // moves the key onto such an index when it rebuilds the table (a type change): neither index can then be
        // dropped while the key exists, so a dropIndex gives the key its own index back
        CASES.put("createIndex on a foreign key's column", s -> {
            s.createIndex("badges", "team_id");
            s.alterColumnType("badges", "code", string(30)).from(string(20));
        });
        CASES.put("addForeignKey, createIndex on its column, a type change and dropIndex", s -> {
            s.addForeignKey("users", "team_id", "teams", "id").onDelete(ForeignKeyAction.SET_NULL);
            s.createIndex("users", "team_id");
            s.alterColumnType("users", "age", bigint()).from(integer());
            s.dropIndex("users", "users_team_id_idx").restoring("team_id");
        });
        CASES.put("dropIndex of a two-column index a foreign key uses", s -> {
            s.addForeignKey("users", "team_id", "teams", "id");
            s.createIndex("users", "team_id", "email");
            s.dropIndex("users", "users_team_id_email_idx").restoring("team_id", "email");
        });
        CASES.put("addUnique on a foreign key's column, and dropConstraint of it", s -> {
            s.addUnique("badges", "team_id");
            s.alterColumnType("badges", "code", string(30)).from(string(20));
            s.dropConstraint("badges", "badges_team_id_key").restoringUnique("team_id");
            s.addUnique("badges", "team_id").name("badges_team_key");
        });
        CASES.put("addUnique", s -> s.addUnique("users", "email"));
        CASES.put("addCheck", s -> s.addCheck("users", "users_age_check", "age >= 0"));
        CASES.put("dropConstraint of a check", s -> s.dropConstraint("teams", "teams_name_check")
                .restoringCheck("name <> ''"));
        CASES.put("dropConstraint of a unique constraint", s -> s.dropConstraint("teams", "teams_name_key")
                .restoringUnique("name"));
        // a column, index or constraint name is one name, dots and all
        CASES.put("a column, index and constraint named with a dot", s -> {
            s.addColumn("users", "v1.0", integer(), c -> c.defaultValue(0));
            s.setNotNull("users", "v1.0");
            s.setDefault("users", "v1.0", 1).from(0);
            s.alterColumnType("users", "v1.0", bigint()).from(integer());
            s.createIndex("users", "v1.0");
            s.addUnique("users", "email", "v1.0").name("users_v1.0_key");
            s.renameColumn("users", "v1.0", "v2.0");
            s.dropNotNull("users", "v2.0");
        });
        // a table name holding a dot is written in double quotes
        CASES.put("a table named with a dot", s -> {
            s.createTable("\"audit.v1\"", t -> {
                t.id();
                t.string("a.b", 10).notNull();
                t.bigint("team_id").references("teams", "id");
            });
            s.createIndex("\"audit.v1\"", "a.b");
            s.addColumn("\"audit.v1\"", "c", bigint());
            s.dropNotNull("\"audit.v1\"", "a.b");
            s.addForeignKey("\"audit.v1\"", "c", "tags", "id");
            s.renameTable("tags", "\"tags.v2\"");
        });
        CASES.put("sql with a down", s -> s.sql("CREATE VIEW team_names AS SELECT name FROM teams",
                "DROP VIEW team_names"));
        CASES.put("several changes to one table", s -> {
            s.addColumn("users", "rank", integer(), c -> c.defaultValue(0));
            s.setNotNull("users", "rank");
            s.alterColumnType("users", "rank", bigint()).from(integer());
            s.setDefault("users", "rank", 1).from(0);
            s.createIndex("users", "rank");
            s.addCheck("users", "users_rank_check", "rank >= 0");
        });
    }

    static Stream<Arguments> cases() {
        List<Arguments> arguments = new ArrayList<>();
        for (DatabaseKind kind : DatabaseKind.values()) {
            for (String name : CASES.keySet()) {
                arguments.add(Arguments.of(kind, name));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void upThenDownRestoresTheSchema(DatabaseKind kind, String name) throws Exception {
        DslMigration migration = migration(CASES.get(name));
        assertThat(migration.isReversible()).isTrue();
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            MigrationContexts.run(migration(BASE), true, connection);
            List<String> before = SchemaSnapshot.of(connection, kind);

            List<String> up = MigrationContexts.run(migration, true, connection);
            List<String> applied = SchemaSnapshot.of(connection, kind);
            assertThat(applied).as("the schema after up (%s)", up).isNotEqualTo(before);

            List<String> down = MigrationContexts.run(migration, false, connection);
            assertThat(up).as("statements run").noneMatch(sql -> sql.startsWith("--"));
            assertThat(down).as("statements run").noneMatch(sql -> sql.startsWith("--"));
            assertThat(SchemaSnapshot.of(connection, kind)).as("the schema after up %s then down %s", up, down)
                    .containsExactlyElementsOf(before);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anIrreversibleMigrationRefusesItsDownAndChangesNothing(DatabaseKind kind) throws Exception {
        DslMigration migration = migration(s -> {
            s.addColumn("users", "nickname", string(50));
            s.dropColumn("users", "note");
        });
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            MigrationContexts.run(migration(BASE), true, connection);
            MigrationContexts.run(migration, true, connection);
            List<String> applied = SchemaSnapshot.of(connection, kind);
            assertThatThrownBy(() -> MigrationContexts.run(migration, false, connection))
                    .isInstanceOf(IrreversibleMigrationException.class)
                    .hasMessageContaining("dropColumn users.note has no restoring(...) definition");
            assertThat(SchemaSnapshot.of(connection, kind)).containsExactlyElementsOf(applied);
        }
    }

    /**
     * The operations whose generated down assumes what the column was: run where the column already is as they
     * would leave it, the down would change what the up left alone, so the up refuses, naming the operation, with
     * the schema unchanged (the migration runs in a transaction where the database has them; the refused operation
     * is the first, so nothing ran on the others either).
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anOperationWhoseDownAssumesAnotherColumnStateIsRefused(DatabaseKind kind) throws Exception {
        Map<Consumer<SchemaChanges>, String> refusals = new LinkedHashMap<>();
        refusals.put(s -> s.dropNotNull("users", "age"), "users.age already allows NULL, so the generated down (setNotNull)"
                + " would make it NOT NULL, which it was not");
        refusals.put(s -> s.setNotNull("users", "email"), "users.email is already NOT NULL, so the generated down"
                + " (dropNotNull) would let it hold NULL");
        refusals.put(s -> s.setDefault("users", "status", "active").fromNone(), "users.status has a default, but the"
                + " migration says .fromNone(), so the generated down would drop it");
        refusals.put(s -> s.setDefault("users", "age", 18).from(21), "users.age has no default, but the migration says"
                + " .from(21), so the generated down would set one");
        refusals.put(s -> s.dropDefault("users", "age").restoring(21), "users.age has no default, so the generated down"
                + " would set 21");
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            MigrationContexts.run(migration(BASE), true, connection);
            List<String> before = SchemaSnapshot.of(connection, kind);
            for (Map.Entry<Consumer<SchemaChanges>, String> refusal : refusals.entrySet()) {
                DslMigration migration = migration(refusal.getKey().andThen(s -> s.addColumn("users", "nickname", string(50))));
                String operation = migration.operations().get(0).describe();
                assertThatThrownBy(() -> MigrationContexts.run(migration, true, connection)).as(operation)
                        .isInstanceOf(SchemaOperationFailedException.class)
                        .hasMessageStartingWith("operation 1 of 2 (" + operation + ") failed: " + refusal.getValue())
                        .cause().isInstanceOf(SchemaStateException.class);
                assertThat(SchemaSnapshot.of(connection, kind)).as(operation).containsExactlyElementsOf(before);
            }
            // the column's case as the database stores it does not matter: H2 upper-cases, MariaDB keeps it
            DslMigration mixed = migration(s -> s.dropNotNull("users", "Age"));
            if (kind == DatabaseKind.MARIADB || kind == DatabaseKind.SQLITE) {
                assertThatThrownBy(() -> MigrationContexts.run(mixed, true, connection))
                        .hasMessageContaining("users.Age already allows NULL");
            }
            // an irreversible migration has no down to protect: it runs as written
            MigrationContexts.run(migration(s -> {
                s.dropNotNull("users", "age");
                s.dropColumn("users", "note");
            }), true, connection);
            assertThat(rows(connection, "SELECT COUNT(*) FROM users WHERE age IS NOT NULL")).containsExactly("2");
        }
    }

    /**
     * A state the down assumes that an earlier operation of the same migration makes is read as that operation left
     * it: the column added nullable is made NOT NULL and back; its default, set by the add, is changed and back.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theAssumedStateIsReadAsTheEarlierOperationsLeaveIt(DatabaseKind kind) throws Exception {
        DslMigration migration = migration(s -> {
            s.addColumn("users", "rank", integer(), c -> c.defaultValue(0));
            s.setNotNull("users", "rank");
            s.setDefault("users", "rank", 1).from(0);
            s.dropNotNull("users", "rank");
            s.dropDefault("users", "rank").restoring(1);
        });
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            MigrationContexts.run(migration(BASE), true, connection);
            List<String> before = SchemaSnapshot.of(connection, kind);
            MigrationContexts.run(migration, true, connection);
            MigrationContexts.run(migration, false, connection);
            assertThat(SchemaSnapshot.of(connection, kind)).containsExactlyElementsOf(before);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void rowsSurviveChangesThatRebuildOrModify(DatabaseKind kind) throws Exception {
        DslMigration migration = migration(s -> {
            s.alterColumnType("users", "status", string(50)).from(string(20));
            s.setNotNull("users", "age");
            s.addCheck("users", "users_age_check", "age >= 0");
            s.addForeignKey("users", "team_id", "teams", "id");
        });
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            MigrationContexts.run(migration(BASE), true, connection);
            MigrationContexts.run(migration, true, connection);
            assertThat(rows(connection, "SELECT email, age, status, team_id, note FROM users ORDER BY id"))
                    .containsExactly("x@example.com|30|new|1|n", "y@example.com|40|new|2|null");
            assertThatThrownBy(() -> execute(connection, "INSERT INTO users (email, age, settings) VALUES ('z', -1, '{}')"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> execute(connection, "INSERT INTO users (email, settings) VALUES ('z', '{}')"))
                    .isInstanceOf(SQLException.class);
            MigrationContexts.run(migration, false, connection);
            execute(connection, "INSERT INTO users (email, age, settings) VALUES ('z', -1, '{}')");
            assertThat(rows(connection, "SELECT COUNT(*) FROM users")).containsExactly("3");
        }
    }

    /**
     * The down of a {@code createIndex} on a foreign key's column, after MariaDB dropped the index it made for the key
     * (at once) or H2 moved the key onto the new index (when a type change rebuilt the table): MariaDB swaps the index
     * for one named as the key's own in one statement, H2 drops the key and adds it back; where nothing took the index
     * over (PostgreSQL, SQLite) it is a plain {@code DROP INDEX}. A key MariaDB named itself ({@code t_ibfk_1}) gets its
     * index back under its first column's name, as MariaDB names it.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void droppingAnIndexAForeignKeyUsesGivesTheKeyItsOwnIndexBack(DatabaseKind kind) throws Exception {
        DslMigration key = migration(s -> s.addForeignKey("users", "team_id", "teams", "id").onDelete(ForeignKeyAction.CASCADE));
        DslMigration migration = migration(s -> {
            s.createIndex("users", "team_id");
            s.alterColumnType("users", "age", bigint()).from(integer());
        });
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            MigrationContexts.run(migration(BASE), true, connection);
            MigrationContexts.run(key, true, connection);
            List<String> before = SchemaSnapshot.of(connection, kind);
            MigrationContexts.run(migration, true, connection);
            List<String> down = MigrationContexts.run(migration, false, connection);
            switch (kind) {
                case MARIADB -> assertThat(down).endsWith(
                        "ALTER TABLE users DROP INDEX users_team_id_idx, ADD INDEX users_team_id_fkey (team_id)");
                case H2 -> assertThat(down).endsWith("ALTER TABLE users DROP CONSTRAINT users_team_id_fkey",
                        "DROP INDEX users_team_id_idx",
                        "ALTER TABLE users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams (id)"
                                + " ON DELETE CASCADE");
                default -> assertThat(down).endsWith("DROP INDEX users_team_id_idx");
            }
            assertThat(SchemaSnapshot.of(connection, kind)).as("%s", down).containsExactlyElementsOf(before);
            if (kind != DatabaseKind.SQLITE) { // which enforces keys only with PRAGMA foreign_keys on
                assertThatThrownBy(() -> execute(connection, "INSERT INTO users (email, team_id, settings) VALUES ('z', 9, '{}')"))
                        .as("the key still holds").isInstanceOf(SQLException.class);
            }

            if (kind == DatabaseKind.MARIADB) {
                execute(connection, "ALTER TABLE badges ADD COLUMN owner_team_id BIGINT");
                execute(connection, "ALTER TABLE badges ADD FOREIGN KEY (owner_team_id) REFERENCES teams (id)");
                List<String> unnamed = SchemaSnapshot.of(connection, kind);
                DslMigration index = migration(s -> s.createIndex("badges", "owner_team_id"));
                MigrationContexts.run(index, true, connection);
                assertThat(MigrationContexts.run(index, false, connection)).containsExactly("ALTER TABLE badges DROP INDEX"
                        + " badges_owner_team_id_idx, ADD INDEX owner_team_id (owner_team_id)");
                assertThat(SchemaSnapshot.of(connection, kind)).containsExactlyElementsOf(unnamed);
            }
        }
    }

    /**
     * A string column narrowed below a value it holds: refused with the value kept (PostgreSQL cut it to fit
     * when the change cast it explicitly), and the change still works where the values fit, from a number too.
     * SQLite does not enforce lengths: the narrower column keeps the whole value.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void narrowingAStringColumnNeverCutsItsValues(DatabaseKind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            MigrationContexts.run(migration(BASE), true, connection);
            DslMigration narrow = migration(s -> s.alterColumnType("users", "email", string(5)).from(string(255)));
            if (kind == DatabaseKind.SQLITE) {
                MigrationContexts.run(narrow, true, connection);
            } else {
                assertThatThrownBy(() -> MigrationContexts.run(narrow, true, connection))
                        .isInstanceOf(SchemaOperationFailedException.class).hasCauseInstanceOf(SQLException.class);
            }
            assertThat(rows(connection, "SELECT email FROM users ORDER BY id")).containsExactly("x@example.com", "y@example.com");

            MigrationContexts.run(migration(s -> s.alterColumnType("users", "age", string(3)).from(integer())), true, connection);
            assertThat(rows(connection, "SELECT age FROM users ORDER BY id")).containsExactly("30", "40");
        }
    }

    /**
     * A table in another schema (a second database on MariaDB, an attached one on SQLite) renamed and
     * renamed back, while a table of the new name exists in the default schema: both directions stay in
     * the table's schema and leave the default one alone.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void renameTableKeepsTheTablesSchemaBothWays(DatabaseKind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestDatabase other = kind == DatabaseKind.MARIADB
                ? TestDatabase.create(kind) : null; Connection connection = db.connect()) {
            String schema = switch (kind) {
                case MARIADB -> other.name();
                case SQLITE -> {
                    execute(connection, "ATTACH DATABASE '" + db.url().replaceFirst("^jdbc:sqlite:", "")
                            .replaceFirst("test\\.db.*$", "audit.db") + "' AS audit");
                    yield "audit";
                }
                default -> {
                    execute(connection, "CREATE SCHEMA audit");
                    yield "audit";
                }
            };
            execute(connection, "CREATE TABLE " + schema + ".events (source VARCHAR(10))");
            execute(connection, "INSERT INTO " + schema + ".events VALUES ('audit')");
            execute(connection, "CREATE TABLE old_events (source VARCHAR(10))");
            execute(connection, "INSERT INTO old_events VALUES ('default')");
            DslMigration migration = migration(s -> s.renameTable(schema + ".events", "old_events"));

            List<String> up = MigrationContexts.run(migration, true, connection);
            assertThat(rows(connection, "SELECT source FROM " + schema + ".old_events")).as("%s", up).containsExactly("audit");
            assertThatThrownBy(() -> rows(connection, "SELECT source FROM " + schema + ".events")).isInstanceOf(SQLException.class);

            List<String> down = MigrationContexts.run(migration, false, connection);
            assertThat(rows(connection, "SELECT source FROM " + schema + ".events")).as("%s", down).containsExactly("audit");
            assertThat(rows(connection, "SELECT source FROM old_events")).as("%s", down).containsExactly("default");
            assertThatThrownBy(() -> rows(connection, "SELECT source FROM " + schema + ".old_events"))
                    .isInstanceOf(SQLException.class);
        }
    }

    /**
     * With {@code defaultSchema} first in PostgreSQL's {@code search_path}, a table of {@code public} is still found by
     * its bare name. The check of a generated down read the column in the current schema only, found nothing there,
     * and let {@code dropNotNull} of a column that already allowed NULL through: its down would have made it NOT NULL.
     */
    @Test
    void aGeneratedDownIsCheckedOnTheTableTheSearchPathFinds() throws Exception {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.POSTGRES); Connection connection = db.connect()) {
            execute(connection, "CREATE TABLE legacy (id INT, note TEXT)");
            execute(connection, "CREATE SCHEMA app");
            execute(connection, "SET search_path = app, public");
            assertThat(connection.getSchema()).isEqualTo("app");
            assertThatThrownBy(() -> MigrationContexts.run(migration(s -> s.dropNotNull("legacy", "note")), true, connection))
                    .isInstanceOf(SchemaOperationFailedException.class).hasRootCauseInstanceOf(SchemaStateException.class)
                    .hasMessageContaining("legacy.note already allows NULL");

            // a table of the current schema still hides the one of public, as it does for the statements
            execute(connection, "CREATE TABLE app.legacy (id INT, note TEXT NOT NULL)");
            assertThat(MigrationContexts.run(migration(s -> s.dropNotNull("legacy", "note")), true, connection))
                    .containsExactly("ALTER TABLE legacy ALTER COLUMN note DROP NOT NULL");
            assertThat(rows(connection, "SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'app'"
                    + " AND table_name = 'legacy' AND column_name = 'note'")).containsExactly("YES");
        }
    }

    static DslMigration migration(Consumer<SchemaChanges> change) {
        return new DslMigration() {
            @Override
            protected void change(SchemaChanges schema) {
                change.accept(schema);
            }
        };
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = connection.createStatement(); var rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
