package dev.migrate.schema;

import static dev.migrate.schema.ColumnType.bigint;
import static dev.migrate.schema.ColumnType.integer;
import static dev.migrate.schema.ColumnType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.IrreversibleMigrationException;
import dev.migrate.MigrateException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code reverse()} of every operation, the builders, and what a {@link DslMigration} derives from them. */
class SchemaOperationReverseTests {

    private static final ColumnDefinition AGE = new ColumnDefinition("age", integer(),
            Set.of(ColumnDefinition.ColumnOption.NOT_NULL), DefaultValue.of(0));

    /** Every reversible operation, with the information its reverse needs. */
    private static final List<SchemaOperation> REVERSIBLE = List.of(
            new CreateTable("t", List.of(ColumnDefinition.of("a", integer())), List.of(), List.of()),
            new DropTable("t", new CreateTable("t", List.of(ColumnDefinition.of("a", integer())), List.of(), List.of())),
            new RenameTable("t", "u"),
            new RenameTable("audit.events", "old_events"),
            new AddColumn("t", AGE),
            new DropColumn("t", "age", AGE),
            new RenameColumn("t", "a", "b"),
            new AlterColumnType("t", "a", bigint(), integer()),
            new SetNotNull("t", "a"),
            new DropNotNull("t", "a"),
            new SetDefault("t", "a", DefaultValue.of(1), DefaultValue.of(2)),
            new SetDefault("t", "a", DefaultValue.of(1), DefaultValue.none()),
            new DropDefault("t", "a", DefaultValue.of("x")),
            new CreateIndex("t", "t_a_idx", List.of("a"), Set.of(IndexOption.UNIQUE)),
            new CreateIndex("t", "t_a_idx", List.of("a"), Set.of(IndexOption.CONCURRENTLY)),
            new DropIndex("t", "t_a_idx", Set.of(), new CreateIndex("t", "t_a_idx", List.of("a"), Set.of())),
            new AddForeignKey("t", new ForeignKey("t_a_fkey", List.of("a"), "u", List.of("id"), null, null)),
            new DropForeignKey("t", "t_a_fkey", new ForeignKey("t_a_fkey", List.of("a"), "u", List.of("id"), null, null)),
            new AddUnique("t", new UniqueConstraint("t_a_key", List.of("a"))),
            new AddCheck("t", new CheckConstraint("t_a_check", "a > 0")),
            new DropConstraint("t", "t_a_check", new CheckConstraint("t_a_check", "a > 0")),
            new DropConstraint("t", "t_a_key", new UniqueConstraint("t_a_key", List.of("a"))),
            new ExecuteSql("CREATE VIEW v AS SELECT 1", "DROP VIEW v"));

    @Test
    void reversingTwiceGivesTheOperationBack() {
        for (SchemaOperation op : REVERSIBLE) {
            assertThat(op.irreversibleReason()).as(op.describe()).isNull();
            SchemaOperation reverse = op.reverse().orElseThrow();
            assertThat(reverse).as(op.describe()).isNotEqualTo(op);
            assertThat(reverse.reverse()).as(op.describe()).contains(op);
        }
    }

    @Test
    void reversesNameTheOppositeOperation() {
        assertThat(new RenameColumn("users", "mail", "email").reverse()).contains(new RenameColumn("users", "email", "mail"));
        assertThat(new AddColumn("users", AGE).reverse()).contains(new DropColumn("users", "age", AGE));
        assertThat(new SetDefault("t", "a", DefaultValue.of(1), DefaultValue.none()).reverse())
                .contains(new DropDefault("t", "a", DefaultValue.of(1)));
        assertThat(new DropDefault("t", "a", DefaultValue.of(1)).reverse())
                .contains(new SetDefault("t", "a", DefaultValue.of(1), DefaultValue.none()));
        assertThat(new AddCheck("t", new CheckConstraint("c", "a > 0")).reverse())
                .contains(new DropConstraint("t", "c", new CheckConstraint("c", "a > 0")));
        ForeignKey key = new ForeignKey("t_a_fkey", List.of("a"), "u", List.of("id"), null, null);
        assertThat(new DropConstraint("t", "t_a_fkey", key).reverse()).contains(new AddForeignKey("t", key));
        assertThat(new CreateIndex("t", "i", List.of("a"), Set.of(IndexOption.CONCURRENTLY)).reverse())
                .contains(new DropIndex("t", "i", Set.of(IndexOption.CONCURRENTLY),
                        new CreateIndex("t", "i", List.of("a"), Set.of(IndexOption.CONCURRENTLY))));
    }

    @Test
    void aRenamedTableStaysInItsSchemaBothWays() {
        RenameTable rename = new RenameTable("audit.events", "old_events");
        assertThat(rename.to()).isEqualTo("audit.old_events");
        assertThat(rename.reverse()).contains(new RenameTable("audit.old_events", "events"));
        assertThat(((RenameTable) rename.reverse().orElseThrow()).to()).isEqualTo("audit.events");
        assertThat(new RenameTable("audit.events", "audit.old_events")).isEqualTo(rename);
    }

    /**
     * A rename into another schema moves the table on MySQL/MariaDB, and back with its reverse; the other
     * databases refuse it when it is rendered (planned or run), not when it is built, so that a migration
     * applied before still loads.
     */
    @Test
    void aRenameIntoAnotherSchemaMovesOnMySqlAndIsRefusedElsewhere() throws Exception {
        RenameTable move = (RenameTable) operations(s -> s.renameTable("audit.events", "archive.events_2020")).get(0);
        assertThat(move.movesSchema()).isTrue();
        assertThat(move.reverse()).contains(new RenameTable("archive.events_2020", "audit.events"));
        assertThat(SchemaRenderer.forDatabase("mariadb").render(move, null))
                .containsExactly("ALTER TABLE audit.events RENAME TO archive.events_2020");
        for (String database : List.of("postgres", "h2", "sqlite")) {
            SchemaRenderer renderer = SchemaRenderer.forDatabase(database);
            assertThatThrownBy(() -> renderer.render(move, null)).as(database).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("renameTable audit.events to archive.events_2020 would move the table to another schema,"
                            + " which a rename cannot do on " + renderer.databaseName() + ". Give the new name without a schema"
                            + " (events_2020) to rename it in its own schema, or move it with sql(up, down)");
        }
        assertThatThrownBy(() -> SchemaRenderer.forDatabase("postgres").render(new RenameTable("events", "archive.events"), null))
                .hasMessageStartingWith("renameTable events to archive.events would move the table to schema archive"
                        + " from the default schema");
        assertThat(new RenameTable("audit.events", "audit.old").movesSchema()).isFalse();
    }

    /**
     * A restoring definition the down cannot honour makes the drop irreversible, saying why, rather than
     * failing the migration's change(): one applied before this rule still loads, its rollback is refused.
     */
    @Test
    void restoringWhatTheDownCannotAddBackIsIrreversible() {
        assertIrreversible(operations(s -> s.dropColumn("users", "email").restoring(col -> col.string(255).unique())).get(0),
                "dropColumn users.email: restoring(...) declares unique(), but the down adds the column back without"
                        + " constraints. Drop the constraint first as its own reversible operation,"
                        + " dropConstraint(\"users\", \"users_email_key\").restoringUnique(\"email\"), and leave unique()"
                        + " out of restoring(...)");
        assertIrreversible(operations(s -> s.dropColumn("users", "team_id").restoring(col -> col.bigint().references("teams", "id")))
                .get(0), "dropColumn users.team_id: restoring(...) declares references(...), but the down adds the column back"
                        + " without constraints. Drop the foreign key first as its own reversible operation,"
                        + " dropForeignKey(\"users\", \"users_team_id_fkey\").restoring(\"team_id\", \"teams\", \"id\"), and"
                        + " leave references(...) out of restoring(...)");
        assertIrreversible(operations(s -> s.dropColumn("users", "age").restoring(col -> col.integer().notNull())).get(0),
                "dropColumn users.age restores a NOT NULL column without a default, which the down cannot add back to a"
                        + " table that has rows (a restored column comes back empty). Give it a default, as in"
                        + " restoring(col -> col.integer().notNull().defaultValue(0)), or leave out notNull()");
        assertThat(operations(s -> s.dropColumn("users", "age").restoring(col -> col.integer().notNull().defaultValue(0))).get(0)
                .reverse()).isPresent();
    }

    @Test
    void dropsWithoutTheOldDefinitionAreIrreversibleAndSayWhy() {
        assertIrreversible(new DropTable("sessions", null), "dropTable sessions has no restoring(...) definition");
        assertIrreversible(new DropColumn("users", "age", null), "dropColumn users.age has no restoring(...) definition");
        assertIrreversible(new AlterColumnType("users", "age", bigint(), null),
                "alterColumnType users.age to bigint does not say the old type; add .from(...)");
        assertIrreversible(new SetDefault("users", "status", DefaultValue.of("x"), null),
                "setDefault users.status to 'x' does not say the previous default; add .from(...) or .fromNone()");
        assertIrreversible(new DropDefault("users", "status", null), "dropDefault users.status has no restoring(...) default");
        assertIrreversible(new DropIndex("users", "users_email_idx", Set.of(), null),
                "dropIndex users_email_idx on users has no restoring(...) columns");
        assertIrreversible(new DropForeignKey("users", "fk", null), "dropForeignKey fk on users has no restoring(...) definition");
        assertIrreversible(new DropConstraint("users", "c", null), "dropConstraint c on users has no restoring(...) definition"
                + " (give restoringUnique(...), restoringCheck(...) or restoringForeignKey(...))");
        assertIrreversible(new ExecuteSql("UPDATE users SET a = 1", null), "sql UPDATE users SET a = 1 has no down SQL");
    }

    private static void assertIrreversible(SchemaOperation op, String reason) {
        assertThat(op.reverse()).isEmpty();
        assertThat(op.irreversibleReason()).isEqualTo(reason);
    }

    // --- builders ---------------------------------------------------------------------------------------

    @Test
    void buildersRecordTheRestoringDefinitions() {
        List<SchemaOperation> ops = operations(s -> {
            s.dropColumn("users", "age").restoring(col -> col.integer().notNull().defaultValue(0));
            s.dropTable("sessions").restoring(t -> {
                t.id();
                t.text("token").notNull();
            });
            s.alterColumnType("users", "name", string(200)).from(string(100));
            s.setDefault("users", "status", "active").from("new");
            s.setDefault("users", "kind", 1).fromNone();
            s.dropDefault("users", "flag").restoring(true);
            s.dropIndex("users", "users_email_idx").restoring("email").unique();
            s.dropForeignKey("orders", "orders_user_id_fkey").restoring("user_id", "users", "id")
                    .onDelete(ForeignKeyAction.CASCADE);
            s.dropConstraint("users", "users_age_check").restoringCheck("age >= 0");
            s.dropConstraint("users", "users_email_key").restoringUnique("email");
            s.dropConstraint("orders", "orders_user_fkey").restoringForeignKey(List.of("user_id", "tenant_id"), "users",
                    List.of("id", "tenant_id")).onUpdate(ForeignKeyAction.CASCADE);
        });
        assertThat(ops).containsExactly(
                new DropColumn("users", "age", AGE),
                new DropTable("sessions", new CreateTable("sessions", List.of(
                        new ColumnDefinition("id", bigint(), Set.of(ColumnDefinition.ColumnOption.IDENTITY), null),
                        new ColumnDefinition("token", ColumnType.text(), Set.of(ColumnDefinition.ColumnOption.NOT_NULL), null)),
                        List.of("id"), List.of())),
                new AlterColumnType("users", "name", string(200), string(100)),
                new SetDefault("users", "status", DefaultValue.of("active"), DefaultValue.of("new")),
                new SetDefault("users", "kind", DefaultValue.of(1), DefaultValue.none()),
                new DropDefault("users", "flag", DefaultValue.of(true)),
                new DropIndex("users", "users_email_idx", Set.of(),
                        new CreateIndex("users", "users_email_idx", List.of("email"), Set.of(IndexOption.UNIQUE))),
                new DropForeignKey("orders", "orders_user_id_fkey", new ForeignKey("orders_user_id_fkey",
                        List.of("user_id"), "users", List.of("id"), ForeignKeyAction.CASCADE, ForeignKeyAction.NO_ACTION)),
                new DropConstraint("users", "users_age_check", new CheckConstraint("users_age_check", "age >= 0")),
                new DropConstraint("users", "users_email_key", new UniqueConstraint("users_email_key", List.of("email"))),
                new DropConstraint("orders", "orders_user_fkey", new ForeignKey("orders_user_fkey", List.of("user_id", "tenant_id"),
                        "users", List.of("id", "tenant_id"), ForeignKeyAction.NO_ACTION, ForeignKeyAction.CASCADE)));
        assertThat(ops).allSatisfy(op -> assertThat(op.reverse()).isPresent());
        assertThat(ops.get(ops.size() - 1).reverse()).contains(new AddForeignKey("orders", new ForeignKey("orders_user_fkey",
                List.of("user_id", "tenant_id"), "users", List.of("id", "tenant_id"), ForeignKeyAction.NO_ACTION,
                ForeignKeyAction.CASCADE)));
    }

    @Test
    void foreignKeyActionsOfADroppedConstraintNeedItsForeignKey() {
        assertThatThrownBy(() -> operations(s -> s.dropConstraint("users", "users_age_check").restoringCheck("age >= 0")
                .onDelete(ForeignKeyAction.CASCADE)))
                .hasMessageContaining("dropConstraint users_age_check on users").hasMessageContaining("restoringForeignKey(...)");
    }

    @Test
    void builderRefusesWhatCannotBeBuilt() {
        assertThatThrownBy(() -> operations(s -> s.addColumn("users", "id", bigint(), c -> c.primaryKey())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("addColumn users.id: a primary key or identity column can only be made by createTable");
        assertThatThrownBy(() -> operations(s -> s.dropColumn("users", "age").restoring(col -> { })))
                .hasMessageContaining("the restoring(...) lambda must choose a type");
        assertThatThrownBy(() -> operations(s -> s.createTable("t", t -> { })))
                .hasMessage("createTable t needs at least one column");
        assertThatThrownBy(() -> operations(s -> s.createTable("t", t -> {
            t.integer("a");
            t.integer("a");
        }))).hasMessage("createTable t has two columns named a");
        assertThatThrownBy(() -> operations(s -> s.createTable("t", t -> t.id("id", string(10)))))
                .hasMessage("createTable t: identity column id must be integer or bigint, not string(10)");
        assertThatThrownBy(() -> operations(s -> s.createIndex("t")))
                .hasMessage("index on t needs at least one column");
        assertThatThrownBy(() -> ColumnType.decimal(2, 3)).hasMessageContaining("0 <= s <= p");
        assertThatThrownBy(() -> DefaultValue.of(null)).hasMessageContaining("to drop a default use dropDefault");
    }

    // --- DslMigration -----------------------------------------------------------------------------------

    static final class V5__CreateTeams extends DslMigration {
        int calls;

        @Override
        protected void change(SchemaChanges schema) {
            calls++;
            schema.createTable("teams", t -> {
                t.id();
                t.string("name", 100).notNull();
            });
            schema.addColumn("users", "team_id", bigint(), c -> c.references("teams", "id"));
            schema.renameColumn("users", "mail", "email");
            schema.createIndex("users", "email").concurrently();
        }
    }

    @Test
    void downIsTheReversedListOfReversedOperations() {
        V5__CreateTeams migration = new V5__CreateTeams();
        List<SchemaOperation> up = migration.operations();
        assertThat(up).hasSize(5);
        assertThat(migration.reverseOperations()).hasValueSatisfying(down -> assertThat(down).containsExactly(
                up.get(4).reverse().orElseThrow(),
                new RenameColumn("users", "email", "mail"),
                up.get(2).reverse().orElseThrow(),
                new DropColumn("users", "team_id", ColumnDefinition.of("team_id", bigint())),
                new DropTable("teams", (CreateTable) up.get(0))));
        assertThat(migration.isReversible()).isTrue();
        assertThat(migration.irreversibleReason()).isNull();
        assertThat(migration.requiresNoTransaction()).isTrue();
        migration.operations();
        assertThat(migration.calls).isEqualTo(1);
    }

    @Test
    void rendersBothDirectionsWithoutADatabase() throws Exception {
        V5__CreateTeams migration = new V5__CreateTeams();
        assertThat(migration.render(true, "PostgreSQL", null)).containsExactly("""
                CREATE TABLE teams (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    name VARCHAR(100) NOT NULL
                )""",
                "ALTER TABLE users ADD COLUMN team_id BIGINT",
                "ALTER TABLE users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams (id)",
                "ALTER TABLE users RENAME COLUMN mail TO email",
                "CREATE INDEX CONCURRENTLY users_email_idx ON users (email)");
        assertThat(migration.render(false, "MySQL", null)).containsExactly(
                "DROP INDEX users_email_idx ON users",
                "ALTER TABLE users RENAME COLUMN email TO mail",
                "ALTER TABLE users DROP FOREIGN KEY users_team_id_fkey",
                "-- MySQL: and DROP INDEX users_team_id_fkey ON users when MySQL made that index for the key"
                        + " (checked when the migration runs)",
                "ALTER TABLE users DROP COLUMN team_id",
                "DROP TABLE teams");
    }

    static final class V6__DropAge extends DslMigration {
        @Override
        protected void change(SchemaChanges schema) {
            schema.renameColumn("users", "a", "b");
            schema.dropColumn("users", "age");
            schema.sql("UPDATE users SET b = 1", null);
        }
    }

    @Test
    void anIrreversibleOperationMakesTheMigrationIrreversibleBeforeAnythingRuns() {
        V6__DropAge migration = new V6__DropAge();
        assertThat(migration.reverseOperations()).isEqualTo(Optional.empty());
        assertThat(migration.isReversible()).isFalse();
        assertThat(migration.irreversibleReason()).isEqualTo("dropColumn users.age has no restoring(...) definition");
        assertThatThrownBy(() -> migration.render(false, "H2", null))
                .isInstanceOf(IrreversibleMigrationException.class)
                .hasMessage("DSL migration " + V6__DropAge.class.getName() + " cannot be rolled back: dropColumn"
                        + " users.age has no restoring(...) definition. Give the old definition in the migration"
                        + " (restoring(...), from(...), sql(up, down)) so that its down can be generated.")
                .satisfies(e -> assertThat(((IrreversibleMigrationException) e).script())
                        .isEqualTo(V6__DropAge.class.getName()));
    }

    @Test
    void anInvalidChangeNamesTheMigration() {
        DslMigration broken = new DslMigration() {
            @Override
            protected void change(SchemaChanges schema) {
                schema.createTable("t", t -> { });
            }
        };
        assertThatThrownBy(broken::operations).isInstanceOf(MigrateException.class)
                .hasMessageContaining("describes an invalid change: createTable t needs at least one column."
                        + " Fix its change() method.");
    }

    private static List<SchemaOperation> operations(Consumer<SchemaChanges> change) {
        SchemaChanges schema = new SchemaChanges();
        change.accept(schema);
        return schema.operations();
    }
}
