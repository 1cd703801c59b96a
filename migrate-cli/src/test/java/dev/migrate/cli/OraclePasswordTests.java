package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Oracle's {@code jdbc:oracle:thin:user/password@host} form keeps its password out of what is printed. */
class OraclePasswordTests {

    @TempDir
    Path work;

    @Test
    void theUserSlashPasswordFormLosesItsPassword() {
        assertThat(Redactor.url("jdbc:oracle:thin:scott/t1gerX@db:1521/ORCL")).isEqualTo("jdbc:oracle:thin:scott/***@db:1521/ORCL");
        assertThat(Redactor.url("jdbc:oracle:thin:scott/t1gerX@//db.internal:1521/ORCL.example"))
                .isEqualTo("jdbc:oracle:thin:scott/***@//db.internal:1521/ORCL.example");
        assertThat(Redactor.url("jdbc:oracle:oci:scott/t1gerX@ORCL")).isEqualTo("jdbc:oracle:oci:scott/***@ORCL");
        assertThat(Redactor.url("jdbc:oracle:thin:scott/\"p@ss/word\"@db:1521/ORCL")).as("quoted, as one holding an @ must be")
                .isEqualTo("jdbc:oracle:thin:scott/***@db:1521/ORCL");
        assertThat(Redactor.url("jdbc:oracle:thin:scott/p@ss@db:1521/ORCL")).as("an unquoted @ blanks more, never less")
                .isEqualTo("jdbc:oracle:thin:scott/***@db:1521/ORCL");
        assertThat(Redactor.url("jdbc:oracle:thin:/@db:1521/ORCL")).as("an empty password").isEqualTo("jdbc:oracle:thin:/***@db:1521/ORCL");
    }

    @Test
    void urlsWithoutAPasswordAreLeftAlone() {
        for (String url : List.of("jdbc:oracle:thin:@db:1521/ORCL", "jdbc:oracle:thin:@//db:1521/ORCL", "jdbc:oracle:thin:@db:1521:ORCL",
                "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=ORCL)))",
                "jdbc:postgresql://db/app?user=scott")) {
            assertThat(Redactor.url(url)).isEqualTo(url);
            assertThat(Redactor.passwordsIn(url)).isEmpty();
        }
    }

    @Test
    void thePasswordIsBlankedInRunningTextAndWherePrintedAlone() {
        assertThat(Redactor.passwordsIn("jdbc:oracle:thin:scott/t1gerX@db:1521/ORCL")).containsExactly("t1gerX");
        assertThat(Redactor.passwordsIn("jdbc:oracle:thin:scott/\"p@ss word\"@db:1521/ORCL")).containsExactly("p@ss word");
        Redactor none = new Redactor(List.of());
        assertThat(none.redact("Cannot open jdbc:oracle:thin:scott/t1gerX@db:1521/ORCL: refused, ask dba@corp"))
                .isEqualTo("Cannot open jdbc:oracle:thin:scott/***@db:1521/ORCL: refused, ask dba@corp");
        Redactor known = new Redactor(Redactor.passwordsIn("jdbc:oracle:thin:scott/t1gerX@db:1521/ORCL"));
        assertThat(known.redact("ORA-01017: invalid username/password (t1gerX)")).isEqualTo("ORA-01017: invalid username/password (***)");
    }

    @Test
    void theUnsupportedDatabaseErrorShowsTheUrlWithoutItsPassword() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), work, false);
        for (String format : List.of("", "--json")) {
            out.reset();
            err.reset();
            List<String> args = new java.util.ArrayList<>(List.of("--url", "jdbc:oracle:thin:scott/t1gerX@db:1521/ORCL", "status"));
            if (!format.isEmpty()) {
                args.add(0, format);
            }
            assertThat(MigrateCli.run(args.toArray(String[]::new), context)).isEqualTo(ExitCodes.USAGE);
            String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("Oracle").contains("jdbc:oracle:thin:scott/***@db:1521/ORCL").doesNotContain("t1gerX");
        }
    }
}
