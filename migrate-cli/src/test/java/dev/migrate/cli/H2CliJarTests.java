package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The built jar against an H2 file database. */
class H2CliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }

    /**
     * On an H2 that stores unquoted names in lower case ({@code DATABASE_TO_LOWER=TRUE}), the script of plan --sql names
     * the schemas in that case, as migrate does: it wrote {@code "APP"}, H2's default, so the migrations ran in a schema
     * other than the one mark-applied then recorded them in.
     */
    @Test
    void aPlanScriptNamesTheSchemasInTheCaseTheUrlStoresNamesIn() throws Exception {
        db = db.withSettings(";DATABASE_TO_LOWER=TRUE");
        Path dir = Files.createDirectories(work.resolve("lower"));
        write(dir, "V1__items.sql", "CREATE TABLE items (id INT PRIMARY KEY);\n");
        List<String> common = List.of("--locations", dir.toString(), "--schemas", "App,Order");
        JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("CREATE SCHEMA IF NOT EXISTS \"order\";\nCREATE SCHEMA IF NOT EXISTS \"app\";\n"
                + "SET SCHEMA \"app\";\n");
        Path script = work.resolve("lower.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        assertThat(db.count("SELECT COUNT(*) FROM App.items")).isZero();

        assertThat(jar(cli(common, "mark-applied")).exitCode()).isZero();
        JsonNode status = json(jar(cli(common, "--json", "status")));
        assertThat(status.get("current").asString()).isEqualTo("1");
        assertThat(status.get("problems")).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME IN ('APP', 'ORDER')"))
                .as("no schema in H2's default case").isZero();
    }

    /** Ten minutes in {@code Thread.sleep}, run by the holder's JVM, which serves the file (AUTO_SERVER) to the waiter. */
    @Override
    String longStatement() {
        return "CREATE ALIAS IF NOT EXISTS SLEEP_MS FOR 'java.lang.Thread.sleep(long)';\nCALL SLEEP_MS(600000)";
    }
}
