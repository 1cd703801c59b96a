package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import dev.migrate.Migrator;
import dev.migrate.ValidationResult;
import dev.migrate.cli.create.TargetDatabase;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code validate [--offline [--dialect D]]}: checks files against the history, or the files alone without a
 * database; exit code 3 when something is wrong.
 */
@Command(name = "validate",
        sortOptions = false,
        customSynopsis = "migrate validate [--offline [--dialect DB]] [OPTIONS]%n",
        description = "Check checksums, missing files, the dependency graph, naming and out-of-order versions. Changes nothing;"
                + " exits with 3 when a problem is found. With --offline, check the files alone, as the database would split"
                + " them, without connecting: for a build before any database is at hand.",
        footerHeading = "%nExamples:%n",
        footer = {"  migrate validate",
            "  migrate validate || echo 'fix the migrations (or run repair) first'",
            "  migrate validate --offline --dialect postgres --locations db/migration"})
final class ValidateCommand extends BaseCommand {

    @Option(names = "--offline", description = "Check the files only (names, versions, dependencies, directives, scripts,"
            + " downs, callbacks, placeholders), without connecting; not checksums, missing files or out-of-order versions.")
    boolean offline;

    @Option(names = "--dialect", paramLabel = "DB",
            description = "With --offline: the database to split the scripts for, postgres, mysql, mariadb, h2 or sqlite"
                    + " (default: from the URL, which is not connected to).")
    String dialect;

    @Override
    int execute() {
        if (dialect != null && !offline) {
            throw new ParameterException(spec.commandLine(), "--dialect goes with --offline: validate on a database checks the"
                    + " files as that database splits them");
        }
        ValidationResult result = offline ? Migrator.validateFiles(settings().toConfig(null), offlineDatabase())
                : migrator().validate();
        Output out = output();
        if (out.json()) {
            out.json(JsonView.validation(result));
        } else {
            if (offline) {
                out.line("Checked the files only, as " + offlineDatabase() + " splits them (--offline): checksums, missing files"
                        + " and out-of-order versions need the database.");
            }
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

    /** The database named by --dialect, else by the URL's prefix, in validateFiles' terms; nothing is connected to. */
    private String offlineDatabase() {
        if (dialect != null) {
            TargetDatabase.forName(dialect); // refuses an unknown name, listing the known ones
            String name = dialect.strip().toLowerCase(Locale.ROOT);
            return switch (name) {
                case "pg", "postgres" -> "postgresql";
                case "sqlite3" -> "sqlite";
                default -> name;
            };
        }
        String url = settings().url();
        if (url == null) {
            throw new ConfigurationException("validate --offline splits the scripts as one database does: pass --dialect postgres,"
                    + " mysql, mariadb, h2 or sqlite, or --url / MIGRATE_URL (it is not connected to)");
        }
        TargetDatabase.forUrl(url); // refuses a URL of another product
        String rest = url.strip().substring("jdbc:".length());
        return rest.substring(0, rest.indexOf(':')).toLowerCase(Locale.ROOT);
    }
}
