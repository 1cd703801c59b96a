package dev.migrate.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With the endpoint's default access (read-only), reads answer and writes are refused over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = EndpointTestApplication.class, properties = {
        "management.endpoints.web.exposure.include=migrations",
        "spring.datasource.generate-unique-name=true",
        "migrate.environment=dev" })
class MigrationsEndpointReadOnlyTests {

    @LocalServerPort
    int port;

    @Autowired
    Migrator migrator;

    @Test
    void readsAnswer() {
        Http.Response response = new Http(port).get("/actuator/migrations");
        assertThat(response.status()).isEqualTo(200);
        assertThat((String) response.read("$.current")).isEqualTo("3");
        assertThat((String) response.read("$.environment")).isEqualTo("dev");
    }

    @Test
    void writesAreRefusedWhenAccessIsReadOnly() {
        Http.Response response = new Http(port).post("/actuator/migrations", "{\"operation\": \"rollback\"}");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.body()).doesNotContain("\tat ");
        assertThat(migrator.status().current()).isEqualTo("3");
    }
}
