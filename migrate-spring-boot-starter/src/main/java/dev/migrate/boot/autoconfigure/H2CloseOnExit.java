package dev.migrate.boot.autoconfigure;

import java.util.Locale;

/**
 * H2 URLs of databases that H2 closes with a JVM shutdown hook of its own: an embedded database kept in files
 * ({@code jdbc:h2:file:...}, {@code jdbc:h2:~/...}, {@code jdbc:h2:./...}, {@code jdbc:h2:/...}) without
 * {@code DB_CLOSE_ON_EXIT=FALSE}. On SIGTERM that hook races {@link CancelOnShutdown}: the database is closed under the
 * cancelled migration, which can then be marked neither FAILED nor recorded in the audit table, and stays RUNNING. In
 * memory ({@code mem:}, and the in-memory file systems {@code memFS:}, {@code memLZF:}) nothing outlives the JVM; a
 * server ({@code tcp:}, {@code ssl:}) does not close with it; a {@code zip:} database is read-only.
 */
final class H2CloseOnExit {

    private static final String PREFIX = "jdbc:h2:";

    private static final String[] NOT_AT_RISK = {"mem:", "memfs:", "memlzf:", "tcp:", "ssl:", "zip:"};

    private H2CloseOnExit() {
    }

    /** Whether H2 closes the database of {@code url} when the JVM shuts down, under a migration being cancelled. */
    static boolean atRisk(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        String rest = url.substring(PREFIX.length());
        int semicolon = rest.indexOf(';');
        String database = (semicolon < 0 ? rest : rest.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        if (database.isEmpty()) {
            return false;
        }
        for (String prefix : NOT_AT_RISK) {
            if (database.startsWith(prefix)) {
                return false;
            }
        }
        if (semicolon >= 0) {
            for (String setting : rest.substring(semicolon + 1).split(";")) {
                int equals = setting.indexOf('=');
                if (equals > 0 && setting.substring(0, equals).strip().equalsIgnoreCase("DB_CLOSE_ON_EXIT")
                        && setting.substring(equals + 1).strip().equalsIgnoreCase("FALSE")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The startup warning for {@code url}, or null where H2 does not close it at JVM shutdown. */
    static String warning(String url) {
        if (!atRisk(url)) {
            return null;
        }
        return "H2 closes the file database " + MigrateAutoConfiguration.OwnConnections.withoutSecrets(url) + " itself when"
                + " the JVM shuts down (SIGTERM), before a migration the starter cancels then can be marked FAILED and the"
                + " cancel recorded: it stays RUNNING, for 'repair'. Append ;DB_CLOSE_ON_EXIT=FALSE to the URL";
    }
}
