package dev.migrate.dialect.mysql;

import dev.migrate.sql.SqlSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits MySQL and MariaDB scripts the way the {@code mysql} client does.
 * {@link MySqlDialect#splitter()} hands it to the runner.
 *
 * <p>On top of ANSI SQL: backtick identifiers, {@code "..."} strings (the default SQL mode) and
 * backslash escapes in both kinds of strings, {@code #} comments, {@code --} comments only when
 * whitespace follows or at the start of a statement, {@code /*!...*}{@code /} executable comments kept in the statement, the client's
 * {@code DELIMITER} command, and stored program bodies ({@code CREATE PROCEDURE ... BEGIN ...; END})
 * kept in one statement even without {@code DELIMITER}. No statement is marked non-transactional: MySQL
 * commits DDL implicitly, so there is no transaction to leave.
 *
 * <p>With {@code NO_BACKSLASH_ESCAPES} in the session's {@code sql_mode}, a backslash is a plain character
 * in strings ({@code 'C:\'} is closed). The mode at the start of a script comes from
 * {@link #forSqlMode(String)}: the runner reads it from the connection. A script's own
 * {@code SET [SESSION] sql_mode = '...'} (also in a {@code /*!40101 ... *}{@code /} comment, as dumps write
 * it) changes it for the statements after it, as the {@code mysql} client follows the server; a mode set
 * from a user variable that saved {@code @@sql_mode} earlier in the script ({@code @OLD_SQL_MODE},
 * {@code @saved_sql_mode}) is the mode it saved; one set from anything else but a string ({@code DEFAULT}) is
 * taken to put back the script's starting mode, unless it names {@code NO_BACKSLASH_ESCAPES} ({@code CONCAT(@@sql_mode, ...)}): a backslash
 * in a string after it is then refused, as Migrate cannot tell what it means.
 *
 * <pre>{@code
 * new MySqlSplitter().split("""
 *     DELIMITER //
 *     CREATE PROCEDURE p() BEGIN SELECT 1; END//
 *     DELIMITER ;
 *     CALL p();
 *     """)   // two statements: the CREATE PROCEDURE on line 2 and the CALL on line 4
 * }</pre>
 */
public class MySqlSplitter extends SqlSplitter {

    private final boolean backslashEscapes;

    /** A splitter for the server's default mode, in which a backslash escapes the next character in strings. */
    public MySqlSplitter() {
        this(true);
    }

    private MySqlSplitter(boolean backslashEscapes) {
        this.backslashEscapes = backslashEscapes;
    }

    /**
     * A splitter for scripts that start in {@code sqlMode}, the session's {@code @@sql_mode}: whether it holds
     * {@code NO_BACKSLASH_ESCAPES} decides how strings are read.
     *
     * <pre>{@code
     * MySqlSplitter.forSqlMode("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES").split("INSERT INTO t VALUES ('C:\\'); SELECT 1")
     *     // two statements
     * }</pre>
     */
    public static MySqlSplitter forSqlMode(String sqlMode) {
        return new MySqlSplitter(!hasNoBackslashEscapes(sqlMode));
    }

    @Override
    protected boolean backslashEscapesInStrings() {
        return backslashEscapes;
    }

    /**
     * A session {@code SET} of {@code sql_mode}: a string value sets it; a user variable that saved it earlier in the
     * script ({@code SET @saved_sql_mode = @@sql_mode}, which a dump writes before each routine and puts back after
     * it) puts back what it saved; another value puts back {@code atStart}, or, when it names
     * {@code NO_BACKSLASH_ESCAPES}, makes it unknown (null).
     */
    @Override
    protected Boolean backslashEscapesAfter(String sql, Boolean escapes, boolean atStart, java.util.Map<String, Boolean> saved) {
        String assignments = setStatement(sql);
        if (assignments == null) {
            return escapes;
        }
        Boolean result = escapes;
        // How the SET's own strings read; a mode has no backslash, so where it is unknown either reading does.
        boolean quoting = !Boolean.FALSE.equals(escapes);
        // SET GLOBAL a = 1, b = 2 sets both globally: a scope word holds until the next one
        boolean global = false;
        for (String assignment : topLevelParts(assignments, quoting)) {
            int operator = assignmentOperator(assignment, quoting);
            if (operator < 0) {
                // SET NAMES, SET CHARACTER SET, SET TRANSACTION...
                continue;
            }
            String target = assignment.substring(0, operator).strip().replaceAll("\\s+", " ").replace("`", "")
                    .toLowerCase(Locale.ROOT);
            int space = target.indexOf(' ');
            if (space > 0) {
                String scope = target.substring(0, space);
                global = scope.equals("global") || scope.startsWith("persist");
                target = target.substring(space + 1);
            }
            boolean setsGlobal = global;
            if (target.startsWith("@@")) {
                int dot = target.indexOf('.');
                String scope = dot > 0 ? target.substring(2, dot) : "session";
                setsGlobal = scope.equals("global") || scope.startsWith("persist");
                target = target.substring(dot > 0 ? dot + 1 : 2);
            }
            String value = assignment.substring(operator + (assignment.charAt(operator) == ':' ? 2 : 1)).strip();
            String variable = userVariable(value);
            if (target.startsWith("@") && !target.startsWith("@@")) {
                // SET @saved_sql_mode = @@sql_mode saves the mode as it is here; any other value forgets it
                if (value.replace("`", "").toLowerCase(Locale.ROOT).matches("@@(session\\.)?sql_mode")) {
                    saved.put(target.substring(1), result);
                } else {
                    saved.remove(target.substring(1));
                }
                continue;
            }
            if (!target.equals("sql_mode") || setsGlobal) {
                continue;
            }
            String mode = stringValue(value, quoting);
            if (mode != null) {
                result = !hasNoBackslashEscapes(mode);
            } else if (variable != null && saved.containsKey(variable)) {
                result = saved.get(variable);
            } else {
                result = value.toUpperCase(Locale.ROOT).contains("NO_BACKSLASH_ESCAPES") ? null : atStart;
            }
        }
        return result;
    }

    /** The name of the user variable {@code value} is ({@code @saved_sql_mode}, lower case), or null for another value. */
    private static String userVariable(String value) {
        String name = value.replace("`", "").toLowerCase(Locale.ROOT);
        return name.matches("@[a-z0-9_$.]+") ? name.substring(1) : null;
    }

    /**
     * What follows {@code SET} in a statement that may set sql_mode, written bare or as a whole executable
     * comment ({@code /*!40101 SET ... *}{@code /}); null for any other statement.
     */
    private static String setStatement(String sql) {
        String text = sql;
        if (text.startsWith("/*!") || text.startsWith("/*M!")) {
            if (!text.endsWith("*/")) {
                return null;
            }
            int j = text.indexOf('!') + 1;
            while (j < text.length() - 2 && Character.isDigit(text.charAt(j))) {
                j++;
            }
            text = text.substring(j, text.length() - 2).strip();
        }
        if (text.length() < 4 || !text.regionMatches(true, 0, "SET", 0, 3) || !Character.isWhitespace(text.charAt(3))
                || !text.toLowerCase(Locale.ROOT).contains("sql_mode")) {
            return null;
        }
        String rest = text.substring(4).strip();
        // MariaDB's SET STATEMENT ... FOR sets it for that one statement only
        return rest.regionMatches(true, 0, "STATEMENT", 0, "STATEMENT".length()) ? null : rest;
    }

    /** {@code text} cut at each comma outside quotes and parentheses. */
    private static List<String> topLevelParts(String text, boolean escapes) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = quoteEnd(text, i, escapes) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(text.substring(from));
        return parts;
    }

    /** Offset of the {@code =} or {@code :=} of an assignment, outside quotes; -1 without one. */
    private static int assignmentOperator(String assignment, boolean escapes) {
        for (int i = 0; i < assignment.length(); i++) {
            char c = assignment.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = quoteEnd(assignment, i, escapes) - 1;
            } else if (c == '=') {
                return i > 0 && assignment.charAt(i - 1) == ':' ? i - 1 : i;
            }
        }
        return -1;
    }

    /**
     * The text of {@code value} when it is a string literal, or several side by side (which MySQL joins), and
     * nothing else; null for any other expression. Quotes are left in: a mode has none.
     */
    private static String stringValue(String value, boolean escapes) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int close = quoteEnd(value, i, escapes);
                if (value.charAt(close - 1) != c || close - i < 2) {
                    return null;
                }
                text.append(value, i + 1, close - 1);
                i = close;
            } else {
                return null;
            }
        }
        return text.length() == 0 && value.isEmpty() ? null : text.toString();
    }

    /** Offset just past the quote opened at {@code open}, or the length of {@code text} when it is not closed. */
    private static int quoteEnd(String text, int open, boolean escapes) {
        char quote = text.charAt(open);
        int j = open + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == quote) {
                if (j + 1 < text.length() && text.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j += c == '\\' && escapes && quote != '`' ? 2 : 1;
        }
        return text.length();
    }

    @Override
    protected String unknownBackslashAdvice() {
        return " (an expression, such as SET sql_mode = CONCAT(...)): set it with a string literal, as in"
                + " SET sql_mode = 'NO_BACKSLASH_ESCAPES', or leave out the backslash";
    }

    private static boolean hasNoBackslashEscapes(String sqlMode) {
        for (String mode : sqlMode.split(",")) {
            if (mode.strip().equalsIgnoreCase("NO_BACKSLASH_ESCAPES")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected boolean doubleQuotedStrings() {
        return true;
    }

    @Override
    protected boolean backtickIdentifiers() {
        return true;
    }

    @Override
    protected boolean hashLineComments() {
        return true;
    }

    @Override
    protected boolean dashCommentNeedsWhitespace() {
        return true;
    }

    @Override
    protected boolean executableComments() {
        return true;
    }

    @Override
    protected boolean supportsDelimiterCommand() {
        return true;
    }

    /** Stored programs, and MariaDB's anonymous {@code BEGIN NOT ATOMIC ... END} block. */
    @Override
    protected boolean hasCompoundBody(LeadingWords words) {
        return isStoredProgram(words);
    }
}
