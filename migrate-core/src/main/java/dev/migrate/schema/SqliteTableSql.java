package dev.migrate.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code CREATE TABLE} statement of a SQLite table (as {@code sqlite_master.sql} keeps it), cut
 * into its column definitions and table constraints so that a rebuild can change one column or
 * constraint and write everything else back exactly as it was: types, collations, checks, generated
 * columns, {@code WITHOUT ROWID}, comments inside an element.
 *
 * <p>Each column is cut into its name, its type and its constraint clauses ({@code NOT NULL},
 * {@code DEFAULT ...}, {@code REFERENCES ...}, each with an optional {@code CONSTRAINT name}), following
 * SQLite's grammar. Immutable: the {@code with...} methods return a changed copy.
 */
final class SqliteTableSql {

    /** Words that start a column constraint clause. */
    private static final Set<String> CLAUSE_STARTS = Set.of("CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE",
            "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS");

    /** Words that start a table constraint rather than a column. */
    private static final Set<String> TABLE_CONSTRAINT_STARTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK",
            "FOREIGN");

    /** A column definition or a table constraint, in the order of the statement. */
    sealed interface Element permits Column, Constraint {
        String sql();
    }

    /**
     * One column.
     *
     * @param nameSql the name as written (quoted or not), usable in SQL
     * @param name    the name, unquoted
     * @param type    the declared type as written, possibly empty
     * @param clauses the constraint clauses as written
     */
    record Column(String nameSql, String name, String type, List<Clause> clauses) implements Element {

        @Override
        public String sql() {
            StringBuilder sql = new StringBuilder(nameSql);
            if (!type.isEmpty()) {
                sql.append(' ').append(type);
            }
            for (Clause clause : clauses) {
                sql.append(' ').append(clause.sql());
            }
            return sql.toString();
        }

        Column withType(String newType) {
            return new Column(nameSql, name, newType, clauses);
        }

        /**
         * With {@code NOT NULL} or without it. A clause that is there is replaced where it stands; a new one goes right
         * after the type, where the DSL writes it, so that dropping and setting it again gives back the same statement.
         */
        Column withNotNull(boolean notNull) {
            List<Clause> kept = new ArrayList<>(clauses);
            int at = indexOf(kept, "NOT", "NULL");
            if (at >= 0) {
                kept.removeIf(c -> c.kind().equals("NOT") || c.kind().equals("NULL"));
            }
            if (notNull) {
                kept.add(Math.max(at, 0), new Clause("NOT", "NOT NULL"));
            }
            return new Column(nameSql, name, type, List.copyOf(kept));
        }

        /**
         * With {@code DEFAULT sql}, or without a default when {@code sql} is null. A default that is there is replaced
         * where it stands; a new one goes after any {@code NOT NULL}, where the DSL writes it.
         */
        Column withDefault(String defaultSql) {
            List<Clause> kept = new ArrayList<>(clauses);
            int at = indexOf(kept, "DEFAULT");
            if (at >= 0) {
                kept.remove(at);
            } else {
                at = 0;
                for (int i = 0; i < kept.size(); i++) {
                    String kind = kept.get(i).kind();
                    at = kind.equals("NOT") || kind.equals("NULL") ? i + 1 : at;
                }
            }
            if (defaultSql != null) {
                kept.add(at, new Clause("DEFAULT", "DEFAULT " + defaultSql));
            }
            return new Column(nameSql, name, type, List.copyOf(kept));
        }

        private static int indexOf(List<Clause> clauses, String... kinds) {
            for (int i = 0; i < clauses.size(); i++) {
                if (List.of(kinds).contains(clauses.get(i).kind())) {
                    return i;
                }
            }
            return -1;
        }

        boolean generated() {
            return clauses.stream().anyMatch(c -> c.kind().equals("GENERATED") || c.kind().equals("AS"));
        }
    }

    /**
     * A column constraint clause.
     *
     * @param kind its keyword after any {@code CONSTRAINT name}: NOT (for NOT NULL), NULL, DEFAULT, ...
     * @param sql  the clause as written
     */
    record Clause(String kind, String sql) {
    }

    /**
     * A table constraint.
     *
     * @param name its name, unquoted, or null when it has none
     */
    record Constraint(String name, String sql) implements Element {
    }

    private final List<Element> elements;
    private final String options;

    private SqliteTableSql(List<Element> elements, String options) {
        this.elements = List.copyOf(elements);
        this.options = options;
    }

    /**
     * Cuts a {@code CREATE TABLE} statement.
     *
     * @throws IllegalArgumentException when it has no parenthesized body ({@code CREATE TABLE ... AS SELECT})
     */
    static SqliteTableSql parse(String createTable) {
        List<Token> tokens = tokenize(createTable);
        int open = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                open = i;
                break;
            }
        }
        if (open < 0) {
            throw new IllegalArgumentException("Not a CREATE TABLE with a column list: " + createTable);
        }
        int close = matching(tokens, open);
        List<Element> elements = new ArrayList<>();
        int start = open + 1;
        int i = start;
        while (i < close) {
            if (tokens.get(i).is(",")) {
                elements.add(element(createTable, tokens.subList(start, i)));
                start = i + 1;
                i++;
            } else {
                i = skip(tokens, i);
            }
        }
        if (start < close) {
            elements.add(element(createTable, tokens.subList(start, close)));
        }
        return new SqliteTableSql(elements, createTable.substring(tokens.get(close).end()).strip());
    }

    /** The statement that creates this table as {@code quotedName}, one element a line. */
    String createTable(String quotedName) {
        List<String> lines = elements.stream().map(Element::sql).toList();
        return "CREATE TABLE " + quotedName + " (\n    " + String.join(",\n    ", lines) + "\n)"
                + (options.isEmpty() ? "" : " " + options);
    }

    /** Whether the table is {@code STRICT}, whose columns take only SQLite's own type names. */
    boolean strict() {
        return List.of(options.toUpperCase(Locale.ROOT).split("[\\s,]+")).contains("STRICT");
    }

    List<Column> columns() {
        return elements.stream().filter(Column.class::isInstance).map(Column.class::cast).toList();
    }

    /** The column of this name (SQLite names are case-insensitive), or null. */
    Column column(String name) {
        return columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** Whether a table constraint of this name exists. */
    boolean hasConstraint(String name) {
        return elements.stream().anyMatch(e -> e instanceof Constraint c && c.name() != null && c.name().equalsIgnoreCase(name));
    }

    /** With {@code replacement} in place of the column of the same name. */
    SqliteTableSql withColumn(Column replacement) {
        List<Element> changed = new ArrayList<>();
        for (Element element : elements) {
            changed.add(element instanceof Column c && c.name().equalsIgnoreCase(replacement.name()) ? replacement : element);
        }
        return new SqliteTableSql(changed, options);
    }

    /** With a column added after the last column (SQLite wants columns before table constraints). */
    SqliteTableSql withColumnAdded(String definition) {
        List<Element> changed = new ArrayList<>(elements);
        int last = -1;
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i) instanceof Column) {
                last = i;
            }
        }
        changed.add(last + 1, parseColumn(definition));
        return new SqliteTableSql(changed, options);
    }

    /** With a table constraint added at the end. */
    SqliteTableSql withConstraintAdded(String definition) {
        List<Element> changed = new ArrayList<>(elements);
        changed.add(element(definition, tokenize(definition)));
        return new SqliteTableSql(changed, options);
    }

    /** Without the named table constraint; unchanged when there is none. */
    SqliteTableSql withoutConstraint(String name) {
        return new SqliteTableSql(elements.stream()
                .filter(e -> !(e instanceof Constraint c && c.name() != null && c.name().equalsIgnoreCase(name)))
                .toList(), options);
    }

    private static Column parseColumn(String definition) {
        return (Column) element(definition, tokenize(definition));
    }

    // --- parsing ------------------------------------------------------------------------------------------

    private static Element element(String sql, List<Token> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("Empty element in " + sql);
        }
        String raw = sql.substring(tokens.get(0).start(), tokens.get(tokens.size() - 1).end());
        Token first = tokens.get(0);
        if (first.word() && TABLE_CONSTRAINT_STARTS.contains(first.upper())) {
            String name = first.upper().equals("CONSTRAINT") && tokens.size() > 1 ? unquote(tokens.get(1).text()) : null;
            return new Constraint(name, raw);
        }
        int i = 1;
        while (i < tokens.size() && tokens.get(i).word() && !CLAUSE_STARTS.contains(tokens.get(i).upper())) {
            i++;
        }
        if (i > 1 && i < tokens.size() && tokens.get(i).is("(")) {
            i = matching(tokens, i) + 1;
        }
        String type = i > 1 ? sql.substring(tokens.get(1).start(), tokens.get(i - 1).end()) : "";
        List<Clause> clauses = new ArrayList<>();
        while (i < tokens.size()) {
            int start = i;
            if (tokens.get(i).upper().equals("CONSTRAINT")) {
                i = Math.min(i + 2, tokens.size());
            }
            String kind = i < tokens.size() ? tokens.get(i).upper() : "CONSTRAINT";
            int keyword = i;
            i = i < tokens.size() ? skip(tokens, i) : i;
            while (i < tokens.size() && !(tokens.get(i).word() && CLAUSE_STARTS.contains(tokens.get(i).upper())
                    && !continues(tokens, kind, keyword, i))) {
                i = skip(tokens, i);
            }
            clauses.add(new Clause(kind, sql.substring(tokens.get(start).start(), tokens.get(i - 1).end())));
        }
        return new Column(first.text(), unquote(first.text()), type, List.copyOf(clauses));
    }

    /** Whether the clause word at {@code i} belongs to the clause that started at {@code keyword}. */
    private static boolean continues(List<Token> tokens, String kind, int keyword, int i) {
        String word = tokens.get(i).upper();
        String previous = tokens.get(i - 1).upper();
        String next = i + 1 < tokens.size() ? tokens.get(i + 1).upper() : "";
        if (previous.equals("SET") && (word.equals("NULL") || word.equals("DEFAULT"))) {
            return true; // ON DELETE SET NULL / SET DEFAULT
        }
        if (word.equals("NULL") && previous.equals("NOT")) {
            return true;
        }
        if (word.equals("NOT") && next.equals("DEFERRABLE")) {
            return true;
        }
        if (word.equals("AS") && previous.equals("ALWAYS")) {
            return true;
        }
        if (kind.equals("DEFAULT")) {
            // DEFAULT NULL, DEFAULT -1: the value right after the keyword (and its sign) is part of it
            for (int j = keyword + 1; j < i; j++) {
                if (!tokens.get(j).is("+") && !tokens.get(j).is("-")) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static int skip(List<Token> tokens, int i) {
        return tokens.get(i).is("(") ? matching(tokens, i) + 1 : i + 1;
    }

    private static int matching(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                depth++;
            } else if (tokens.get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unbalanced parentheses in CREATE TABLE");
    }

    static String unquote(String identifier) {
        if (identifier.length() >= 2) {
            char first = identifier.charAt(0);
            char last = identifier.charAt(identifier.length() - 1);
            if ((first == '"' || first == '`' || first == '\'') && last == first) {
                String q = String.valueOf(first);
                return identifier.substring(1, identifier.length() - 1).replace(q + q, q);
            }
            if (first == '[' && last == ']') {
                return identifier.substring(1, identifier.length() - 1);
            }
        }
        return identifier;
    }

    // --- lexing ---------------------------------------------------------------------------------------------

    /** A token; {@code word} for names, keywords and numbers, else quoted text or one punctuation character. */
    private record Token(String text, int start, int end, boolean word) {

        boolean is(String punctuation) {
            return !word && text.equals(punctuation);
        }

        String upper() {
            return word ? text.toUpperCase(Locale.ROOT) : "";
        }
    }

    /** SQLite's lexer, enough to find element and clause boundaries: comments are skipped, quotes kept whole. */
    private static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                int end = Math.min(j + 1, n);
                tokens.add(new Token(sql.substring(i, end), i, end, false));
                i = end;
            } else if (c == '[') {
                int j = sql.indexOf(']', i);
                int end = j < 0 ? n : j + 1;
                tokens.add(new Token(sql.substring(i, end), i, end, false));
                i = end;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                        || sql.charAt(j) == '$' || sql.charAt(j) > 127 || sql.charAt(j) == '.' && Character.isDigit(c))) {
                    j++;
                }
                tokens.add(new Token(sql.substring(i, j), i, j, true));
                i = j;
            } else {
                tokens.add(new Token(String.valueOf(c), i, i + 1, false));
                i++;
            }
        }
        return tokens;
    }
}
