package dev.migrate.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Actuator on its own port (management.server.port) and the application under a context path: the endpoint, its body
 * check and the health group answer on the management port, where Boot puts them in a child context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = EndpointTestApplication.class, properties = {
        "management.server.port=0",
        "server.servlet.context-path=/app",
        "management.endpoints.web.exposure.include=migrations,health",
        "management.endpoint.migrations.access=unrestricted",
        "management.endpoint.health.show-details=always",
        "spring.datasource.generate-unique-name=true",
        "migrate.environment=dev" })
class ManagementPortTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Migrator migrator;

    @Test
    void endpointAndHealthAnswerOnTheManagementPort() {
        assertThat(managementPort).isNotEqualTo(port);
        Http.Response status = new Http(managementPort).get("/actuator/migrations");
        assertThat(status.status()).isEqualTo(200);
        assertThat((String) status.read("$.current")).isEqualTo("3");
        Http.Response health = new Http(managementPort).get("/actuator/health/migrations");
        assertThat(health.status()).isEqualTo(200);
        assertThat((String) health.read("$.status")).isEqualTo("UP");
        assertThat(new Http(port).get("/app/actuator/migrations").status()).isEqualTo(404);
    }

    @Test
    void theBodyCheckHoldsOnTheManagementPort() {
        Http.Response response = new Http(managementPort).post("/actuator/migrations", "{\"operation\": \"rollback\", \"stepz\": 3}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Unknown field 'stepz'");
        assertThat(migrator.status().current()).isEqualTo("3");
    }
}
