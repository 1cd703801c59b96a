package dev.migrate.cli;

import dev.migrate.AppliedMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** {@code baseline --version V}: adopts an existing database. */
@Command(name = "baseline",
        sortOptions = false,
        customSynopsis = "migrate baseline --version VERSION [OPTIONS]%n",
        description = "Adopt an existing database: mark everything up to VERSION as applied, so migrate starts after it."
                + " Only allowed while no migration is applied.",
        footerHeading = "%nExamples:%n",
        footer = {"  migrate baseline --version 5", "  migrate baseline 20240126100000"})
final class BaselineCommand extends BaseCommand {

    @Option(names = "--version", paramLabel = "VERSION", description = "The version the existing schema is at.")
    String version;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "Same as --version.")
    String positional;

    @Override
    int execute() {
        if (version != null && positional != null && !version.equals(positional)) {
            throw new ParameterException(spec.commandLine(), "Give the baseline version once (--version " + version + " or "
                    + positional + ")");
        }
        String v = version != null ? version : positional;
        if (v == null) {
            throw new ParameterException(spec.commandLine(), "Missing the baseline version: migrate baseline --version 5");
        }
        AppliedMigration row = migrator().baseline(v);
        Output out = output();
        if (out.json()) {
            var node = Output.object();
            node.put("operation", "baseline");
            node.put("version", row.version());
            node.set("applied", JsonView.applied(row));
            out.json(node);
        } else {
            out.line(out.green("Baselined") + " at version " + row.version() + ": migrations up to it count as applied.");
        }
        return ExitCodes.OK;
    }
}
