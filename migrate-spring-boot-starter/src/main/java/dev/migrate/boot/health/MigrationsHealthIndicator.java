package dev.migrate.boot.health;

import dev.migrate.AppliedMigration;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.StatusResult;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code migrations} health indicator: DOWN when the database is dirty (a failed or still running
 * migration) or the migrations do not match the history (a changed checksum, a missing file, an
 * out-of-order migration); UP otherwise, pending migrations included. Details: environment, current version,
 * pending count and, when DOWN, what is wrong and how to fix it. Read on each call, never cached: a database that
 * cannot be reached makes it DOWN once the {@code DataSource} gives up (its connection timeout).
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

    static final String FAILED_FIX = "fix the cause, then run 'repair' (or roll the failed migration back)";

    /**
     * This indicator reads without the migration lock, so a RUNNING row may be a migration another instance or the CLI
     * is applying now (where the database shows its row before it ends: MariaDB, MySQL, H2): 'repair' then would let
     * the next run apply it a second time.
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
        boolean down = status.isDirty() || !status.problems().isEmpty();
        if (down) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetail("environment", status.environment())
                .withDetail("current", status.current() == null ? "<none>" : status.current())
                .withDetail("pending", status.pending().size())
                .withDetail("lastBatch", status.lastBatch());
        if (status.isDirty()) {
            List<String> failed = status.failed().stream().map(MigrationsHealthIndicator::describe).toList();
            boolean running = status.failed().stream().anyMatch(m -> m.state() == MigrationState.RUNNING);
            builder.withDetail("failed", failed).withDetail("fix", running ? RUNNING_FIX : FAILED_FIX);
        }
        if (!status.problems().isEmpty()) {
            builder.withDetail("problems", status.problems());
        }
    }

    private static String describe(AppliedMigration m) {
        return m.script() + " is " + m.state() + (m.error() != null ? ": " + m.error() : "");
    }
}
