package dev.migrate.cli.create;

import dev.migrate.ConfigurationException;
import dev.migrate.schema.AddForeignKey;
import dev.migrate.schema.ColumnOptions;
import dev.migrate.schema.ColumnType;
import dev.migrate.schema.SchemaChanges;
import dev.migrate.schema.SchemaOperation;
import dev.migrate.schema.SchemaRenderer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Renders the {@code create} templates as SQL for one database, each with its exact reverse, so a
 * migration made from a template migrates and rolls back cleanly (the CLI's tests run every template
 * up and down on all four databases).
 *
 * <p>The schema templates are built as the core's schema DSL operations and rendered by its
 * per-database {@link SchemaRenderer}, the down being each operation's {@code reverse()}, so a file
 * from {@code create} says exactly what the same change written in the DSL would run. Only what a
 * static file cannot leave to run time is written here: the core changes SQLite constraints by
 * rebuilding the table from its definition as it is when the migration runs, so for SQLite
 * {@code add-foreign-key} and {@code add-check} write triggers that enforce the same rule (and say
 * so); and on MySQL/MariaDB, where dropping a foreign key leaves the index the server made for it,
 * {@code add-foreign-key} creates that index itself so that its down can drop it.
 *
 * <pre>{@code
 * Rendered sql = SqlTemplates.render(Template.ADD_COLUMN, input, TargetDatabase.POSTGRES);
 * // for a migration named add_email_to_users:
 * // sql.up():   ALTER TABLE users ADD COLUMN email VARCHAR(255);
 * // sql.down(): ALTER TABLE users DROP COLUMN email;
 * }</pre>
 */
public final class SqlTemplates {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final Pattern REFERENCE = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\s*(?:\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\))?");
    private static final Pattern ADD_TO = Pattern.compile("add_(.+)_to_(.+)");
    private static final Pattern LITERAL = Pattern.compile("-?\\d+(\\.\\d+)?|(?i:null|true|false)|'([^']|'')*'");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern SIZED = Pattern.compile("([a-z ]+?)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    /** PostgreSQL cuts identifiers at 63 bytes; MySQL refuses more than 64. */
    private static final int MAX_NAME = 63;
    private static final String INDENT = "    ";

    private SqlTemplates() {
    }

    /**
     * @throws ConfigurationException naming the missing or invalid option
     */
    public static Rendered render(Template template, TemplateInput in, TargetDatabase db) {
        return switch (template) {
            case SQL, UPDOWN -> new Rendered("", "", "");
            case CREATE_TABLE -> createTable(in, db);
            case ADD_COLUMN -> addColumn(in, db);
            case ADD_INDEX -> addIndex(in, db);
            case ADD_FOREIGN_KEY -> addForeignKey(in, db);
            case RENAME_COLUMN -> renameColumn(in, db);
            case ADD_CHECK -> addCheck(in, db);
            case DATA -> data(in, db);
            case JAVA_DSL -> throw new IllegalStateException("java-dsl writes a Java class, not SQL");
        };
    }

    // ------------------------------------------------------------------ templates

    private static Rendered createTable(TemplateInput in, TargetDatabase db) {
        String table = in.table();
        if (table == null) {
            String d = in.description().replaceFirst("^create_", "").replaceFirst("_table$", "");
            table = IDENTIFIER.matcher(d).matches() ? d : null;
        }
        String name = requireTable(table, "create-table", "create_books");
        List<Column> columns = in.columns().stream().map(Column::parse).toList();
        Set<String> seen = new HashSet<>();
        for (Column c : columns) {
            String lower = c.name().toLowerCase(Locale.ROOT);
            if (lower.equals("id")) {
                throw new ConfigurationException("--column id: create-table already adds the id primary key");
            }
            if (!seen.add(lower)) {
                throw new ConfigurationException("--column " + c.name() + " is given twice; give each column once");
            }
            if (in.timestamps() && (lower.equals("created_at") || lower.equals("updated_at"))) {
                throw new ConfigurationException("--column " + c.name() + ": --timestamps already adds created_at and"
                        + " updated_at; leave out the --column or --timestamps");
            }
            if (in.softDelete() && lower.equals("deleted_at")) {
                throw new ConfigurationException("--column " + c.name() + ": --soft-delete already adds deleted_at;"
                        + " leave out the --column or --soft-delete");
            }
        }
        SchemaChanges schema = new SchemaChanges();
        schema.createTable(name, t -> {
            t.id();
            for (Column c : columns) {
                ColumnOptions options = t.column(c.name(), c.type());
                if (in.notNull()) {
                    options.notNull();
                }
            }
            if (in.timestamps()) {
                t.timestamps();
            }
            if (in.softDelete()) {
                t.softDelete();
            }
        });
        String remark = "";
        if (in.softDelete()) {
            remark = "Soft delete: set deleted_at instead of deleting rows, and filter on deleted_at IS NULL.";
        }
        if (in.timestamps()) {
            remark = (remark.isEmpty() ? "" : remark + "\n") + "Set updated_at when a row changes (in the application, or with a trigger).";
        }
        return rendered(db, schema, remark);
    }

    private static Rendered addColumn(TemplateInput in, TargetDatabase db) {
        String table = in.table();
        List<String> specs = in.columns();
        Matcher inferred = ADD_TO.matcher(in.description());
        if (inferred.matches()) {
            if (table == null && QUALIFIED.matcher(inferred.group(2)).matches()) {
                table = inferred.group(2);
            }
            if (specs.isEmpty() && IDENTIFIER.matcher(inferred.group(1)).matches()) {
                specs = List.of(inferred.group(1));
            }
        }
        table = requireTable(table, "add-column", "add_email_to_users");
        if (specs.isEmpty()) {
            throw new ConfigurationException("add-column needs --column NAME[:TYPE] (or a name like add_email_to_users)");
        }
        if (in.notNull() && in.defaultValue() == null && db == TargetDatabase.SQLITE) {
            throw new ConfigurationException("SQLite adds a NOT NULL column only with a default: give --default as well");
        }
        SchemaChanges schema = new SchemaChanges();
        for (String spec : specs) {
            Column c = Column.parse(spec);
            schema.addColumn(table, c.name(), c.type(), options -> {
                if (in.defaultValue() != null) {
                    defaultValue(options, in.defaultValue());
                }
                if (in.notNull()) {
                    options.notNull();
                }
            });
        }
        return rendered(db, schema, "");
    }

    private static Rendered addIndex(TemplateInput in, TargetDatabase db) {
        String table = requireTable(in.table(), "add-index", null);
        if (in.columns().isEmpty()) {
            throw new ConfigurationException("add-index needs --column NAME (repeat it for a multi-column index)");
        }
        String[] columns = in.columns().stream().map(s -> Column.parse(s).name()).toArray(String[]::new);
        SchemaChanges schema = new SchemaChanges();
        var index = schema.createIndex(table, columns);
        if (in.unique()) {
            index.unique();
        }
        if (in.constraint() != null) {
            index.name(identifier(in.constraint(), "--constraint"));
        }
        String remark = db == TargetDatabase.POSTGRES
                ? "On a large, busy table use CREATE INDEX CONCURRENTLY (Migrate then runs it outside a transaction)." : "";
        return rendered(db, schema, remark);
    }

    private static Rendered addForeignKey(TemplateInput in, TargetDatabase db) {
        String table = requireTable(in.table(), "add-foreign-key", null);
        if (in.columns().size() != 1) {
            throw new ConfigurationException("add-foreign-key needs one --column: the referencing column, such as customer_id");
        }
        String column = Column.parse(in.columns().get(0)).name();
        if (in.references() == null) {
            throw new ConfigurationException("add-foreign-key needs --references TABLE or TABLE(COLUMN), such as customers(id)");
        }
        Matcher ref = REFERENCE.matcher(in.references().strip());
        if (!ref.matches() || !QUALIFIED.matcher(ref.group(1)).matches()) {
            throw new ConfigurationException("--references '" + in.references() + "' must be TABLE or TABLE(COLUMN), such as customers(id)");
        }
        String parent = ref.group(1);
        String parentColumn = ref.group(2) != null ? ref.group(2) : "id";
        SchemaChanges schema = new SchemaChanges();
        var key = schema.addForeignKey(table, column, parent, parentColumn);
        if (in.constraint() != null) {
            key.name(identifier(in.constraint(), "--constraint"));
        }
        AddForeignKey add = (AddForeignKey) schema.operations().get(0);
        String fk = add.key().name();
        String reference = "FOREIGN KEY (" + column + ") REFERENCES " + parent + " (" + parentColumn + ")";
        return switch (db) {
            case POSTGRES, H2 -> rendered(db, schema, "");
            case MYSQL -> {
                SchemaChanges index = new SchemaChanges();
                index.createIndex(table, column).name(fk);
                SchemaOperation createIndex = index.operations().get(0);
                SchemaRenderer renderer = renderer(db);
                String up = statements(renderer, List.of(createIndex, add));
                // The drop's renderer checks at run time whether MySQL made an index for the key; this
                // index is ours, so the down drops it itself.
                String down = statements(renderer, List.of(add.reverse().orElseThrow()), true)
                        + statements(renderer, List.of(createIndex.reverse().orElseThrow()));
                yield new Rendered(up, down,
                        "The index is created explicitly so that the down can drop it (MySQL keeps the index of a dropped key).");
            }
            case SQLITE -> {
                SchemaRenderer renderer = renderer(db);
                String t = renderer.tableName(table);
                String c = renderer.identifier(column);
                String p = renderer.tableName(parent);
                String pc = renderer.identifier(parentColumn);
                String missing = "NEW." + c + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + p + " WHERE " + pc
                        + " = NEW." + c + ")";
                String referenced = "EXISTS (SELECT 1 FROM " + t + " WHERE " + c + " = OLD." + pc + ")";
                String message = fk + ": " + table + "." + column + " has no matching " + parent + "." + parentColumn;
                String stillReferenced = fk + ": " + parent + " row is still referenced by " + table + "." + column;
                String up = trigger(renderer.identifier(fk + "_insert"), "BEFORE INSERT ON " + t, missing, message)
                        + trigger(renderer.identifier(fk + "_update"), "BEFORE UPDATE OF " + c + " ON " + t, missing, message)
                        + trigger(renderer.identifier(fk + "_delete"), "BEFORE DELETE ON " + p, referenced, stillReferenced)
                        // a NO ACTION key also refuses changing a parent key that child rows still reference
                        + trigger(renderer.identifier(fk + "_parent_update"), "BEFORE UPDATE OF " + pc + " ON " + p,
                                "OLD." + pc + " IS NOT NEW." + pc + " AND " + referenced, stillReferenced);
                String down = "DROP TRIGGER " + renderer.identifier(fk + "_parent_update") + ";\nDROP TRIGGER "
                        + renderer.identifier(fk + "_delete") + ";\nDROP TRIGGER " + renderer.identifier(fk + "_update")
                        + ";\nDROP TRIGGER " + renderer.identifier(fk + "_insert") + ";\n";
                yield new Rendered(up, down, "SQLite cannot add a foreign key to an existing table in place (Migrate's schema DSL\n"
                        + "rebuilds the table when the migration runs): these triggers enforce " + reference + ".\n"
                        + "For a real constraint, declare the REFERENCES clause in CREATE TABLE.");
            }
        };
    }

    private static Rendered renameColumn(TemplateInput in, TargetDatabase db) {
        String table = requireTable(in.table(), "rename-column", null);
        if (in.columns().size() != 1 || in.newName() == null) {
            throw new ConfigurationException("rename-column needs --column OLD and --new-name NEW");
        }
        SchemaChanges schema = new SchemaChanges();
        schema.renameColumn(table, Column.parse(in.columns().get(0)).name(), identifier(in.newName(), "--new-name"));
        return rendered(db, schema, "");
    }

    private static Rendered addCheck(TemplateInput in, TargetDatabase db) {
        String table = requireTable(in.table(), "add-check", null);
        if (in.check() == null || in.check().isBlank()) {
            throw new ConfigurationException("add-check needs --check EXPRESSION, such as \"price >= 0\"");
        }
        String expression = in.check().strip();
        String ck = in.constraint() != null ? identifier(in.constraint(), "--constraint")
                : name(table + "_" + in.description().replaceFirst("^add_", "").replaceFirst("_check$", "") + "_check");
        if (db == TargetDatabase.SQLITE) {
            String when = "NOT (" + qualifyColumns(expression, "NEW.") + ")";
            String message = ck + ": " + table + " violates CHECK (" + expression + ")";
            SchemaRenderer renderer = renderer(db);
            String t = renderer.tableName(table);
            String insert = renderer.identifier(ck + "_insert");
            String update = renderer.identifier(ck + "_update");
            String up = trigger(insert, "BEFORE INSERT ON " + t, when, message) + trigger(update, "BEFORE UPDATE ON " + t, when, message);
            return new Rendered(up, "DROP TRIGGER " + update + ";\nDROP TRIGGER " + insert + ";\n",
                    "SQLite cannot add a CHECK constraint to an existing table in place: these triggers enforce\n"
                            + "CHECK (" + expression + ") on new and changed rows (existing rows are not checked).");
        }
        SchemaChanges schema = new SchemaChanges();
        schema.addCheck(table, ck, expression);
        return rendered(db, schema, "");
    }

    private static Rendered data(TemplateInput in, TargetDatabase db) {
        String table = requireTable(in.table(), "data", null);
        if (in.columns().size() != 1 || in.to() == null) {
            throw new ConfigurationException("data needs --column NAME, --from OLD and --to NEW (values as SQL literals or plain text)");
        }
        String column = identifier(in.columns().get(0).split(":", 2)[0], "--column");
        if (db != null) {
            // Quoted where the database needs it (a keyword such as release or order), as the other templates write names.
            SchemaRenderer renderer = renderer(db);
            table = renderer.tableName(table);
            column = renderer.identifier(column);
        }
        String from = literal(in.from() == null ? "NULL" : in.from(), db, "--from");
        String to = literal(in.to(), db, "--to");
        String where = in.where() == null || in.where().isBlank() ? "" : " AND (" + in.where().strip() + ")";
        return new Rendered(
                "UPDATE " + table + " SET " + column + " = " + to + " WHERE " + equal(column, from) + where + ";\n",
                "UPDATE " + table + " SET " + column + " = " + from + " WHERE " + equal(column, to) + where + ";\n",
                "The down sets back every row that has " + to + " afterwards, including rows that had it before:\n"
                        + "narrow it with --where if that matters.");
    }

    /** The operations' SQL, and the SQL of their reverses in reverse order. */
    private static Rendered rendered(TargetDatabase db, SchemaChanges schema, String remark) {
        SchemaRenderer renderer = renderer(db);
        List<SchemaOperation> operations = schema.operations();
        List<SchemaOperation> reverses = new ArrayList<>();
        for (int i = operations.size() - 1; i >= 0; i--) {
            SchemaOperation op = operations.get(i);
            reverses.add(op.reverse().orElseThrow(() -> new IllegalStateException(op.describe() + " has no reverse")));
        }
        return new Rendered(statements(renderer, operations), statements(renderer, reverses), remark);
    }

    private static SchemaRenderer renderer(TargetDatabase db) {
        return SchemaRenderer.forDatabase(db.dialect().name());
    }

    private static String statements(SchemaRenderer renderer, List<SchemaOperation> operations) {
        return statements(renderer, operations, false);
    }

    /**
     * Each operation rendered without a connection, one statement per entry, each ended by {@code ;}.
     * A renderer writes a {@code --} note where the statements depend on the table at run time;
     * {@code dropNotes} leaves such notes out where the template itself takes care of it.
     */
    private static String statements(SchemaRenderer renderer, List<SchemaOperation> operations, boolean dropNotes) {
        StringBuilder sb = new StringBuilder();
        for (SchemaOperation op : operations) {
            try {
                for (String statement : renderer.render(op, null)) {
                    if (statement.startsWith("--") && dropNotes) {
                        continue;
                    }
                    if (statement.startsWith("--")) {
                        // The change depends on the table as it is when it runs (SQLite's rebuild): no fixed SQL can say it.
                        throw new ConfigurationException("create cannot write " + op.describe() + " for " + renderer.databaseName()
                                + " ahead of time (" + statement.replaceFirst("^--\\s*", "") + "): use --template java-dsl, whose"
                                + " migration works it out when it runs, or write the SQL by hand (--template sql)");
                    }
                    sb.append(statement).append(";\n");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Rendering " + op.describe() + " needed a database: " + e.getMessage(), e);
            }
        }
        return sb.toString();
    }

    /** {@code --default}: a number, TRUE/FALSE, now/CURRENT_TIMESTAMP, a 'quoted' or plain text. */
    private static void defaultValue(ColumnOptions options, String value) {
        String v = value.strip();
        if (NUMBER.matcher(v).matches()) {
            options.defaultValue(new BigDecimal(v));
        } else if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            options.defaultValue(Boolean.parseBoolean(v));
        } else if (v.equalsIgnoreCase("now") || v.equalsIgnoreCase("current_timestamp")) {
            options.defaultNow();
        } else if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            options.defaultValue(v.substring(1, v.length() - 1).replace("''", "'"));
        } else {
            options.defaultValue(v);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String trigger(String name, String event, String when, String message) {
        return "CREATE TRIGGER " + name + " " + event + "\nFOR EACH ROW WHEN " + when + "\nBEGIN\n" + INDENT
                + "SELECT RAISE(ABORT, '" + message.replace("'", "''") + "');\nEND;\n";
    }

    private static String equal(String column, String literal) {
        return literal.equalsIgnoreCase("NULL") ? column + " IS NULL" : column + " = " + literal;
    }

    /**
     * A value as SQL: numbers, NULL, TRUE, FALSE and one well-formed quoted string as given; anything else
     * quoted, with its quotes doubled and, for MySQL/MariaDB (where a backslash escapes in a string), its
     * backslashes too, so no value ends its string early.
     *
     * @throws ConfigurationException for a quoted string with a backslash for MySQL/MariaDB, naming the option
     */
    static String literal(String value, TargetDatabase db, String option) {
        String v = value.strip();
        boolean backslashEscapes = db == TargetDatabase.MYSQL;
        if (LITERAL.matcher(v).matches()) {
            if (backslashEscapes && v.startsWith("'") && v.contains("\\")) {
                throw new ConfigurationException(option + " " + v + " is a quoted SQL string with a backslash, which MySQL and"
                        + " MariaDB read as an escape: give the value as plain text, without the quotes, and create escapes it");
            }
            return v;
        }
        return "'" + (backslashEscapes ? v.replace("\\", "\\\\") : v).replace("'", "''") + "'";
    }

    private static String requireTable(String table, String template, String example) {
        if (table == null) {
            throw new ConfigurationException(template + " needs --on TABLE" + (example == null ? "" : " (or a name like " + example + ")"));
        }
        if (!QUALIFIED.matcher(table).matches()) {
            throw new ConfigurationException("--on '" + table + "' is not a plain table name (letters, digits, _; optionally schema.table)");
        }
        return table;
    }

    static String identifier(String name, String option) {
        if (name == null || !IDENTIFIER.matcher(name.strip()).matches()) {
            throw new ConfigurationException(option + " '" + name + "' is not a plain SQL name (letters, digits, _)");
        }
        return name.strip();
    }

    /** A generated index or constraint name, lower case, cut with a hash suffix when too long. */
    static String name(String raw) {
        String n = raw.toLowerCase(Locale.ROOT).replace('.', '_').replaceAll("[^a-z0-9_]+", "_").replaceAll("_+", "_");
        if (n.length() <= MAX_NAME) {
            return n;
        }
        CRC32 crc = new CRC32();
        crc.update(n.getBytes(StandardCharsets.UTF_8));
        return n.substring(0, MAX_NAME - 9) + "_" + String.format("%08x", crc.getValue());
    }

    /** Names in an SQL expression that are column references, prefixed for a trigger ({@code price >= 0 -> NEW.price >= 0}). */
    static String qualifyColumns(String expression, String prefix) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = expression.length();
        while (i < n) {
            char c = expression.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                while (end < n && (expression.charAt(end) != '\'' || (end + 1 < n && expression.charAt(end + 1) == '\''))) {
                    end += expression.charAt(end) == '\'' ? 2 : 1;
                }
                end = Math.min(end + 1, n);
                out.append(expression, i, end);
                i = end;
            } else if (c == '"') {
                int end = expression.indexOf('"', i + 1);
                end = end < 0 ? n : end + 1;
                out.append(prefix).append(expression, i, end);
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(expression.charAt(end)) || expression.charAt(end) == '.'
                        || expression.charAt(end) == '_')) {
                    end++;
                }
                out.append(expression, i, end);
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(expression.charAt(end)) || expression.charAt(end) == '_')) {
                    end++;
                }
                String word = expression.substring(i, end);
                int next = end;
                while (next < n && Character.isWhitespace(expression.charAt(next))) {
                    next++;
                }
                boolean function = next < n && expression.charAt(next) == '(';
                boolean qualified = (i > 0 && expression.charAt(i - 1) == '.') || (end < n && expression.charAt(end) == '.');
                boolean keyword = KEYWORDS.contains(word.toUpperCase(Locale.ROOT));
                out.append(function || qualified || keyword ? "" : prefix).append(word);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "NULL", "IS", "IN", "LIKE", "GLOB", "REGEXP", "MATCH",
            "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "TRUE", "FALSE", "CAST", "AS", "ESCAPE", "COLLATE", "EXISTS",
            "DISTINCT", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "NOCASE", "BINARY", "RTRIM", "ISNULL", "NOTNULL",
            "INTEGER", "INT", "TEXT", "REAL", "NUMERIC", "BLOB");

    /** A {@code --column NAME[:TYPE]}; without a type, {@code VARCHAR(255)}. */
    record Column(String name, ColumnType type) {

        static Column parse(String spec) {
            String[] parts = spec.split(":", 2);
            String name = identifier(parts[0], "--column");
            ColumnType type = parts.length > 1 && !parts[1].isBlank() ? type(parts[1].strip()) : ColumnType.string(255);
            return new Column(name, type);
        }

        /**
         * The DSL's portable type for a name ({@code string}, {@code varchar(100)}, {@code text},
         * {@code int}, {@code bigint}, {@code boolean}, {@code decimal(10,2)}, {@code date},
         * {@code timestamp}, {@code timestamptz}, {@code uuid}, {@code json}), spelled per database by its
         * renderer; any other plain SQL type is written as given.
         */
        static ColumnType type(String type) {
            if (!type.matches("[A-Za-z][A-Za-z0-9 _]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?")) {
                throw new ConfigurationException("Column type '" + type + "' is not a plain SQL type such as varchar(100), bigint or decimal(10,2)");
            }
            String t = type.toLowerCase(Locale.ROOT);
            Matcher sized = SIZED.matcher(t);
            if (sized.matches()) {
                int first = Integer.parseInt(sized.group(2));
                switch (sized.group(1).strip()) {
                    case "varchar", "string", "character varying" -> {
                        return ColumnType.string(first);
                    }
                    case "decimal", "numeric" -> {
                        return ColumnType.decimal(first, sized.group(3) == null ? 0 : Integer.parseInt(sized.group(3)));
                    }
                    default -> {
                        return ColumnType.sql(type.toUpperCase(Locale.ROOT));
                    }
                }
            }
            return switch (t) {
                case "string", "varchar" -> ColumnType.string(255);
                case "text" -> ColumnType.text();
                case "int", "integer" -> ColumnType.integer();
                case "long", "bigint" -> ColumnType.bigint();
                case "bool", "boolean" -> ColumnType.bool();
                case "decimal", "numeric", "money" -> ColumnType.decimal(19, 4);
                case "date" -> ColumnType.date();
                case "timestamp", "datetime" -> ColumnType.timestamp();
                case "timestamptz" -> ColumnType.timestamptz();
                case "uuid" -> ColumnType.uuid();
                case "json" -> ColumnType.json();
                default -> ColumnType.sql(type.toUpperCase(Locale.ROOT));
            };
        }
    }
}
