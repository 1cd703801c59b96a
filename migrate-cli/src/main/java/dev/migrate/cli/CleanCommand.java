package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code clean}: drops everything, where allowed. */
@Command(name = "clean",
        sortOptions = false,
        customSynopsis = "migrate clean [OPTIONS]%n",
        description = "Drop every object in the schema (and in --schema, --schemas), Migrate's tables included, and nothing"
                + " elsewhere: while objects of other schemas depend on them, refused (exit code 3), dropping nothing."
                + " Refused (exit code 2) unless the environment is dev or --clean-allowed is given.",
        footerHeading = "%nExamples:%n",
        footer = {"  migrate clean --environment dev", "  migrate clean --clean-allowed   # any environment: think twice"})
final class CleanCommand extends BaseCommand {

    @Override
    int execute() {
        Settings settings = settings();
        if (!settings.cleanAllowed()) {
            if ("dev".equals(dev.migrate.MigratorConfig.environmentLabel(settings.effectiveEnvironment()))) {
                // The dev environment allows it unless clean-allowed says otherwise: "run in dev" would not help.
                throw new ConfigurationException("clean is refused: clean-allowed is set to false (--clean-allowed=false,"
                        + " MIGRATE_CLEAN_ALLOWED or the configuration file), which wins over the " + settings.effectiveEnvironment()
                        + " environment's default. Set it to true, or remove it, to allow clean");
            }
            throw new ConfigurationException("clean is refused in the " + settings.effectiveEnvironment() + " environment: it drops"
                    + " every object in the schema. Allow it with --clean-allowed (or MIGRATE_CLEAN_ALLOWED=true), or run in"
                    + " the dev environment (-e dev)");
        }
        List<String> dropped = migrator().clean();
        Output out = output();
        if (out.json()) {
            var node = Output.object();
            JsonView.strings(node.putArray("dropped"), dropped);
            out.json(node);
        } else {
            out.line(out.yellow("Cleaned") + ": dropped " + Formats.count(dropped.size(), "object") + ".");
            dropped.forEach(d -> out.line("  " + d));
        }
        return ExitCodes.OK;
    }
}
