package dev.migrate.cli;

import dev.migrate.AppliedMigration;
import dev.migrate.LockStatus;
import dev.migrate.MigrationState;
import dev.migrate.PendingMigration;
import dev.migrate.StatusResult;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;

/** {@code status} (alias {@code info}): where the database stands. */
@Command(name = "status",
        sortOptions = false,
        customSynopsis = "migrate status [OPTIONS]%n", aliases = "info",
        description = "Show the current version, applied, pending, running and failed migrations, and checksum problems.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  migrate status --url jdbc:postgresql://localhost:5432/app --user app",
            "  migrate info --locations filesystem:sql",
            "  migrate --json status | jq -r .current"
        })
final class StatusCommand extends BaseCommand {

    /** The widest the Description column of the table gets, in columns; a longer description is cut with "...". */
    static final int DESCRIPTION_WIDTH = 60;

    @Override
    int execute() {
        StatusResult status = migrator().status();
        Output out = output();
        if (out.json()) {
            out.json(JsonView.status(status));
            return ExitCodes.OK;
        }
        Settings settings = settings();
        out.line(out.bold("Database:    ") + Redactor.url(settings.url()));
        out.line(out.bold("Environment: ") + status.environment());
        out.line(out.bold("Version:     ") + (status.current() == null ? "none (no migration applied)"
                : status.current() + (status.lastBatch() > 0 ? " (last batch " + status.lastBatch() + ")" : "")));
        // Not "up to date" beside a failed migration, one in progress or a problem such as a changed file.
        boolean upToDate = !status.isDirty() && !status.isMigrating() && status.problems().isEmpty();
        out.line(out.bold("Pending:     ") + (status.pending().isEmpty() ? upToDate ? "none, the schema is up to date" : "none"
                : out.yellow(Formats.count(status.pending().size(), "migration"))));
        if (status.isMigrating()) {
            out.line(out.bold("Running:     ") + out.yellow(Formats.count(status.inProgress().size(), "migration")
                    + " in progress, lock " + status.lock().describe() + ": wait for it to end"));
        }
        if (status.isDirty()) {
            // 'rollback' refuses a migration whose down stopped part-way: it would run again what of it ran
            boolean partWay = status.failed().stream()
                    .anyMatch(f -> f.error() != null && f.error().startsWith(dev.migrate.history.HistoryRow.ROLLBACK_PART_WAY));
            boolean interrupted = status.lock() != null && status.lock().state() == LockStatus.State.FREE
                    && status.failed().stream().anyMatch(f -> f.state() == MigrationState.RUNNING);
            out.line(out.bold("Failed:      ") + out.red(Formats.count(status.failed().size(), "migration")
                    + (partWay ? ": a down stopped part-way; finish or undo it by hand, then run 'repair' (see 'validate')"
                            : interrupted ? ": a RUNNING one was interrupted (no process holds the lock); check the schema,"
                                    + " then run 'repair' or 'rollback'"
                            : ": run 'repair' or 'rollback'")));
        }
        out.line();
        // One long description would widen the column for every row: cut in the table, whole in --json.
        TextTable table = new TextTable("Version", "Description", "Type", "State", "Batch", "Installed on", "Duration",
                "Reversible").alignRight(4, 6);
        for (AppliedMigration a : status.applied()) {
            UnaryOperator<String> stateStyle = a.state() == MigrationState.SUCCESS ? out::green
                    : status.inProgress().contains(a) ? out::yellow : out::red;
            table.styledRow(new String[] {version(a.version()), Formats.truncate(a.description(), DESCRIPTION_WIDTH), a.type().name(),
                a.state().name(), String.valueOf(a.batch()), Formats.instant(a.installedOn()), Formats.millis(a.executionTimeMs()),
                a.reversible() ? "yes" : "no"}, null, null, null, stateStyle);
        }
        for (PendingMigration p : status.pending()) {
            table.styledRow(new String[] {version(p.version()), Formats.truncate(p.description(), DESCRIPTION_WIDTH), p.type().name(),
                "PENDING", "", "", "", ""}, null, null, null, out::yellow);
        }
        if (table.isEmpty()) {
            // A location listed twice is read once (the scanner warns), so it is named once here too.
            out.line("No migrations found in " + String.join(", ", settings.locations().stream().distinct().toList()) + ".");
        } else {
            table.print(out, out::bold);
        }
        if (!status.otherEnvironments().isEmpty()) {
            out.line();
            out.line("Not applied in " + status.environment() + " (-- migrate:environments names others): "
                    + String.join(", ", status.otherEnvironments()));
        }
        if (!status.problems().isEmpty()) {
            out.line();
            out.line(out.red("Problems:"));
            for (String problem : status.problems()) {
                out.line("  - " + Failures.oneLine(problem));
            }
        }
        return ExitCodes.OK;
    }

    /** A repeatable migration has no version; Flyway's info shows it blank, we show R. */
    static String version(String version) {
        return version == null ? "R" : version;
    }
}
