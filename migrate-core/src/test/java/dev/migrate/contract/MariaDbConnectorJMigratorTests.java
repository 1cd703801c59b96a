package dev.migrate.contract;

import dev.migrate.testing.TestDatabase;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The MariaDB contract through MySQL's driver, Connector/J ({@code jdbc:mysql:}, no options), which calls the server
 * MySQL, reads its version as {@code 5.5.5-10.11.x-MariaDB} and maps types, time zones and errors its own way; with
 * the JVM in a time zone other than the server's, as an application's often is.
 */
class MariaDbConnectorJMigratorTests extends MariaDbMigratorTests {

    private static TimeZone jvmZone;

    @BeforeAll
    static void runInAnotherTimeZone() {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
    }

    @AfterAll
    static void restoreTimeZone() {
        TimeZone.setDefault(jvmZone);
    }

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.createMariaDbThroughConnectorJ();
    }
}
