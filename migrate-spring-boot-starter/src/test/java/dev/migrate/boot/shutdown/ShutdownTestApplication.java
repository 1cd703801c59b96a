package dev.migrate.boot.shutdown;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application {@link ShutdownTests} starts in a JVM of its own, configured by its arguments, to stop it with
 * SIGTERM while it migrates.
 */
@SpringBootConfiguration
// Boot's Flyway support is on this module's test class path for FlywayCoexistenceTests, not for this application.
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration" })
public class ShutdownTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShutdownTestApplication.class, args);
    }
}
