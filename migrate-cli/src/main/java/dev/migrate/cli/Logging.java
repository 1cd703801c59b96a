package dev.migrate.cli;

/**
 * Configures slf4j-simple before the first logger exists. By default only Migrate's own warnings
 * reach stderr, and the JDBC drivers' only when they are errors: a driver that logs the error of a
 * failed statement (MariaDB does, as a warning) would repeat the one line the CLI prints about it.
 * {@code --verbose} shows Migrate's debug log (each SQL statement, locking) and the drivers' info.
 */
final class Logging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    static void configure(boolean verbose) {
        // With the application's jar on the class path (java -cp migrate.jar:app.jar, for its Java migrations), SLF4J
        // finds its Logback too and prints five lines about several providers at every run: name ours, and SLF4J says
        // no more than its warnings. A -D of either still wins.
        keep("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        keep("slf4j.internal.verbosity", "WARN");
        set("logFile", "System.err");
        set("defaultLogLevel", verbose ? "info" : "error");
        set("log.dev.migrate", verbose ? "debug" : "warn");
        // Three stack traces when it cannot unpack its native library; the error the CLI prints says why and what to do.
        set("log.org.sqlite.SQLiteJDBCLoader", verbose ? "info" : "off");
        set("showThreadName", "false");
        set("showShortLogName", "true");
        set("levelInBrackets", "true");
    }

    /** Keeps a value given with -D, so a user can still tune one logger. */
    private static void set(String key, String value) {
        keep(PREFIX + key, value);
    }

    private static void keep(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
