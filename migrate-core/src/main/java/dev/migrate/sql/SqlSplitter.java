package dev.migrate.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Cuts a migration script into the statements that JDBC runs one at a time. The SQL migration runner
 * calls {@link #split(String)} once per script, through {@code Dialect.splitter()}, before it runs or
 * plans the script, and reads {@link SqlStatement#transactional()} to know which statements must run
 * outside a transaction.
 *
 * <p>This class reads ANSI SQL: {@code '...'} strings with {@code ''} escapes, {@code "..."} quoted
 * identifiers with {@code ""} escapes, {@code --} line comments, {@code /* *}{@code /} block comments
 * and {@code ;} between statements. A database's subclass overrides the protected hooks where its
 * lexer differs (dollar quotes, backslash escapes, {@code #} comments, {@code DELIMITER}, compound
 * {@code BEGIN ... END} bodies, statements that refuse a transaction); the lexer itself stays here.
 *
 * <pre>{@code
 * List<SqlStatement> statements = new PostgresSplitter().split(Files.readString(path));
 * }</pre>
 *
 * <p>One pass over the script, no regular expressions, no copy of the script: the runner splits
 * thousands of scripts, some of them megabytes, at startup. Instances hold no state between calls
 * and may be shared between threads.
 */
public class SqlSplitter {

    private static final char BOM = '\uFEFF';

    private static final String DEFAULT_DELIMITER = ";";

    /** Enough words to see past {@code CREATE OR REPLACE DEFINER = ... AGGREGATE FUNCTION}. */
    private static final int LEADING_WORDS = 12;

    /**
     * The words that name what a {@code CREATE} makes; {@link LeadingWords#creates} stops at the first
     * one so that {@code CREATE TABLE event (...)} is not taken for an event.
     */
    private static final String[] OBJECT_TYPES = {
        "TABLE", "VIEW", "INDEX", "SEQUENCE", "SCHEMA", "DATABASE", "PROCEDURE", "FUNCTION", "TRIGGER",
        "EVENT", "TYPE", "DOMAIN", "EXTENSION", "USER", "ROLE", "ALIAS", "SERVER", "TABLESPACE", "RULE",
        "POLICY", "SYNONYM", "PACKAGE", "OPERATOR", "CAST", "COLLATION", "CONSTANT", "PUBLICATION",
        "SUBSCRIPTION", "STATISTICS", "CONVERSION", "TRANSFORM",
    };

    /**
     * The words that start an SQLite statement, for a block comment never closed: one of them where a statement
     * may start in the comment's text, with a {@code ;} after it, is SQL the comment hides
     * ({@link #unclosedCommentRunsToEnd()}).
     */
    private static final String[] STATEMENT_WORDS = {
        "ALTER", "ANALYZE", "ATTACH", "BEGIN", "COMMIT", "CREATE", "DELETE", "DETACH", "DROP", "END", "EXPLAIN", "INSERT",
        "PRAGMA", "REINDEX", "RELEASE", "REPLACE", "ROLLBACK", "SAVEPOINT", "SELECT", "UPDATE", "VACUUM", "VALUES", "WITH",
    };

    /** Words that follow {@code END} to close a loop or an {@code IF}, not a {@code BEGIN} or {@code CASE}. */
    private static final String[] END_SUFFIXES = {"IF", "LOOP", "WHILE", "REPEAT", "FOR"};

    /**
     * Words after {@code END FOR} that make it the end of a {@code CASE} followed by a locking clause
     * ({@code ... END FOR UPDATE}, {@code FOR SHARE}, {@code FOR NO KEY UPDATE}, {@code FOR KEY SHARE}), not
     * the end of a {@code FOR} loop.
     */
    private static final String[] LOCKING_CLAUSES = {"UPDATE", "SHARE", "NO", "KEY"};

    /** Operators and the comma: after one, {@code begin} or {@code end} is a name or a value ({@code , begin}, {@code = end}). */
    private static final String OPERATORS = ",=<>+-*/%|&^~!";

    /**
     * Words after which {@code begin} or {@code end} is a name: a block never starts right after them. Not
     * {@code AS} nor {@code IS}, which come before the body in MariaDB's Oracle mode ({@code CREATE PROCEDURE p AS BEGIN}).
     */
    private static final String[] BEFORE_NAMES = {
        "SELECT", "DISTINCT", "FROM", "JOIN", "WHERE", "AND", "OR", "XOR", "NOT", "BY", "SET", "INTO", "ON", "HAVING",
        "LIKE", "IN", "BETWEEN", "WHEN", "IF", "ELSEIF", "WHILE", "UNTIL", "CASE", "RETURN", "DECLARE", "CALL", "UPDATE",
        "TABLE", "VIEW", "INDEX", "PROCEDURE", "FUNCTION", "TRIGGER", "EVENT",
    };

    /** Words that follow a value and never start a statement: {@code begin} before one is a name ({@code begin FROM}). */
    private static final String[] AFTER_VALUES = {
        "FROM", "AS", "AND", "OR", "XOR", "IS", "LIKE", "IN", "BETWEEN", "ELSE", "THEN", "WHERE", "GROUP", "ORDER", "LIMIT",
        "HAVING", "UNION", "JOIN", "ON", "USING", "ASC", "DESC", "INTO", "REGEXP", "RLIKE", "DIV", "MOD", "COLLATE",
    };

    /**
     * Splits {@code script} into its statements, in order. Each statement runs from its first token to
     * its last one: comments inside it are kept, comments and whitespace around it are not. Empty
     * statements ({@code ;;}) and a leading byte order mark are dropped; the last statement needs no
     * delimiter. Lines are counted for {@code \n}, {@code \r\n} and {@code \r} endings alike.
     *
     * @return the statements; empty for an empty or comment-only script
     * @throws SqlSyntaxException when a string, quoted identifier, block comment or dollar-quoted string
     *                            is never closed (a block comment may run to the end where
     *                            {@link #unclosedCommentRunsToEnd()}), or the script ends inside the
     *                            {@code BEGIN} or {@code CASE} block of a statement that kept a {@code ;}
     *                            for it ({@link #hasCompoundBody}), naming the line where it was opened;
     *                            or a string holds a backslash after a statement that made its meaning
     *                            unknown ({@link #backslashEscapesAfter})
     */
    public List<SqlStatement> split(String script) {
        return splitWithWarnings(script).statements();
    }

    /**
     * {@link #split(String)}, with what the database reads without an error but the author should know about:
     * on SQLite ({@link #unclosedCommentRunsToEnd()}), a block comment never closed, which hides the rest of the
     * script. The runner calls this one, and shows the warnings in {@code validate}, the plan and the log.
     *
     * <pre>{@code
     * new SqliteSplitter().splitWithWarnings("SELECT 1;\n/* to do: more").warnings()
     *     // [SqlWarning[line=2, message=a block comment opened here is never closed: ...]]
     * }</pre>
     *
     * @throws SqlSyntaxException as {@link #split(String)}, and when a block comment never closed (on SQLite)
     *                            hides what reads as SQL statements, naming the line where it opens
     */
    public Split splitWithWarnings(String script) {
        Objects.requireNonNull(script, "script");
        Scan scan = new Scan(script, null);
        List<SqlStatement> statements = scan.run();
        return new Split(statements, scan.warnings);
    }

    /**
     * What {@link #splitWithWarnings(String)} read of a script.
     *
     * @param statements the statements, as {@link #split(String)} returns them
     * @param warnings   what the database reads silently that the author should know about, in script order
     */
    public record Split(List<SqlStatement> statements, List<SqlWarning> warnings) {

        public Split {
            // The splitter's own list is unmodifiable and holds offsets, not copies of the script's text.
            statements = statements instanceof ScriptStatements ? statements : List.copyOf(statements);
            warnings = List.copyOf(warnings);
        }

        /**
         * The statements of a script that starts {@code lines} lines further down its file (a section after
         * directives), as {@link SqlStatement#movedDown(int)} gives each.
         */
        public List<SqlStatement> statementsMovedDown(int lines) {
            if (statements instanceof ScriptStatements own) {
                return own.movedDown(lines);
            }
            return statements.stream().map(s -> s.movedDown(lines)).toList();
        }
    }

    /**
     * Which of {@code offsets} lie inside a string literal, quoted identifier, block comment or
     * dollar-quoted string of {@code script}, or start a line comment inside the body of a stored program
     * (a {@code BEGIN} block of a statement that keeps its {@code ;} for it). The migration scanner calls
     * it, with every database's splitter, for the lines of a file that look like {@code -- migrate:}
     * directives, before it knows the database: quotes and comments are read by this splitter's rules,
     * as {@link #split(String)} reads them, but what only some databases have is read as they read it,
     * whatever this one does: dollar quotes (while the delimiter is {@code ;}), MySQL's
     * {@code DELIMITER}, and the bodies of {@code CREATE PROCEDURE}, {@code FUNCTION}, {@code TRIGGER},
     * {@code EVENT} and {@code BEGIN NOT ATOMIC}. From the first thing that {@code split} refuses on (a
     * quote never closed...), the offsets are read as outside: that error, reported when the script is
     * split, is the one to fix.
     *
     * @param offsets offsets into {@code script}, in increasing order
     * @return for each offset, whether it is enclosed in one of these
     */
    public boolean[] enclosed(String script, int[] offsets) {
        Objects.requireNonNull(script, "script");
        Scan scan = new Scan(script, offsets);
        try {
            scan.run();
        } catch (SqlSyntaxException e) {
            // what follows cannot be read; leave it outside
        }
        return scan.hidden;
    }

    /** Whether {@code $$...$$} and {@code $tag$...$tag$} are strings (PostgreSQL, H2). */
    protected boolean supportsDollarQuotes() {
        return false;
    }

    /** Whether {@code E'...'} is a string in which a backslash escapes the next character (PostgreSQL). */
    protected boolean supportsEscapeStrings() {
        return false;
    }

    /**
     * Whether a backslash escapes the next character in every string literal at the start of the script (MySQL
     * outside {@code NO_BACKSLASH_ESCAPES}); {@link #backslashEscapesAfter} may change it for later statements.
     */
    protected boolean backslashEscapesInStrings() {
        return false;
    }

    /**
     * Whether, at the start of a script, a backslash escapes the next character in a plain {@code '...'} string as
     * this splitter reads it: MySQL's default mode (not with {@code NO_BACKSLASH_ESCAPES}), PostgreSQL with
     * {@code standard_conforming_strings} off. Code that writes SQL for the same session writes its string literals
     * so: the schema DSL's renderers ({@code SchemaRenderer.forDatabase(name, splitter)}).
     */
    public final boolean backslashEscapes() {
        return backslashEscapesInStrings();
    }

    /**
     * Called by {@link #split(String)} after each statement: whether a backslash escapes the next character in
     * the strings of the statements after it. A database where a session setting decides it, which a script may
     * change, reads the statement for it (MySQL's {@code SET sql_mode}). Unchanged by default.
     *
     * @param sql     the statement, as it will be returned
     * @param escapes whether a backslash escaped in the statement's strings; null when it was not known
     * @param atStart whether it did at the start of the script ({@link #backslashEscapesInStrings()})
     * @return whether it escapes after the statement; null when that cannot be read from the script (the statement
     *         sets it from an expression), so that a backslash in a string after it is refused
     */
    protected Boolean backslashEscapesAfter(String sql, Boolean escapes, boolean atStart) {
        return escapes;
    }

    /**
     * {@link #backslashEscapesAfter(String, Boolean, boolean)} with what earlier statements of the same script saved:
     * {@code saved} starts empty for each script and is kept for its statements, so that a statement that saves the
     * setting in a variable ({@code SET @saved_sql_mode = @@sql_mode}, as dumps write) and one that sets it back
     * from there can be read together. Calls the three-argument form by default.
     *
     * @param saved whether a backslash escaped when the setting was saved, by the name it was saved under (a null
     *              value: not known)
     */
    protected Boolean backslashEscapesAfter(String sql, Boolean escapes, boolean atStart, java.util.Map<String, Boolean> saved) {
        return backslashEscapesAfter(sql, escapes, atStart);
    }

    /**
     * What the error for a backslash after a statement that made its meaning unknown ({@link #backslashEscapesAfter}
     * returned null) says after "a value Migrate cannot read from the script": which statements do that, and how to
     * write the script instead.
     */
    protected String unknownBackslashAdvice() {
        return ": set it with a plain value, or leave out the backslash";
    }

    /** Whether {@code "..."} is a string literal rather than a quoted identifier (MySQL's default mode). */
    protected boolean doubleQuotedStrings() {
        return false;
    }

    /** Whether {@code `...`} is a quoted identifier (MySQL, SQLite, H2). */
    protected boolean backtickIdentifiers() {
        return false;
    }

    /** Whether {@code [...]} is a quoted identifier rather than an array subscript (SQLite). */
    protected boolean bracketIdentifiers() {
        return false;
    }

    /** Whether {@code #} starts a line comment (MySQL). */
    protected boolean hashLineComments() {
        return false;
    }

    /** Whether {@code //} starts a line comment (H2). */
    protected boolean doubleSlashLineComments() {
        return false;
    }

    /**
     * Whether {@code --} inside a statement starts a comment only when whitespace or a control character
     * follows (MySQL, where {@code 1--1} is a subtraction). At the start of a statement, with only
     * whitespace and comments before it, {@code --} always starts one, as the {@code mysql} client reads
     * {@code ------} rulers and {@code --Users table} lines.
     */
    protected boolean dashCommentNeedsWhitespace() {
        return false;
    }

    /** Whether a {@code /*} inside a block comment opens a nested one that needs its own close (PostgreSQL, H2). */
    protected boolean nestedBlockComments() {
        return false;
    }

    /**
     * Whether a block comment that is never closed runs to the end of the script instead of being refused
     * (SQLite, whose tokenizer reads it so: the {@code sqlite3} shell and the JDBC driver run what comes before
     * it, and nothing after it). A {@code /*} that is the script's last two characters is still refused: SQLite
     * reads it as the operators {@code /} and {@code *}, a syntax error. So is a comment that hides what reads
     * as SQL: a word that starts a statement ({@code CREATE}, {@code INSERT}, {@code DROP}...), right after the
     * {@code /*}, at the start of a line or after a {@code ;}, with a {@code ;} after it, as a forgotten
     * {@code *}{@code /} leaves it; the SQL would not run, without an error. Any other such comment (text only)
     * is a {@link SqlWarning} of {@link #splitWithWarnings(String)}.
     */
    protected boolean unclosedCommentRunsToEnd() {
        return false;
    }

    /**
     * Whether {@code /*!...*}{@code /} and {@code /*M!...*}{@code /} are SQL that the server runs (MySQL,
     * MariaDB): such a comment is part of the statement, and may be a whole statement, as in dumps.
     */
    protected boolean executableComments() {
        return false;
    }

    /**
     * Whether the client command {@code DELIMITER xx}, at the start of a statement, sets what ends the
     * following statements (MySQL). The command itself is not a statement; {@code DELIMITER ;} restores
     * the default. A quoted delimiter ({@code DELIMITER '//'}, {@code "//"} or {@code `//`}) is what is
     * between the quotes, as the client reads it.
     */
    protected boolean supportsDelimiterCommand() {
        return false;
    }

    /**
     * Whether a {@code ;} inside parentheses belongs to the statement, as psql reads it: PostgreSQL's
     * {@code CREATE RULE ... DO ALSO (INSERT ...; INSERT ...)} holds several commands in parentheses.
     */
    protected boolean parenthesesHoldDelimiter() {
        return false;
    }

    /**
     * Called by {@link #split(String)} when a {@code ;} arrives while a {@code BEGIN} or {@code CASE} of the
     * statement is still open, and at most once per statement. True keeps the {@code ;} inside the
     * statement, which then runs to the {@code END} that closes its outermost block: stored program
     * bodies ({@code CREATE PROCEDURE ... BEGIN ...; ...; END}); a script that ends first is refused,
     * naming the line of that block. False ends the statement there, as for a transaction's
     * {@code BEGIN;}.
     *
     * <p>The splitter counts depth the same way for every database: {@code BEGIN} and {@code CASE} open
     * a block; {@code END} closes one, and {@code END CASE} closes only the {@code CASE}; {@code END IF},
     * {@code END LOOP}, {@code END WHILE}, {@code END REPEAT} and {@code END FOR} close none, but
     * {@code END FOR UPDATE} (or {@code SHARE}) is a {@code CASE}'s end and a locking clause. Inside
     * parentheses, and next to a {@code .}, these words are names and count for nothing, as psql reads
     * them: a parameter or column named {@code begin} ({@code f(begin timestamptz)}, {@code NEW.begin}).
     * So are {@code begin} and {@code end} after an operator, a comma, or a word after which no block
     * starts ({@code SELECT begin}, {@code , end}, {@code = begin}, {@code ORDER BY begin},
     * {@code DECLARE begin}), and {@code begin} before an operator, a comma, {@code )}, {@code ;} or a word
     * that only follows a value ({@code begin FROM}, {@code begin AS}, {@code begin > 0}).
     *
     * @param words the statement's first words; no compound bodies by default
     */
    protected boolean hasCompoundBody(LeadingWords words) {
        return false;
    }

    /**
     * Whether the statement makes a stored program that may have a {@code BEGIN ... END} body: a
     * {@code CREATE PROCEDURE}, {@code FUNCTION}, {@code TRIGGER} or {@code EVENT}, or MariaDB's anonymous
     * {@code BEGIN NOT ATOMIC} block. Every database's bodies are among these.
     */
    protected static boolean isStoredProgram(LeadingWords words) {
        return words.creates("PROCEDURE", "FUNCTION", "TRIGGER", "EVENT")
                || (words.is(0, "BEGIN") && words.is(1, "NOT") && words.is(2, "ATOMIC"));
    }

    /**
     * Called by {@link #split(String)} once per statement. True marks it
     * {@link SqlStatement#transactional() non-transactional}: the database refuses to run it inside a
     * transaction block, so the runner must run it in auto-commit mode.
     *
     * @param words the statement's first words; every statement is transactional by default
     */
    protected boolean isNonTransactional(LeadingWords words) {
        return false;
    }

    /**
     * As {@link #isNonTransactional(LeadingWords)}, for a splitter that must read more than the statement's
     * words (a value, which is not a word): SQLite's {@code PRAGMA foreign_keys = OFF}.
     *
     * @param words the statement's first words
     * @param sql   the statement as it will be returned
     */
    protected boolean isNonTransactional(LeadingWords words, String sql) {
        return isNonTransactional(words);
    }

    /**
     * Called by {@link #split(String)} for each statement ended by a delimiter. True makes the lines that
     * follow it, up to a line holding only {@code \.}, its {@link SqlStatement#data() inline data}
     * instead of statements: PostgreSQL's {@code COPY ... FROM STDIN}, whose rows psql sends from the
     * script. None by default.
     *
     * @param sql the statement as it will be returned
     */
    protected boolean hasInlineData(String sql) {
        return false;
    }

    /**
     * Called by {@link #split(String)} for a line that starts with {@code \\} between statements. True
     * skips the line, as a comment: a client command that only matters to the database's own
     * command-line client and that Migrate can leave out without changing what the script does. None
     * by default.
     *
     * @param line the line, without its line break
     */
    protected boolean ignoresClientCommand(String line) {
        return false;
    }

    /**
     * The first words of the statement being split (unquoted identifiers and keywords, outside comments
     * and strings), that the hooks read to classify it. A view over the script, reused for every
     * statement so that classifying allocates nothing; valid only during the hook's call.
     */
    protected static final class LeadingWords {

        private final String script;
        private final int[] bounds = new int[2 * LEADING_WORDS];
        private int size;

        private LeadingWords(String script) {
            this.script = script;
        }

        private void add(int from, int to) {
            if (size < LEADING_WORDS) {
                bounds[2 * size] = from;
                bounds[2 * size + 1] = to;
                size++;
            }
        }

        private void clear() {
            size = 0;
        }

        /** How many words were kept: all of the statement's, up to twelve. */
        public int size() {
            return size;
        }

        /** Whether word {@code index} is {@code keyword}, ignoring case; false past the last word. */
        public boolean is(int index, String keyword) {
            if (index < 0 || index >= size) {
                return false;
            }
            int from = bounds[2 * index];
            int length = bounds[2 * index + 1] - from;
            return length == keyword.length() && script.regionMatches(true, from, keyword, 0, length);
        }

        /** Whether any word is {@code keyword}, ignoring case. */
        public boolean contains(String keyword) {
            for (int i = 0; i < size; i++) {
                if (is(i, keyword)) {
                    return true;
                }
            }
            return false;
        }

        /** Word {@code index}, upper-cased. */
        public String get(int index) {
            Objects.checkIndex(index, size);
            return script.substring(bounds[2 * index], bounds[2 * index + 1]).toUpperCase(Locale.ROOT);
        }

        /**
         * Whether the statement is a {@code CREATE} of one of {@code objectTypes}: the first object type
         * keyword after {@code CREATE} ({@code TABLE}, {@code FUNCTION}, {@code TRIGGER}...) is one of them,
         * whatever comes between ({@code OR REPLACE}, {@code DEFINER = ...}, {@code TEMP}).
         */
        public boolean creates(String... objectTypes) {
            if (!is(0, "CREATE")) {
                return false;
            }
            for (int i = 1; i < size; i++) {
                if (isAny(i, OBJECT_TYPES)) {
                    return isAny(i, objectTypes);
                }
            }
            return false;
        }

        private boolean isAny(int index, String[] keywords) {
            for (String keyword : keywords) {
                if (is(index, keyword)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < size; i++) {
                text.append(i == 0 ? "" : " ").append(get(i));
            }
            return text.toString();
        }
    }

    /** The state of one {@link #split(String)} call, so that the splitter itself stays stateless. */
    private final class Scan {

        private final String script;
        private final int length;
        private final ScriptStatements statements;
        private final LeadingWords words;

        // The dialect's rules, asked once per script rather than once per character.
        private final boolean dollarQuotes;
        private final boolean escapeStrings = supportsEscapeStrings();
        /** Whether a backslash escapes in strings at the start of the script, before any statement changed it. */
        private final boolean backslashEscapesAtStart = backslashEscapesInStrings();
        /** Whether it does now: a statement may change it for those after it ({@link #backslashEscapesAfter}). */
        private boolean backslashEscapes = backslashEscapesAtStart;
        /** Whether a statement made it unknown whether a backslash escapes: a backslash in a string is refused. */
        private boolean backslashesUnknown;
        /** What statements of this script saved of it, by variable ({@link #backslashEscapesAfter(String, Boolean, boolean, java.util.Map)}). */
        private final java.util.Map<String, Boolean> savedEscapes = new java.util.HashMap<>();
        private final boolean doubleQuotedStrings = doubleQuotedStrings();
        private final boolean backticks = backtickIdentifiers();
        private final boolean brackets = bracketIdentifiers();
        private final boolean hashComments = hashLineComments();
        private final boolean slashComments = doubleSlashLineComments();
        private final boolean dashNeedsWhitespace = dashCommentNeedsWhitespace();
        private final boolean nestedComments = nestedBlockComments();
        private final boolean executable = executableComments();
        private final boolean delimiterCommand;
        private final boolean parenthesesHold = parenthesesHoldDelimiter();
        private final boolean commentRunsToEnd = unclosedCommentRunsToEnd();
        /** Offset of the block comment never closed that runs to the end of the script, or -1. */
        private int unclosedComment = -1;
        final List<SqlWarning> warnings = new ArrayList<>(0);

        private String delimiter = DEFAULT_DELIMITER;
        private char delimiterHead = ';';
        /** Set by DELIMITER: the user said where statements end, so block depth no longer decides. */
        private boolean customDelimiter;
        /** A delimiter such as GO must stand alone, or SELECT GOAL would end at GO. */
        private boolean delimiterIsWord;
        /** A delimiter such as $$ ends the word it touches, as in END$$. */
        private boolean delimiterEndsWords;

        /** Offset of the current statement's first token, or -1 between statements. */
        private int start = -1;
        private int startLine;
        /** Offset just past the current statement's last token, so trailing comments are left out. */
        private int end;
        /** Offset of the current statement's last token. */
        private int lastToken;
        /** Open BEGIN and CASE blocks in the current statement. */
        private int depth;
        /** Offset of the word that opened the outermost open block, when depth is positive. */
        private int blockStart;
        /** Open parentheses in the current statement. */
        private int parentheses;
        /** Whether the previous token was END, so that END IF and END CASE can be told apart. */
        private boolean afterEnd;
        /** hasCompoundBody's answer for the current statement: 0 not asked yet, 1 yes, -1 no. */
        private int compound;

        // Lines are counted lazily, up to the offsets that need one, so that most characters are read once.
        private int countedTo;
        private int line = 1;

        /** Set by enclosed(): the offsets to find inside quotes, comments and bodies, and what was found. */
        private final boolean looking;
        private final int[] offsets;
        private final boolean[] hidden;
        /** The first of {@code offsets} that no construct has reached yet. */
        private int nextOffset;

        Scan(String script, int[] offsets) {
            this.script = script;
            this.length = script.length();
            this.statements = new ScriptStatements(script);
            this.words = new LeadingWords(script);
            this.looking = offsets != null;
            this.offsets = offsets;
            this.hidden = offsets == null ? null : new boolean[offsets.length];
            // Read for every database before it is known: what only some have is read as they read it.
            this.dollarQuotes = supportsDollarQuotes() || looking;
            this.delimiterCommand = supportsDelimiterCommand() || looking;
        }

        List<SqlStatement> run() {
            int i = length > 0 && script.charAt(0) == BOM ? 1 : 0;
            countedTo = i;
            while (i < length) {
                if (looking && (offsets.length == 0 || i > offsets[offsets.length - 1])) {
                    // Between tokens past the last offset: every offset is decided, the rest is not needed.
                    return List.of();
                }
                char c = script.charAt(i);
                if (isSpace(c)) {
                    i++;
                } else if (c == '\\' && start < 0 && (i == 0 || script.charAt(i - 1) == '\n' || script.charAt(i - 1) == '\r')
                        && ignoresClientCommand(script.substring(i, lineEnd(i)))) {
                    i = lineEnd(i);
                } else if (isDelimiterHead(c) && atDelimiter(i) && endsStatement()) {
                    SqlStatement finished = finishStatement();
                    i += delimiter.length();
                    if (finished != null && hasInlineData(finished.sql())) {
                        i = inlineData(i, finished);
                    }
                } else {
                    i = lex(i, c);
                }
            }
            if (unclosedComment >= 0 && !looking) {
                checkUnclosedComment();
            }
            if (start >= 0 && depth > 0 && compound > 0) {
                // The statement kept its ; for a body that never ends: the rest of the script would run as
                // one statement, of which some drivers (SQLite's) run the first part only, silently.
                String word = script.substring(blockStart, wordEnd(blockStart)).toUpperCase(Locale.ROOT);
                throw new SqlSyntaxException("Unterminated " + word + " block opened on line ", lineAt(blockStart),
                        "; the script ends before the END that closes it, so every statement after it would run as part of"
                        + " it: add the END missing there or in a block inside it, or quote " + word.toLowerCase(Locale.ROOT)
                        + " where it is a name");
            }
            SqlStatement last = finishStatement();
            if (last != null && hasInlineData(last.sql())) {
                throw new SqlSyntaxException("COPY ... FROM STDIN on line ", last.line(), " ends the script without its rows: end it"
                        + " with ;, put the rows on the lines after it, and a line holding only \\. after the last row");
            }
            return statements;
        }

        /**
         * A block comment never closed runs to the end of the script: refused when what it hides reads as SQL
         * statements ({@link #unclosedCommentRunsToEnd()}), a warning otherwise.
         */
        private void checkUnclosedComment() {
            int open = unclosedComment;
            int hidden = hiddenStatement(open + 2);
            int at = lineAt(open);
            if (hidden >= 0) {
                int lineEnd = lineEnd(hidden);
                int semicolon = script.indexOf(';', hidden);
                String sql = script.substring(hidden, semicolon >= 0 ? Math.min(semicolon, lineEnd) : lineEnd).strip();
                if (sql.length() > 60) {
                    sql = sql.substring(0, 57) + "...";
                }
                throw new SqlSyntaxException("Unterminated block comment opened on line ", at, "; it hides SQL (" + sql
                        + "), which would not run, without an error: SQLite reads a comment never closed to the end of the"
                        + " script. Close the comment with */ where it should end");
            }
            warnings.add(new SqlWarning(at, "a block comment opens here and is never closed: SQLite reads it to the end of the"
                    + " script, so nothing after it runs, as in sqlite3. Close it with */ where it should end"));
        }

        /**
         * Offset of the first word that starts a statement in the text of the comment from {@code from} on, right
         * at its start, at the start of a line or after a {@code ;}, with a {@code ;} after it; -1 when there is none.
         */
        private int hiddenStatement(int from) {
            int lastSemicolon = script.lastIndexOf(';');
            int candidate = from;
            while (candidate < length && candidate < lastSemicolon) {
                int j = candidate;
                while (j < length && (script.charAt(j) == ' ' || script.charAt(j) == '\t')) {
                    j++;
                }
                int wordEnd = j;
                while (wordEnd < length && Character.isLetter(script.charAt(wordEnd))) {
                    wordEnd++;
                }
                if (wordEnd > j && wordEnd <= lastSemicolon && !isWordPart(script.charAt(wordEnd))
                        && isAny(j, wordEnd - j, STATEMENT_WORDS)) {
                    return j;
                }
                // the next candidate: after the next line break or ;
                int k = j;
                while (k < length && script.charAt(k) != '\n' && script.charAt(k) != '\r' && script.charAt(k) != ';') {
                    k++;
                }
                candidate = k + 1;
            }
            return -1;
        }

        /**
         * Reads the rows after {@code statement} (just ended by its delimiter, which ends at {@code i}):
         * from the next line up to a line holding only {@code \.}, and returns the offset after that line.
         */
        private int inlineData(int i, SqlStatement statement) {
            int j = i;
            while (j < length && (script.charAt(j) == ' ' || script.charAt(j) == '\t')) {
                j++;
            }
            if (script.startsWith("--", j)) {
                j = lineEnd(j);
            }
            if (j < length && script.charAt(j) != '\n' && script.charAt(j) != '\r') {
                throw new SqlSyntaxException("COPY ... FROM STDIN on line ", lineAt(j), ": its rows start on the next line, so nothing"
                        + " but a comment may follow it on its own line; move what follows it after the line holding only \\.");
            }
            int first = lineBreakEnd(j);
            int lines = 0;
            for (int k = first; k < length; ) {
                int lineEnd = lineEnd(k);
                if (lineEnd - k == 2 && script.charAt(k) == '\\' && script.charAt(k + 1) == '.') {
                    statements.setLastData(first, k, lineAt(first), lines);
                    return lineBreakEnd(lineEnd);
                }
                lines++;
                k = lineBreakEnd(lineEnd);
            }
            throw new SqlSyntaxException("COPY ... FROM STDIN on line ", statement.line(), ": its rows never end; add a line holding"
                    + " only \\. after the last row");
        }

        /** Offset after the line break at {@code at} ({@code \n}, {@code \r\n} or {@code \r}); {@code at} at the end of the script. */
        private int lineBreakEnd(int at) {
            if (at >= length) {
                return length;
            }
            return script.charAt(at) == '\r' && at + 1 < length && script.charAt(at + 1) == '\n' ? at + 2 : at + 1;
        }

        /** Reads the comment or token at {@code i}, records it, and returns the offset just past it. */
        private int lex(int i, char c) {
            char next = i + 1 < length ? script.charAt(i + 1) : 0;
            if (c == '-' && next == '-' && isDashComment(i)) {
                if (looking) {
                    lineComment(i);
                }
                return lineEnd(i + 2);
            }
            if ((c == '#' && hashComments) || (c == '/' && next == '/' && slashComments)) {
                return lineEnd(i + 1);
            }
            if (c == '/' && next == '*') {
                int close = blockCommentEnd(i);
                cover(i, close);
                if (executable && isExecutableComment(i)) {
                    token(i, close);
                }
                return close;
            }
            int close;
            int tagEnd;
            if (c == '\'') {
                close = stringEnd(i, '\'', backslashEscapes, false);
            } else if (c == '"') {
                close = doubleQuotedStrings
                        ? stringEnd(i, '"', backslashEscapes, false)
                        : quotedEnd(i, '"', "quoted identifier", "add the closing \"");
            } else if (c == '`' && backticks) {
                close = quotedEnd(i, '`', "quoted identifier", "add the closing `");
            } else if (c == '[' && brackets) {
                close = bracketEnd(i);
            } else if (c == '$' && dollarQuotes && !customDelimiter && (tagEnd = dollarTagEnd(i)) > 0) {
                close = dollarQuoteEnd(i, tagEnd);
            } else if ((c == 'E' || c == 'e') && next == '\'' && escapeStrings) {
                close = stringEnd(i + 1, '\'', true, true);
            } else if (isWordPart(c)) {
                int wordEnd = wordEnd(i);
                if (delimiterCommand && start < 0 && isDelimiterCommand(i, wordEnd)) {
                    return changeDelimiter(i, wordEnd);
                }
                word(i, wordEnd);
                return wordEnd;
            } else {
                countParenthesis(c);
                close = i + 1;
            }
            cover(i, close);
            token(i, close);
            return close;
        }

        /**
         * Marks the offset of the line comment at {@code i}, if it is one of those looked for, as hidden when it
         * lies in the body of a stored program: its {@code ;} belong to the statement, and so does the comment.
         * As the database is not known yet, a body is whatever any database reads as one.
         */
        private void lineComment(int i) {
            while (nextOffset < offsets.length && offsets[nextOffset] < i) {
                hidden[nextOffset++] = false;
            }
            if (nextOffset < offsets.length && offsets[nextOffset] == i) {
                hidden[nextOffset++] = start >= 0 && depth > 0 && keepsBody();
            }
        }

        /** Marks the offsets strictly inside the construct from {@code open} to {@code close} as hidden. */
        private void cover(int open, int close) {
            if (!looking) {
                return;
            }
            while (nextOffset < offsets.length && offsets[nextOffset] < close) {
                hidden[nextOffset] = offsets[nextOffset] > open;
                nextOffset++;
            }
        }

        private void token(int from, int to) {
            if (start < 0) {
                start = from;
                startLine = lineAt(from);
            }
            lastToken = from;
            end = to;
            afterEnd = false;
        }

        private void word(int from, int to) {
            boolean previousWasEnd = afterEnd;
            int before = start >= 0 ? lastToken : -1;
            int beforeEnd = end;
            token(from, to);
            if (Character.isLetter(script.charAt(from)) || script.charAt(from) == '_') {
                words.add(from, to);
            }
            int wordLength = to - from;
            if (wordLength > 6 || isName(from, to)) {
                return;
            }
            if (previousWasEnd && isAny(from, wordLength, END_SUFFIXES) && !isLockingClause(from, to)) {
                // END IF closes no block: give back what END took
                depth++;
            } else if (is(from, wordLength, "BEGIN")) {
                if (!takesName(before, beforeEnd) && !isFollowedByOperand(to)) {
                    open(from);
                }
            } else if (is(from, wordLength, "CASE")) {
                if (!previousWasEnd) {
                    // END CASE closed the CASE already
                    open(from);
                }
            } else if (is(from, wordLength, "END") && !takesName(before, beforeEnd)) {
                depth--;
                afterEnd = true;
            }
        }

        /**
         * Whether the token from {@code from} to {@code to} (-1: none, the statement starts here) is one after
         * which a name or a value comes, never a block: an operator or comma ({@code SELECT id, begin},
         * {@code end = 1}), or a word such as {@code SELECT}, {@code WHERE}, {@code BY}, {@code DECLARE}.
         */
        private boolean takesName(int from, int to) {
            if (from < 0) {
                return false;
            }
            if (to - from == 1) {
                return OPERATORS.indexOf(script.charAt(from)) >= 0;
            }
            return isWordPart(script.charAt(from)) && isAny(from, to - from, BEFORE_NAMES);
        }

        /**
         * Whether what follows the word ending at {@code to} makes it a value rather than the start of a block, whose
         * first statement follows it: an operator, a comma, a {@code )} or {@code ;} ({@code begin = 1},
         * {@code begin;}), or a word that only follows a value ({@code begin FROM}, {@code begin AS},
         * {@code begin NOT LIKE}, but not MariaDB's {@code BEGIN NOT ATOMIC}).
         */
        private boolean isFollowedByOperand(int to) {
            int next = skipBlank(to);
            if (next >= length) {
                return false;
            }
            char c = script.charAt(next);
            if (c == '/' && next + 1 < length && script.charAt(next + 1) == '*') {
                // an executable comment /*!...*/, which skipBlank keeps
                return false;
            }
            if (c == ';' || c == ')' || OPERATORS.indexOf(c) >= 0) {
                return true;
            }
            if (!Character.isLetter(c)) {
                return false;
            }
            int nextEnd = wordEnd(next);
            if (is(next, nextEnd - next, "NOT")) {
                int after = skipBlank(nextEnd);
                return after >= length || !is(after, wordEnd(after) - after, "ATOMIC");
            }
            return isAny(next, nextEnd - next, AFTER_VALUES);
        }

        private void open(int from) {
            if (depth == 0) {
                blockStart = from;
            }
            depth++;
        }

        /** Whether the word at {@code from} is the FOR of a locking clause: FOR UPDATE, FOR SHARE, FOR NO KEY UPDATE... */
        private boolean isLockingClause(int from, int to) {
            if (!is(from, to - from, "FOR")) {
                return false;
            }
            int next = skipBlank(to);
            return next < length && isAny(next, wordEnd(next) - next, LOCKING_CLAUSES);
        }

        /** Offset of the first character at or after {@code from} that is neither whitespace nor in a comment. */
        private int skipBlank(int from) {
            int j = from;
            while (j < length) {
                char c = script.charAt(j);
                char next = j + 1 < length ? script.charAt(j + 1) : 0;
                if (isSpace(c)) {
                    j++;
                } else if ((c == '-' && next == '-' && isDashComment(j)) || (c == '#' && hashComments)
                        || (c == '/' && next == '/' && slashComments)) {
                    j = lineEnd(j);
                } else if (c == '/' && next == '*' && !(executable && isExecutableComment(j))) {
                    j = blockCommentEnd(j);
                } else {
                    return j;
                }
            }
            return j;
        }

        /**
         * Whether the word is a name rather than a keyword that opens or closes a block: inside
         * parentheses (a parameter or column list, an expression, where a CASE also ends) or qualified
         * ({@code NEW.begin}, {@code t.end}).
         */
        private boolean isName(int from, int to) {
            return parentheses > 0 || (from > 0 && script.charAt(from - 1) == '.') || (to < length && script.charAt(to) == '.');
        }

        private void countParenthesis(char c) {
            if (c == '(') {
                parentheses++;
            } else if (c == ')' && parentheses > 0) {
                parentheses--;
            }
        }

        private boolean endsStatement() {
            if (customDelimiter) {
                return true;
            }
            if (parenthesesHold && parentheses > 0) {
                return false;
            }
            if (depth <= 0) {
                return true;
            }
            if (compound == 0) {
                compound = keepsBody() ? 1 : -1;
            }
            return compound < 0;
        }

        /** Whether the statement keeps its {@code ;} for its body; when looking, for any database's stored programs. */
        private boolean keepsBody() {
            return hasCompoundBody(words) || (looking && isStoredProgram(words));
        }

        /** Adds the current statement, if there is one, and returns it. */
        private SqlStatement finishStatement() {
            SqlStatement finished = null;
            if (start >= 0) {
                String sql = script.substring(start, end);
                boolean transactional = !isNonTransactional(words, sql);
                finished = new SqlStatement(sql, startLine, transactional);
                statements.addStatement(start, end, startLine, transactional);
                Boolean escapes = backslashEscapesAfter(finished.sql(), backslashesUnknown ? null : backslashEscapes,
                        backslashEscapesAtStart, savedEscapes);
                backslashesUnknown = escapes == null;
                if (escapes != null) {
                    backslashEscapes = escapes;
                }
            }
            start = -1;
            depth = 0;
            parentheses = 0;
            afterEnd = false;
            compound = 0;
            words.clear();
            return finished;
        }

        private boolean isDashComment(int i) {
            if (!dashNeedsWhitespace || start < 0 || i + 2 >= length) {
                return true;
            }
            return script.charAt(i + 2) <= ' ';
        }

        private boolean isExecutableComment(int i) {
            return script.startsWith("!", i + 2) || script.startsWith("M!", i + 2);
        }

        /** Offset of the line break that ends the line comment (or of the end of the script). */
        private int lineEnd(int from) {
            int j = from;
            while (j < length && script.charAt(j) != '\n' && script.charAt(j) != '\r') {
                j++;
            }
            return j;
        }

        private int blockCommentEnd(int open) {
            if (executable && isExecutableComment(open)) {
                return executableCommentEnd(open);
            }
            if (!nestedComments) {
                int close = script.indexOf("*/", open + 2);
                if (close < 0) {
                    if (commentRunsToEnd && open + 2 < length) {
                        unclosedComment = open;
                        return length;
                    }
                    throw unterminated("block comment", open, "close it with */");
                }
                return close + 2;
            }
            int nesting = 1;
            int j = open + 2;
            while (j + 1 < length) {
                char c = script.charAt(j);
                char next = script.charAt(j + 1);
                if (c == '*' && next == '/') {
                    if (--nesting == 0) {
                        return j + 2;
                    }
                    j += 2;
                } else if (c == '/' && next == '*') {
                    nesting++;
                    j += 2;
                } else {
                    j++;
                }
            }
            throw unterminated("block comment", open, "close it with */, and every /* nested in it too");
        }

        /**
         * Offset just past the executable comment {@code /*!...*}{@code /} opened at {@code open}. The server and the
         * client read its text as SQL, so a {@code *}{@code /} inside a string, a quoted identifier or a line comment
         * in it does not close it: dumps write a view named {@code `a*}{@code /b`} or a trigger whose body has a
         * string {@code '*}{@code /'} inside such a comment.
         */
        private int executableCommentEnd(int open) {
            int j = open + 2;
            while (j + 1 < length) {
                char c = script.charAt(j);
                char next = script.charAt(j + 1);
                if (c == '*' && next == '/') {
                    return j + 2;
                }
                if (c == '\'' || (c == '"' && doubleQuotedStrings)) {
                    j = stringEnd(j, c, backslashEscapes, false);
                } else if (c == '"') {
                    j = quotedEnd(j, '"', "quoted identifier", "add the closing \"");
                } else if (c == '`' && backticks) {
                    j = quotedEnd(j, '`', "quoted identifier", "add the closing `");
                } else if ((c == '#' && hashComments)
                        || (c == '-' && next == '-' && (j + 2 >= length || Character.isWhitespace(script.charAt(j + 2))))) {
                    j = lineEnd(j);
                } else {
                    j++;
                }
            }
            throw unterminated("block comment", open, "close it with */");
        }

        /**
         * Offset just past the string opened at {@code open}.
         *
         * @param backslash    whether a backslash escapes the next character in it
         * @param escapeString whether it is an {@code E'...'} string, where a backslash always escapes
         */
        private int stringEnd(int open, char quote, boolean backslash, boolean escapeString) {
            int j = open + 1;
            while (j < length) {
                char c = script.charAt(j);
                if (c == quote) {
                    if (j + 1 < length && script.charAt(j + 1) == quote) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                if (c == '\\' && backslashesUnknown && !escapeString) {
                    throw new SqlSyntaxException("Backslash in a string on line ", lineAt(j), ", after a statement that"
                            + " changed whether a backslash escapes the next character in strings to a value Migrate cannot read"
                            + " from the script" + unknownBackslashAdvice());
                }
                j += c == '\\' && backslash ? 2 : 1;
            }
            throw unterminated("string literal", open, "add the closing " + quote + ", and double any " + quote
                    + " inside it");
        }

        private int quotedEnd(int open, char quote, String what, String fix) {
            int j = open + 1;
            while (true) {
                int close = script.indexOf(quote, j);
                if (close < 0) {
                    throw unterminated(what, open, fix);
                }
                if (close + 1 < length && script.charAt(close + 1) == quote) {
                    j = close + 2;
                } else {
                    return close + 1;
                }
            }
        }

        private int bracketEnd(int open) {
            int close = script.indexOf(']', open + 1);
            if (close < 0) {
                throw unterminated("quoted identifier", open, "add the closing ]");
            }
            return close + 1;
        }

        /** Offset just past the opening tag at {@code i} ($$ or $name$), or -1 when {@code i} opens none ($1). */
        private int dollarTagEnd(int i) {
            int j = i + 1;
            if (j < length && isTagStart(script.charAt(j))) {
                j++;
                while (j < length && isTagPart(script.charAt(j))) {
                    j++;
                }
            }
            return j < length && script.charAt(j) == '$' ? j + 1 : -1;
        }

        private int dollarQuoteEnd(int open, int tagEnd) {
            String tag = script.substring(open, tagEnd);
            int close = script.indexOf(tag, tagEnd);
            if (close < 0) {
                throw unterminated("dollar-quoted string " + tag, open, "close it with " + tag);
            }
            return close + tag.length();
        }

        private int wordEnd(int from) {
            int j = from + 1;
            while (j < length && isWordPart(script.charAt(j))) {
                if (delimiterEndsWords && script.charAt(j) == delimiterHead && atDelimiter(j)) {
                    break;
                }
                j++;
            }
            return j;
        }

        private boolean isDelimiterCommand(int from, int to) {
            return is(from, to - from, "DELIMITER") && (to == length || isSpace(script.charAt(to)));
        }

        /** Reads the rest of a DELIMITER line and returns the offset of its end. */
        private int changeDelimiter(int command, int from) {
            int j = from;
            while (j < length && (script.charAt(j) == ' ' || script.charAt(j) == '\t')) {
                j++;
            }
            int k = j;
            char quote = j < length ? script.charAt(j) : 0;
            if (quote == '\'' || quote == '"' || quote == '`') {
                // the client takes what is between the quotes: DELIMITER '//' sets //
                int close = script.indexOf(quote, j + 1);
                if (close < 0 || close > lineEnd(j)) {
                    throw new SqlSyntaxException("DELIMITER on line ", lineAt(command),
                            " opens a quote it does not close on that line; write DELIMITER " + quote + "//" + quote + " or DELIMITER //");
                }
                j++;
                k = close;
            } else {
                while (k < length && !isSpace(script.charAt(k))) {
                    k++;
                }
            }
            if (k == j) {
                int at = lineAt(command);
                throw new SqlSyntaxException("DELIMITER on line ", at,
                        " names no delimiter; write the new one after it, as in DELIMITER $$");
            }
            delimiter = script.substring(j, k);
            delimiterHead = Character.toUpperCase(delimiter.charAt(0));
            customDelimiter = !delimiter.equals(DEFAULT_DELIMITER);
            delimiterIsWord = delimiter.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_');
            delimiterEndsWords = !delimiterIsWord && isWordPart(delimiter.charAt(0));
            // The client reads nothing else on a DELIMITER line.
            return lineEnd(k);
        }

        private boolean isDelimiterHead(char c) {
            return c == delimiterHead || (delimiterIsWord && Character.toUpperCase(c) == delimiterHead);
        }

        private boolean atDelimiter(int i) {
            int delimiterLength = delimiter.length();
            if (!script.regionMatches(true, i, delimiter, 0, delimiterLength)) {
                return false;
            }
            if (!delimiterIsWord) {
                return true;
            }
            int after = i + delimiterLength;
            return (i == 0 || !isWordPart(script.charAt(i - 1))) && (after == length || !isWordPart(script.charAt(after)));
        }

        private boolean is(int from, int wordLength, String keyword) {
            return wordLength == keyword.length() && script.regionMatches(true, from, keyword, 0, wordLength);
        }

        private boolean isAny(int from, int wordLength, String[] keywords) {
            for (String keyword : keywords) {
                if (is(from, wordLength, keyword)) {
                    return true;
                }
            }
            return false;
        }

        /** 1-based line of {@code offset}; offsets are asked in increasing order, so the count resumes. */
        private int lineAt(int offset) {
            if (offset < countedTo) {
                countedTo = 0;
                line = 1;
            }
            for (int j = countedTo; j < offset; j++) {
                char c = script.charAt(j);
                // \r\n is one line break, counted at its \n
                if (c == '\n' || (c == '\r' && (j + 1 == length || script.charAt(j + 1) != '\n'))) {
                    line++;
                }
            }
            countedTo = offset;
            return line;
        }

        private SqlSyntaxException unterminated(String what, int open, String fix) {
            int at = lineAt(open);
            return new SqlSyntaxException("Unterminated " + what + " opened on line ", at, "; " + fix);
        }
    }

    private static boolean isSpace(char c) {
        return c <= ' ' || Character.isWhitespace(c);
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static boolean isTagStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isTagPart(char c) {
        return isTagStart(c) || (c >= '0' && c <= '9');
    }
}
