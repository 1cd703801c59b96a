package dev.migrate.cli;

import dev.migrate.MigrationListener;
import dev.migrate.Migrator;
import dev.migrate.discovery.MigrationScanner;
import dev.migrate.internal.DriverDataSource;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code --help}, the run's settings and output, and a {@link Migrator}
 * on the configured database. A command returns its exit code; a failure propagates as an
 * exception, which {@link Failures} turns into one line and an exit code.
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public final Integer call() {
        // Before the settings, whose error a mistyped variable may cause (MIGRATE_URLL: "No database URL").
        Settings.unknownVariableWarnings(cli().context().env()).forEach(warning -> output().error("[WARN] " + warning));
        try {
            cli().settings();
        } finally {
            // Once --verbose may have come from MIGRATE_VERBOSE or migrate.properties, and before
            // anything logs: the logger reads its levels when the first one is made.
            Logging.configure(cli().verbose());
        }
        // Once per run, naming the locations as the user wrote them: the core is handed only the ones it reads.
        Logger scannerLog = LoggerFactory.getLogger(MigrationScanner.class);
        settings().distinctLocations().warnings().forEach(scannerLog::warn);
        return execute();
    }

    /** Does the command's work and returns its exit code. */
    abstract int execute();

    MigrateCli cli() {
        return (MigrateCli) spec.root().userObject();
    }

    Settings settings() {
        return cli().settings();
    }

    Output output() {
        return cli().output();
    }

    /** The commands that change the database. */
    private static final java.util.Set<String> WRITING = java.util.Set.of("migrate", "rollback", "baseline", "repair",
            "mark-applied", "clean");

    /** A migrator on the configured database, reporting progress to {@code listener} when not null. */
    Migrator migrator(MigrationListener listener) {
        Settings settings = settings();
        String url = JdbcUrls.forDriver(settings.requireUrl());
        JdbcUrls.requireDriver(url);
        if (WRITING.contains(spec.name()) && url.regionMatches(true, 0, "jdbc:h2:mem:", 0, "jdbc:h2:mem:".length())
                && url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_DELAY")) {
            // Without the setting the core warns on a write, when its connection is the database's only one.
            LoggerFactory.getLogger(BaseCommand.class).warn("The in-memory H2 database of {} lives only as long as this command,"
                    + " DB_CLOSE_DELAY or not: what it does is gone when it exits. Use a file (jdbc:h2:file:./db/app) or a"
                    + " server (jdbc:h2:tcp://...)", url.split(";", 2)[0]);
        }
        DriverDataSource dataSource = new DriverDataSource(url, settings.user(), settings.password());
        Migrator migrator = Migrator.create(dataSource, settings.toConfig(listener));
        Interrupts.watch(migrator);
        return migrator;
    }

    Migrator migrator() {
        return migrator(null);
    }

    /** The progress listener for a writing command, or null with {@code --json} (stdout is for the document). */
    ProgressListener progress() {
        Output output = output();
        return output.json() ? null : new ProgressListener(output);
    }

    /** {@code -h, --help} without {@code --version}, which {@code baseline} uses for its own purpose. */
    static final class HelpOption {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }
}
