package dev.migrate.cli;

import dev.migrate.RollbackRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What to roll back: the options {@code rollback} and {@code plan rollback} share. At most one may be given. */
final class RollbackOptions {

    @Option(names = "--steps", paramLabel = "N", description = "The last N applied migrations.")
    Integer steps;

    @Option(names = "--batch", description = "Every migration of the last batch (the last migrate run).")
    boolean batch;

    @Option(names = "--target", paramLabel = "VERSION", description = "Everything above VERSION; VERSION itself stays.")
    String target;

    @Option(names = "--all", description = "Every applied migration, down to the baseline if there is one.")
    boolean all;

    @Option(names = "--only", paramLabel = "VERSION",
            description = "Just this version, wherever it is in the history; refused while applied migrations depend on it.")
    String only;

    /** The request; without an option, the last applied migration. */
    RollbackRequest request(CommandSpec spec) {
        int given = (steps != null ? 1 : 0) + (batch ? 1 : 0) + (target != null ? 1 : 0) + (all ? 1 : 0) + (only != null ? 1 : 0);
        if (given > 1) {
            throw new ParameterException(spec.commandLine(), "--steps, --batch, --target, --all and --only are alternatives: give one");
        }
        if (steps != null) {
            if (steps < 1) {
                throw new ParameterException(spec.commandLine(), "--steps must be at least 1, not " + steps);
            }
            return RollbackRequest.steps(steps);
        }
        if (batch) {
            return RollbackRequest.lastBatch();
        }
        if (target != null) {
            return RollbackRequest.toVersion(version(spec, "--target", target));
        }
        if (all) {
            return RollbackRequest.base();
        }
        if (only != null) {
            return RollbackRequest.only(version(spec, "--only", only));
        }
        return RollbackRequest.last();
    }

    private static String version(CommandSpec spec, String option, String text) {
        try {
            dev.migrate.MigrationVersion.parse(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
