package dev.migrate.boot.actuate;

import dev.migrate.boot.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;

class PostgresMigrationsEndpointTests extends MigrationsEndpointTests {

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create(TestDatabase.Kind.POSTGRES);
    }
}
