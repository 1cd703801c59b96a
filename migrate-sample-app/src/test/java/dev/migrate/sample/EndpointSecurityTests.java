package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The configuration in {@link SecurityConfiguration} over real HTTP: who may read and who may write
 * {@code /actuator/migrations}, and what the endpoint refuses whoever asks. Every connection the
 * application takes from its DataSource is counted, so "rejected before any SQL" is checked, not assumed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:endpoint-security-tests;DB_CLOSE_DELAY=-1")
class EndpointSecurityTests {

    private static final String STATUS = "/actuator/migrations";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CountingDataSource connections;

    @TestConfiguration(proxyBeanMethods = false)
    static class CountConnections {

        /** Wraps the application's DataSource, so every bean, the Migrator included, goes through the count. */
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource && !(bean instanceof CountingDataSource)
                            ? new CountingDataSource(dataSource) : bean;
                }
            };
        }
    }

    /** A DataSource that counts the connections handed out. */
    static final class CountingDataSource extends DelegatingDataSource {
        private final AtomicInteger opened = new AtomicInteger();

        CountingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            opened.incrementAndGet();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            opened.incrementAndGet();
            return super.getConnection(username, password);
        }

        int opened() {
            return opened.get();
        }
    }

    /** The version the application migrated to at startup. */
    private String latest;

    @BeforeEach
    void latestVersion() {
        latest = currentVersion();
        assertThat(latest).isNotNull();
    }

    @AfterEach
    void backToTheLatestVersion() {
        Http.Response status = new Http(port).asOperator().post(STATUS, "{\"operation\": \"migrate\"}");
        assertThat(status.status()).as(status.body()).isEqualTo(200);
    }

    @Test
    void anonymousCallerMayProbeHealthButNotReadOrChangeMigrations() {
        Http anonymous = new Http(port);
        int audit = auditRows();
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get(STATUS).status()).isEqualTo(401);
        assertThat(anonymous.get(STATUS + "/1").status()).isEqualTo(401);
        for (String body : writes()) {
            assertThat(anonymous.post(STATUS, body).status()).as(body).isEqualTo(401);
        }
        assertThat(currentVersion()).isEqualTo(latest);
        assertThat(auditRows()).isEqualTo(audit);
    }

    @Test
    void readOnlyCallerMayReadButNotMigrateOrRollBack() {
        Http reader = new Http(port).asReader();
        int audit = auditRows();
        assertThat(reader.get(STATUS).status()).isEqualTo(200);
        assertThat(reader.get(STATUS + "/1").status()).isEqualTo(200);
        for (String body : writes()) {
            assertThat(reader.post(STATUS, body).status()).as(body).isEqualTo(403);
        }
        assertThat(currentVersion()).isEqualTo(latest);
        assertThat(auditRows()).isEqualTo(audit);
    }

    @Test
    void wrongPasswordIsRefused() {
        Http impostor = new Http(port).as("operator", "reader");
        assertThat(impostor.post(STATUS, "{\"operation\": \"rollback\"}").status()).isEqualTo(401);
        assertThat(currentVersion()).isEqualTo(latest);
    }

    @Test
    void operatorMayRollBackAndTheAuditTrailNamesThem() {
        Http.Response rollback = new Http(port).asOperator().post(STATUS, "{\"operation\": \"rollback\"}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        assertThat((String) rollback.read("$.performedBy")).isEqualTo("operator");
        assertThat((String) rollback.read("$.fromVersion")).isEqualTo(latest);
        assertThat(currentVersion()).isEqualTo(rollback.read("$.toVersion")).isNotEqualTo(latest);
        Map<String, Object> last = jdbc.queryForMap(
                "SELECT operation, performed_by FROM migrate_audit ORDER BY id DESC FETCH FIRST 1 ROW ONLY");
        assertThat(last.get("PERFORMED_BY")).isEqualTo("operator");
    }

    @Test
    void planIdIsRefusedOnceItsPlanHasRun() {
        Http operator = new Http(port).asOperator();
        String rollbackPlan = operator.post(STATUS, "{\"operation\": \"plan\", \"of\": \"rollback\"}").read("$.planId");
        String confirm = "{\"operation\": \"rollback\", \"planId\": \"" + rollbackPlan + "\"}";
        Http.Response rollback = operator.post(STATUS, confirm);
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        String previous = rollback.read("$.toVersion");
        assertThat(currentVersion()).isEqualTo(previous).isNotEqualTo(latest);

        Http.Response replay = operator.post(STATUS, confirm);
        assertThat(replay.status()).as(replay.body()).isEqualTo(409);
        assertThat((String) replay.read("$.message")).contains("already used");
        assertThat(currentVersion()).as("the replayed rollback changed nothing").isEqualTo(previous);

        // plan -> migrate -> rollback brings the history back to where the migrate plan was made;
        // its planId is still refused.
        String migratePlan = operator.post(STATUS, "{\"operation\": \"plan\"}").read("$.planId");
        String confirmMigrate = "{\"operation\": \"migrate\", \"planId\": \"" + migratePlan + "\"}";
        assertThat(operator.post(STATUS, confirmMigrate).status()).isEqualTo(200);
        assertThat(currentVersion()).isEqualTo(latest);
        assertThat(operator.post(STATUS, "{\"operation\": \"rollback\"}").status()).isEqualTo(200);
        assertThat(currentVersion()).isEqualTo(previous);
        Http.Response migrateReplay = operator.post(STATUS, confirmMigrate);
        assertThat(migrateReplay.status()).as(migrateReplay.body()).isEqualTo(409);
        assertThat((String) migrateReplay.read("$.message")).contains("already used");
        assertThat(currentVersion()).as("the replayed migrate changed nothing").isEqualTo(previous);
    }

    @Test
    void forgedPlanIdIsRefused() {
        Http.Response forged = new Http(port).asOperator().post(STATUS, "{\"operation\": \"rollback\", \"planId\": \"p1.AAAA\"}");
        assertThat(forged.status()).as(forged.body()).isEqualTo(400);
        assertThat(currentVersion()).isEqualTo(latest);
    }

    @Test
    void targetOrVersionThatIsNotAVersionIsRejectedBeforeAnySql() {
        Http operator = new Http(port).asOperator();
        List<String> bodies = List.of(
                "{\"operation\": \"migrate\", \"target\": \"1; DROP TABLE books\"}",
                "{\"operation\": \"plan\", \"target\": \"latest-1\"}",
                "{\"operation\": \"plan\", \"of\": \"rollback\", \"target\": \"2' OR '1'='1\"}",
                "{\"operation\": \"rollback\", \"target\": \"v2\"}",
                "{\"operation\": \"rollback\", \"only\": \"../3\"}");
        int audit = auditRows();
        for (String body : bodies) {
            int before = connections.opened();
            Http.Response response = operator.post(STATUS, body);
            assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat((String) response.read("$.message")).as(body).containsIgnoringCase("version");
            assertThat(connections.opened()).as("connections opened for " + body).isEqualTo(before);
        }
        int before = connections.opened();
        Http.Response details = operator.get(STATUS + "/" + URLEncoder.encode("1;DROP TABLE books", StandardCharsets.UTF_8));
        assertThat(details.status()).as(details.body()).isEqualTo(400);
        assertThat(connections.opened()).as("connections opened for GET of a malformed version").isEqualTo(before);
        assertThat(currentVersion()).isEqualTo(latest);
        assertThat(auditRows()).isEqualTo(audit);
    }

    private static List<String> writes() {
        return List.of("{\"operation\": \"migrate\"}", "{\"operation\": \"rollback\"}", "{\"operation\": \"rollback\", \"all\": true}",
                "{\"operation\": \"plan\", \"of\": \"rollback\"}");
    }

    private String currentVersion() {
        return new Http(port).asReader().get(STATUS).read("$.current");
    }

    private int auditRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM migrate_audit", Integer.class);
    }
}
