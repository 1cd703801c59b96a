package dev.migrate.boot.actuate;

import dev.migrate.boot.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;

class H2MigrationsEndpointTests extends MigrationsEndpointTests {

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create(TestDatabase.Kind.H2);
    }
}
