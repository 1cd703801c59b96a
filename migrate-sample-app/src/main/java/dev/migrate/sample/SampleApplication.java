package dev.migrate.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small library of books and authors whose database is migrated by the Migrate starter at
 * startup. Profiles: {@code dev} (the default, embedded H2), {@code staging} and {@code prod}
 * (PostgreSQL from {@code DATABASE_URL}).
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
