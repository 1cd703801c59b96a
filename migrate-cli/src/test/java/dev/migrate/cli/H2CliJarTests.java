package dev.migrate.cli;

/** The built jar against an H2 file database. */
class H2CliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }

    @Override
    String sleepStatement(int seconds) {
        throw new UnsupportedOperationException("the lease lock is held by writing its row");
    }
}
