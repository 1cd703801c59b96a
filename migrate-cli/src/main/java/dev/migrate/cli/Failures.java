package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import dev.migrate.DirtyDatabaseException;
import dev.migrate.IrreversibleMigrationException;
import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
import dev.migrate.MigrationFailedException;
import dev.migrate.OperationCancelledException;
import dev.migrate.UnsupportedDatabaseException;
import dev.migrate.ValidationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an exception into an exit code (DESIGN §7) and what the user reads: one line on stderr, the
 * file and line where there are some, a stack trace only with {@code --verbose}; and with
 * {@code --json} an {@code {"error": {...}}} document on stdout as well.
 */
final class Failures {

    private Failures() {
    }

    static int exitCode(Throwable e) {
        if (e instanceof OperationCancelledException) {
            // 130 or 143 when a signal cancelled it; a cancel is otherwise a failed run
            return Interrupts.exitCode(ExitCodes.MIGRATION_FAILED);
        }
        if (e instanceof LockTimeoutException) {
            return ExitCodes.LOCK_TIMEOUT;
        }
        if (e instanceof ValidationException || e instanceof IrreversibleMigrationException) {
            return ExitCodes.VALIDATION_FAILED;
        }
        if (e instanceof ConfigurationException || e instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.MIGRATION_FAILED;
    }

    /** A short name of the kind of failure, for JSON. */
    static String kind(Throwable e) {
        if (e instanceof OperationCancelledException) {
            return "cancelled";
        }
        if (e instanceof LockTimeoutException) {
            return "lock-timeout";
        }
        if (e instanceof ValidationException) {
            return "validation";
        }
        if (e instanceof IrreversibleMigrationException) {
            return "irreversible";
        }
        if (e instanceof CommandLine.ParameterException) {
            return "usage";
        }
        if (e instanceof UnsupportedDatabaseException || e instanceof JdbcUrls.UnsupportedUrlException) {
            return "unsupported-database";
        }
        if (e instanceof ConfigurationException) {
            return "configuration";
        }
        if (e instanceof MigrationFailedException && e.getCause() instanceof OutOfMemoryError) {
            // the run's migration failed for the heap, not for its script: the JSON still names it, its script and line
            return "out-of-memory";
        }
        if (e instanceof MigrationFailedException) {
            return "migration-failed";
        }
        if (e instanceof DirtyDatabaseException) {
            return "dirty";
        }
        if (e instanceof MigrateException) {
            return "error";
        }
        if (e instanceof OutOfMemoryError) {
            return "out-of-memory";
        }
        return "internal";
    }

    /** What to print: one line (validation problems follow it, one per line). */
    static String message(Throwable e) {
        if (e instanceof ValidationException v) {
            return v.problems().size() == 1 ? "Validation failed: " + oneLine(v.problems().get(0))
                    : "Validation failed with " + v.problems().size() + " problems:";
        }
        if (e instanceof LockTimeoutException l) {
            // Built from the typed fields, to name the CLI's option rather than the Spring property.
            return "Could not acquire the migration lock within " + Formats.setting(l.timeout())
                    + (l.holder() != null ? " (held by " + l.holder() + ")" : "")
                    + (l.holder() != null ? ": wait for it to finish" : ": wait for the other migration to finish")
                    + ", or raise --lock-timeout (MIGRATE_LOCK_TIMEOUT)";
        }
        if (e instanceof MigrateException || e instanceof CommandLine.ParameterException) {
            return oneLine(e.getMessage());
        }
        if (e instanceof OutOfMemoryError) {
            return outOfMemory(e);
        }
        return "Unexpected " + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + oneLine(e.getMessage()) : "")
                + " (run again with --verbose for the stack trace)";
    }

    /**
     * The JVM ran out of heap: most often large scripts (dumps), whose text Migrate keeps while it runs, each read whole
     * and split before any of the run executes (docs/core.md, "Memory").
     */
    private static String outOfMemory(Throwable e) {
        long max = Runtime.getRuntime().maxMemory();
        String heap = max == Long.MAX_VALUE ? "" : " (at most " + (max >> 20) + " MB)";
        return "Out of memory: the JVM's heap" + heap + " is too small for this run (" + e.getMessage() + "). Migrate keeps"
                + " the text of every script in the locations while it runs, and reads each whole, which takes about twice its"
                + " size for a moment: give the JVM more than the scripts' total size, as in"
                + " 'java -Xmx1g -jar migrate.jar ...'. If a migration had"
                + " started, 'status' shows whether it was left part-way";
    }

    /** Prints the failure and returns the exit code. */
    static int report(Throwable e, Output output, boolean verbose) {
        int code = exitCode(e);
        if (output.json()) {
            output.json(json(e, code));
        }
        output.error("Error: " + message(e));
        if (e instanceof ValidationException v && v.problems().size() > 1) {
            for (String problem : v.problems()) {
                output.error("  - " + oneLine(problem));
            }
        }
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            output.error(trace.toString().stripTrailing());
        }
        return code;
    }

    static ObjectNode json(Throwable e, int code) {
        ObjectNode root = Output.object();
        ObjectNode error = root.putObject("error");
        error.put("kind", kind(e));
        error.put("exitCode", code);
        // A lock timeout says what to raise in the CLI's own words, as the text output does.
        error.put("message", e instanceof LockTimeoutException || e instanceof OutOfMemoryError ? message(e)
                : e.getMessage() == null ? e.toString() : e.getMessage());
        if (e instanceof MigrationFailedException m) {
            error.put("version", m.version());
            error.put("script", m.script());
            if (m.line() > 0) {
                error.put("line", m.line());
            } else {
                error.putNull("line"); // no line in a file (a Java migration, a callback), as in the plan's statements
            }
            error.put("sqlState", m.sqlState());
        } else if (e instanceof OperationCancelledException c) {
            error.put("reason", c.reason());
            error.put("version", c.version());
            error.put("script", c.script());
        } else if (e instanceof DirtyDatabaseException d) {
            error.put("version", d.version());
            error.put("script", d.script());
        } else if (e instanceof IrreversibleMigrationException i) {
            error.put("version", i.version());
            error.put("script", i.script());
        } else if (e instanceof LockTimeoutException l) {
            error.put("holder", l.holder());
            error.put("timeoutMs", l.timeout().toMillis());
        } else if (e instanceof ValidationException v) {
            JsonView.strings(error.putArray("problems"), v.problems());
        } else if (e instanceof UnsupportedDatabaseException u) {
            error.put("product", u.product());
        } else if (e instanceof JdbcUrls.UnsupportedUrlException u) {
            error.put("product", u.product());
        }
        return root;
    }

    /** Folds a multi-line message (a driver's, or the core's with its hints) into one line. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
