package dev.migrate.boot.autoconfigure;

import dev.migrate.ConfigurationException;
import dev.migrate.DirtyDatabaseException;
import dev.migrate.IrreversibleMigrationException;
import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
import dev.migrate.MigrationFailedException;
import dev.migrate.NonEmptySchemaException;
import dev.migrate.ValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Migrate failure at startup into Spring Boot's "APPLICATION FAILED TO START" report: what
 * failed, and what to do about it. Registered in {@code META-INF/spring.factories}.
 */
final class MigrateFailureAnalyzer extends AbstractFailureAnalyzer<MigrateException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MigrateException cause) {
        return new FailureAnalysis("Migrate could not prepare the database: " + cause.getMessage(), action(cause), cause);
    }

    private static String action(MigrateException cause) {
        if (cause instanceof MigrationFailedException failed) {
            return "Fix " + failed.script() + (failed.line() > 0 ? " (line " + failed.line() + ")" : "") + ". Where the database"
                    + " kept the failed migration (MySQL/MariaDB, H2: it is marked FAILED), run 'repair' (migrate.jar repair) before"
                    + " restarting. To start without migrating meanwhile, set migrate.on-startup=none.";
        }
        if (cause instanceof DirtyDatabaseException) {
            return "Clear the failed migration: fix what it left behind, then run 'repair' (or 'rollback'), and restart.";
        }
        if (cause instanceof NonEmptySchemaException) {
            return "If this is the database you meant, adopt it: set migrate.baseline-on-migrate=true and migrate.baseline-version"
                    + " to the last version its schema already matches (migrations up to it are not run). Otherwise check"
                    + " spring.datasource.url (or the @MigrateDataSource) and migrate.schema.";
        }
        if (cause instanceof ValidationException) {
            return "Fix the problems listed above. After an intended edit of an applied migration, run 'repair' to realign its"
                    + " checksum; to apply an older pending migration, set migrate.out-of-order=true.";
        }
        if (cause instanceof LockTimeoutException) {
            return "Another instance is migrating the same database: wait for it, or raise migrate.lock-timeout.";
        }
        if (cause instanceof IrreversibleMigrationException) {
            return "The migration has no down: write one, or restore from a backup.";
        }
        if (cause instanceof ConfigurationException) {
            return "Correct the setting named above (migrate.* properties, a MigrateCustomizer, or the DataSource).";
        }
        return "Check that the database is reachable and that the migrate.* settings are right.";
    }
}
