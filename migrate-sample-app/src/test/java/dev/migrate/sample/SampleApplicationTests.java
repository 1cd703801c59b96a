package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample app as it starts by default (the dev profile, embedded H2), over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.datasource.url=jdbc:h2:mem:sample-tests;DB_CLOSE_DELAY=-1")
class SampleApplicationTests {

    @LocalServerPort
    int port;

    @Test
    void migrationsEndpointShowsEveryKindOfMigrationApplied() {
        Http.Response response = new Http(port).asReader().get("/actuator/migrations");
        assertThat(response.status()).isEqualTo(200);
        assertThat((String) response.read("$.environment")).isEqualTo("dev");
        assertThat((String) response.read("$.current")).isEqualTo("6");
        assertThat((List<String>) response.read("$.applied[*].script")).containsExactly("V1__create_authors_and_books.sql",
                "2_add_isbn_and_year.up.sql", "V3__seed_library.sql", "dev.migrate.sample.migration.V4AddBookSlugs",
                "dev.migrate.sample.migration.V5CreateLoans", "dev.migrate.sample.migration.V6BackfillSortNames",
                "R__book_catalog.sql");
        assertThat((List<String>) response.read("$.applied[*].type")).containsExactly("SQL", "SQL", "SQL", "JAVA", "DSL", "JAVA",
                "REPEATABLE");
        assertThat((List<Boolean>) response.read("$.applied[*].reversible")).containsExactly(true, true, true, true, true, true, false);
        assertThat((List<?>) response.read("$.pending")).isEmpty();
        assertThat((Boolean) response.read("$.settings['clean-allowed']")).isTrue();
    }

    @Test
    void healthIsUpWithTheMigrationsComponent() {
        Http.Response response = new Http(port).get("/actuator/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat((String) response.read("$.status")).isEqualTo("UP");
        assertThat((String) response.read("$.components.migrations.status")).isEqualTo("UP");
        assertThat((String) response.read("$.components.migrations.details.current")).isEqualTo("6");
    }

    @Test
    void detailsOfTheJavaMigration() {
        Http.Response response = new Http(port).asReader().get("/actuator/migrations/4");
        assertThat(response.status()).isEqualTo(200);
        assertThat((String) response.read("$.description")).isEqualTo("add book slugs");
        assertThat((List<String>) response.read("$.dependsOn")).containsExactly("3");
    }

    @Test
    void booksCarryTheSlugsTheJavaMigrationBackfilled() {
        Http http = new Http(port);
        Http.Response books = http.get("/books");
        assertThat(books.status()).isEqualTo(200);
        assertThat((List<String>) books.read("$[*].slug")).contains("a-wizard-of-earthsea", "guards-guards", "kindred");
        Http.Response added = http.post("/books",
                "{\"title\": \"Parable of the Sower\", \"authorId\": 3, \"isbn\": \"9781538732182\", \"publishedYear\": 1993}");
        assertThat(added.status()).isEqualTo(201);
        assertThat((String) http.get("/books/parable-of-the-sower").read("$.author")).isEqualTo("Octavia E. Butler");
    }

    @Test
    void metricsRecordTheStartupMigrations() {
        Http.Response response = new Http(port).asReader().get("/actuator/metrics/migrate.migration?tag=version:4&tag=direction:up");
        assertThat(response.status()).isEqualTo(200);
        assertThat((List<Double>) response.read("$.measurements[?(@.statistic == 'COUNT')].value")).containsExactly(1.0);
    }
}
