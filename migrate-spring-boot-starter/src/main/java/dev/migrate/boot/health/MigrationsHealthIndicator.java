package dev.migrate.boot.health;

import dev.migrate.AppliedMigration;
import dev.migrate.Migrator;
import dev.migrate.StatusResult;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code migrations} health indicator: DOWN when the database is dirty (a failed or still running
 * migration) or the migrations do not match the history (a changed checksum, a missing file, an
 * out-of-order migration); UP otherwise. Details: environment, current version, pending count and,
 * when DOWN, what is wrong and how to fix it.
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

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
            builder.withDetail("failed", failed)
                    .withDetail("fix", "fix the cause, then run 'repair' (or roll the failed migration back)");
        }
        if (!status.problems().isEmpty()) {
            builder.withDetail("problems", status.problems());
        }
    }

    private static String describe(AppliedMigration m) {
        return m.script() + " is " + m.state() + (m.error() != null ? ": " + m.error() : "");
    }
}
