package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The jar on machines set up otherwise than the developer's: another locale, a C locale, no temporary folder. */
class PortabilityJarTests {

    @TempDir
    Path work;

    private Path sql(String name, String content) throws IOException {
        Path dir = Files.createDirectories(work.resolve("sql"));
        return Files.writeString(dir.resolve(name), content);
    }

    /** In an Arabic locale, String.format without a locale wrote the line numbers of plan in Arabic-Indic digits. */
    @Test
    void planNumbersItsLinesInAsciiDigitsInAnyLocale() throws IOException {
        sql("V1__create_a.sql", "-- the table\nCREATE TABLE a (id INT);\n");
        JarRunner.Result result = new JarRunner(work).env("JAVA_TOOL_OPTIONS", "-Duser.language=ar -Duser.country=EG")
                .run("--url", "jdbc:h2:mem:arabic", "--locations", "sql", "plan");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).as(result.toString()).contains("      2 | CREATE TABLE a (id INT);").doesNotContain("\u0662");
    }

    /**
     * Under a C locale (a container without LANG) the JSON went out in the locale's encoding, ASCII, so every
     * character outside it, of a description, a statement or an error, came out as '?'. JSON is UTF-8.
     */
    @Test
    void jsonIsUtf8UnderACLocale() throws IOException {
        sql("V1__create_a.sql", "CREATE TABLE grüße (id INT, note VARCHAR(20) DEFAULT 'x€');\n");
        JarRunner.Result result = new JarRunner(work).env("LC_ALL", "C").env("LANG", "C")
                .run("--url", "jdbc:h2:mem:clocale", "--locations", "sql", "--json", "plan");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode statement = CliJarContract.json(result).get("steps").get(0).get("statements").get(0);
        assertThat(statement.get("sql").asText()).isEqualTo("CREATE TABLE grüße (id INT, note VARCHAR(20) DEFAULT 'x€')");
    }

    /**
     * Under a C locale Java cannot decode a file name outside ASCII: the history recorded the name and description with
     * U+FFFD in place of each such character, and a run under a UTF-8 locale then saw another name. Refused, saying why.
     */
    @Test
    void aFileNameTheLocaleCannotDecodeIsRefusedWithTheFix() throws IOException {
        sql("V1__grüße.sql", "CREATE TABLE a (id INT);\n");
        JarRunner.Result result = new JarRunner(work).env("LC_ALL", "C").env("LANG", "C")
                .run("--url", "jdbc:h2:" + work.resolve("db"), "--locations", "sql", "migrate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).as(result.toString()).contains("has a name this JVM cannot decode in the encoding of the system's locale")
                .contains("LANG=C.UTF-8");
        JarRunner.Result utf8 = new JarRunner(work).env("LC_ALL", "C.UTF-8")
                .run("--url", "jdbc:h2:" + work.resolve("db"), "--locations", "sql", "--json", "migrate");
        assertThat(utf8.exitCode()).as(utf8.toString()).isZero();
        assertThat(CliJarContract.json(utf8).get("applied").get(0).get("script").asText()).isEqualTo("V1__grüße.sql");
    }

    /**
     * SQLite's driver unpacks its native library into the temporary folder: where that is missing or read-only (a
     * container with a read-only root file system) it printed three stack traces and "Check the URL, user and password".
     */
    @Test
    void sqliteWithoutAWritableTemporaryFolderSaysWhichFolderAndHowToGiveAnother() throws IOException {
        sql("V1__create_a.sql", "CREATE TABLE a (id INT);\n");
        Path missing = work.resolve("no-such-tmp");
        JarRunner.Result result = new JarRunner(work).env("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + missing)
                .run("--url", "jdbc:sqlite:" + work.resolve("app.db"), "--locations", "sql", "migrate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).doesNotContain("\tat ").doesNotContain("Check the URL")
                .contains("SQLite's driver could not load its native library").contains(missing.toString())
                .contains("-Dorg.sqlite.tmpdir=");
    }
}
