package dev.migrate.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.RollbackRequest;
import dev.migrate.sql.Choices;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random sequences of DSL operations, split into a few migrations, applied with a real {@link Migrator} and rolled
 * back, on each database. {@link SchemaRoundTripTests} checks each operation alone; this checks what they do to each
 * other: a column added, indexed, renamed and retyped in one migration, a foreign key to a table made earlier in the
 * same migration, a SQLite rebuild after earlier operations, MySQL's implicit foreign-key indexes, defaults and
 * {@code NOT NULL} changed in turn.
 *
 * <p>A small model of the schema (tables, columns with type, nullability, default and whether rows hold values,
 * indexes, unique, check and foreign-key constraints, and every index and constraint name in use) makes every
 * generated operation valid where it stands, on every database: it never drops a column that an index or constraint
 * uses, never adds a unique index to a table with rows, and so on. After each migration the tables, their columns and
 * their nullability read back from JDBC metadata must be the model's; after rolling everything back (at once, or one
 * migration at a time, checking the schema after each against the one recorded on the way up) the schema
 * ({@link SchemaSnapshot}, without Migrate's own tables) must be the one before.
 *
 * <p>A failing case is shrunk by {@link Choices} and reported with its migrations written as DSL calls. The run uses a
 * fixed seed, printed at the start; {@code -Dmigrate.schema.seed=N} replays another, {@code -Dmigrate.schema.tries=N}
 * sets the number of cases per database (a few by default, to keep CI short; 200 or more to hunt),
 * {@code -Dmigrate.schema.shrink=N} how many smaller cases a failure may try.
 */
class SchemaSequencePropertyTests {

    private static final long SEED = Long.getLong("migrate.schema.seed", 20261207L);
    private static final int TRIES = Integer.getInteger("migrate.schema.tries", 6);
    private static final int SHRINK = Integer.getInteger("migrate.schema.shrink", 150);
    private static final int MAX_MIGRATIONS = 5;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void sequencesOfOperationsApplyAndRollBackToTheSchemaBefore(DatabaseKind kind) {
        String name = "SchemaSequencePropertyTests on " + kind + " (-Dmigrate.schema.seed=" + SEED + ")";
        System.out.println(name + ", " + TRIES + " cases");
        Choices.forAll(name, SEED, TRIES, SHRINK, choices -> new Case(choices, kind).run());
    }

    // ---------------------------------------------------------------- the migrations

    /** A DSL migration of the generated operations; one subclass per version, which comes from the class. */
    abstract static class Generated extends DslMigration {
        final List<Consumer<SchemaChanges>> operations = new ArrayList<>();

        @Override
        protected void change(SchemaChanges schema) {
            operations.forEach(op -> op.accept(schema));
        }
    }

    @MigrationInfo(version = "1", description = "base")
    static final class V1 extends Generated {
    }

    @MigrationInfo(version = "2", description = "generated")
    static final class V2 extends Generated {
    }

    @MigrationInfo(version = "3", description = "generated")
    static final class V3 extends Generated {
    }

    @MigrationInfo(version = "4", description = "generated")
    static final class V4 extends Generated {
    }

    @MigrationInfo(version = "5", description = "generated")
    static final class V5 extends Generated {
    }

    @MigrationInfo(version = "6", description = "generated")
    static final class V6 extends Generated {
    }

    private static Generated migration(int version) {
        return switch (version) {
            case 1 -> new V1();
            case 2 -> new V2();
            case 3 -> new V3();
            case 4 -> new V4();
            case 5 -> new V5();
            case 6 -> new V6();
            default -> throw new IllegalArgumentException("version " + version);
        };
    }

    // ---------------------------------------------------------------- the model

    /** The column types the generator uses; a column changes type only within its family. */
    enum Type {
        INT("integer()", ColumnType.integer(), 0), BIG("bigint()", ColumnType.bigint(), 0),
        S10("string(10)", ColumnType.string(10), 1), S30("string(30)", ColumnType.string(30), 1),
        BOOL("bool()", ColumnType.bool(), 2);

        final String java;
        final ColumnType type;
        final int family;

        Type(String java, ColumnType type, int family) {
            this.java = java;
            this.type = type;
            this.family = family;
        }

        Object value(int n) {
            return switch (family) {
                case 0 -> n;
                case 1 -> "d" + n;
                default -> n % 2 == 0;
            };
        }

        String check(String column) {
            return family == 0 ? column + " >= 0" : column + " <> ''";
        }
    }

    static final class Col {
        String name;
        Type type;
        boolean notNull;
        Object dflt;
        /** Whether every row holds a value (vacuously true in a table without rows), and whether any does. */
        boolean allSet;
        boolean anySet;
        boolean id;

        Col copy() {
            Col c = new Col();
            c.name = name;
            c.type = type;
            c.notNull = notNull;
            c.dflt = dflt;
            c.allSet = allSet;
            c.anySet = anySet;
            c.id = id;
            return c;
        }
    }

    record Index(String name, List<String> columns, boolean unique) {
    }

    record Unique(String name, List<String> columns) {
    }

    record Check(String name, String column, String expression) {
    }

    record Fk(String name, String column, String parent, ForeignKeyAction onDelete) {
    }

    static final class Table {
        String name;
        /** The name it was made with: PostgreSQL names its primary key after it, and a rename keeps that name. */
        String created;
        boolean rows;
        final Map<String, Col> cols = new LinkedHashMap<>();
        final List<Index> indexes = new ArrayList<>();
        final List<Unique> uniques = new ArrayList<>();
        final List<Check> checks = new ArrayList<>();
        final List<Fk> fks = new ArrayList<>();

        /** Whether an index or constraint uses the column. */
        boolean used(String column) {
            return indexes.stream().anyMatch(i -> i.columns().contains(column))
                    || uniques.stream().anyMatch(u -> u.columns().contains(column))
                    || checks.stream().anyMatch(c -> c.column().equals(column))
                    || fks.stream().anyMatch(f -> f.column().equals(column));
        }
    }

    static final class Case {
        final Choices choices;
        final DatabaseKind kind;
        final Map<String, Table> tables = new LinkedHashMap<>();
        final Set<String> names = new HashSet<>();
        final StringBuilder log = new StringBuilder();
        int counter;
        Generated current;

        Case(Choices choices, DatabaseKind kind) {
            this.choices = choices;
            this.kind = kind;
        }

        void run() {
            List<Generated> migrations = new ArrayList<>();
            List<Map<String, Set<String>>> expected = new ArrayList<>();
            Generated base = migration(1);
            current = base;
            base();
            int count = 1 + choices.nextInt(MAX_MIGRATIONS);
            for (int v = 2; v <= count + 1; v++) {
                current = migration(v);
                log.append("V").append(v).append(":\n");
                int ops = 1 + choices.nextInt(6);
                for (int i = 0; i < ops; i++) {
                    step();
                }
                migrations.add(current);
                expected.add(columns());
            }
            boolean oneAtATime = choices.nextBoolean();
            log.append(oneAtATime ? "rolled back one migration at a time\n" : "rolled back at once\n");
            try {
                execute(base, migrations, expected, oneAtATime);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- the sequence (" + kind + "):\n" + log, e);
            }
        }

        void execute(Generated base, List<Generated> migrations, List<Map<String, Set<String>>> expected, boolean oneAtATime) {
            Path dir;
            try {
                dir = Files.createTempDirectory("schema-sequence");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (TestDatabase db = TestDatabase.create(kind)) {
                MigratorConfig.Builder config = MigratorConfig.builder().locations("filesystem:" + dir).javaMigration(base);
                migrations.forEach(config::javaMigration);
                Migrator migrator = Migrator.create(db.dataSource(), config.build());
                migrator.migrate("1");
                List<List<String>> snapshots = new ArrayList<>();
                snapshots.add(snapshot(db));
                for (int i = 0; i < migrations.size(); i++) {
                    String version = String.valueOf(i + 2);
                    migrator.migrate(version);
                    List<String> after = snapshot(db);
                    assertThat(columns(after)).as("tables, columns and NOT NULL after V%s", version)
                            .isEqualTo(expected.get(i));
                    snapshots.add(after);
                }
                if (oneAtATime) {
                    for (int i = migrations.size(); i >= 1; i--) {
                        migrator.rollback(RollbackRequest.last());
                        assertThat(snapshot(db)).as("the schema after rolling back V%s", i + 1)
                                .containsExactlyElementsOf(snapshots.get(i - 1));
                    }
                } else {
                    migrator.rollback(RollbackRequest.toVersion("1"));
                    assertThat(snapshot(db)).as("the schema after rolling back to V1").containsExactlyElementsOf(snapshots.get(0));
                }
            } finally {
                dir.toFile().delete();
            }
        }

        List<String> snapshot(TestDatabase db) {
            try (Connection connection = db.connect()) {
                return SchemaSnapshot.of(connection, kind).stream()
                        .filter(line -> !line.toLowerCase(Locale.ROOT).contains("migrate_")).toList();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** table -> its columns, a NOT NULL one (but the id) marked {@code !}, as the model has them. */
        Map<String, Set<String>> columns() {
            Map<String, Set<String>> result = new java.util.TreeMap<>();
            tables.values().forEach(t -> result.put(t.name, t.cols.values().stream()
                    .map(c -> c.name + (c.notNull && !c.id ? "!" : "")).collect(Collectors.toCollection(TreeSet::new))));
            return result;
        }

        /** The same, read from a snapshot's column lines. */
        static Map<String, Set<String>> columns(List<String> snapshot) {
            Map<String, Set<String>> result = new java.util.TreeMap<>();
            for (String line : snapshot) {
                if (line.startsWith("table ") && line.contains(" rows=")) {
                    result.computeIfAbsent(line.substring(6, line.indexOf(' ', 6)).toLowerCase(Locale.ROOT), t -> new TreeSet<>());
                }
            }
            for (String line : snapshot) {
                if (line.startsWith("column ")) {
                    String qualified = line.substring(7, line.indexOf(' ', 7)).toLowerCase(Locale.ROOT);
                    int dot = qualified.indexOf('.');
                    String column = qualified.substring(dot + 1);
                    boolean notNull = line.contains(" nullable=0 ") && !column.equals("id");
                    result.computeIfAbsent(qualified.substring(0, dot), t -> new TreeSet<>()).add(column + (notNull ? "!" : ""));
                }
            }
            return result;
        }

        // ---------------------------------------------------------------- generation

        void op(String java, Consumer<SchemaChanges> operation) {
            log.append("  schema.").append(java).append(";\n");
            current.operations.add(operation);
        }

        /** V1: a table with two rows, whose columns hold values but {@code c}. */
        void base() {
            Table t = new Table();
            t.name = "base";
            t.created = t.name;
            t.rows = true;
            col(t, "id", Type.BIG, true, null, true).id = true;
            col(t, "a", Type.INT, true, 0, true);
            col(t, "b", Type.S30, false, null, true);
            col(t, "c", Type.BIG, false, null, false);
            tables.put(t.name, t);
            current.operations.add(s -> {
                s.createTable("base", b -> {
                    b.id();
                    b.integer("a").notNull().defaultValue(0);
                    b.string("b", 30);
                    b.bigint("c");
                });
                s.sql("INSERT INTO base (a, b) VALUES (1, 'x'); INSERT INTO base (a, b) VALUES (2, 'y')", "DELETE FROM base");
            });
            log.append("V1: createTable base (id, a integer not null default 0, b string(30), c bigint) with 2 rows\n");
        }

        static Col col(Table t, String name, Type type, boolean notNull, Object dflt, boolean set) {
            Col c = new Col();
            c.name = name;
            c.type = type;
            c.notNull = notNull;
            c.dflt = dflt;
            c.allSet = set || !t.rows;
            c.anySet = set && t.rows;
            t.cols.put(name, c);
            return c;
        }

        String fresh(String prefix) {
            return prefix + (++counter);
        }

        /** The DSL's name for an index or constraint when it is free, else a fresh one; null means the DSL's own. */
        String name(String table, List<String> columns, String suffix, List<String> java) {
            String dflt = Names.of(table, columns, suffix);
            if (names.add(dflt)) {
                return null;
            }
            String name = fresh("n");
            names.add(name);
            java.add(".name(\"" + name + "\")");
            return name;
        }

        static String q(Object value) {
            return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        }

        <T> T pick(List<T> list) {
            return list.get(choices.nextInt(list.size()));
        }

        Table table(Predicate<Table> filter) {
            List<Table> candidates = tables.values().stream().filter(filter).toList();
            return candidates.isEmpty() ? null : pick(candidates);
        }

        Col column(Table t, Predicate<Col> filter) {
            List<Col> candidates = t.cols.values().stream().filter(filter).toList();
            return candidates.isEmpty() ? null : pick(candidates);
        }

        /** One operation, chosen among those valid now; a choice that has none valid falls back to adding a column. */
        void step() {
            boolean done = switch (choices.nextInt(18)) {
                case 0 -> addColumn();
                case 1 -> createTable();
                case 2 -> renameColumn();
                case 3 -> createIndex();
                case 4 -> setNotNull();
                case 5 -> dropNotNull();
                case 6 -> setDefault();
                case 7 -> dropDefault();
                case 8 -> alterColumnType();
                case 9 -> addForeignKey();
                case 10 -> dropForeignKey();
                case 11 -> addUnique();
                case 12 -> addCheck();
                case 13 -> dropConstraint();
                case 14 -> dropIndex();
                case 15 -> dropColumn();
                case 16 -> renameTable();
                default -> dropTable();
            };
            if (!done) {
                addColumn();
            }
        }

        boolean addColumn() {
            Table t = table(x -> true);
            String name = fresh("c");
            Type type = pick(List.of(Type.values()));
            boolean notNull = choices.nextBoolean();
            Object dflt = choices.nextBoolean() || notNull && t.rows ? type.value(choices.nextInt(10)) : null;
            Col c = col(t, name, type, notNull, dflt, dflt != null);
            c.anySet = t.rows && dflt != null;
            String java = (notNull ? ".notNull()" : "") + (dflt != null ? ".defaultValue(" + q(dflt) + ")" : "");
            String table = t.name;
            op("addColumn(\"" + table + "\", \"" + name + "\", " + type.java + (java.isEmpty() ? "" : ", c -> c" + java) + ")", s -> {
                if (notNull || dflt != null) {
                    s.addColumn(table, name, type.type, o -> {
                        if (notNull) {
                            o.notNull();
                        }
                        if (dflt != null) {
                            o.defaultValue(dflt);
                        }
                    });
                } else {
                    s.addColumn(table, name, type.type);
                }
            });
            return true;
        }

        boolean createTable() {
            Table t = new Table();
            t.name = fresh("t");
            t.created = t.name;
            col(t, "id", Type.BIG, true, null, true).id = true;
            int count = 1 + choices.nextInt(3);
            List<String> java = new ArrayList<>();
            java.add("t.id()");
            for (int i = 0; i < count; i++) {
                Type type = pick(List.of(Type.values()));
                boolean notNull = choices.nextBoolean();
                Object dflt = choices.nextBoolean() ? type.value(choices.nextInt(10)) : null;
                Col c = col(t, fresh("c"), type, notNull, dflt, true);
                java.add("t.column(\"" + c.name + "\", " + type.java + ")" + (notNull ? ".notNull()" : "")
                        + (dflt != null ? ".defaultValue(" + q(dflt) + ")" : ""));
            }
            Table parent = choices.nextInt(3) == 0 ? table(x -> true) : null;
            Col fkCol = null;
            String fkName = null;
            if (parent != null) {
                fkCol = col(t, fresh("c"), Type.BIG, false, null, true);
                String dflt = Names.of(t.name, List.of(fkCol.name), "fkey");
                fkName = names.add(dflt) ? dflt : null;
                if (fkName == null) {
                    fkName = fresh("n");
                    names.add(fkName);
                }
                t.fks.add(new Fk(fkName, fkCol.name, parent.name, ForeignKeyAction.NO_ACTION));
                java.add("t.bigint(\"" + fkCol.name + "\")");
                java.add("t.foreignKey(\"" + fkCol.name + "\", \"" + parent.name + "\", \"id\").name(\"" + fkName + "\")");
            }
            List<Col> cols = t.cols.values().stream().map(Col::copy).toList();
            String parentName = parent == null ? null : parent.name;
            String fk = fkName;
            String table = t.name;
            tables.put(table, t);
            op("createTable(\"" + table + "\", t -> { " + String.join("; ", java) + "; })", s -> s.createTable(table, b -> {
                for (Col c : cols) {
                    if (c.id) {
                        b.id();
                        continue;
                    }
                    ColumnOptions o = b.column(c.name, c.type.type);
                    if (c.notNull) {
                        o.notNull();
                    }
                    if (c.dflt != null) {
                        o.defaultValue(c.dflt);
                    }
                }
                if (parentName != null) {
                    b.foreignKey(cols.get(cols.size() - 1).name, parentName, "id").name(fk);
                }
            }));
            return true;
        }

        boolean renameColumn() {
            Table t = table(x -> x.cols.size() > 1);
            Col c = t == null ? null : column(t, x -> !x.id);
            if (c == null) {
                return false;
            }
            String from = c.name;
            String to = fresh("c");
            Map<String, Col> rebuilt = new LinkedHashMap<>();
            t.cols.forEach((n, x) -> rebuilt.put(n.equals(from) ? to : n, x));
            t.cols.clear();
            t.cols.putAll(rebuilt);
            c.name = to;
            t.indexes.replaceAll(i -> new Index(i.name(), rename(i.columns(), from, to), i.unique()));
            t.uniques.replaceAll(u -> new Unique(u.name(), rename(u.columns(), from, to)));
            t.checks.replaceAll(k -> k.column().equals(from) ? new Check(k.name(), to, c.type.check(to)) : k);
            t.fks.replaceAll(f -> f.column().equals(from) ? new Fk(f.name(), to, f.parent(), f.onDelete()) : f);
            String table = t.name;
            op("renameColumn(\"" + table + "\", \"" + from + "\", \"" + to + "\")", s -> s.renameColumn(table, from, to));
            return true;
        }

        static List<String> rename(List<String> columns, String from, String to) {
            return columns.stream().map(c -> c.equals(from) ? to : c).toList();
        }

        boolean createIndex() {
            Table t = table(x -> true);
            boolean unique = !t.rows && choices.nextBoolean();
            List<Col> candidates = t.cols.values().stream().filter(c -> !c.id).toList();
            if (candidates.isEmpty()) {
                return false;
            }
            List<String> columns = new ArrayList<>();
            columns.add(pick(candidates).name);
            if (choices.nextBoolean()) {
                String second = pick(candidates).name;
                if (!columns.contains(second)) {
                    columns.add(second);
                }
            }
            List<String> java = new ArrayList<>();
            String name = name(t.name, columns, "idx", java);
            String actual = name != null ? name : Names.of(t.name, columns, "idx");
            t.indexes.add(new Index(actual, List.copyOf(columns), unique));
            String table = t.name;
            op("createIndex(\"" + table + "\", " + columns.stream().map(Case::q).collect(Collectors.joining(", ")) + ")"
                    + String.join("", java) + (unique ? ".unique()" : ""), s -> {
                        SchemaChanges.IndexOptions o = s.createIndex(table, columns.toArray(String[]::new));
                        if (name != null) {
                            o.name(name);
                        }
                        if (unique) {
                            o.unique();
                        }
                    });
            return true;
        }

        boolean dropIndex() {
            Table t = table(x -> !x.indexes.isEmpty());
            if (t == null) {
                return false;
            }
            Index i = pick(t.indexes);
            t.indexes.remove(i);
            String table = t.name;
            op("dropIndex(\"" + table + "\", \"" + i.name() + "\").restoring(" + i.columns().stream().map(Case::q)
                    .collect(Collectors.joining(", ")) + ")" + (i.unique() ? ".unique()" : ""), s -> {
                        SchemaChanges.IndexDrop d = s.dropIndex(table, i.name()).restoring(i.columns().toArray(String[]::new));
                        if (i.unique()) {
                            d.unique();
                        }
                    });
            return true;
        }

        boolean setNotNull() {
            Table t = table(x -> true);
            Col c = column(t, x -> !x.notNull && x.allSet && t.fks.stream().noneMatch(f -> f.column().equals(x.name)
                    && f.onDelete() == ForeignKeyAction.SET_NULL));
            if (c == null) {
                return false;
            }
            c.notNull = true;
            String table = t.name;
            String column = c.name;
            op("setNotNull(\"" + table + "\", \"" + column + "\")", s -> s.setNotNull(table, column));
            return true;
        }

        boolean dropNotNull() {
            Table t = table(x -> true);
            Col c = column(t, x -> x.notNull && !x.id);
            if (c == null) {
                return false;
            }
            c.notNull = false;
            String table = t.name;
            String column = c.name;
            op("dropNotNull(\"" + table + "\", \"" + column + "\")", s -> s.dropNotNull(table, column));
            return true;
        }

        boolean setDefault() {
            Table t = table(x -> true);
            Col c = column(t, x -> !x.id);
            if (c == null) {
                return false;
            }
            Object from = c.dflt;
            Object value = c.type.value(choices.nextInt(10));
            c.dflt = value;
            String table = t.name;
            String column = c.name;
            op("setDefault(\"" + table + "\", \"" + column + "\", " + q(value) + ")" + (from == null ? ".fromNone()" : ".from(" + q(from) + ")"),
                    s -> {
                        SchemaChanges.DefaultChange d = s.setDefault(table, column, value);
                        if (from == null) {
                            d.fromNone();
                        } else {
                            d.from(from);
                        }
                    });
            return true;
        }

        boolean dropDefault() {
            Table t = table(x -> true);
            Col c = column(t, x -> x.dflt != null && !x.id);
            if (c == null) {
                return false;
            }
            Object from = c.dflt;
            c.dflt = null;
            String table = t.name;
            String column = c.name;
            op("dropDefault(\"" + table + "\", \"" + column + "\").restoring(" + q(from) + ")",
                    s -> s.dropDefault(table, column).restoring(from));
            return true;
        }

        boolean alterColumnType() {
            Table t = table(x -> true);
            // H2 keeps a check rewritten for the new type (CAST(0 AS BIGINT)) when the type changes back
            Col c = column(t, x -> !x.id && x.type != Type.BOOL && t.fks.stream().noneMatch(f -> f.column().equals(x.name))
                    && !(kind == DatabaseKind.H2 && t.checks.stream().anyMatch(k -> k.column().equals(x.name))));
            if (c == null) {
                return false;
            }
            Type from = c.type;
            boolean toText = from.family == 0 && t.checks.stream().noneMatch(k -> k.column().equals(c.name))
                    && choices.nextInt(3) == 0;
            Type to = toText ? Type.S30 : switch (from) {
                case INT -> Type.BIG;
                case BIG -> Type.INT;
                case S10 -> Type.S30;
                default -> Type.S10;
            };
            c.type = to;
            String table = t.name;
            String column = c.name;
            op("alterColumnType(\"" + table + "\", \"" + column + "\", " + to.java + ").from(" + from.java + ")",
                    s -> s.alterColumnType(table, column, to.type).from(from.type));
            return true;
        }

        boolean addForeignKey() {
            Table t = table(x -> true);
            Col c = column(t, x -> !x.id && x.type == Type.BIG && !x.anySet && t.fks.stream().noneMatch(f -> f.column().equals(x.name)));
            if (c == null) {
                return false;
            }
            Table parent = table(x -> true);
            // MariaDB refuses a key with an action on a column that a check uses, and such a check
            boolean checked = kind == DatabaseKind.MARIADB && t.checks.stream().anyMatch(k -> k.column().equals(c.name));
            ForeignKeyAction onDelete = pick(checked ? List.of(ForeignKeyAction.NO_ACTION)
                    : c.notNull ? List.of(ForeignKeyAction.NO_ACTION, ForeignKeyAction.CASCADE)
                    : List.of(ForeignKeyAction.NO_ACTION, ForeignKeyAction.CASCADE, ForeignKeyAction.SET_NULL));
            List<String> java = new ArrayList<>();
            String name = name(t.name, List.of(c.name), "fkey", java);
            t.fks.add(new Fk(name != null ? name : Names.of(t.name, List.of(c.name), "fkey"), c.name, parent.name, onDelete));
            String table = t.name;
            String column = c.name;
            String parentName = parent.name;
            op("addForeignKey(\"" + table + "\", \"" + column + "\", \"" + parentName + "\", \"id\")" + String.join("", java)
                    + ".onDelete(ForeignKeyAction." + onDelete + ")", s -> {
                        ForeignKeyOptions o = s.addForeignKey(table, column, parentName, "id").onDelete(onDelete);
                        if (name != null) {
                            o.name(name);
                        }
                    });
            return true;
        }

        boolean dropForeignKey() {
            Table t = table(x -> !x.fks.isEmpty());
            if (t == null) {
                return false;
            }
            Fk f = pick(t.fks);
            t.fks.remove(f);
            String table = t.name;
            op("dropForeignKey(\"" + table + "\", \"" + f.name() + "\").restoring(\"" + f.column() + "\", \"" + f.parent()
                    + "\", \"id\").onDelete(ForeignKeyAction." + f.onDelete() + ")",
                    s -> s.dropForeignKey(table, f.name()).restoring(f.column(), f.parent(), "id").onDelete(f.onDelete()));
            return true;
        }

        boolean addUnique() {
            Table t = table(x -> !x.rows && x.cols.size() > 1);
            Col c = t == null ? null : column(t, x -> !x.id
                    && !(kind == DatabaseKind.H2 && t.indexes.stream().anyMatch(i -> i.columns().get(0).equals(x.name))));
            if (c == null) {
                return false;
            }
            List<String> java = new ArrayList<>();
            String name = name(t.name, List.of(c.name), "key", java);
            t.uniques.add(new Unique(name != null ? name : Names.of(t.name, List.of(c.name), "key"), List.of(c.name)));
            String table = t.name;
            String column = c.name;
            op("addUnique(\"" + table + "\", \"" + column + "\")" + String.join("", java), s -> {
                UniqueOptions o = s.addUnique(table, column);
                if (name != null) {
                    o.name(name);
                }
            });
            return true;
        }

        boolean addCheck() {
            Table t = table(x -> true);
            Col c = column(t, x -> !x.id && x.type != Type.BOOL && !(kind == DatabaseKind.MARIADB && t.fks.stream()
                    .anyMatch(f -> f.column().equals(x.name) && f.onDelete() != ForeignKeyAction.NO_ACTION)));
            if (c == null) {
                return false;
            }
            String name = fresh("ck");
            names.add(name);
            String expression = c.type.check(c.name);
            t.checks.add(new Check(name, c.name, expression));
            String table = t.name;
            op("addCheck(\"" + table + "\", \"" + name + "\", \"" + expression + "\")", s -> s.addCheck(table, name, expression));
            return true;
        }

        boolean dropConstraint() {
            Table t = table(x -> !x.uniques.isEmpty() || !x.checks.isEmpty() || !x.fks.isEmpty());
            if (t == null) {
                return false;
            }
            String table = t.name;
            int kinds = choices.nextInt(3);
            if (kinds == 0 && !t.uniques.isEmpty()) {
                Unique u = pick(t.uniques);
                t.uniques.remove(u);
                op("dropConstraint(\"" + table + "\", \"" + u.name() + "\").restoringUnique(" + u.columns().stream().map(Case::q)
                        .collect(Collectors.joining(", ")) + ")",
                        s -> s.dropConstraint(table, u.name()).restoringUnique(u.columns().toArray(String[]::new)));
            } else if (kinds == 1 && !t.fks.isEmpty()) {
                Fk f = pick(t.fks);
                t.fks.remove(f);
                op("dropConstraint(\"" + table + "\", \"" + f.name() + "\").restoringForeignKey(\"" + f.column() + "\", \""
                        + f.parent() + "\", \"id\").onDelete(ForeignKeyAction." + f.onDelete() + ")",
                        s -> s.dropConstraint(table, f.name()).restoringForeignKey(f.column(), f.parent(), "id").onDelete(f.onDelete()));
            } else if (!t.checks.isEmpty()) {
                Check k = pick(t.checks);
                t.checks.remove(k);
                op("dropConstraint(\"" + table + "\", \"" + k.name() + "\").restoringCheck(\"" + k.expression() + "\")",
                        s -> s.dropConstraint(table, k.name()).restoringCheck(k.expression()));
            } else {
                return false;
            }
            return true;
        }

        boolean dropColumn() {
            // a restored column comes back empty: rows would lose values that an earlier migration's down may need
            Table t = table(x -> x.cols.size() > 2 && !x.rows);
            Col c = t == null ? null : column(t, x -> !x.id && !t.used(x.name) && !(x.notNull && x.dflt == null));
            if (c == null) {
                return false;
            }
            t.cols.remove(c.name);
            Col restored = c.copy();
            String table = t.name;
            op("dropColumn(\"" + table + "\", \"" + c.name + "\").restoring(col -> col." + c.type.java
                    + (c.notNull ? ".notNull()" : "") + (c.dflt != null ? ".defaultValue(" + q(c.dflt) + ")" : "") + ")",
                    s -> s.dropColumn(table, restored.name).restoring(b -> {
                        ColumnOptions o = b.type(restored.type.type);
                        if (restored.notNull) {
                            o.notNull();
                        }
                        if (restored.dflt != null) {
                            o.defaultValue(restored.dflt);
                        }
                    }));
            return true;
        }

        boolean renameTable() {
            Table t = table(x -> true);
            String from = t.name;
            String to = fresh("t");
            tables.remove(from);
            t.name = to;
            tables.put(to, t);
            for (Table other : tables.values()) {
                other.fks.replaceAll(f -> f.parent().equals(from) ? new Fk(f.name(), f.column(), to, f.onDelete()) : f);
            }
            op("renameTable(\"" + from + "\", \"" + to + "\")", s -> s.renameTable(from, to));
            return true;
        }

        boolean dropTable() {
            Table t = table(x -> !x.rows && (kind != DatabaseKind.POSTGRES || x.name.equals(x.created)) && x.indexes.isEmpty() && x.uniques.isEmpty() && x.checks.isEmpty()
                    && x.fks.isEmpty() && tables.values().stream().noneMatch(o -> o.fks.stream().anyMatch(f -> f.parent().equals(x.name))));
            if (t == null) {
                return false;
            }
            tables.remove(t.name);
            List<Col> cols = t.cols.values().stream().map(Col::copy).toList();
            String table = t.name;
            op("dropTable(\"" + table + "\").restoring(t -> { " + cols.stream().map(c -> c.id ? "t.id()" : "t.column(\"" + c.name
                    + "\", " + c.type.java + ")" + (c.notNull ? ".notNull()" : "") + (c.dflt != null ? ".defaultValue(" + q(c.dflt) + ")" : ""))
                    .collect(Collectors.joining("; ")) + "; })", s -> s.dropTable(table).restoring(b -> {
                        for (Col c : cols) {
                            if (c.id) {
                                b.id();
                                continue;
                            }
                            ColumnOptions o = b.column(c.name, c.type.type);
                            if (c.notNull) {
                                o.notNull();
                            }
                            if (c.dflt != null) {
                                o.defaultValue(c.dflt);
                            }
                        }
                    }));
            return true;
        }
    }
}
