package dev.migrate.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrate.dialect.h2.H2Splitter;
import dev.migrate.dialect.mysql.MySqlSplitter;
import dev.migrate.dialect.postgres.PostgresSplitter;
import dev.migrate.dialect.sqlite.SqliteSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated scripts, built from the grammar of quotes, quoted identifiers, comments, dollar quotes
 * and delimiters, with the statements they must split into known in advance. Checks that splitting
 * valid input never fails, never loses or duplicates a character of a statement, and reports the
 * right line; and that an unterminated quote or comment fails with the line where it opened.
 *
 * <p>Each run uses a new seed, printed in every failure; set {@code -Dmigrate.splitter.seed=N} to
 * replay one. {@code -Dmigrate.splitter.tries=N} sets the number of scripts per dialect.
 */
class SplitterPropertyTests {

    private static final long SEED = Long.getLong("migrate.splitter.seed", System.nanoTime());
    private static final int TRIES = Integer.getInteger("migrate.splitter.tries", 400);

    /** What a dialect's lexer accepts, so the generator only writes valid scripts for it. */
    record Grammar(String name, SqlSplitter splitter, boolean dollarQuotes, boolean delimiterCommand) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> grammars() {
        return Stream.of(
                Arguments.of(new Grammar("PostgreSQL", new PostgresSplitter(), true, false)),
                Arguments.of(new Grammar("MySQL", new MySqlSplitter(), false, true)),
                Arguments.of(new Grammar("H2", new H2Splitter(), true, false)),
                Arguments.of(new Grammar("SQLite", new SqliteSplitter(), false, false)),
                Arguments.of(new Grammar("ANSI", new SqlSplitter(), false, false)));
    }

    /** A generated script and the statements it must split into. */
    record Case(String script, List<String> statements, List<Integer> lines) {
    }

    /** Builds a script while tracking the line of each statement's first token. */
    private static final class Writer {
        final Random random;
        final Grammar grammar;
        final StringBuilder script = new StringBuilder();
        final List<String> statements = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        int line = 1;

        Writer(Random random, Grammar grammar) {
            this.random = random;
            this.grammar = grammar;
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

        /** Text that may hold anything that would end a statement or open a comment if it were not quoted. */
        String tricky(String forbidden) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String piece = pick("a", "b;c", ";", "--", "/*", "*", "/", "#", "\n", " ", "x y", "'", "\"", "`", "$", "$$", "[", "é");
                if (!piece.contains(forbidden) && !(forbidden.equals("*/") && piece.equals("/") && sb.toString().endsWith("*"))
                        && !(forbidden.equals("*/") && piece.equals("*") && false)) {
                    sb.append(piece);
                }
            }
            return sb.toString();
        }

        String token() {
            switch (random.nextInt(8)) {
                case 0:
                    // A string literal; '' is an escaped quote in every dialect.
                    return "'" + tricky("'").replace("\\", "") + (random.nextBoolean() ? "''" : "") + tricky("'") + "'";
                case 1:
                    return "\"" + tricky("\"") + "\"";
                case 2:
                    return "/* " + noCommentEnd(tricky("*/")) + " */";
                case 3:
                    if (grammar.dollarQuotes()) {
                        String tag = pick("", "body", "fn_1");
                        String inside = tricky("$");
                        return "$" + tag + "$" + inside + "$" + tag + "$";
                    }
                    return "'dq'";
                case 4:
                    return "(" + pick("1", "x", "a.b") + ")";
                default:
                    return pick("SELECT", "x", "col_1", "42", "=", ",", "+", "t.c", "FROM", "WHERE", "AND");
            }
        }

        /**
         * Removes every comment opener and closer, repeating because a removal can join two
         * halves into a new one ({@code "//**"} becomes {@code "/*"}); PostgreSQL nests block
         * comments, so an opener left inside would leave the comment unterminated.
         */
        private static String noCommentEnd(String s) {
            String out = s;
            while (true) {
                String next = out.replace("*/", "").replace("/*", "");
                if (next.equals(out)) {
                    return out;
                }
                out = next;
            }
        }

        String separator() {
            switch (random.nextInt(5)) {
                case 0:
                    return "\n";
                case 1:
                    return "  ";
                case 2:
                    return " -- " + tricky("\n").replace("\n", "") + "\n";
                default:
                    return " ";
            }
        }

        /** Comments and blank space between statements, which belong to none. */
        void gap() {
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                append(pick("\n", "\n\n", "-- between; 'statements'\n", "/* gap; */\n", "   "));
            }
        }

        void statement(String delimiter, boolean terminate) {
            StringBuilder text = new StringBuilder();
            int startLine = line;
            text.append(pick("SELECT", "UPDATE", "INSERT", "x"));
            int n = random.nextInt(7);
            for (int i = 0; i < n; i++) {
                text.append(separator()).append(token());
            }
            // A statement ends with a plain word, so no trailing comment is in question.
            text.append(" ").append(pick("x", "1", "y"));
            append(text);
            statements.add(text.toString());
            lines.add(startLine);
            if (terminate) {
                append(delimiter);
                if (random.nextInt(6) == 0) {
                    append(delimiter);
                }
            }
        }
    }

    static Case generate(Random random, Grammar grammar) {
        Writer w = new Writer(random, grammar);
        int count = 1 + random.nextInt(6);
        String delimiter = ";";
        for (int i = 0; i < count; i++) {
            w.gap();
            if (grammar.delimiterCommand() && random.nextInt(4) == 0) {
                delimiter = w.pick("$$", "//", ";;", ";");
                w.append("\nDELIMITER " + delimiter + "\n");
            }
            boolean last = i == count - 1;
            w.statement(delimiter, !last || w.random.nextBoolean());
            if (!last || random.nextBoolean()) {
                w.append("\n");
            }
        }
        w.gap();
        return new Case(w.script.toString(), w.statements, w.lines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grammars")
    void splitsEveryGeneratedScriptIntoExactlyItsStatements(Grammar grammar) {
        Random random = new Random(SEED ^ grammar.name().hashCode());
        for (int i = 0; i < TRIES; i++) {
            Case c = generate(random, grammar);
            String context = "seed " + SEED + " (-Dmigrate.splitter.seed=" + SEED + "), " + grammar + " script #" + i + ":\n" + c.script();
            List<SqlStatement> split;
            try {
                split = grammar.splitter().split(c.script());
            } catch (RuntimeException e) {
                throw new AssertionError("valid script failed to split; " + context, e);
            }
            assertThat(split).as(context).extracting(SqlStatement::sql).containsExactlyElementsOf(c.statements());
            assertThat(split).as(context).extracting(SqlStatement::line).containsExactlyElementsOf(c.lines());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grammars")
    void unterminatedQuoteOrCommentFailsWithTheLineWhereItOpened(Grammar grammar) {
        Random random = new Random(SEED ^ grammar.name().hashCode() ^ 0x5eed);
        for (int i = 0; i < TRIES / 4; i++) {
            Case c = generate(random, grammar);
            String valid = c.script().endsWith("\n") ? c.script() : c.script() + ";\n";
            int openLine = (int) valid.chars().filter(ch -> ch == '\n').count() + 1;
            String opener = switch (random.nextInt(grammar.dollarQuotes() ? 4 : 3)) {
                case 0 -> "SELECT 'never closed;\n\n";
                case 1 -> "SELECT \"never closed\n";
                case 2 -> "SELECT 1 /* never closed;\n";
                default -> "DO $body$ never closed; $$\n";
            };
            String script = valid + opener;
            String context = "seed " + SEED + ", " + grammar + " script #" + i + ":\n" + script;
            SqlSyntaxException e = catchThrowableOfType(SqlSyntaxException.class, () -> grammar.splitter().split(script));
            assertThat(e).as(context).isNotNull();
            assertThat(e.line()).as(context).isEqualTo(openLine);
        }
    }
}
