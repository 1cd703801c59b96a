package dev.migrate.cli;

import dev.migrate.ValidationResult;
import picocli.CommandLine.Command;

/** {@code validate}: checks files against the history; exit code 3 when something is wrong. */
@Command(name = "validate",
        sortOptions = false,
        customSynopsis = "migrate validate [OPTIONS]%n",
        description = "Check checksums, missing files, the dependency graph, naming and out-of-order versions. Changes nothing;"
                + " exits with 3 when a problem is found.",
        footerHeading = "%nExamples:%n",
        footer = {"  migrate validate", "  migrate validate || echo 'fix the migrations (or run repair) before deploying'"})
final class ValidateCommand extends BaseCommand {

    @Override
    int execute() {
        ValidationResult result = migrator().validate();
        Output out = output();
        if (out.json()) {
            out.json(JsonView.validation(result));
        } else {
            if (result.isValid()) {
                out.line(out.green("Validation passed") + (result.warnings().isEmpty() ? "." : " with "
                        + Formats.count(result.warnings().size(), "warning") + ":"));
            } else {
                out.line(out.red("Validation failed") + " with " + Formats.count(result.errors().size(), "problem") + ":");
                for (String error : result.errors()) {
                    out.line("  - " + Failures.oneLine(error));
                }
            }
            for (String warning : result.warnings()) {
                out.line("  " + out.yellow("warning: ") + Failures.oneLine(warning));
            }
        }
        if (!result.isValid()) {
            out.error("Error: validation failed with " + Formats.count(result.errors().size(), "problem")
                    + (result.errors().size() == 1 ? ": " + Failures.oneLine(result.errors().get(0)) : ""));
            return ExitCodes.VALIDATION_FAILED;
        }
        return ExitCodes.OK;
    }
}
