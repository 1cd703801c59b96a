package dev.migrate.cli;

import dev.migrate.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrate [--target V]}: applies pending migrations. */
@Command(name = "migrate",
        sortOptions = false,
        customSynopsis = "migrate migrate [--target VERSION] [OPTIONS]%n",
        description = "Apply pending migrations, each in its own transaction where the database allows, then new or changed"
                + " repeatable ones. Every run that applies something is one batch.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  migrate migrate",
            "  migrate migrate --target 7",
            "  MIGRATE_URL=jdbc:sqlite:app.db migrate migrate --lock-timeout 30s"
        })
final class MigrateCommand extends BaseCommand {

    @Option(names = "--target", paramLabel = "VERSION",
            description = "Apply pending migrations up to and including this version. Also: latest (the default), next (the"
                    + " next version only), current (nothing above the current version), V? (no error if no migration has V).")
    String target;

    @Override
    int execute() {
        ProgressListener progress = progress();
        MigrateResult result;
        try {
            result = migrator(progress).migrate(target);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        Output out = output();
        if (out.json()) {
            out.json(JsonView.migrate(result));
        } else if (result.nothingToDo()) {
            out.line("Schema is up to date at version " + (result.toVersion() == null ? "<none>" : result.toVersion())
                    + ": nothing to migrate.");
        } else {
            String from = result.fromVersion() == null ? "<none>" : result.fromVersion();
            String to = result.toVersion() == null ? "<none>" : result.toVersion();
            // Out-of-order versions and repeatable migrations leave the current version where it was.
            String applied = Formats.count(result.applied().size(), "migration") + " applied in batch " + result.batch();
            out.line(out.green("Migrated") + (from.equals(to) ? ": " + applied + "; the version stays " + to
                    : " from version " + from + " to " + to + ": " + applied) + " (" + Formats.millis(result.durationMs()) + ").");
        }
        return ExitCodes.OK;
    }
}
