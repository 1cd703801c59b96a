package dev.migrate.boot.autoconfigure;

import dev.migrate.ConfigurationException;
import dev.migrate.ConnectionFailedException;
import dev.migrate.DirtyDatabaseException;
import dev.migrate.IrreversibleMigrationException;
import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
import dev.migrate.MigrationFailedException;
import dev.migrate.NonEmptySchemaException;
import dev.migrate.OperationCancelledException;
import dev.migrate.ValidationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Migrate failure at startup into Spring Boot's "APPLICATION FAILED TO START" report: what
 * failed, and what to do about it. Registered in {@code META-INF/spring.factories}.
 */
final class MigrateFailureAnalyzer extends AbstractFailureAnalyzer<MigrateException> {

    /** The core's prefix of the settings {@code MigratorConfig} refuses, each error then starting with the setting's name. */
    private static final String INVALID = "Invalid Migrate configuration: ";

    /** The core's name of a setting where the property's is not {@code migrate.} and the same. */
    private static final Map<String, String> PROPERTY_NAMES = Map.of("init-sql", "init-sqls", "placeholder", "placeholders");

    /** A setting's name at the start of one of those errors: {@code lock-timeout must}, {@code schema 'x' is not}. */
    private static final Pattern SETTING = Pattern.compile("([a-z]+(?:-[a-z]+)*)(?: '[^']*')?(?: entry '[^']*')? (?:must|is not|is)\\b");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MigrateException cause) {
        return new FailureAnalysis("Migrate could not prepare the database: " + cause.getMessage(), action(cause), cause);
    }

    /**
     * The {@code migrate.*} properties of the settings a {@code MigratorConfig} refused, named as the core names
     * them at the start of each error ({@code lock-timeout must be ...}); empty for other messages.
     */
    static List<String> properties(String message) {
        if (message == null || !message.startsWith(INVALID)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String error : message.substring(INVALID.length()).split("; ")) {
            Matcher name = SETTING.matcher(error);
            if (name.lookingAt()) {
                names.add("migrate." + PROPERTY_NAMES.getOrDefault(name.group(1), name.group(1)));
            }
        }
        return List.copyOf(names);
    }

    private static String action(MigrateException cause) {
        if (cause instanceof MigrationFailedException failed) {
            return "Fix " + failed.script() + (failed.line() > 0 ? " (line " + failed.line() + ")" : "") + ". Where the database"
                    + " kept the failed migration (MySQL/MariaDB, H2: it is marked FAILED), run 'repair' (migrate.jar repair) before"
                    + " restarting. To start without migrating meanwhile, set migrate.on-startup=none.";
        }
        if (cause instanceof OperationCancelledException) {
            return "Nothing to fix: the application was stopped while it migrated. Start it again; where the description says"
                    + " the migration is marked FAILED (MySQL/MariaDB, H2), check what of it the schema holds and run 'repair'"
                    + " (migrate.jar repair) first.";
        }
        if (cause instanceof DirtyDatabaseException) {
            return "Clear the failed migration as the description says: fix what it left behind, then run 'repair' (migrate.jar"
                    + " repair; or 'rollback' where it offers that, not for a down that stopped part-way), and restart.";
        }
        if (cause instanceof NonEmptySchemaException) {
            return "If this is the database you meant, adopt it: set migrate.baseline-on-migrate=true and migrate.baseline-version"
                    + " to the last version its schema already matches (migrations up to it are not run). Otherwise check"
                    + " spring.datasource.url (or the @MigrateDataSource) and migrate.schema.";
        }
        if (cause instanceof ValidationException) {
            return "Fix the problems listed above. After an intended edit of an applied migration, run 'repair' (migrate.jar repair)"
                    + " to realign its checksum, then restart; to apply an older pending migration, set migrate.out-of-order=true.";
        }
        if (cause instanceof LockTimeoutException) {
            return "Another instance is migrating the same database: wait for it, or raise migrate.lock-timeout.";
        }
        if (cause instanceof IrreversibleMigrationException) {
            return "The migration has no down: write one, or restore from a backup.";
        }
        if (cause instanceof ConnectionFailedException down) {
            return "Check that the database is running and reachable at spring.datasource.url (or migrate.url, or the"
                    + " @MigrateDataSource), and the user and password (spring.datasource.username and password, or migrate.user"
                    + " and migrate.password)." + (down.mayPassByItself() ? " For a database that starts with the application, set"
                    + " migrate.connect-retries (such as 10) to wait for it." : "");
        }
        if (cause instanceof MigrateDatabaseInitializerDetector.FlywayAlsoMigratesException) {
            return "Take Spring Boot's Flyway support out of the build (spring-boot-starter-flyway, spring-boot-flyway), or set"
                    + " spring.flyway.enabled=false. Nothing was migrated.";
        }
        if (cause instanceof MigrateAutoConfiguration.SeveralMigratorsException) {
            return "Declare a MigrateInitializer bean for each Migrator bean to migrate at startup (the auto-configured one then"
                    + " backs off), or mark the one to migrate @Primary. Nothing was migrated.";
        }
        if (cause instanceof ConfigurationException) {
            List<String> properties = properties(cause.getMessage());
            if (!properties.isEmpty()) {
                String named = properties.size() == 1 ? properties.get(0) : String.join(", ", properties.subList(0, properties.size() - 1))
                        + " and " + properties.get(properties.size() - 1);
                return "Correct " + named + " (in application.properties or .yaml, or the environment; or in the MigrateCustomizer"
                        + " bean that sets " + (properties.size() == 1 ? "it" : "them") + ", if one does).";
            }
            return "Correct the setting named above (migrate.* properties, a MigrateCustomizer, or the DataSource).";
        }
        return "Check that the database is reachable and that the migrate.* settings are right.";
    }
}
