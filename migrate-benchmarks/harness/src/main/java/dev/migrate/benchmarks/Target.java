package dev.migrate.benchmarks;

/**
 * One database to run against.
 *
 * @param user     null when the URL carries it (or none is needed)
 * @param password null when the URL carries it (or none is needed)
 */
public record Target(Db db, String url, String user, String password) {
}
