package dev.migrate.cli;

/** The built jar against MariaDB (MIGRATE_TEST_MARIADB_URL). */
class MariaDbCliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.MARIADB;
    }

    @Override
    String longStatement() {
        return "SELECT SLEEP(600)";
    }
}
