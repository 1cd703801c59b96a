package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.sample.migration.RefreshStatistics;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sample app as it starts by default (the dev profile, embedded H2), over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.datasource.url=jdbc:h2:mem:sample-tests;DB_CLOSE_DELAY=-1")
class SampleApplicationTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

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
    void theJavaCallbackRefreshedTheStatisticsAfterTheStartupMigration(@Autowired RefreshStatistics statistics) {
        assertThat(statistics.ran()).as("once, after the startup migration applied everything").startsWith("ANALYZE");
    }

    @Test
    void dslMigrationCreatedTheLoansTableAndTheSortNameColumn() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData metaData = c.getMetaData();
            assertThat(columns(metaData, "loans")).containsExactly("id", "book_id", "borrower", "borrowed_at", "returned_at");
            assertThat(columns(metaData, "authors")).contains("sort_name");
            List<String> indexed = new ArrayList<>();
            try (ResultSet rs = metaData.getIndexInfo(null, c.getSchema(), stored(metaData, "loans"), false, false)) {
                while (rs.next()) {
                    if (rs.getString("COLUMN_NAME") != null) {
                        indexed.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            assertThat(indexed).contains("borrower");
            try (ResultSet rs = metaData.getImportedKeys(null, c.getSchema(), stored(metaData, "loans"))) {
                assertThat(rs.next()).as("loans.book_id references books").isTrue();
                assertThat(rs.getString("PKTABLE_NAME")).isEqualToIgnoringCase("books");
                assertThat(rs.getString("FKCOLUMN_NAME")).isEqualToIgnoringCase("book_id");
            }
        }
        jdbc.update("INSERT INTO loans (book_id, borrower, borrowed_at) SELECT id, 'ada', CURRENT_TIMESTAMP FROM books"
                + " WHERE isbn = '9780807083697'");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM loans WHERE returned_at IS NULL", Integer.class)).isEqualTo(1);
        jdbc.update("DELETE FROM loans");
    }

    @Test
    void dslMigrationsGeneratedDownUndoesTheOperationsLastFirst() {
        Http.Response response = new Http(port).asReader().get("/actuator/migrations/5");
        assertThat(response.status()).isEqualTo(200);
        List<String> down = response.read("$.down[*].sql");
        assertThat(down).hasSize(3);
        assertThat(down.get(0)).containsIgnoringCase("DROP COLUMN").containsIgnoringCase("sort_name");
        assertThat(down.get(1)).containsIgnoringCase("DROP INDEX");
        assertThat(down.get(2)).containsIgnoringCase("DROP TABLE").containsIgnoringCase("loans");
        List<Object> lines = response.read("$.down[*].line");
        assertThat(lines).as("a generated statement has no line in a file: null, not 0").hasSize(3).containsOnlyNulls();
        assertThat((List<Object>) response.read("$.up[*].line")).isNotEmpty().containsOnlyNulls();
    }

    @Test
    void batchedDataMigrationFilledTheSortNameOfEveryAuthor() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM authors", Integer.class)).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM authors WHERE sort_name IS NULL OR sort_name <> UPPER(name)",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM books b JOIN authors a ON a.id = b.author_id WHERE a.sort_name IS NULL",
                Integer.class)).as("books whose author has no sort name").isZero();
        assertThat(jdbc.queryForObject("SELECT sort_name FROM authors WHERE name = 'Octavia E. Butler'", String.class))
                .isEqualTo("OCTAVIA E. BUTLER");
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

    /** Column names of a table, in order, lower-cased. */
    private static List<String> columns(DatabaseMetaData metaData, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = metaData.getColumns(null, metaData.getConnection().getSchema(), stored(metaData, table), null)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** The name as the database stores an unquoted identifier. */
    private static String stored(DatabaseMetaData metaData, String name) throws SQLException {
        return metaData.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
    }

    @Test
    void metricsRecordTheStartupMigrations() {
        Http.Response response = new Http(port).asReader().get("/actuator/metrics/migrate.migration?tag=version:4&tag=direction:up");
        assertThat(response.status()).isEqualTo(200);
        assertThat((List<Double>) response.read("$.measurements[?(@.statistic == 'COUNT')].value")).containsExactly(1.0);
    }
}
