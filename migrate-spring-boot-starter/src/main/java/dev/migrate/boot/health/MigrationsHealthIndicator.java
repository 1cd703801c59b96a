package dev.migrate.boot.health;

import dev.migrate.AppliedMigration;
import dev.migrate.LockStatus;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.StatusResult;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code migrations} health indicator: DOWN when the database is dirty (a failed migration, or one left RUNNING by
 * a process that died) or the migrations do not match the history (a changed checksum, a missing file, an out-of-order
 * migration); UP otherwise, pending migrations included, and while another instance or the CLI applies a migration (a
 * RUNNING row while the migration lock is held, named in {@code inProgress} and {@code lock}). Details: environment,
 * current version, pending count and, when DOWN, what is wrong and how to fix it. Read on each call, never cached: a
 * database that cannot be reached makes it DOWN once the {@code DataSource} gives up (its connection timeout).
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

    static final String FAILED_FIX = "fix the cause, then run 'repair' (or roll the failed migration back)";

    /** The lock is free: no process is applying the RUNNING migration, so 'repair' cannot make one apply it twice. */
    static final String INTERRUPTED_FIX = "no process holds the migration lock, so the RUNNING migration was interrupted (its"
            + " process died or lost its connection): check what of it the schema holds, then run 'repair' (or roll it back)";

    /**
     * The lock could not be read (a SQLite file another process's migration keeps from readers): the RUNNING row may be a
     * migration another instance or the CLI is applying now, and 'repair' then would let the next run apply it twice.
     */
    static final String RUNNING_FIX = "a RUNNING migration may be in progress in another instance or the CLI: wait for it"
            + " to end. If no process is migrating, it was interrupted: check the schema, then run 'repair' (or roll it back)";

    private final Migrator migrator;

    public MigrationsHealthIndicator(Migrator migrator) {
        super("Migration status check failed");
        this.migrator = migrator;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        StatusResult status = migrator.status();
        // Migrations a newer build applied (this one is older, as during a rolling deploy) keep this running instance UP:
        // DOWN would take every old instance out of the load balancer the moment the new one has migrated.
        boolean down = status.isDirty() || !status.problemsBesidesNewerBuild().isEmpty();
        if (down) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetail("environment", status.environment())
                .withDetail("current", status.current() == null ? "<none>" : status.current())
                .withDetail("pending", status.pending().size())
                .withDetail("lastBatch", status.lastBatch());
        if (status.isMigrating()) {
            builder.withDetail("inProgress", status.inProgress().stream().map(MigrationsHealthIndicator::started).toList());
        }
        if (status.isDirty()) {
            List<String> failed = status.failed().stream().map(MigrationsHealthIndicator::describe).toList();
            boolean running = status.failed().stream().anyMatch(m -> m.state() == MigrationState.RUNNING);
            builder.withDetail("failed", failed).withDetail("fix", !running ? FAILED_FIX
                    : status.lock() != null && status.lock().state() == LockStatus.State.FREE ? INTERRUPTED_FIX : RUNNING_FIX);
        }
        if (status.lock() != null) {
            builder.withDetail("lock", status.lock().describe());
        }
        if (!status.problems().isEmpty()) {
            builder.withDetail("problems", status.problems());
        }
        if (!status.newerBuild().isEmpty()) {
            builder.withDetail("newerBuild", status.newerBuild().stream().map(MigrationAppliedByNewerBuild::describe).toList());
        }
    }

    private static String describe(AppliedMigration m) {
        return m.script() + " is " + m.state() + (m.error() != null ? ": " + m.error() : "");
    }

    /** An applied migration newer than every migration of this build. */
    private static final class MigrationAppliedByNewerBuild {
        static String describe(AppliedMigration m) {
            return m.script() + " (version " + m.version() + ", applied " + m.installedOn() + " by a newer build)";
        }
    }

    private static String started(AppliedMigration m) {
        return m.script() + " (started " + m.installedOn() + ")";
    }
}
