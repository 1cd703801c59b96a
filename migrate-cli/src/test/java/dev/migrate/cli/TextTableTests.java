package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables line up on a terminal, which draws CJK characters two columns wide and a combining accent in none. */
class TextTableTests {

    private static final String WIDE = "添加索引到书表";
    /** A letter and a combining accent that Unicode composes into no single character: file names are read composed (NFC). */
    private static final String DECOMPOSED = "q\u0301 menu";

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CliContext context() {
        return new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), work, false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void columnsLineUpByDisplayWidth() {
        TextTable table = new TextTable("Version", "Description", "State", "Duration").alignRight(3);
        table.styledRow(new String[] {"1", "create books", "SUCCESS", "5 ms"});
        table.styledRow(new String[] {"2", WIDE, "SUCCESS", "1200 ms"});
        table.styledRow(new String[] {"3", DECOMPOSED, "PENDING", ""});
        table.styledRow(new String[] {"4", "\uD83D\uDE80 launch \uD840\uDC00", "PENDING", ""});
        table.print(new Output(context(), false, false, new Redactor(List.of())), UnaryOperator.identity());

        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(5);
        assertAligned(out(), "Version", "State", "create books", WIDE, DECOMPOSED, "launch");
        assertThat(lines.stream().filter(l -> l.contains("ms")).map(DisplayWidth::of)).as("right-aligned to one edge")
                .containsOnly(DisplayWidth.of(lines.get(1)));
        assertThat(lines.get(2)).isEqualTo("2        " + WIDE + "  SUCCESS   1200 ms");
    }

    @Test
    void statusAndHistoryLineUpWithWideAndCombiningDescriptions() throws IOException {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_books.sql"), "CREATE TABLE books (id INT, title VARCHAR(100));\n");
        Files.writeString(sql.resolve("V2__" + WIDE + ".sql"), "CREATE INDEX books_title ON books (title);\n");
        Files.writeString(sql.resolve("V3__" + DECOMPOSED.replace(' ', '_') + ".sql"), "CREATE TABLE menu (id INT);\n");
        Files.writeString(sql.resolve("V4__later.sql"), "CREATE TABLE later (id INT);\n");
        String url = "jdbc:h2:file:" + work.resolve("db").toAbsolutePath();
        assertThat(MigrateCli.run(new String[] {"--url", url, "--locations", "sql", "migrate", "--target", "3"}, context()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();

        out.reset();
        assertThat(MigrateCli.run(new String[] {"--url", url, "--locations", "sql", "status"}, context())).isZero();
        assertAligned(out(), "Version", "Type", "create books", WIDE, DECOMPOSED, "later");
        assertAligned(out(), "Version", "State", "create books", WIDE, DECOMPOSED, "later");
        assertAligned(out(), "Version", "Reversible", "create books", WIDE, DECOMPOSED);

        out.reset();
        assertThat(MigrateCli.run(new String[] {"--url", url, "--locations", "sql", "history"}, context())).isZero();
        assertAligned(out(), "When", "Outcome", "V1__create_books.sql", WIDE, DECOMPOSED.replace(' ', '_'));
        assertAligned(out(), "When", "By", "V1__create_books.sql", WIDE, DECOMPOSED.replace(' ', '_'));
    }

    /**
     * Like {@link CliJarContract#assertAligned}, in display columns: in every line holding one of
     * {@code rows}, the {@code column} column starts where its header does, after a blank.
     */
    static void assertAligned(String text, String header, String column, String... rows) {
        List<String> lines = text.lines().toList();
        String headerLine = lines.stream().filter(l -> l.startsWith(header + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no header line starting with " + header + " in\n" + text));
        int position = DisplayWidth.of(headerLine.substring(0, headerLine.indexOf(column)));
        assertThat(position).as("column " + column + " in " + headerLine).isPositive();
        for (String row : rows) {
            List<String> matching = lines.stream().filter(l -> l.contains(row) && !l.equals(headerLine)).toList();
            assertThat(matching).as("rows containing " + row + " in\n" + text).isNotEmpty();
            for (String line : matching) {
                assertThat(codePointAtColumn(line, position - 1)).as("blank before the " + column + " column in\n" + text).isEqualTo(' ');
                assertThat(codePointAtColumn(line, position)).as("the " + column + " column starts at " + position + " in\n" + text)
                        .isNotIn((int) ' ', -1);
            }
        }
    }

    /** The code point drawn from display column {@code column} on; -1 past the end or inside a wide character. */
    private static int codePointAtColumn(String line, int column) {
        int at = 0;
        for (int cp : line.codePoints().toArray()) {
            if (at == column && DisplayWidth.of(cp) > 0) {
                return cp;
            }
            at += DisplayWidth.of(cp);
            if (at > column) {
                return -1;
            }
        }
        return -1;
    }
}
