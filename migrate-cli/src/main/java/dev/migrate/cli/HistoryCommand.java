package dev.migrate.cli;

import dev.migrate.AuditEntry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code history [--limit N]}: the audit trail. */
@Command(name = "history",
        sortOptions = false,
        customSynopsis = "migrate history [--limit N] [OPTIONS]%n",
        description = "Show the audit trail: every apply, rollback, baseline, repair, clean and failure, with who, when and"
                + " how long, and writes refused before they ran (REFUSED). Rollbacks never erase it.",
        footerHeading = "%nExamples:%n",
        footer = {"  migrate history", "  migrate history --limit 20", "  migrate --json history | jq '.entries[] | select(.outcome != \"SUCCESS\")'"})
final class HistoryCommand extends BaseCommand {

    @Option(names = "--limit", paramLabel = "N", description = "Only the newest N entries (default: all).")
    Integer limit;

    @Override
    int execute() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1 or more (leave it out for all entries), not " + limit);
        }
        List<AuditEntry> entries = limit == null ? migrator().history() : migrator().history(limit);
        Output out = output();
        if (out.json()) {
            out.json(JsonView.history(entries));
            return ExitCodes.OK;
        }
        if (entries.isEmpty()) {
            out.line("The audit trail is empty: nothing was done on this database yet.");
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("When", "Operation", "Version", "Script", "Outcome", "By", "Env", "Duration", "Details")
                .alignRight(7);
        for (AuditEntry e : entries) {
            // A refusal changed nothing: told apart from a failure, which may have.
            java.util.function.UnaryOperator<String> style = AuditEntry.SUCCESS.equals(e.outcome()) ? out::green
                    : AuditEntry.REFUSED.equals(e.outcome()) ? out::yellow : out::red;
            table.styledRow(new String[] {Formats.instant(e.startedOn()), e.operation(), e.version(), e.script(), e.outcome(),
                e.performedBy(), e.environment(), Formats.millis(e.durationMs()), Formats.truncate(e.details(), 80)},
                    null, null, null, null, style);
        }
        table.print(out, out::bold);
        return ExitCodes.OK;
    }
}
