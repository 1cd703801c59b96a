package dev.migrate.boot.actuate;

import dev.migrate.Plan;

/**
 * Checks that a recent, usable backup exists before the Actuator endpoint rolls back. Consulted only
 * where {@code migrate.rollback.backup-check} is on (by default in {@code prod}). Every bean of this
 * type is consulted, in {@code @Order}, and each must pass: the first failed check refuses the
 * rollback with its message.
 *
 * <pre>{@code
 * @Bean
 * BackupVerifier lastNightsBackup(BackupCatalog catalog) {
 *     return plan -> catalog.latestAge().compareTo(Duration.ofHours(24)) < 0
 *             ? BackupVerifier.Check.passed("backup " + catalog.latestId())
 *             : BackupVerifier.Check.failed("the last backup is older than 24h: take one first");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface BackupVerifier {

    /**
     * Called by the endpoint just before a rollback runs, with the plan of that rollback.
     *
     * @return the verdict; an exception thrown here refuses the rollback as a failed check does
     */
    Check verify(Plan plan);

    /**
     * The verdict of a {@link BackupVerifier}.
     *
     * @param passed whether the rollback may go on
     * @param detail what was checked, or why it failed; shown to the caller
     */
    record Check(boolean passed, String detail) {

        public static Check passed(String detail) {
            return new Check(true, detail);
        }

        public static Check failed(String detail) {
            return new Check(false, detail);
        }
    }
}
