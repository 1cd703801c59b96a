package dev.migrate.cli;

/** The built jar against PostgreSQL (MIGRATE_TEST_POSTGRES_URL). */
class PostgresCliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }

    @Override
    String longStatement() {
        return "SELECT pg_sleep(600)";
    }
}
