package dev.migrate;

import java.util.List;

/**
 * What {@code status} reports; the same shape the Actuator endpoint and {@code migrate.jar --json status}
 * print.
 *
 * <p>A RUNNING row is either a migration another process is applying now, or one left by a process that died or lost
 * its connection. Where the history holds one, {@code status} reads the migration lock without taking it: held, the row
 * is in {@code inProgress}; free (or not readable), it is in {@code failed} and the database is dirty.
 *
 * @param environment the configured environment label
 * @param current     the highest applied version, or null when none is
 * @param lastBatch   the highest batch number, 0 when nothing was applied
 * @param applied     every history row in order of application
 * @param pending     what {@code migrate} would apply, in order
 * @param failed      FAILED rows, and RUNNING rows that no process holding the migration lock is applying (a dirty
 *                    database: fix, then {@code repair} or {@code rollback})
 * @param problems    validation problems (changed or missing files, ...), each with its fix
 * @param otherEnvironments migrations not applied here because their {@code -- migrate:environments} names
 *                    other environments, each as {@code V2__sample_rows.sql (dev, staging)}
 * @param inProgress  RUNNING rows while another session or process holds the migration lock: migrations being applied
 *                    now (where the database shows a migration's row before it ends: MySQL, MariaDB and H2, and any
 *                    database for one run outside a transaction)
 * @param lock        the migration lock as read when the history holds a RUNNING row; null when it holds none (the lock
 *                    is then not read)
 * @param newerBuild  applied migrations newer than every migration found, whose files are not here: most likely applied by
 *                    a newer build of the application (this one being older, as during a rolling deploy). Each is also a
 *                    problem ({@link #newerBuildProblem}) unless {@code ignoreFutureMigrations} accepts them
 */
public record StatusResult(String environment, String current, int lastBatch, List<AppliedMigration> applied,
        List<PendingMigration> pending, List<AppliedMigration> failed, List<String> problems, List<String> otherEnvironments,
        List<AppliedMigration> inProgress, LockStatus lock, List<AppliedMigration> newerBuild) {

    public StatusResult {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        failed = List.copyOf(failed);
        problems = List.copyOf(problems);
        otherEnvironments = List.copyOf(otherEnvironments);
        inProgress = List.copyOf(inProgress);
        newerBuild = List.copyOf(newerBuild);
    }

    /** Without migrations of a newer build. */
    public StatusResult(String environment, String current, int lastBatch, List<AppliedMigration> applied,
            List<PendingMigration> pending, List<AppliedMigration> failed, List<String> problems, List<String> otherEnvironments,
            List<AppliedMigration> inProgress, LockStatus lock) {
        this(environment, current, lastBatch, applied, pending, failed, problems, otherEnvironments, inProgress, lock, List.of());
    }

    /** With no migration in progress and the lock not read. */
    public StatusResult(String environment, String current, int lastBatch, List<AppliedMigration> applied,
            List<PendingMigration> pending, List<AppliedMigration> failed, List<String> problems, List<String> otherEnvironments) {
        this(environment, current, lastBatch, applied, pending, failed, problems, otherEnvironments, List.of(), null);
    }

    /** Without migrations for other environments. */
    public StatusResult(String environment, String current, int lastBatch, List<AppliedMigration> applied,
            List<PendingMigration> pending, List<AppliedMigration> failed, List<String> problems) {
        this(environment, current, lastBatch, applied, pending, failed, problems, List.of());
    }

    /** Whether the history holds a FAILED row, or a RUNNING one that no live process is applying. */
    public boolean isDirty() {
        return !failed.isEmpty();
    }

    /**
     * The problems other than those of {@code newerBuild}: what is wrong whichever build looks. An older build running
     * against a schema a newer build migrated has only the latter, which a restart of this build would refuse, but which
     * do not make this running instance unhealthy.
     */
    public List<String> problemsBesidesNewerBuild() {
        if (newerBuild.isEmpty()) {
            return problems;
        }
        java.util.Set<String> newer = new java.util.HashSet<>();
        for (AppliedMigration m : newerBuild) {
            newer.add(newerBuildProblem(m.script(), m.version()));
        }
        return problems.stream().filter(p -> !newer.contains(p)).toList();
    }

    /** The problem an applied migration of a newer build is, where {@code ignoreFutureMigrations} does not accept it. */
    public static String newerBuildProblem(String script, String version) {
        return "Applied migration " + script + " (version " + version + ") is missing from the locations,"
                + " and newer than every migration in them: restore the file, or run 'repair' to remove it from the"
                + " history; if a newer build of the application applied it (this is an older one), allow it with"
                + " ignoreFutureMigrations (migrate.ignore-future-migrations=true, --ignore-future-migrations)";
    }

    /** Whether another process is applying a migration now (see {@code inProgress}). */
    public boolean isMigrating() {
        return !inProgress.isEmpty();
    }
}
