package dev.migrate.cli;

import dev.migrate.MigrateResult;
import dev.migrate.StepResult;
import java.util.List;
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
            description = "Mark pending migrations up to and including this version (default: all, repeatable ones too);"
                    + " or next, current, or V? (no error if no migration has V), as for migrate.")
    String target;

    @Option(names = "--script", paramLabel = "ID",
            description = "The id in the header of a 'plan --sql' script that was run by hand: refuses unless the migrations"
                    + " to mark are exactly the script's, against the same history.")
    String script;

    @Override
    int execute() {
        MigrateResult result;
        if (script == null) {
            result = migrator().markApplied(target);
        } else {
            dev.migrate.Plan plan = migrator().planMarkApplied(target);
            String now = SqlScript.id(plan);
            if (!now.equals(script.strip())) {
                throw new dev.migrate.ValidationException(List.of("The migrations mark-applied would record are not those of script "
                        + script.strip() + " (now " + now + "): the migration files or the history changed since 'plan --sql'."
                        + " Check what the script did, make a new script with 'plan --sql' if needed, and mark-applied with its id"));
            }
            result = migrator().markApplied(target, plan.fingerprint());
        }
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
                    + (result.applied().size() == 1 ? " it" : " them") + ", in batch " + result.batch() + ": now at version "
                    + (result.toVersion() == null ? "<none>" : result.toVersion()) + ".");
        }
        return ExitCodes.OK;
    }
}
