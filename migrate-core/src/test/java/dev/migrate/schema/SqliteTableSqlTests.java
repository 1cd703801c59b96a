package dev.migrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting and rewriting SQLite {@code CREATE TABLE} statements for rebuilds, without a database. */
class SqliteTableSqlTests {

    private static final String USERS = """
            CREATE TABLE "users" (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                email VARCHAR(255) NOT NULL COLLATE NOCASE, -- the login
                age INTEGER DEFAULT -1 CHECK (age >= -1),
                status varchar ( 20 ) NOT NULL ON CONFLICT REPLACE DEFAULT 'new, or old',
                team_id BIGINT CONSTRAINT team_ref REFERENCES teams (id) ON DELETE SET NULL NOT DEFERRABLE,
                note,
                "check" TEXT DEFAULT NULL,
                total INTEGER GENERATED ALWAYS AS (age * 2) STORED,
                CONSTRAINT users_age_check CHECK (age < 200),
                CONSTRAINT "users team fk" FOREIGN KEY (team_id) REFERENCES teams (id),
                UNIQUE (email, status)
            ) STRICT""";

    @Test
    void cutsColumnsAndConstraints() {
        SqliteTableSql table = SqliteTableSql.parse(USERS);
        assertThat(table.columns()).extracting(SqliteTableSql.Column::name)
                .containsExactly("id", "email", "age", "status", "team_id", "note", "check", "total");
        assertThat(table.column("EMAIL").type()).isEqualTo("VARCHAR(255)");
        assertThat(table.column("status").type()).isEqualTo("varchar ( 20 )");
        assertThat(table.column("note").type()).isEmpty();
        assertThat(table.column("check").nameSql()).isEqualTo("\"check\"");
        assertThat(table.hasConstraint("users_age_check")).isTrue();
        assertThat(table.hasConstraint("users team fk")).isTrue();
        assertThat(table.hasConstraint("team_ref")).isFalse(); // inside a column: not droppable by name
    }

    @Test
    void cutsColumnClausesByTheGrammar() {
        SqliteTableSql table = SqliteTableSql.parse(USERS);
        assertThat(table.column("id").clauses()).extracting(SqliteTableSql.Clause::sql)
                .containsExactly("PRIMARY KEY AUTOINCREMENT");
        assertThat(table.column("email").clauses()).extracting(SqliteTableSql.Clause::sql)
                .containsExactly("NOT NULL", "COLLATE NOCASE");
        assertThat(table.column("age").clauses()).extracting(SqliteTableSql.Clause::sql)
                .containsExactly("DEFAULT -1", "CHECK (age >= -1)");
        assertThat(table.column("status").clauses()).extracting(SqliteTableSql.Clause::sql)
                .containsExactly("NOT NULL ON CONFLICT REPLACE", "DEFAULT 'new, or old'");
        assertThat(table.column("team_id").clauses()).extracting(SqliteTableSql.Clause::kind, SqliteTableSql.Clause::sql)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("REFERENCES",
                        "CONSTRAINT team_ref REFERENCES teams (id) ON DELETE SET NULL NOT DEFERRABLE"));
        assertThat(table.column("check").clauses()).extracting(SqliteTableSql.Clause::sql).containsExactly("DEFAULT NULL");
        assertThat(table.column("total").generated()).isTrue();
    }

    @Test
    void rewritesOneColumnAndKeepsTheRestAsWritten() {
        SqliteTableSql table = SqliteTableSql.parse(USERS);
        SqliteTableSql changed = table
                .withColumn(table.column("age").withType("BIGINT").withNotNull(true).withDefault("0"))
                .withColumn(table.column("status").withNotNull(false).withDefault(null));
        assertThat(changed.createTable("\"users__new\"")).isEqualTo("""
                CREATE TABLE "users__new" (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email VARCHAR(255) NOT NULL COLLATE NOCASE,
                    age BIGINT NOT NULL DEFAULT 0 CHECK (age >= -1),
                    status varchar ( 20 ),
                    team_id BIGINT CONSTRAINT team_ref REFERENCES teams (id) ON DELETE SET NULL NOT DEFERRABLE,
                    note,
                    "check" TEXT DEFAULT NULL,
                    total INTEGER GENERATED ALWAYS AS (age * 2) STORED,
                    CONSTRAINT users_age_check CHECK (age < 200),
                    CONSTRAINT "users team fk" FOREIGN KEY (team_id) REFERENCES teams (id),
                    UNIQUE (email, status)
                ) STRICT""");
    }

    @Test
    void addsAndDropsTableConstraintsAndColumns() {
        SqliteTableSql table = SqliteTableSql.parse("CREATE TABLE t(a INT, b INT, CONSTRAINT t_a_check CHECK (a > 0))");
        SqliteTableSql changed = table.withoutConstraint("T_A_CHECK")
                .withConstraintAdded("CONSTRAINT t_b_fkey FOREIGN KEY (b) REFERENCES u (id)")
                .withColumnAdded("c TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP");
        assertThat(changed.createTable("t__new")).isEqualTo("""
                CREATE TABLE t__new (
                    a INT,
                    b INT,
                    c TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                    CONSTRAINT t_b_fkey FOREIGN KEY (b) REFERENCES u (id)
                )""");
        assertThat(changed.columns()).extracting(SqliteTableSql.Column::name).containsExactly("a", "b", "c");
    }

    @Test
    void readsEveryQuotingStyle() {
        SqliteTableSql table = SqliteTableSql.parse("CREATE TABLE [t] ([a b] INT, `c``d` TEXT, 'e' REAL, \"f\"\"g\" BLOB)");
        assertThat(table.columns()).extracting(SqliteTableSql.Column::name).containsExactly("a b", "c`d", "e", "f\"g");
        assertThat(table.columns()).extracting(SqliteTableSql.Column::type).containsExactly("INT", "TEXT", "REAL", "BLOB");
    }

    @Test
    void refusesATableWithoutColumnList() {
        assertThatThrownBy(() -> SqliteTableSql.parse("CREATE TABLE t AS SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsClauseKindsForRemoval() {
        SqliteTableSql.Column column = SqliteTableSql.parse("CREATE TABLE t (a INT NULL DEFAULT (1 + 2) NOT NULL)")
                .column("a");
        assertThat(column.clauses()).extracting(SqliteTableSql.Clause::kind).containsExactly("NULL", "DEFAULT", "NOT");
        assertThat(column.withNotNull(false).withDefault(null).sql()).isEqualTo("a INT");
        assertThat(List.of(column.withDefault("'x'").sql())).containsExactly("a INT NULL DEFAULT 'x' NOT NULL");
    }

    /**
     * A clause dropped and set again comes back where the DSL writes it, so that a generated down gives back the
     * statement the table had (a rollback of dropNotNull used to write {@code DEFAULT 0 NOT NULL}).
     */
    @Test
    void aClauseDroppedAndSetAgainComesBackWhereItWas() {
        SqliteTableSql.Column column = SqliteTableSql.parse("CREATE TABLE t (a INTEGER NOT NULL DEFAULT 0 CHECK (a >= 0))")
                .column("a");
        assertThat(column.withNotNull(false).withNotNull(true).sql()).isEqualTo("a INTEGER NOT NULL DEFAULT 0 CHECK (a >= 0)");
        assertThat(column.withDefault(null).withDefault("0").sql()).isEqualTo("a INTEGER NOT NULL DEFAULT 0 CHECK (a >= 0)");
        assertThat(column.withNotNull(false).withDefault(null).withDefault("0").withNotNull(true).sql())
                .isEqualTo("a INTEGER NOT NULL DEFAULT 0 CHECK (a >= 0)");
        assertThat(column.withDefault("1").sql()).isEqualTo("a INTEGER NOT NULL DEFAULT 1 CHECK (a >= 0)");
    }
}
