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
        set("logFile", "System.err");
        set("defaultLogLevel", verbose ? "info" : "error");
        set("log.dev.migrate", verbose ? "debug" : "warn");
        set("showThreadName", "false");
        set("showShortLogName", "true");
        set("levelInBrackets", "true");
    }

    /** Keeps a value given with -D, so a user can still tune one logger. */
    private static void set(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
