package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrate.MigrationCallback;
import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import dev.migrate.ValidationException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationScannerTests {

    @TempDir
    Path dir;

    private final MigrationScanner scanner = new MigrationScanner(getClass().getClassLoader());

    private void write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private List<ResolvedMigration> scanDir() {
        return scanner.scan(List.of("filesystem:" + dir), List.of());
    }

    private ValidationException scanDirFails() {
        return catchThrowableOfType(ValidationException.class, this::scanDir);
    }

    @Test
    void findsClasspathDirectoriesRecursivelyAndIgnoresOtherFiles() {
        List<ResolvedMigration> found = scanner.scan(List.of("classpath:db/classpath-test"), List.of());
        assertThat(found).extracting(ResolvedMigration::script).containsExactly("V1__from_classpath.sql", "sub/V2__in_subfolder.sql");
        assertThat(found.get(1).dependsOn()).containsExactly(MigrationVersion.parse("1"));
        assertThat(found.get(0).location()).isEqualTo("classpath:db/classpath-test/V1__from_classpath.sql");
    }

    @Test
    void findsMigrationsInsideJars() throws IOException {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "db/jarred/V1__in_jar.sql", "CREATE TABLE in_jar (id INT);");
            entry(out, "db/jarred/U1__in_jar.sql", "DROP TABLE in_jar;");
            entry(out, "db/jarred/nested/R__view.sql", "CREATE VIEW v AS SELECT 1;");
            entry(out, "db/other/V9__elsewhere.sql", "SELECT 1;");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<ResolvedMigration> found = new MigrationScanner(loader).scan(List.of("classpath:db/jarred/"), List.of());
            assertThat(found).extracting(ResolvedMigration::script).containsExactly("V1__in_jar.sql", "nested/R__view.sql");
            assertThat(found.get(0).isReversible()).isTrue();
            assertThat(((MigrationBody.Sql) found.get(0).down()).text()).isEqualTo("DROP TABLE in_jar;");
            assertThat(found.get(1).type()).isEqualTo(MigrationType.REPEATABLE);
        }
    }

    private static void entry(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream stream = out;
        stream.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    @Test
    void findsJavaMigrationClassesOnTheClasspath() {
        List<ResolvedMigration> found = scanner.scan(List.of("classpath:dev/migrate/discovery/javamigrations"), List.of());
        assertThat(found).extracting(m -> m.version().toString()).containsExactly("3", "4");
        assertThat(found.get(0).description()).isEqualTo("Add widgets");
        assertThat(found.get(0).isReversible()).isFalse();
        assertThat(found.get(1).description()).isEqualTo("seed widgets");
        assertThat(found.get(1).dependsOn()).containsExactly(MigrationVersion.parse("3"));
        assertThat(found.get(1).isReversible()).isTrue();
        assertThat(found).allSatisfy(m -> assertThat(m.type()).isEqualTo(MigrationType.JAVA));
    }

    @Test
    void aMissingLocationHasNoMigrationsAndIsReported() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        List<String> locations = List.of("classpath:db/does-not-exist", "filesystem:" + dir.resolve("nope"), "classpath:db/classpath-test",
                "filesystem:" + dir.resolve("empty"));
        MigrationScanner.ScanResult result = scanner.scanAll(locations, List.of());
        assertThat(result.migrations()).hasSize(2);
        assertThat(result.problems()).isEmpty();
        assertThat(result.missingLocations()).containsExactly("classpath:db/does-not-exist", "filesystem:" + dir.resolve("nope"));
        assertThat(result.missingLocationWarnings().get(0)).isEqualTo("Location classpath:db/does-not-exist does not exist, so no"
                + " migrations were read from it: check the path and the class path");
        assertThat(result.missingLocationWarnings().get(1)).isEqualTo("Location filesystem:" + dir.resolve("nope") + " does not exist,"
                + " so no migrations were read from it: check the path: the deepest folder of it that exists is " + dir);
    }

    /**
     * Flyway's {@code db/migration} means the class path; here a bare location is a folder. Where the folder is
     * missing and the class path has it, the warning says so and gives the location to write, also as the error
     * of fail-on-missing-locations. A bare location the class path does not have either keeps the plain warning.
     */
    @Test
    void aBareLocationMissingOnTheFileSystemButOnTheClassPathSaysToWriteClasspath() {
        assertThat(Files.exists(Path.of("db/classpath-test"))).as("run from the module's folder, which has no db/").isFalse();
        String expected = "Location db/classpath-test does not exist, so no migrations were read from it: a location without"
                + " classpath: or filesystem: is a folder on the file system (relative paths start from the working directory), not"
                + " the class path as in Flyway. The class path has db/classpath-test: write classpath:db/classpath-test to read the"
                + " migrations there";
        MigrationScanner.ScanResult result = scanner.scanAll(List.of("db/classpath-test", "db/nowhere"), List.of());
        assertThat(result.migrations()).isEmpty();
        assertThat(result.missingLocations()).containsExactly("db/classpath-test", "db/nowhere");
        Path workingDirectory = Path.of("").toAbsolutePath();
        assertThat(result.missingLocationWarnings()).containsExactly(expected, "Location db/nowhere does not exist, so no migrations"
                + " were read from it: check the path (relative paths start from the working directory, " + workingDirectory
                + ", so it is " + workingDirectory.resolve("db/nowhere") + "): the deepest folder of it that exists is "
                + workingDirectory);

        ValidationException failing = catchThrowableOfType(ValidationException.class,
                () -> new MigrationScanner(getClass().getClassLoader()).failOnMissingLocations(true).scan(List.of("db/classpath-test"),
                        List.of()));
        assertThat(failing.problems()).containsExactly(expected + " (fail-on-missing-locations is on)");
    }

    @Test
    void aLocationInAJarWithoutDirectoryEntriesExists() throws IOException {
        Path jar = dir.resolve("flat.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "db/flat/V1__flat.sql", "SELECT 1;");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ResourceScanner resources = new ResourceScanner(loader);
            assertThat(resources.exists("classpath:db/flat")).isTrue();
            assertThat(resources.exists("classpath:db/flat/")).isTrue();
            assertThat(resources.exists("classpath:db/fla")).isFalse();
            assertThat(resources.exists("classpath:db/other")).isFalse();
        }
    }

    @Test
    void readsDirectivesAndSections() throws IOException {
        write("V1__concurrently.sql", "-- migrate:no-transaction\n-- migrate:depends-on 0.5, 0.7\n\nCREATE INDEX CONCURRENTLY i ON t (c);\n");
        write("V0_5__a.sql", "SELECT 1;");
        write("V0_7__b.sql", "SELECT 1;");
        write("V2__sections.sql", "-- header comment\n-- migrate:up\nCREATE TABLE s (id INT);\n-- migrate:down\nDROP TABLE s;\n");
        List<ResolvedMigration> found = scanDir();
        ResolvedMigration concurrently = found.get(2);
        assertThat(((MigrationBody.Sql) concurrently.up()).noTransaction()).isTrue();
        assertThat(concurrently.dependsOn()).extracting(MigrationVersion::toString).containsExactly("0.5", "0.7");
        ResolvedMigration sections = found.get(3);
        MigrationBody.Sql up = (MigrationBody.Sql) sections.up();
        MigrationBody.Sql down = (MigrationBody.Sql) sections.down();
        assertThat(up.text()).isEqualTo("CREATE TABLE s (id INT);\n");
        assertThat(up.firstLine()).isEqualTo(3);
        assertThat(down.text()).isEqualTo("DROP TABLE s;\n");
        assertThat(down.firstLine()).isEqualTo(5);
    }

    /**
     * A space after the colon is read as the other directives read it: the versions were taken from a fixed offset of the
     * line, and "-- migrate: depends-on 1" failed with "'n' is not a migration version".
     */
    @Test
    void dependsOnReadsItsVersionsWithASpaceAfterTheColon() throws IOException {
        write("V1__a.sql", "SELECT 1;");
        write("V2__b.sql", "SELECT 1;");
        write("V3__c.sql", "-- migrate: depends-on 1, 2\n-- MIGRATE:DEPENDS-ON 1\n-- migrate:   depends-on\t2\nSELECT 1;\n");
        ResolvedMigration c = scanDir().get(2);
        assertThat(c.dependsOn()).extracting(MigrationVersion::toString).containsExactly("1", "2", "1", "2");
    }

    /**
     * The spellings a hand writes for the prefix ({@code --migrate:}, {@code --  migrate :}) are directives too: they
     * were plain comments, so a mistyped depends-on was dropped without a word and the migration could run first, and a
     * mistyped down section ran as part of the up.
     */
    @Test
    void directivesWrittenWithoutOrWithMoreSpacesAreReadTheSame() throws IOException {
        write("V1__a.sql", "SELECT 1;");
        write("V2__b.sql", "--migrate:depends-on 1\n--  migrate :irreversible\nSELECT 2;\n");
        write("V3__c.sql", "--Migrate:up\nCREATE TABLE c (id INT);\n--\tmigrate:down\nDROP TABLE c;\n");
        write("V4__d.sql", "--migrate:dependson 1\nSELECT 1;\n");
        MigrationScanner.ScanResult result = scanner.scanAll(List.of("filesystem:" + dir), List.of());
        ResolvedMigration b = result.migrations().get(1);
        assertThat(b.dependsOn()).extracting(MigrationVersion::toString).containsExactly("1");
        assertThat(b.declaredIrreversible()).isTrue();
        ResolvedMigration c = result.migrations().get(2);
        assertThat(c.down()).as("the down section").isNotNull();
        assertThat(result.problems()).singleElement().asString().contains("V4__d.sql").contains("line 1")
                .contains("unknown directive");
        // Still text where the line is part of a statement.
        write("V5__e.sql", "SELECT '\n--migrate:depends-on 9\n';\n");
        assertThat(scanner.scanAll(List.of("filesystem:" + dir), List.of()).migrations().get(3).dependsOn()).isEmpty();
    }

    @Test
    void environmentsDirectiveNamesWhereAMigrationRuns() throws IOException {
        write("V1__samples.sql", "-- migrate:environments Dev, staging\nINSERT INTO t VALUES (1);\n");
        write("V2__everywhere.sql", "CREATE TABLE u (id INT);\n");
        List<ResolvedMigration> found = scanDir();
        assertThat(found.get(0).environments()).containsExactly("dev", "staging");
        assertThat(found.get(0).runsIn("DEV")).isTrue();
        assertThat(found.get(0).runsIn("prod")).isFalse();
        assertThat(found.get(1).environments()).isEmpty();
        assertThat(found.get(1).runsIn("prod")).isTrue();

        write("V1__samples.sql", "-- migrate:environments\nINSERT INTO t VALUES (1);\n");
        assertThat(scanDirFails().problems()).singleElement().asString().contains("V1__samples.sql")
                .contains("line 1: -- migrate:environments needs the environments it runs in");
        write("V1__samples.sql", "-- migrate:environments dev; prod\nINSERT INTO t VALUES (1);\n");
        assertThat(scanDirFails().problems()).singleElement().asString().contains("'dev;' is not an environment name");
        write("V1__samples.sql", "INSERT INTO t VALUES (1);\n-- migrate:environments dev\n");
        assertThat(scanDirFails().problems()).singleElement().asString()
                .contains("line 2: -- migrate:environments dev must stand at the top of the file");
        write("V1__samples.sql", "-- migrate:environments dev\nINSERT INTO t VALUES (1);\n");
        write("U1__samples.sql", "-- migrate:environments dev\nDELETE FROM t;\n");
        assertThat(scanDirFails().problems()).singleElement().asString().contains("U1__samples.sql says -- migrate:environments")
                .contains("it belongs in");
    }

    @Test
    void skipIfDirectiveKeepsItsQueryAsWrittenWithItsLine() throws IOException {
        write("V1__made_by_hand.sql", "-- first a comment\n-- Migrate:Skip-If SELECT COUNT(*) FROM Books WHERE Id = ${id};;\n"
                + "CREATE INDEX i ON books (id);\n");
        write("V2__plain.sql", "CREATE TABLE u (id INT);\n");
        List<ResolvedMigration> found = scanDir();
        assertThat(found.get(0).up()).isInstanceOfSatisfying(MigrationBody.Sql.class, sql -> {
            assertThat(sql.skipIf()).isEqualTo("SELECT COUNT(*) FROM Books WHERE Id = ${id}");
            assertThat(sql.skipIfLine()).isEqualTo(2);
        });
        assertThat(found.get(1).up()).isInstanceOfSatisfying(MigrationBody.Sql.class, sql -> assertThat(sql.skipIf()).isNull());

        write("V1__made_by_hand.sql", "-- migrate:skip-if ;\nCREATE INDEX i ON books (id);\n");
        assertThat(scanDirFails().problems()).singleElement().asString().contains("V1__made_by_hand.sql")
                .contains("line 1: -- migrate:skip-if needs a query, such as SELECT COUNT(*) FROM books");
        write("V1__made_by_hand.sql", "-- migrate:skip-if SELECT 1\n-- migrate:skip-if SELECT 2\nCREATE INDEX i ON books (id);\n");
        assertThat(scanDirFails().problems()).singleElement().asString().contains("line 2 repeats -- migrate:skip-if (line 1)");
        write("V1__made_by_hand.sql", "CREATE INDEX i ON books (id);\n-- migrate:skip-if SELECT 1\n");
        assertThat(scanDirFails().problems()).singleElement().asString().contains("line 2: -- migrate:skip-if SELECT 1 must stand at"
                + " the top of the file");
        write("V1__made_by_hand.sql", "CREATE INDEX i ON books (id);\n");
        write("U1__made_by_hand.sql", "-- migrate:skip-if SELECT 1\nDROP INDEX i;\n");
        assertThat(scanDirFails().problems()).singleElement().asString()
                .contains("U1__made_by_hand.sql says -- migrate:skip-if (line 1): it belongs in");
    }

    @Test
    void checksumCoversTheUpPartWithNormalisedLineEndings() throws IOException {
        write("V1__a.sql", "-- migrate:up\nCREATE TABLE a (id INT);\n-- migrate:down\nDROP TABLE a;\n");
        int before = scanDir().get(0).checksum();
        write("V1__a.sql", "-- migrate:up\r\nCREATE TABLE a (id INT);\r\n-- migrate:down\r\nDROP TABLE a CASCADE;\r\n");
        assertThat(scanDir().get(0).checksum()).isEqualTo(before);
        write("V1__a.sql", "-- migrate:up\nCREATE TABLE a (id BIGINT);\n-- migrate:down\nDROP TABLE a;\n");
        assertThat(scanDir().get(0).checksum()).isNotEqualTo(before);
        assertThat(MigrationScanner.checksum("\uFEFFx\r\ny\rz")).isEqualTo(MigrationScanner.checksum("x\ny\nz"));
        // Text without CR takes a one-pass path; text with CR the normalising one: same checksum.
        String wide = "INSERT INTO t VALUES ('caf\u00e9 \u20ac \uD83D\uDE00');\n";
        assertThat(MigrationScanner.checksum(wide.replace("\n", "\r\n"))).isEqualTo(MigrationScanner.checksum(wide));
        assertThat(MigrationScanner.checksum("\uFEFF" + wide)).isEqualTo(MigrationScanner.checksum(wide));
        // A long text is encoded a slice at a time: the same CRC32 as its whole UTF-8 bytes, also with a
        // character outside the BMP across a slice boundary at any offset.
        for (int pad = 65_530; pad < 65_540; pad++) {
            String longText = "x".repeat(pad) + "\uD83D\uDE00 caf\u00e9\n".repeat(3) + "y".repeat(70_000);
            java.util.zip.CRC32 whole = new java.util.zip.CRC32();
            whole.update(longText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(MigrationScanner.checksum(longText)).as("pad %d", pad).isEqualTo((int) whole.getValue());
            assertThat(MigrationScanner.checksum(longText.replace("\n", "\r\n"))).isEqualTo((int) whole.getValue());
        }
    }

    @Test
    void reverseFilesArePairedWithoutBeingReadWhenNotNeeded() throws IOException {
        write("V1__a.sql", "CREATE TABLE a (id INT);\n");
        Files.write(dir.resolve("U1__a.sql"), new byte[] {'D', 'R', 'O', 'P', ' ', (byte) 0xE9});
        write("2_b.up.sql", "CREATE TABLE b (id INT);\n");
        write("2_b.down.sql", "DROP TABLE b;\n");

        List<ResolvedMigration> forMigrate = scanner.scan(List.of("filesystem:" + dir), List.of(), false);
        assertThat(forMigrate).extracting(ResolvedMigration::isReversible).containsExactly(true, true);
        assertThat(forMigrate).extracting(m -> ((MigrationBody.Sql) m.down()).text()).containsExactly("", "");

        assertThat(scanDirFails().problems()).singleElement().asString().contains("U1__a.sql").contains("UTF-8");
        write("U1__a.sql", "DROP TABLE a;\n");
        assertThat(scanDir()).extracting(m -> ((MigrationBody.Sql) m.down()).text()).containsExactly("DROP TABLE a;\n", "DROP TABLE b;\n");
        // A second reverse of the same version is still found without reading either.
        write("1_a.down.sql", "DROP TABLE a;\n");
        assertThatThrownBy(() -> scanner.scan(List.of("filesystem:" + dir), List.of(), false))
                .hasMessageContaining("are both the reverse of version 1");
    }

    @dev.migrate.MigrationInfo(version = "5", environments = {"dev", " Staging "})
    public static class SampleData implements dev.migrate.JavaMigration {
        @Override
        public void up(dev.migrate.MigrationContext context) {
        }
    }

    @dev.migrate.MigrationInfo(version = "6", environments = {"dev staging"})
    public static class BadEnvironments implements dev.migrate.JavaMigration {
        @Override
        public void up(dev.migrate.MigrationContext context) {
        }
    }

    @Test
    void aJavaMigrationNamesItsEnvironmentsInItsAnnotation() {
        assertThat(scanner.scan(List.of(), List.of(new SampleData())).get(0).environments()).containsExactly("dev", "staging");
        assertThatThrownBy(() -> scanner.scan(List.of(), List.of(new BadEnvironments())))
                .hasMessageContaining("@MigrationInfo environments: 'dev staging' is not an environment name");
    }

    /**
     * Two instances of one class claim one version; the second silently replaced the first. The same instance given
     * twice is one migration.
     */
    @Test
    void twoInstancesOfOneJavaMigrationClassAreRefusedByName() {
        SampleData once = new SampleData();
        assertThat(scanner.scan(List.of(), List.of(once, once))).hasSize(1);
        assertThatThrownBy(() -> scanner.scan(List.of(), List.of(new SampleData(), new SampleData())))
                .isInstanceOf(dev.migrate.ValidationException.class)
                .hasMessageContaining("Java migration " + SampleData.class.getName() + " is given twice, as two instances of one"
                        + " class: its version comes from the class, so only one of them can run");
    }

    /** A Java migration whose version the history table could not store. */
    @dev.migrate.MigrationInfo(version = "2024.01.26.100000.12345678901234567890123456789012345")
    public static class LongVersion implements dev.migrate.JavaMigration {
        @Override
        public void up(dev.migrate.MigrationContext context) {
        }
    }

    @Test
    void aVersionLongerThanTheHistoryColumnIsRefusedByName() throws IOException {
        String fifty = "1".repeat(MigrationVersion.MAX_LENGTH);
        String fiftyOne = "2".repeat(MigrationVersion.MAX_LENGTH + 1);
        write("V" + fifty + "__fits.sql", "SELECT 1;");
        // Leading zeros are not stored, so they do not count.
        write("V" + "0".repeat(60) + "3__zeros.sql", "SELECT 1;");
        write("V" + fiftyOne + "__too_long.sql", "SELECT 1;");
        ValidationException e = scanDirFails();
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("V" + fiftyOne + "__too_long.sql: version " + fiftyOne + " is 51 characters long")
                .contains("the history table stores at most 50: give it a shorter version"));

        ValidationException java = catchThrowableOfType(ValidationException.class,
                () -> scanner.scan(List.of(), List.of(new LongVersion())));
        assertThat(java.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("Java migration " + LongVersion.class.getName() + ": version 2024.1.26.100000.")
                .contains("is 52 characters long"));
    }

    @Test
    void invalidUtf8IsRefusedByName() throws IOException {
        Files.write(dir.resolve("V1__latin1.sql"), new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xE9, '\''});
        assertThat(scanDirFails().getMessage()).contains("V1__latin1.sql is not valid UTF-8")
                .contains("name it in a file V1__latin1.sql.conf beside it: encoding=ISO-8859-1");
    }

    @Test
    void aMariaDbDumpWithRawBinaryValuesIsRefusedWithTheLineAndTheDumpOptionThatAvoidsIt() throws IOException {
        // mariadb-dump output without --hex-blob: a BLOB value is written as raw bytes (0xFF), not UTF-8.
        try (var dump = getClass().getResourceAsStream("/dumps/mariadb-without-hex-blob.sql")) {
            Files.write(dir.resolve("V1__baseline.sql"), dump.readAllBytes());
        }
        assertThat(scanDirFails().getMessage()).contains("V1__baseline.sql is not valid UTF-8 (line 41)")
                .contains("mariadb-dump").contains("--hex-blob").doesNotContain("encoding=ISO-8859-1");
    }

    @Test
    void theLineOfTheFirstByteThatIsNotUtf8IsNamed() throws IOException {
        Files.write(dir.resolve("V1__latin1.sql"), new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '1', ';', '\n', '-', '-', ' ', (byte) 0xE9});
        assertThat(scanDirFails().getMessage()).contains("V1__latin1.sql is not valid UTF-8 (line 2): save it with UTF-8");
    }

    @Test
    void aScriptConfigurationFileSetsTheTransactionModeOfItsScriptOnly() throws IOException {
        write("V1__plain.sql", "CREATE TABLE a (id INT);");
        write("V2__enum.sql", "ALTER TYPE mood ADD VALUE 'calm';");
        write("V2__enum.sql.conf", "# copied from Flyway\n\n executeInTransaction = FALSE \r\n");
        write("U2__enum.sql", "SELECT 1;");
        write("U2__enum.sql.conf", "executeInTransaction:true");
        write("sub/V3__x.sql", "-- migrate:up\nSELECT 3;\n-- migrate:down\nSELECT 4;\n");
        write("sub/V3__x.sql.conf", "executeInTransaction=false");
        List<ResolvedMigration> found = scanDir();

        MigrationBody.Sql plain = (MigrationBody.Sql) found.get(0).up();
        assertThat(plain.inTransaction()).isNull();
        assertThat(plain.transactionSetting()).isNull();
        MigrationBody.Sql up = (MigrationBody.Sql) found.get(1).up();
        assertThat(up.noTransaction()).isTrue();
        assertThat(up.transactionSetting()).isEqualTo("V2__enum.sql.conf says executeInTransaction=false");
        MigrationBody.Sql down = (MigrationBody.Sql) found.get(1).down();
        assertThat(down.transactionRequired()).isTrue();
        assertThat(down.transactionSetting()).isEqualTo("U2__enum.sql.conf says executeInTransaction=true");
        // Both sections of a file with up and down follow its configuration.
        assertThat(((MigrationBody.Sql) found.get(2).up()).noTransaction()).isTrue();
        assertThat(((MigrationBody.Sql) found.get(2).down()).noTransaction()).isTrue();
        // The configuration is not part of the script: it does not change the checksum.
        write("V2__enum.sql.conf", "executeInTransaction=true");
        assertThat(scanDir().get(1).checksum()).isEqualTo(found.get(1).checksum());
    }

    /** A Flyway project with its own names: migrations, reverses, callbacks and configuration files follow them. */
    @Test
    void scriptsAreFoundByTheConfiguredNaming() throws IOException {
        write("M1-create_a.pgsql", "CREATE TABLE a (id INT);");
        write("M1-create_a.pgsql.conf", "executeInTransaction=false");
        write("Undo1-create_a.pgsql", "DROP TABLE a;");
        write("M2-b.sql", "CREATE TABLE b (id INT);");
        write("Rep-view.pgsql", "CREATE VIEW v AS SELECT 1;");
        write("afterMigrate-grants.pgsql", "GRANT SELECT ON a TO app;");
        write("V3__default_name.sql", "SELECT 3;");
        write("notes.txt", "not a script");
        MigrationScanner scanner = new MigrationScanner(getClass().getClassLoader())
                .naming(new MigrationNaming("M", "Undo", "Rep", "-", List.of(".pgsql", ".sql")));
        assertThat(scanner.scanAll(List.of("filesystem:" + dir), List.of()).problems()).singleElement().asString().contains("V3__default_name.sql is not a migration name: name it"
                + " M<version>-<description>.pgsql");

        Files.delete(dir.resolve("V3__default_name.sql"));
        MigrationScanner.ScanResult result = scanner.scanAll(List.of("filesystem:" + dir), List.of());
        assertThat(result.migrations()).extracting(m -> m.version() == null ? "R" : m.version().toString(), ResolvedMigration::description)
                .containsExactly(tuple("1", "create a"), tuple("2", "b"), tuple("R", "view"));
        ResolvedMigration first = result.migrations().get(0);
        assertThat(((MigrationBody.Sql) first.up()).noTransaction()).isTrue();
        assertThat(((MigrationBody.Sql) first.down()).text()).isEqualTo("DROP TABLE a;");
        assertThat(result.callbacks()).singleElement().satisfies(c -> {
            assertThat(c.event()).isEqualTo(MigrationCallback.Event.AFTER_MIGRATE);
            assertThat(c.fileName()).isEqualTo("afterMigrate-grants.pgsql");
        });
    }

    @Test
    void aScriptConfigurationFileGivesTheScriptsEncoding() throws IOException {
        byte[] latin1 = "INSERT INTO t VALUES ('caf\u00e9');".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("V1__latin1.sql"), latin1);
        write("V1__latin1.sql.conf", "encoding=ISO-8859-1\n");
        assertThat(((MigrationBody.Sql) scanDir().get(0).up()).text()).isEqualTo("INSERT INTO t VALUES ('caf\u00e9');");

        // Bytes that are not text in the named encoding are refused, naming it.
        Files.write(dir.resolve("V1__latin1.sql"), new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', (byte) 0x81});
        write("V1__latin1.sql.conf", "encoding=windows-1252\n");
        assertThat(scanDirFails().getMessage()).contains("V1__latin1.sql is not valid windows-1252")
                .contains("the encoding V1__latin1.sql.conf gives");
    }

    /** Flyway's encoding setting: every script in it, unless its .sql.conf names another. */
    @Test
    void theEncodingSettingAppliesToEveryScriptWithoutOneOfItsOwn() throws IOException {
        Files.write(dir.resolve("V1__latin1.sql"), "INSERT INTO t VALUES ('caf\u00e9');".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("afterMigrate.sql"), "UPDATE t SET c = '\u00e0';".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("V2__utf8.sql"), "INSERT INTO t VALUES ('na\u00efve');".getBytes(StandardCharsets.UTF_8));
        write("V2__utf8.sql.conf", "encoding=UTF-8\n");
        MigrationScanner latin1 = new MigrationScanner(getClass().getClassLoader()).encoding(StandardCharsets.ISO_8859_1);

        MigrationScanner.ScanResult result = latin1.scanAll(List.of("filesystem:" + dir), List.of());
        assertThat(result.problems()).isEmpty();
        assertThat(result.migrations()).extracting(m -> ((MigrationBody.Sql) m.up()).text())
                .containsExactly("INSERT INTO t VALUES ('caf\u00e9');", "INSERT INTO t VALUES ('na\u00efve');");
        assertThat(result.callbacks()).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo("UPDATE t SET c = '\u00e0';"));
        assertThat(scanDirFails().problems()).as("UTF-8 by default").anySatisfy(p -> assertThat(p).contains("V1__latin1.sql is not valid UTF-8"));

        Files.write(dir.resolve("V1__latin1.sql"), new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', (byte) 0x81});
        MigrationScanner cp1252 = new MigrationScanner(getClass().getClassLoader()).encoding(java.nio.charset.Charset.forName("windows-1252"));
        assertThat(cp1252.scanAll(List.of("filesystem:" + dir), List.of()).problems()).anySatisfy(p -> assertThat(p)
                .contains("V1__latin1.sql is not valid windows-1252, the encoding setting (migrate.encoding, --encoding) gives"));
    }

    @Test
    void aBadOrStrayScriptConfigurationFileIsAnErrorNamingItsFileAndLine() throws IOException {
        write("V1__a.sql", "SELECT 1;");
        write("V1__a.sql.conf", "executeInTransaction=false\nexecuteInTransation=true\n");
        write("V2__b.sql", "SELECT 2;");
        write("V2__b.sql.conf", "encoding=EBCDIC-XYZ");
        write("V3__c.sql", "SELECT 3;");
        write("V3__c.sql.conf", "shouldExecute=false");
        write("V4__d.sql", "-- migrate:no-transaction\nSELECT 4;");
        write("V4__d.sql.conf", "executeInTransaction=true");
        write("V5__e.sql", "SELECT 5;");
        write("V5__e.sql.conf", "just some text");
        write("V6__gone.sql.conf", "executeInTransaction=false");
        write("notes.conf", "not a script's configuration: ignored");
        ValidationException e = scanDirFails();
        assertThat(e.problems()).hasSize(6);
        assertThat(e.getMessage())
                .contains("V1__a.sql.conf: line 2: unknown setting 'executeInTransation': a script's configuration file takes"
                        + " executeInTransaction, encoding and placeholderReplacement")
                .contains("V2__b.sql.conf: line 1: encoding 'EBCDIC-XYZ' is not a character set this Java knows")
                .contains("V3__c.sql.conf: line 1: unknown setting 'shouldExecute' (a Flyway Teams setting")
                .contains("V4__d.sql: it says -- migrate:no-transaction, but V4__d.sql.conf says executeInTransaction=true")
                .contains("V5__e.sql.conf: line 1 is not a setting: write key=value")
                .contains("V6__gone.sql.conf configures V6__gone.sql, which is not in the same folder");
    }

    @Test
    void aCallbacksConfigurationFileSetsItsTransactionMode() throws IOException {
        write("V1__a.sql", "SELECT 1;");
        write("afterMigrate.sql", "VACUUM;");
        write("afterMigrate.sql.conf", "executeInTransaction=false");
        MigrationScanner.ScanResult result = scanner.scanForMigrate(List.of("filesystem:" + dir), List.of(), false);
        assertThat(result.callbacks()).singleElement().satisfies(c -> {
            assertThat(c.inTransaction()).isFalse();
            assertThat(c.transactionSetting()).isEqualTo("afterMigrate.sql.conf says executeInTransaction=false");
        });
    }

    @Test
    void directiveLinesInsideABlockCommentOrAStringAreText() throws IOException {
        String commentedOut = """
                CREATE TABLE feature_flags (name text PRIMARY KEY, enabled boolean);
                /* Not reversible any more since V7; kept for reference:
                -- migrate:down
                DROP TABLE feature_flags;
                -- migrate:no-such-directive
                */
                INSERT INTO feature_flags VALUES ('dark_mode', false);
                """;
        String example = """
                CREATE TABLE notes (id int, body text);
                INSERT INTO notes VALUES (1, 'How to write a reversible file:
                  -- migrate:up
                CREATE TABLE ...;
                -- migrate:down
                DROP TABLE ...;');
                """;
        write("V1__commented_out.sql", commentedOut);
        write("V2__example.sql", example);

        List<ResolvedMigration> found = scanDir();

        assertThat(found).extracting(m -> ((MigrationBody.Sql) m.up()).text()).containsExactly(commentedOut, example);
        assertThat(found).extracting(ResolvedMigration::down).containsOnlyNulls();
    }

    /**
     * A -- migrate: comment inside a PostgreSQL function's dollar quote, or inside a stored program's BEGIN ... END, is
     * part of the statement, for every database's reading; the section lines between statements still count.
     */
    @Test
    void directiveLinesInsideADollarQuotedBodyOrAStoredProgramAreText() throws IOException {
        String function = """
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                  NEW.updated := now();
                -- migrate:down
                  -- migrate:no-transaction
                  -- migrate:todo: a generated column instead
                  RETURN NEW;
                END
                $body$;
                """;
        String procedure = "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  -- migrate:down\n  SELECT 2;\nEND;\n";
        String delimited = "DELIMITER $$\nCREATE PROCEDURE a() BEGIN SELECT 1; END $$\nCREATE PROCEDURE b() BEGIN\n"
                + "  -- migrate:irreversible\n  SELECT 2;\nEND $$\nDELIMITER ;\n";
        String delimitedDown = "DROP PROCEDURE b;\nDELIMITER $$\nCREATE PROCEDURE b() BEGIN SELECT 3; END $$\nDELIMITER ;\n";
        write("V1__function.sql", "-- migrate:up\n" + function + "-- migrate:down\nDROP FUNCTION touch();\n");
        write("V2__procedure.sql", "-- migrate:up\n" + procedure + "-- migrate:down\nDROP PROCEDURE p;\n");
        write("V3__delimited.sql", "-- migrate:up\n" + delimited + "-- migrate:down\n" + delimitedDown);

        List<ResolvedMigration> found = scanDir();

        assertThat(found).extracting(m -> ((MigrationBody.Sql) m.up()).text()).containsExactly(function, procedure, delimited);
        assertThat(found).extracting(m -> ((MigrationBody.Sql) m.down()).text())
                .containsExactly("DROP FUNCTION touch();\n", "DROP PROCEDURE p;\n", delimitedDown);
        assertThat(found).extracting(m -> ((MigrationBody.Sql) m.up()).noTransaction()).containsOnly(false);
    }

    @Test
    void aQuoteNeverClosedHidesNoDirective() throws IOException {
        // the splitter refuses the up section, naming it, and the down is split only when it runs
        write("V1__broken.sql", "-- migrate:up\nINSERT INTO t VALUES ('never closed);\n-- migrate:down\nDELETE FROM t;\n");

        ResolvedMigration broken = scanDir().get(0);

        assertThat(((MigrationBody.Sql) broken.up()).text()).isEqualTo("INSERT INTO t VALUES ('never closed);\n");
        assertThat(((MigrationBody.Sql) broken.down()).text()).isEqualTo("DELETE FROM t;\n");
    }

    @Test
    void aQuoteThatOnlyAnotherDatabaseWouldOpenHidesNoDirective() throws IOException {
        // MySQL: # and \' hide these quotes; read by other rules, they would open a string over the down
        write("V1__mysql.sql", """
                -- migrate:up
                # don't forget the index
                INSERT INTO t VALUES ('it\\'s');
                -- migrate:down
                DELETE FROM t;
                """);
        // PostgreSQL: a block comment that nests, closed where MySQL and SQLite find it closed already
        write("V2__nested.sql", """
                -- migrate:up
                /* outer /* inner */
                -- migrate:down
                */
                """);

        List<ResolvedMigration> found = scanDir();

        assertThat(((MigrationBody.Sql) found.get(0).up()).text()).isEqualTo("# don't forget the index\nINSERT INTO t VALUES ('it\\'s');\n");
        assertThat(((MigrationBody.Sql) found.get(0).down()).text()).isEqualTo("DELETE FROM t;\n");
        assertThat(((MigrationBody.Sql) found.get(1).down()).text()).isEqualTo("*/\n");
    }

    @Test
    void unknownDirectiveIsRefusedWithItsLine() throws IOException {
        write("V1__typo.sql", "-- migrate:no-transactoin\nSELECT 1;");
        assertThat(scanDirFails().getMessage()).contains("V1__typo.sql").contains("line 1").contains("unknown directive");
    }

    @Test
    void directiveAfterAStatementIsRefused() throws IOException {
        write("V1__late.sql", "SELECT 1;\n-- migrate:no-transaction\n");
        assertThat(scanDirFails().getMessage()).contains("line 2").contains("must stand at the top of the file");
    }

    @Test
    void reverseWithoutMigrationIsRefused() throws IOException {
        write("U4__orphan.sql", "DROP TABLE x;");
        write("5_orphan.down.sql", "DROP TABLE y;");
        ValidationException e = scanDirFails();
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).contains("U4__orphan.sql reverses version 4, but no migration has that version")
                .contains("5_orphan.down.sql reverses version 5");
    }

    @Test
    void twoReversesForOneVersionAreRefused() throws IOException {
        write("V1__a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n");
        write("U1__a.sql", "SELECT 3;");
        assertThat(scanDirFails().getMessage()).contains("Version 1 has a down section").contains("U1__a.sql");
    }

    @Test
    void irreversibleWithADownIsRefused() throws IOException {
        write("V1__a.sql", "-- migrate:irreversible\nSELECT 1;");
        write("U1__a.sql", "SELECT 2;");
        assertThat(scanDirFails().getMessage()).contains("says -- migrate:irreversible but has a reverse");
    }

    @Test
    void reportsEveryProblemAtOnce() throws IOException {
        write("V1__a.sql", "SELECT 1;");
        write("1_a.up.sql", "SELECT 1;");
        write("bad-name.sql", "SELECT 1;");
        write("R__x.sql", "SELECT 1;");
        write("sub/R__x.sql", "SELECT 1;");
        ValidationException e = scanDirFails();
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("Version 1 is used twice").contains("bad-name.sql is not a migration name")
                .contains("Repeatable migrations").contains("have the same description");
    }
}
