package dev.migrate.cli;

import dev.migrate.RollbackResult;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rollback [--steps N | --batch | --target V | --all | --only V]}: runs downs. */
@Command(name = "rollback",
        sortOptions = false,
        customSynopsis = "migrate rollback [--steps N | --batch | --target V | --all | --only V]%n",
        description = "Undo applied migrations with their downs (the last one by default). Refused before anything runs when"
                + " one of them is irreversible.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  migrate rollback                 # the last applied migration",
            "  migrate rollback --steps 3",
            "  migrate rollback --batch         # everything the last migrate run applied",
            "  migrate rollback --target 4      # everything above version 4",
            "  migrate rollback --all",
            "  migrate plan rollback --batch    # see the SQL first"
        })
final class RollbackCommand extends BaseCommand {

    @Mixin
    RollbackOptions what;

    @Override
    int execute() {
        ProgressListener progress = progress();
        RollbackResult result;
        try {
            result = migrator(progress).rollback(what.request(spec));
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        Output out = output();
        if (out.json()) {
            out.json(JsonView.rollback(result));
        } else if (result.rolledBack().isEmpty()) {
            out.line("Nothing to roll back" + (result.fromVersion() == null ? ": no migration is applied." : " at version "
                    + result.fromVersion() + "."));
        } else {
            // A FAILED migration does not count in the current version, so rolling back only such ones leaves it as it was.
            String versions = Objects.equals(result.fromVersion(), result.toVersion())
                    ? "the version stays " + (result.toVersion() == null ? "<none>" : result.toVersion())
                    : "version " + result.fromVersion() + " -> " + (result.toVersion() == null ? "<none>" : result.toVersion());
            out.line(out.green("Rolled back") + " " + Formats.count(result.rolledBack().size(), "migration") + ": " + versions + " ("
                    + Formats.millis(result.durationMs()) + ").");
            for (String note : result.notes()) {
                out.line("Note: " + Failures.oneLine(note));
            }
        }
        return ExitCodes.OK;
    }
}
