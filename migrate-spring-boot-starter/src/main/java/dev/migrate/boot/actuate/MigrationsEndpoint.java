package dev.migrate.boot.actuate;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.Operation;
import dev.migrate.Plan;
import dev.migrate.RollbackResult;
import dev.migrate.StalePlanException;
import dev.migrate.boot.actuate.MigrationsDescriptors.Details;
import dev.migrate.boot.actuate.MigrationsDescriptors.PlanResponse;
import dev.migrate.boot.actuate.MigrationsDescriptors.Ran;
import dev.migrate.boot.actuate.MigrationsDescriptors.RunResponse;
import dev.migrate.boot.actuate.MigrationsDescriptors.Status;
import dev.migrate.boot.actuate.MigrationsDescriptors.Step;
import dev.migrate.boot.autoconfigure.CancelOnShutdown;
import dev.migrate.boot.autoconfigure.MigrateSettings;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code migrations} Actuator endpoint. Read-only by default; writes need
 * {@code management.endpoint.migrations.access=unrestricted}.
 * <ul>
 *   <li>read: the status (DESIGN section 4) with the effective settings;</li>
 *   <li>read {@code /{version}}: one migration with the SQL of its up and down; a repeatable one by its script's
 *       file name or its description;</li>
 *   <li>write {@code {"operation": "plan" | "migrate" | "rollback", ...}}: a dry run that returns a
 *       {@code planId}, or a run. Where the environment requires confirmation, runs must carry the
 *       {@code planId} of a plan, and are refused if the database or the migrations changed since, or if
 *       a write was already confirmed with that {@code planId} ({@link PlanLedger}).</li>
 * </ul>
 * Refusals of a write by the endpoint's rules are recorded in the audit table ({@code REFUSED}, {@link Migrator#recordRefusal}),
 * then throw {@link MigrationsEndpointException} (the core records its own); {@link MigrationsEndpointWebExtension} turns them
 * and the core's exceptions into JSON errors with a 4xx status.
 */
@Endpoint(id = "migrations", defaultAccess = Access.READ_ONLY)
public class MigrationsEndpoint {

    /** How far ahead of this instance's clock a plan made by another instance may say it was issued. */
    private static final Duration ISSUED_AHEAD = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(MigrationsEndpoint.class);

    private final Migrator migrator;
    private final MigrateSettings settings;
    private final List<BackupVerifier> backupVerifiers;
    private final PlanLedger planLedger;
    private final Clock clock;
    private Duration shutdownTimeout = CancelOnShutdown.DEFAULT_TIMEOUT;

    /**
     * @param backupVerifiers consulted in this order before a rollback where the settings say so; each must
     *                        pass. Empty for no backup check
     * @param planLedger      remembers the planIds already used, so that each confirms one write only
     */
    public MigrationsEndpoint(Migrator migrator, MigrateSettings settings, List<BackupVerifier> backupVerifiers,
            PlanLedger planLedger) {
        this(migrator, settings, backupVerifiers, planLedger, Clock.systemUTC());
    }

    MigrationsEndpoint(Migrator migrator, MigrateSettings settings, List<BackupVerifier> backupVerifiers, PlanLedger planLedger,
            Clock clock) {
        this.migrator = migrator;
        this.settings = settings;
        this.backupVerifiers = List.copyOf(backupVerifiers);
        this.planLedger = planLedger;
        this.clock = clock;
    }

    /**
     * How long the JVM's shutdown, or the close of the context that has this endpoint's {@code Migrator} as a bean, waits
     * for a write of this endpoint that it cancels ({@link CancelOnShutdown}); zero to let the write run on instead. The
     * auto-configured endpoint takes {@code migrate.shutdown-timeout}.
     */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    @ReadOperation
    public Status migrations() {
        return Status.of(migrator.status(), settings.asMap());
    }

    /**
     * One migration, or null (404) when no file and no history row has this version or name.
     *
     * @param version a version, or for a repeatable migration (which has none) its script's file name
     *                ({@code R__book_titles.sql}) or its description ({@code book titles}, {@code book_titles})
     */
    @ReadOperation
    public @Nullable Details migration(@Selector String version) {
        return migrator.describe(version).map(d -> Details.of(d, migrator.config()::masked)).orElse(null);
    }

    /**
     * Plans or runs an operation; see the class comment.
     *
     * @param operation {@code plan}, {@code migrate} or {@code rollback}
     * @param of        for {@code plan}: what to plan, {@code migrate} (default) or {@code rollback}
     * @param target    migrate: the version to migrate up to; rollback: undo everything above it
     * @param steps     rollback: how many of the last applied migrations to undo
     * @param batch     rollback: undo the last batch
     * @param all       rollback: undo everything
     * @param only      rollback: undo just this version
     * @param planId    the {@code planId} of the plan this run confirms
     */
    @WriteOperation
    public Object operate(@Nullable String operation, @Nullable String of, @Nullable String target, @Nullable Integer steps,
            @Nullable Boolean batch, @Nullable Boolean all, @Nullable String only, @Nullable String planId,
            SecurityContext securityContext) {
        if (operation == null || operation.isBlank()) {
            throw OperationRequest.badRequest("The body needs an operation: {\"operation\": \"plan\" | \"migrate\" | \"rollback\", ...}");
        }
        String name = operation.strip().toLowerCase(Locale.ROOT);
        if (of != null && !name.equals("plan")) {
            throw OperationRequest.badRequest("'of' says what a plan is of; " + name + " takes none: leave it out, or send"
                    + " {\"operation\": \"plan\", \"of\": \"" + of + "\"}");
        }
        return switch (name) {
            case "plan" -> plan(OperationRequest.of(operationNamed(of == null ? "migrate" : of, "of"), target, steps, batch, all, only));
            case "migrate", "rollback" -> run(OperationRequest.of(operationNamed(name, "operation"), target, steps, batch, all, only),
                    planId, principal(securityContext));
            default -> throw OperationRequest.badRequest("operation must be plan, migrate or rollback, not '" + operation + "'");
        };
    }

    private static Operation operationNamed(String name, String field) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "migrate" -> Operation.MIGRATE;
            case "rollback" -> Operation.ROLLBACK;
            default -> throw OperationRequest.badRequest("'" + field + "' must be migrate or rollback, not '" + name + "'");
        };
    }

    private PlanResponse plan(OperationRequest request) {
        Plan plan = planFor(request);
        Instant now = clock.instant();
        PlanId id = PlanId.of(request, plan, now);
        List<String> warnings = new ArrayList<>(plan.warnings());
        if (request.operation() == Operation.ROLLBACK && !settings.rollbackEnabled()) {
            warnings.add("Rollback from Actuator is disabled in the " + settings.environment().label()
                    + " environment: this plan can be run with the CLI, or here after setting migrate.rollback.enabled=true");
        }
        Map<String, Object> confirm = new LinkedHashMap<>();
        confirm.put("operation", request.operation().tag());
        confirm.put("planId", id.encode());
        return new PlanResponse(request.operation().tag(), request.canonical(), id.encode(),
                id.issuedAt().plus(settings.planValidity()).toString(), settings.confirmationRequired(),
                plan.steps().stream().map(s -> Step.of(s, migrator.config()::masked)).toList(), warnings, plan.notes(), confirm);
    }

    private Plan planFor(OperationRequest request) {
        return request.operation() == Operation.MIGRATE ? migrator.planMigrate(request.target())
                : migrator.planRollback(request.rollbackRequest());
    }

    /**
     * Runs {@link #checkAndRun}, recording a refusal by the endpoint's rules in the audit table before it is thrown. A
     * refusal by the core (a confirmed plan's fingerprint that no longer matches under the lock, a dirty database,
     * validation) is recorded by the core itself, as performed by the caller. A request too malformed to name a write
     * is refused before this, and is not recorded.
     */
    private RunResponse run(OperationRequest asked, @Nullable String planId, @Nullable String principal) {
        try {
            return checkAndRun(asked, planId, principal);
        } catch (MigrationsEndpointException e) {
            recordRefusal(asked, planId, principal, e.status(), e.getMessage());
            throw e;
        }
    }

    /**
     * Appends the REFUSED audit row, naming the request a {@code planId} sent alone confirms (else the one asked); never
     * fails the answer: the core logs a row it cannot write. The details start with the request, since the CLI's
     * {@code history} shows them and not the description.
     */
    private void recordRefusal(OperationRequest asked, @Nullable String planId, @Nullable String principal, int status,
            String message) {
        OperationRequest request = asked;
        if (asked.isDefault() && planId != null && !planId.isBlank()) {
            try {
                PlanId id = PlanId.decode(planId.strip());
                if (id.request().operation() == asked.operation()) {
                    request = id.request();
                }
            } catch (MigrationsEndpointException notAPlanId) {
                // The request asked, then.
            }
        }
        Migrator recorder = principal != null ? migrator.performedBy(principal) : migrator;
        recorder.recordRefusal(request.operation(), request.canonical(),
                "Actuator endpoint refused " + request.canonical() + " (" + status + "): " + message);
    }

    private RunResponse checkAndRun(OperationRequest asked, @Nullable String planId, @Nullable String principal) {
        Operation operation = asked.operation();
        if (operation == Operation.ROLLBACK && !settings.rollbackEnabled()) {
            throw new MigrationsEndpointException(403, "Rollback from Actuator is disabled in the " + settings.environment().label()
                    + " environment: set migrate.rollback.enabled=true to allow it, or roll back with the CLI");
        }
        OperationRequest request = asked;
        String fingerprint = null;
        Plan plan = null;
        PlanId id = null;
        if (planId == null || planId.isBlank()) {
            if (settings.confirmationRequired()) {
                throw new MigrationsEndpointException(428, "The " + settings.environment().label() + " environment requires"
                        + " confirmation: first POST {\"operation\": \"plan\", \"of\": \"" + operation.tag() + "\", ...}, review the"
                        + " steps, then POST {\"operation\": \"" + operation.tag() + "\", \"planId\": \"<its planId>\"}"
                        + " (migrate.confirmation.required)");
            }
        } else {
            id = PlanId.decode(planId.strip());
            if (id.request().operation() != operation) {
                throw OperationRequest.badRequest("planId was made for '" + id.request().canonical() + "', not for " + operation.tag());
            }
            if (!asked.isDefault() && !asked.equals(id.request())) {
                throw OperationRequest.badRequest("planId was made for '" + id.request().canonical() + "', but this request asks for '"
                        + asked.canonical() + "': send the planId alone, or make a new plan");
            }
            request = id.request();
            if (id.issuedAt().isAfter(clock.instant().plus(ISSUED_AHEAD))) {
                // No plan of this endpoint is issued in the future: an edited planId, trying to live longer.
                throw new MigrationsEndpointException(400, "planId '" + planId.strip() + "' was not made by this endpoint (it says"
                        + " it was issued at " + id.issuedAt() + ", which has not come yet): make a new plan");
            }
            planLedger.requireUnused(planId.strip());
            if (clock.instant().isAfter(id.issuedAt().plus(settings.planValidity()))) {
                throw new MigrationsEndpointException(409, "The plan expired at " + id.issuedAt().plus(settings.planValidity())
                        + " (migrate.confirmation.plan-validity=" + settings.planValidity() + "): make a new plan");
            }
            plan = planFor(request);
            if (!plan.fingerprint().equals(id.fingerprint())) {
                // Found here, before the core runs: recorded here. The core records the same refusal under its lock itself.
                StalePlanException stale = new StalePlanException(id.fingerprint(), plan.fingerprint());
                recordRefusal(asked, planId, principal, 409, stale.getMessage());
                throw stale;
            }
            if (!PlanId.digest(plan).equals(id.stepsDigest())) {
                throw new MigrationsEndpointException(409, "The migrations changed since the plan was made (its steps would differ):"
                        + " make a new plan, review it and confirm that one");
            }
            fingerprint = id.fingerprint();
        }
        if (operation == Operation.ROLLBACK && settings.backupCheck() && !backupVerifiers.isEmpty()) {
            verifyBackup(plan != null ? plan : planFor(request));
        }
        Migrator runner = principal != null ? migrator.performedBy(principal) : migrator;
        log.info("Actuator {} requested by {}{}", request.canonical(), principal != null ? principal : "an anonymous caller",
                fingerprint != null ? " (confirmed plan)" : "");
        if (id == null) {
            return execute(runner, request, principal, null);
        }
        String used = planId.strip();
        boolean recorded = planLedger.claim(used, request, id.issuedAt().plus(settings.planValidity()), principal);
        try {
            return execute(runner, request, principal, fingerprint);
        } finally {
            if (!recorded) {
                planLedger.recordAfterRun(used, request, principal);
            }
        }
    }

    private RunResponse execute(Migrator runner, OperationRequest request, @Nullable String principal, @Nullable String fingerprint) {
        Operation operation = request.operation();
        String what = "Actuator " + request.canonical();
        if (operation == Operation.MIGRATE) {
            // Cancelled through the bean, which reaches its performedBy copy: the context's close knows the bean only.
            MigrateResult result = CancelOnShutdown.run(migrator, shutdownTimeout, what, () -> runner.migrate(request.target(), fingerprint));
            return new RunResponse(operation.tag(), request.canonical(), settings.environment().label(), principal,
                    // null, not 0, when nothing was applied and so no batch made, as a rollback's and the CLI's JSON say
                    result.applied().isEmpty() ? null : result.batch(), result.fromVersion(), result.toVersion(),
                    result.applied().stream().map(Ran::of).toList(),
                    List.of(), result.durationMs());
        }
        RollbackResult result = CancelOnShutdown.run(migrator, shutdownTimeout, what,
                () -> runner.rollback(request.rollbackRequest(), fingerprint));
        return new RunResponse(operation.tag(), request.canonical(), settings.environment().label(), principal, null,
                result.fromVersion(), result.toVersion(), result.rolledBack().stream().map(Ran::of).toList(), result.notes(),
                result.durationMs());
    }

    /** Every verifier must pass; the first that does not refuses the rollback. */
    private void verifyBackup(Plan plan) {
        int number = 0;
        for (BackupVerifier verifier : backupVerifiers) {
            number++;
            String which = backupVerifiers.size() == 1 ? "" : " " + number + " of " + backupVerifiers.size();
            BackupVerifier.Check check;
            try {
                check = verifier.verify(plan);
            } catch (RuntimeException e) {
                throw new MigrationsEndpointException(412, "Backup check" + which + " failed, rollback refused: " + e.getMessage()
                        + " (migrate.rollback.backup-check)");
            }
            if (check == null || !check.passed()) {
                throw new MigrationsEndpointException(412, "Backup check" + which + " failed, rollback refused: "
                        + (check == null ? "the BackupVerifier gave no verdict" : check.detail()) + " (migrate.rollback.backup-check)");
            }
            log.info("Backup check{} passed before rollback: {}", which, check.detail());
        }
    }

    /**
     * The caller's name for the audit: the principal over HTTP (null without one: the audit then names
     * migrate.installed-by, else the database user). Actuator invokes the JMX operation with {@link SecurityContext#NONE},
     * and only there: that caller is named from its JMX connection, and marked as such ({@link JmxCaller}), so that the
     * audit never takes a write over JMX for one the application made itself.
     */
    private static @Nullable String principal(SecurityContext securityContext) {
        if (securityContext == SecurityContext.NONE) {
            return JmxCaller.describe();
        }
        Principal principal = securityContext == null ? null : securityContext.getPrincipal();
        return principal == null ? null : principal.getName();
    }
}
