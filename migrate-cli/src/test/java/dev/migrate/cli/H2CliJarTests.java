package dev.migrate.cli;

/** The built jar against an H2 file database. */
class H2CliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }

    /** Ten minutes in {@code Thread.sleep}, run by the holder's JVM, which serves the file (AUTO_SERVER) to the waiter. */
    @Override
    String longStatement() {
        return "CREATE ALIAS IF NOT EXISTS SLEEP_MS FOR 'java.lang.Thread.sleep(long)';\nCALL SLEEP_MS(600000)";
    }
}
