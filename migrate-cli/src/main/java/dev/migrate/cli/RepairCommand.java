package dev.migrate.cli;

import dev.migrate.RepairResult;
import picocli.CommandLine.Command;

/** {@code repair}: clears dirty rows and realigns checksums. */
@Command(name = "repair",
        sortOptions = false,
        customSynopsis = "migrate repair [OPTIONS]%n",
        description = "Remove RUNNING/FAILED history rows (after you fixed the database by hand), realign checksums and"
                + " descriptions with the files after an intended edit, and drop rows of files that are gone.",
        footerHeading = "%nExamples:%n",
        footer = {"  migrate repair", "  migrate --json repair"})
final class RepairCommand extends BaseCommand {

    @Override
    int execute() {
        RepairResult result = migrator().repair();
        Output out = output();
        if (out.json()) {
            out.json(JsonView.repair(result));
            return ExitCodes.OK;
        }
        if (result.removedDirty().isEmpty() && result.realigned().isEmpty() && result.removedMissing().isEmpty()) {
            out.line("Nothing to repair: the history matches the files.");
            return ExitCodes.OK;
        }
        out.line(out.green("Repaired") + ":");
        result.removedDirty().forEach(s -> out.line("  removed failed entry   " + s));
        result.realigned().forEach(s -> out.line("  realigned checksum     " + s));
        result.removedMissing().forEach(s -> out.line("  removed missing file   " + s));
        return ExitCodes.OK;
    }
}
