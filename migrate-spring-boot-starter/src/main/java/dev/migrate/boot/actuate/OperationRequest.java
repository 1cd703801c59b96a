package dev.migrate.boot.actuate;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrationTarget;
import dev.migrate.Operation;
import dev.migrate.RollbackRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code migrate} or {@code rollback} request asks for, in one canonical text form
 * ({@code migrate}, {@code migrate target=3}, {@code rollback last}, {@code rollback steps=2},
 * {@code rollback batch}, {@code rollback target=4}, {@code rollback all}, {@code rollback only=3})
 * that a {@link PlanId} carries.
 */
record OperationRequest(Operation operation, String target, Integer steps, boolean batch, boolean all, String only) {

    /**
     * From the body of a POST.
     *
     * @throws MigrationsEndpointException (400) for arguments that do not fit together
     */
    static OperationRequest of(Operation operation, String target, Integer steps, Boolean batch, Boolean all, String only) {
        // An empty value is not "no value": a client that meant a version must not get the default run instead.
        if (target != null && target.isBlank() || only != null && only.isBlank()) {
            throw badRequest("'" + (target != null && target.isBlank() ? "target" : "only") + "' is empty: give a version, or leave it"
                    + " out");
        }
        boolean isBatch = Boolean.TRUE.equals(batch);
        boolean isAll = Boolean.TRUE.equals(all);
        if (operation == Operation.MIGRATE) {
            if (steps != null || isBatch || isAll || only != null) {
                throw badRequest("migrate takes only 'target'; 'steps', 'batch', 'all' and 'only' are for rollback");
            }
            return new OperationRequest(operation, migrateTarget(target), null, false, false, null);
        }
        List<String> given = new ArrayList<>();
        if (target != null) {
            given.add("target");
        }
        if (steps != null) {
            given.add("steps");
        }
        if (isBatch) {
            given.add("batch");
        }
        if (isAll) {
            given.add("all");
        }
        if (only != null) {
            given.add("only");
        }
        if (given.size() > 1) {
            throw badRequest("rollback takes at most one of target, steps, batch, all and only, not " + String.join(" and ", given));
        }
        if (steps != null && steps < 1) {
            throw badRequest("rollback steps must be at least 1, not " + steps);
        }
        OperationRequest request = new OperationRequest(operation, blankToNull(target), steps, isBatch, isAll, blankToNull(only));
        request.rollbackRequest(); // rejects a malformed version now, with a 400
        return request;
    }

    /** A migrate target in its canonical form ({@code 7}, {@code 7?}, {@code next}, {@code current}), null for the latest. */
    private static String migrateTarget(String target) {
        try {
            MigrationTarget parsed = MigrationTarget.parse(target);
            return parsed instanceof MigrationTarget.Latest ? null : parsed.toString();
        } catch (ConfigurationException e) {
            throw badRequest(e.getMessage());
        }
    }

    /** Whether the body carried no argument besides the operation. */
    boolean isDefault() {
        return target == null && steps == null && !batch && !all && only == null;
    }

    RollbackRequest rollbackRequest() {
        try {
            if (target != null) {
                return RollbackRequest.toVersion(target);
            }
            if (only != null) {
                return RollbackRequest.only(only);
            }
        } catch (ConfigurationException e) {
            throw badRequest(e.getMessage());
        }
        if (steps != null) {
            return RollbackRequest.steps(steps);
        }
        if (batch) {
            return RollbackRequest.lastBatch();
        }
        if (all) {
            return RollbackRequest.base();
        }
        return RollbackRequest.last();
    }

    /** The canonical text form. */
    String canonical() {
        String name = operation.tag();
        if (operation == Operation.MIGRATE) {
            return target == null ? name : name + " target=" + target;
        }
        if (target != null) {
            return name + " target=" + target;
        }
        if (steps != null) {
            return name + " steps=" + steps;
        }
        if (batch) {
            return name + " batch";
        }
        if (all) {
            return name + " all";
        }
        if (only != null) {
            return name + " only=" + only;
        }
        return name + " last";
    }

    /** Parses {@link #canonical()}; null if the text is not one. */
    static OperationRequest parse(String text) {
        String[] parts = text.split(" ", 2);
        Operation operation;
        try {
            operation = Operation.valueOf(parts[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (operation != Operation.MIGRATE && operation != Operation.ROLLBACK) {
            return null;
        }
        String arg = parts.length > 1 ? parts[1] : "";
        try {
            if (arg.isEmpty() || arg.equals("last")) {
                return new OperationRequest(operation, null, null, false, false, null);
            }
            if (arg.startsWith("target=")) {
                return new OperationRequest(operation, arg.substring(7), null, false, false, null);
            }
            if (operation == Operation.ROLLBACK) {
                if (arg.startsWith("steps=")) {
                    return new OperationRequest(operation, null, Integer.parseInt(arg.substring(6)), false, false, null);
                }
                if (arg.equals("batch")) {
                    return new OperationRequest(operation, null, null, true, false, null);
                }
                if (arg.equals("all")) {
                    return new OperationRequest(operation, null, null, false, true, null);
                }
                if (arg.startsWith("only=")) {
                    return new OperationRequest(operation, null, null, false, false, arg.substring(5));
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    static MigrationsEndpointException badRequest(String message) {
        return new MigrationsEndpointException(400, message);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
