package dev.migrate.cli;

import dev.migrate.MigrateResult;
import dev.migrate.StepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mark-applied [--target V]}: records pending migrations as applied without running them. */
@Command(name = "mark-applied",
        sortOptions = false,
        customSynopsis = "migrate mark-applied [--target VERSION] [OPTIONS]%n",
        description = "Record pending migrations as applied without running them, in one batch: for changes already made"
                + " by hand (a hotfix whose migration was written afterwards). Check with 'migrate plan' first what migrate"
                + " would run; those are the migrations marked.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  migrate plan migrate --target 12",
            "  migrate mark-applied --target 12"
        })
final class MarkAppliedCommand extends BaseCommand {

    @Option(names = "--target", paramLabel = "VERSION",
            description = "Mark pending migrations up to and including this version (default: all, repeatable ones too).")
    String target;

    @Override
    int execute() {
        MigrateResult result = migrator().markApplied(target);
        Output out = output();
        if (out.json()) {
            out.json(JsonView.migrate(result).put("operation", "mark-applied"));
        } else if (result.nothingToDo()) {
            out.line("Schema is up to date at version " + (result.toVersion() == null ? "<none>" : result.toVersion())
                    + ": nothing to mark.");
        } else {
            for (StepResult step : result.applied()) {
                out.line("  marked  " + step.script());
            }
            out.line(out.green("Marked") + " " + Formats.count(result.applied().size(), "migration") + " as applied without running"
                    + (result.applied().size() == 1 ? " it" : " them") + ", in batch " + result.batch() + ": now at version " + (result.toVersion() == null ? "<none>"
                    : result.toVersion()) + ".");
        }
        return ExitCodes.OK;
    }
}
