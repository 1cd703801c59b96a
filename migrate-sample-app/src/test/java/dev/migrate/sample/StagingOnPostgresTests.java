package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample app in the {@code staging} profile on a real PostgreSQL database, whose URL it reads from
 * {@code DATABASE_URL} as in a deployment. The database is created on the server named by
 * {@code MIGRATE_TEST_POSTGRES_URL} and dropped afterwards; without it the class is skipped, except
 * with {@code CI=true}, where it fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.datasource.hikari.maximum-pool-size=4",
        "sample.security.reader-password=staging-reader", "sample.security.operator-password=staging-operator"})
@ActiveProfiles("staging")
@DirtiesContext
class StagingOnPostgresTests {

    private static final String VARIABLE = "MIGRATE_TEST_POSTGRES_URL";

    private static String adminUrl;
    private static String database;

    @LocalServerPort
    int port;

    @BeforeAll
    static void createDatabase() throws SQLException {
        adminUrl = System.getenv(VARIABLE);
        if (adminUrl == null || adminUrl.isBlank()) {
            String hint = VARIABLE + "=jdbc:postgresql://127.0.0.1:5432/test?user=postgres (or run 'bash .ci/run')";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(VARIABLE + " is not set; with CI=true that is a failure. Set " + hint);
            }
            Assumptions.abort("PostgreSQL test skipped: set " + hint);
        }
        database = "migrate_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    @DynamicPropertySource
    static void databaseUrl(DynamicPropertyRegistry registry) {
        registry.add("DATABASE_URL", () -> withDatabase(adminUrl, database));
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            database = null;
        }
    }

    @Test
    void startsMigratedOnPostgresAndRequiresPlansForWrites() throws SQLException {
        Http http = new Http(port).as("operator", "staging-operator");
        Http.Response status = http.get("/actuator/migrations");
        assertThat(status.status()).isEqualTo(200);
        assertThat((String) status.read("$.environment")).isEqualTo("staging");
        assertThat((String) status.read("$.current")).isEqualTo("6");
        assertThat((Boolean) status.read("$.settings['confirmation.required']")).isTrue();
        assertThat(tablesOf(withDatabase(adminUrl, database))).contains("authors", "books", "migrate_history", "migrate_audit");

        Http.Response health = http.get("/actuator/health");
        assertThat((String) health.read("$.status")).isEqualTo("UP");
        assertThat((String) health.read("$.components.migrations.status")).isEqualTo("UP");
        assertThat((List<String>) http.get("/books").read("$[*].slug")).contains("kindred");

        Http.Response unconfirmed = http.post("/actuator/migrations", "{\"operation\": \"rollback\"}");
        assertThat(unconfirmed.status()).isEqualTo(428);

        String planId = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\", \"target\": \"3\"}")
                .read("$.planId");
        Http.Response rollback = http.post("/actuator/migrations", "{\"operation\": \"rollback\", \"planId\": \"" + planId + "\"}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        assertThat((String) rollback.read("$.toVersion")).isEqualTo("3");

        Http.Response stale = http.post("/actuator/migrations", "{\"operation\": \"rollback\", \"planId\": \"" + planId + "\"}");
        assertThat(stale.status()).isEqualTo(409);

        String migratePlan = http.post("/actuator/migrations", "{\"operation\": \"plan\"}").read("$.planId");
        Http.Response migrate = http.post("/actuator/migrations", "{\"operation\": \"migrate\", \"planId\": \"" + migratePlan + "\"}");
        assertThat(migrate.status()).as(migrate.body()).isEqualTo(200);
        assertThat((String) migrate.read("$.toVersion")).isEqualTo("6");
        assertThat((List<String>) http.get("/books").read("$[*].slug")).contains("kindred");
    }

    private static List<String> tablesOf(String url) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.getMetaData().getTables(null, "public", "%", null)) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static String withDatabase(String url, String name) {
        int authority = url.indexOf("//");
        int query = url.indexOf('?', authority);
        int end = query < 0 ? url.length() : query;
        int path = url.indexOf('/', authority + 2);
        if (path < 0 || path > end) {
            path = end;
        }
        return url.substring(0, path) + "/" + name + url.substring(end);
    }
}
