package dev.migrate.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrate.dialect.h2.H2Splitter;
import dev.migrate.dialect.mysql.MySqlSplitter;
import dev.migrate.dialect.postgres.PostgresSplitter;
import dev.migrate.dialect.sqlite.SqliteSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated scripts, built from the grammar of quotes, quoted identifiers, comments, dollar quotes
 * and delimiters, with the statements they must split into known in advance. Checks that splitting
 * valid input never fails, never loses or duplicates a character of a statement, and reports the
 * right line; and that an unterminated quote, identifier, comment or dollar quote, opened anywhere a
 * token may start, fails with the line where it opened.
 *
 * <p>Each dialect's generator writes only what its lexer reads: MySQL gets backtick identifiers,
 * {@code #} comments, backslash escapes in both kinds of strings (none where the script starts in, or a
 * {@code SET sql_mode} switches to, {@code NO_BACKSLASH_ESCAPES}), {@code 1--1} (a subtraction), and
 * {@code DELIMITER} with stored program bodies whose {@code ;} must stay inside the statement, with
 * columns named {@code begin} and {@code end} in them; the
 * other dialects get strings ending in a backslash (a plain character there), PostgreSQL
 * {@code E'...'} escapes and dollar quotes, and backslash escapes in plain strings where it starts with, or a
 * {@code SET standard_conforming_strings} switches to, off, H2 {@code //} comments, SQLite {@code [bracket]}
 * identifiers, nested block comments where they nest. A block comment never closed is refused, but on
 * SQLite, where it runs to the end of the script and hides the rest, with a warning (refused there too when it
 * hides SQL).
 *
 * <p>The generator takes its decisions from {@link Choices}, which records them: a failing case is
 * shrunk (runs of decisions removed, each lowered towards zero, the simplest option) while it still
 * fails, and the failure shows the smallest script. Each run uses a new seed, printed at the start and
 * in every failure; set {@code -Dmigrate.splitter.seed=N} to replay one.
 * {@code -Dmigrate.splitter.tries=N} sets the number of scripts per dialect.
 */
class SplitterPropertyTests {

    private static final long SEED = Long.getLong("migrate.splitter.seed", System.nanoTime());
    private static final int TRIES = Integer.getInteger("migrate.splitter.tries", 400);

    /**
     * What a dialect's lexer accepts, so the generator only writes valid scripts for it. {@code backslashEscapes}:
     * MySQL's mode at the start of the script; {@code commentRunsToEnd}: SQLite's reading of a block comment never closed.
     */
    record Grammar(String name, SqlSplitter splitter, boolean dollarQuotes, boolean delimiterCommand, boolean mysqlLexer,
                   boolean backticks, boolean brackets, boolean slashComments, boolean escapeStrings, boolean nestedComments,
                   boolean backslashEscapes, boolean commentRunsToEnd) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> grammars() {
        return Stream.of(
                Arguments.of(new Grammar("PostgreSQL", new PostgresSplitter(), true, false, false, false, false, false, true, true, false,
                        false)),
                Arguments.of(new Grammar("PostgreSQL standard_conforming_strings off",
                        PostgresSplitter.forStandardConformingStrings(false, true), true, false, false, false, false, false, true, true,
                        true, false)),
                Arguments.of(new Grammar("MySQL", new MySqlSplitter(), false, true, true, true, false, false, false, false, true, false)),
                Arguments.of(new Grammar("MySQL NO_BACKSLASH_ESCAPES", MySqlSplitter.forSqlMode("NO_BACKSLASH_ESCAPES"), false, true, true,
                        true, false, false, false, false, false, false)),
                Arguments.of(new Grammar("H2", new H2Splitter(), true, false, false, true, false, true, false, true, false, false)),
                Arguments.of(new Grammar("SQLite", new SqliteSplitter(), false, false, false, true, true, false, false, false, false,
                        true)),
                Arguments.of(new Grammar("ANSI", new SqlSplitter(), false, false, false, false, false, false, false, false, false,
                        false)));
    }

    @BeforeAll
    static void printSeed() {
        System.out.println("SplitterPropertyTests: seed " + SEED + " (replay with -Dmigrate.splitter.seed=" + SEED + "), "
                + TRIES + " scripts per dialect");
    }

    /**
     * A generated script, the statements it must split into with their lines, and the offsets where a
     * token may start (between tokens, in the gaps between statements, at the end), where an
     * unterminated construct can be put, with whether a backslash escapes in strings there.
     */
    record Case(String script, List<String> statements, List<Integer> lines, List<Integer> tokenStarts, List<Boolean> escapesAt) {
    }

    /** Builds a script while tracking the line of each statement's first token. */
    private static final class Writer {
        final Choices random;
        final Grammar grammar;
        final StringBuilder script = new StringBuilder();
        final List<String> statements = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        final List<Integer> tokenStarts = new ArrayList<>();
        final List<Boolean> escapesAt = new ArrayList<>();
        String delimiter = ";";
        int line = 1;
        /** Whether a backslash escapes in MySQL strings here: a SET sql_mode statement changes it. */
        boolean escapes;

        Writer(Choices random, Grammar grammar) {
            this.random = random;
            this.grammar = grammar;
            this.escapes = grammar.backslashEscapes();
        }

        /** A token may start at {@code offset}. */
        void tokenStart(int offset) {
            tokenStarts.add(offset);
            escapesAt.add(escapes);
        }

        void append(CharSequence text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            script.append(text);
        }

        String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        /**
         * Text that may hold anything that would end a statement or open a comment if it were not
         * quoted, but never {@code forbidden} (the quote that would close it). Joined pieces can form a
         * comment opener or closer; {@link #noCommentMarks} removes those where it matters.
         */
        String tricky(String forbidden) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String piece = pick("a", "b;c", ";", "--", "/*", "*", "/", "#", "\n", " ", "x y", "'", "\"", "`", "$", "$$", "[", "]",
                        "//", "$$;", "é");
                if (!piece.contains(forbidden)) {
                    sb.append(piece);
                }
            }
            return sb.toString();
        }

        /** The content of a quoted string: tricky text plus the dialect's escapes. */
        String stringBody(char quote) {
            String q = String.valueOf(quote);
            StringBuilder sb = new StringBuilder(tricky(q));
            if (random.nextBoolean()) {
                // a doubled quote is a quote in every dialect
                sb.append(q).append(q).append(tricky(q));
            }
            if (escapes) {
                // MySQL, PostgreSQL with standard_conforming_strings off: a backslash escapes the next character, so \' and
                // \" do not end the string
                switch (random.nextInt(4)) {
                    case 0 -> sb.append('\\').append(quote).append(tricky(q));
                    case 1 -> sb.append("\\\\");
                    case 2 -> sb.append("\\n").append(tricky(q)).append("\\").append(quote == '\'' ? '"' : '\'');
                    default -> {
                    }
                }
            }
            return sb.toString();
        }

        String token() {
            switch (random.nextInt(12)) {
                case 0:
                    return "'" + stringBody('\'') + "'";
                case 1:
                    // an identifier in ANSI SQL, a string with backslash escapes in MySQL
                    return "\"" + (grammar.mysqlLexer() ? stringBody('"') : tricky("\"")) + "\"";
                case 2:
                    if (random.nextInt(4) == 3) {
                        // nested where the dialect nests them, the first */ closing it elsewhere
                        return grammar.nestedComments()
                                ? "/* outer /* " + noCommentMarks(tricky("*/")) + " */ still a comment; */"
                                : "/* " + noCommentMarks(tricky("*/")) + " /* not nested here */";
                    }
                    return "/* " + noCommentMarks(tricky("*/")) + " */";
                case 3:
                    if (grammar.dollarQuotes()) {
                        String tag = pick("", "body", "fn_1");
                        return "$" + tag + "$" + tricky("$") + "$" + tag + "$";
                    }
                    return "'dq'";
                case 4:
                    return "(" + pick("1", "x", "a.b") + ")";
                case 5:
                    if (grammar.backticks()) {
                        return "`" + tricky("`") + (random.nextBoolean() ? "``" + tricky("`") : "") + "`";
                    }
                    return "y";
                case 6:
                    if (grammar.mysqlLexer()) {
                        // -- without whitespace after it is two minus signs in MySQL
                        return pick("1--1", "x--y");
                    }
                    if (grammar.escapeStrings()) {
                        // PostgreSQL E'...': a backslash escapes the next character
                        return "E'" + tricky("'") + "\\'" + tricky("'") + pick("", "\\\\") + "'";
                    }
                    if (grammar.brackets()) {
                        return "[" + tricky("]") + "]";
                    }
                    return "z";
                case 7:
                    if (!escapes) {
                        // a backslash is a plain character in standard strings (and MySQL's NO_BACKSLASH_ESCAPES): this one ends after it
                        return "'" + tricky("'") + "\\'";
                    }
                    return "'\\\\'";
                case 8:
                    // begin and end as names, in a stored program too: they open and close no block
                    return pick(", begin", "= end", "t.begin", ", end", "> begin", "ORDER BY begin", "SELECT end");
                default:
                    return pick("SELECT", "x", "col_1", "42", "=", ",", "+", "t.c", "FROM", "WHERE", "AND");
            }
        }

        /**
         * Removes every comment opener and closer, repeating because a removal can join two
         * halves into a new one ({@code "//**"} becomes {@code "/*"}); PostgreSQL nests block
         * comments, so an opener left inside would leave the comment unterminated.
         */
        private static String noCommentMarks(String s) {
            String out = s;
            while (true) {
                String next = out.replace("*/", "").replace("/*", "");
                if (next.equals(out)) {
                    return out;
                }
                out = next;
            }
        }

        String lineComment() {
            String text = tricky("\n");
            if (grammar.mysqlLexer()) {
                return random.nextBoolean() ? " -- " + text + "\n" : " #" + text + "\n";
            }
            if (grammar.slashComments() && random.nextBoolean()) {
                return " //" + text + "\n";
            }
            return " -- " + text + "\n";
        }

        String separator() {
            return switch (random.nextInt(5)) {
                case 0 -> "\n";
                case 1 -> "  ";
                case 2 -> lineComment();
                default -> " ";
            };
        }

        /** Comments and blank space between statements, which belong to none. */
        void gap() {
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                tokenStart(script.length());
                String comment = grammar.mysqlLexer() ? pick("# between; 'statements'\n", "-- between; `x`\n")
                        : grammar.slashComments() ? "// between; 'statements'\n" : "-- between; 'statements'\n";
                append(pick("\n", "\n\n", "-- between; 'statements'\n", "/* gap; */\n", "   ", comment));
            }
            tokenStart(script.length());
        }

        /**
         * One statement. Under a MySQL {@code DELIMITER} other than {@code ;}, a bare {@code ;} is just a
         * character of the statement; under {@code ;}, MySQL keeps a stored program's body in one
         * statement by counting {@code BEGIN} and {@code END}.
         */
        void statement(boolean terminate) {
            StringBuilder text = new StringBuilder();
            int startLine = line;
            int offset = script.length();
            boolean custom = !delimiter.equals(";");
            boolean procedure = grammar.delimiterCommand() && random.nextInt(custom ? 2 : 4) == (custom ? 1 : 3);
            if (procedure) {
                text.append("CREATE PROCEDURE p_").append(statements.size()).append("()").append(separator()).append("BEGIN");
                int parts = 1 + random.nextInt(3);
                for (int p = 0; p < parts; p++) {
                    text.append(separator());
                    tokenStart(offset + text.length());
                    text.append(pick("SELECT", "UPDATE", "INSERT"));
                    tokens(text, offset, false);
                    text.append(";");
                }
                text.append(separator()).append("END");
            } else {
                tokenStart(offset);
                text.append(pick("SELECT", "UPDATE", "INSERT", "x"));
                tokens(text, offset, custom);
                // A statement ends with a plain word, so no trailing comment is in question.
                text.append(" ").append(pick("x", "1", "y"));
            }
            append(text);
            statements.add(text.toString());
            lines.add(startLine);

            if (terminate) {
                append(delimiter);
                if (random.nextInt(6) == 5) {
                    append(delimiter);
                }
            }
        }

        /**
         * Sometimes a statement that sets sql_mode (or seems to), as scripts and dumps write them, which decides how
         * the strings after it are written. It adds decisions, so that a shrunk case has none.
         */
        void maybeSqlModeChange() {
            if (!grammar.mysqlLexer() && !grammar.escapeStrings()) {
                return;
            }
            String change = grammar.mysqlLexer() ? sqlModeChange() : standardConformingStringsChange();
            if (change == null) {
                return;
            }
            tokenStart(script.length());
            statements.add(change);
            lines.add(line);
            append(change + delimiter + "\n");
            escapes = escapesAfter(change);
        }

        /** Mostly none. */
        private String sqlModeChange() {
            int choice = random.nextInt(14);
            String[] changes = {
                "SET sql_mode = 'NO_BACKSLASH_ESCAPES'", "SET @@SESSION.sql_mode = 'STRICT_TRANS_TABLES,no_backslash_escapes'",
                "SET sql_mode = ''", "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */",
                "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */", "SET GLOBAL sql_mode = 'NO_BACKSLASH_ESCAPES'",
                "SET @x = 'sql_mode=NO_BACKSLASH_ESCAPES'",
            };
            return choice < 7 ? null : changes[choice - 7];
        }

        /** PostgreSQL's: mostly none. */
        private String standardConformingStringsChange() {
            int choice = random.nextInt(14);
            String[] changes = {
                "SET standard_conforming_strings = off", "SET SESSION standard_conforming_strings TO 'on'",
                "RESET standard_conforming_strings", "SET standard_conforming_strings = DEFAULT", "SET escape_string_warning = off",
                "ALTER DATABASE d SET standard_conforming_strings = off", "SET standard_conforming_strings TO false",
            };
            return choice < 7 ? null : changes[choice - 7];
        }

        /** Whether a backslash escaped when the script saved its mode in @OLD_SQL_MODE; null before it did. */
        private Boolean oldSqlMode;

        /** Whether a backslash escapes after {@code change}. */
        private boolean escapesAfter(String change) {
            if (!grammar.mysqlLexer()) {
                // the splitter's reset value is on
                return change.startsWith("SET escape") || change.startsWith("ALTER") ? escapes
                        : change.endsWith("off") || change.endsWith("false");
            }
            if (change.contains("GLOBAL") || change.startsWith("SET @x")) {
                return escapes;
            }
            if (change.contains("@OLD_SQL_MODE */")) {
                // the mode saved in @OLD_SQL_MODE earlier in the script; never saved, the script's starting one
                return oldSqlMode != null ? oldSqlMode : grammar.backslashEscapes();
            }
            if (change.contains("@OLD_SQL_MODE=@@SQL_MODE")) {
                oldSqlMode = escapes;
            }
            return !change.toUpperCase(java.util.Locale.ROOT).contains("NO_BACKSLASH_ESCAPES");
        }

        private void tokens(StringBuilder text, int offset, boolean bareSemicolons) {
            int n = random.nextInt(7);
            for (int i = 0; i < n; i++) {
                text.append(separator());
                tokenStart(offset + text.length());
                text.append(bareSemicolons && random.nextInt(4) == 3 ? ";" : token());
            }
        }
    }

    static Case generate(Choices random, Grammar grammar) {
        Writer w = new Writer(random, grammar);
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            w.gap();
            if (grammar.delimiterCommand() && random.nextInt(3) == 2) {
                w.delimiter = w.pick("$$", "//", ";;", ";");
                w.append("\nDELIMITER " + w.delimiter + "\n");
            }
            boolean last = i == count - 1;
            w.maybeSqlModeChange();
            w.statement(!last || w.random.nextBoolean());
            if (!last || random.nextBoolean()) {
                w.append("\n");
            }
        }
        w.gap();
        return new Case(w.script.toString(), w.statements, w.lines, w.tokenStarts, w.escapesAt);
    }

    /** How a failure names the run, and how to replay it. */
    private static String run(Grammar grammar) {
        return grammar + " (seed " + SEED + ", replay with -Dmigrate.splitter.seed=" + SEED + ")";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grammars")
    void splitsEveryGeneratedScriptIntoExactlyItsStatements(Grammar grammar) {
        Choices.forAll(run(grammar), SEED ^ grammar.name().hashCode(), TRIES, choices -> {
            Case c = generate(choices, grammar);
            String context = "script:\n" + c.script();
            List<SqlStatement> split;
            try {
                split = grammar.splitter().split(c.script());
            } catch (RuntimeException e) {
                throw new AssertionError("valid script failed to split (" + e + "); " + context, e);
            }
            assertThat(split).as(context).extracting(SqlStatement::sql).containsExactlyElementsOf(c.statements());
            assertThat(split).as(context).extracting(SqlStatement::line).containsExactlyElementsOf(c.lines());
        });
    }

    /** An unclosed construct: how it opens, and the characters that would close it if they followed. */
    record Opener(String text, String... closers) {
    }

    /** The openers that leave a construct open at a point where a backslash escapes ({@code escapes}) or not. */
    private static List<Opener> openers(Grammar grammar, boolean escapes) {
        List<Opener> openers = new ArrayList<>(List.of(
                new Opener("'never closed;", "'"),
                new Opener("\"never closed;", "\"")));
        if (!grammar.commentRunsToEnd()) {
            openers.add(new Opener("/* never closed;", "*/", "/*"));
        }
        if (grammar.dollarQuotes()) {
            openers.add(new Opener("$body$ never closed;", "$"));
            openers.add(new Opener("$$ never closed;", "$"));
        }
        if (grammar.backticks()) {
            openers.add(new Opener("`never closed", "`"));
        }
        if (grammar.brackets()) {
            openers.add(new Opener("[never closed", "]"));
        }
        if (grammar.escapeStrings()) {
            openers.add(new Opener("E'never closed \\'", "'"));
        }
        if (escapes) {
            // the backslash escapes the quote that would have closed the string
            openers.add(new Opener("'never closed \\'", "'"));
        }
        return openers;
    }

    /** {@code text} without any of {@code closers}, repeated because a removal can join two halves into one. */
    private static String without(String text, String... closers) {
        String out = text;
        while (true) {
            String next = out;
            for (String closer : closers) {
                next = next.replace(closer, "");
            }
            if (next.equals(out)) {
                return out;
            }
            out = next;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grammars")
    void unterminatedQuoteOrCommentFailsWithTheLineWhereItOpened(Grammar grammar) {
        Choices.forAll(run(grammar), SEED ^ grammar.name().hashCode() ^ 0x5eed, TRIES, choices -> {
            Case c = generate(choices, grammar);
            // Anywhere a token may start: inside a statement, between statements, at the very end.
            int token = choices.nextInt(c.tokenStarts().size());
            int at = c.tokenStarts().get(token);
            List<Opener> openers = openers(grammar, c.escapesAt().get(token));
            Opener opener = openers.get(choices.nextInt(openers.size()));
            String before = c.script().substring(0, at);
            // Whatever follows must not close it: the rest of the script, less the closing characters.
            String after = opener.text() + without(c.script().substring(at), opener.closers());
            String script = before + " " + after;
            int openLine = (int) before.chars().filter(ch -> ch == '\n').count() + 1;
            String context = opener.text() + " on line " + openLine + ":\n" + script;
            SqlSyntaxException e = catchThrowableOfType(SqlSyntaxException.class, () -> grammar.splitter().split(script));
            assertThat(e).as(context).isNotNull();
            assertThat(e.line()).as(context).isEqualTo(openLine);
            assertThat(e.getMessage()).as(context).startsWith("Unterminated ").contains("opened on line " + openLine);
        });
    }

    /**
     * SQLite's reading: a block comment never closed, put anywhere a token may start, runs to the end of the script,
     * which then splits as if it ended there, with a warning naming the line where the comment opens; unless the comment
     * hides SQL (here a statement on the line after it), which is refused with that line. Everywhere else it is refused.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("grammars")
    void aBlockCommentNeverClosedHidesTheRestWhereItRunsToTheEnd(Grammar grammar) {
        Choices.forAll(run(grammar), SEED ^ grammar.name().hashCode() ^ 0xc0de, TRIES, choices -> {
            Case c = generate(choices, grammar);
            int at = c.tokenStarts().get(choices.nextInt(c.tokenStarts().size()));
            String before = c.script().substring(0, at);
            int openLine = (int) before.chars().filter(ch -> ch == '\n').count() + 1;
            boolean hidesSql = choices.nextBoolean();
            // Text only: without a semicolon nothing in it reads as a statement.
            String script = before + (hidesSql ? " /* never closed\nSELECT 1;" + without(c.script().substring(at), "*/")
                    : " /* never closed, " + without(c.script().substring(at), "*/", ";"));
            String context = "script:\n" + script;
            if (!grammar.commentRunsToEnd() || hidesSql) {
                SqlSyntaxException e = catchThrowableOfType(SqlSyntaxException.class, () -> grammar.splitter().split(script));
                assertThat(e).as(context).hasMessageStartingWith("Unterminated block comment opened on line " + openLine + ";");
                assertThat(e.line()).as(context).isEqualTo(openLine);
                if (grammar.commentRunsToEnd()) {
                    assertThat(e).as(context).hasMessageContaining("it hides SQL (SELECT 1)");
                }
                return;
            }
            List<SqlStatement> cut = grammar.splitter().split(before);
            SqlSplitter.Split split = grammar.splitter().splitWithWarnings(script);
            assertThat(split.statements()).as(context).extracting(SqlStatement::sql, SqlStatement::line)
                    .containsExactlyElementsOf(cut.stream().map(s -> tuple(s.sql(), s.line())).toList());
            assertThat(split.warnings()).as(context).extracting(SqlWarning::line).containsExactly(openLine);
        });
    }

    /**
     * The shrinking itself, on a property that is false on purpose: "a script holds at most two
     * statements" (not counting MySQL's sql_mode changes and PostgreSQL's standard_conforming_strings changes, which take
     * fewer decisions than a statement).
     * Whatever large script falsifies it first, the case reported is one of exactly three statements with
     * nothing around them that is not needed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("grammars")
    void aFailureIsReportedWithTheSmallestScriptThatStillFails(Grammar grammar) {
        AssertionError failure = catchThrowableOfType(AssertionError.class, () -> Choices.forAll(run(grammar), SEED, TRIES,
                choices -> {
                    Case c = generate(choices, grammar);
                    assertThat(c.statements().stream().filter(s -> !s.toLowerCase(java.util.Locale.ROOT).contains("sql_mode")
                            && !s.startsWith("SET ") && !s.startsWith("RESET ") && !s.startsWith("ALTER DATABASE")))
                            .as("statements of:\n" + c.script() + "\n(end)").hasSizeLessThanOrEqualTo(2);
                }));
        assertThat(failure).as("some generated script has three statements or more").isNotNull();
        String smallest = failure.getMessage().substring(failure.getMessage().indexOf("statements of:\n") + "statements of:\n".length(),
                failure.getMessage().indexOf("\n(end)"));
        assertThat(smallest).isEqualTo("SELECT x;\nSELECT x;\nSELECT x");
        assertThat(failure.getCause().getMessage()).as("the original case is reported as the cause").contains("statements of:");
        assertThat(smallest.length()).as("the original script was larger: %s", failure.getCause().getMessage())
                .isLessThan(failure.getCause().getMessage().length());
    }

    /**
     * The same on a real splitting failure: the ANSI splitter, which knows neither dollar quotes nor
     * nested comments, on PostgreSQL scripts. The case reported is a few short lines that PostgreSQL's
     * splitter and the ANSI one split differently (or the ANSI one refuses, as when a dollar quote holds
     * a single quote), because of one of those two constructs.
     */
    @Test
    void aSplittingFailureShrinksToTheConstructThatCausesIt() {
        Grammar postgres = new Grammar("PostgreSQL scripts, ANSI splitter", new SqlSplitter(), true, false, false, false, false, false,
                false, true, false, false);
        AssertionError failure = catchThrowableOfType(AssertionError.class, () -> Choices.forAll(run(postgres), SEED, TRIES,
                choices -> {
                    Case c = generate(choices, postgres);
                    assertThat(splitOrError(postgres.splitter(), c.script())).as("script:\n" + c.script() + "\n(end)")
                            .containsExactlyElementsOf(c.statements());
                }));
        assertThat(failure).as("the ANSI splitter cuts some dollar quote or nested comment").isNotNull();
        String smallest = failure.getMessage().substring(failure.getMessage().indexOf("script:\n") + "script:\n".length(),
                failure.getMessage().indexOf("\n(end)"));
        assertThat(smallest.length()).as(failure.getMessage()).isLessThan(80);
        assertThat(smallest).as(failure.getMessage()).containsAnyOf("$", "/* outer /*");
        assertThat(splitOrError(new SqlSplitter(), smallest)).as(failure.getMessage())
                .isNotEqualTo(splitOrError(new PostgresSplitter(), smallest));
    }

    /** The statements' SQL, or the one line "refused: <message>" when the splitter refuses the script. */
    private static List<String> splitOrError(SqlSplitter splitter, String script) {
        try {
            return splitter.split(script).stream().map(SqlStatement::sql).toList();
        } catch (SqlSyntaxException e) {
            return List.of("refused: " + e.getMessage());
        }
    }
}
