package dev.migrate.cli;

/** The built jar against a SQLite file. */
class SqliteCliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.SQLITE;
    }

    @Override
    String sleepStatement(int seconds) {
        throw new UnsupportedOperationException("the lease lock is held by writing its row");
    }
}
