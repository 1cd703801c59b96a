package dev.migrate.boot.actuate;

import dev.migrate.MigrateException;
import dev.migrate.MigratorConfig;
import dev.migrate.dialect.Dialects;
import dev.migrate.history.AuditLog;
import dev.migrate.internal.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every {@code planId} single-use: once a write confirmed with it has started, whatever its
 * outcome, the same {@code planId} is refused. Without this a plan could be confirmed again whenever
 * the history came back to the state the plan was made from (plan, migrate, rollback: the migrate
 * plan's fingerprint matches again).
 *
 * <p>A used {@code planId} is recorded as a {@code CONFIRM} row of the audit table (the {@code planId}
 * in {@code details}, the request in {@code description}, the caller in {@code performed_by}), so
 * every instance of the application that shares the database refuses it, also after a restart. The
 * row is written before the write runs; when the audit table does not exist yet (nothing ever ran on
 * this database), right after it, once the core has created the table. This instance also remembers
 * the {@code planId}s it saw used until they expire, which covers two identical requests arriving at
 * once and an audit table that could not be written.
 */
public class PlanLedger {

    static final String OPERATION = "CONFIRM";

    private static final Logger log = LoggerFactory.getLogger(PlanLedger.class);

    private final DataSource dataSource;
    private final MigratorConfig config;
    private final Clock clock;
    /** planIds used through this instance, with the time they expire. */
    private final Map<String, Instant> usedHere = new LinkedHashMap<>();
    private volatile AuditLog auditLog;

    /**
     * @param dataSource the database {@code config} migrates, whose audit table records the used planIds
     */
    public PlanLedger(DataSource dataSource, MigratorConfig config) {
        this(dataSource, config, Clock.systemUTC());
    }

    PlanLedger(DataSource dataSource, MigratorConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Called by the endpoint before it runs anything for {@code planId}.
     *
     * @throws MigrationsEndpointException (409) when a write was already confirmed with it
     */
    void requireUnused(String planId) {
        synchronized (usedHere) {
            if (usedHere.containsKey(planId)) {
                throw alreadyUsed();
            }
        }
        if (recordedInAudit(planId)) {
            throw alreadyUsed();
        }
    }

    /**
     * Marks {@code planId} used, just before the write it confirms runs. Checks it once more, so that
     * of two identical requests arriving together on this instance only one runs.
     *
     * @param expiresAt   when the plan expires anyway, after which this instance forgets it
     * @param performedBy the caller's principal, or null
     * @return whether the audit row is written; if not, {@link #recordAfterRun} writes it
     * @throws MigrationsEndpointException (409) when a write was already confirmed with it
     */
    boolean claim(String planId, OperationRequest request, Instant expiresAt, @Nullable String performedBy) {
        synchronized (usedHere) {
            Instant now = clock.instant();
            usedHere.values().removeIf(expiry -> expiry.isBefore(now));
            if (usedHere.containsKey(planId)) {
                throw alreadyUsed();
            }
            usedHere.put(planId, expiresAt);
        }
        boolean recorded = false;
        try {
            if (recordedInAudit(planId)) {
                throw alreadyUsed();
            }
            try (Connection c = dataSource.getConnection()) {
                AuditLog audit = auditLog(c);
                if (audit.exists(c)) {
                    record(c, audit, planId, request, performedBy);
                    recorded = true;
                }
            } catch (SQLException e) {
                throw new MigrateException("Could not record the planId as used in the audit table " + config.auditTable()
                        + ", so nothing was run: " + e.getMessage() + ". Confirm the plan again once the database answers", e);
            }
            return recorded;
        } catch (MigrateException e) {
            // Nothing ran: the same planId may be tried again.
            synchronized (usedHere) {
                usedHere.remove(planId);
            }
            throw e;
        }
    }

    /** Writes the audit row {@link #claim} could not write because the table did not exist yet. */
    void recordAfterRun(String planId, OperationRequest request, @Nullable String performedBy) {
        try (Connection c = dataSource.getConnection()) {
            AuditLog audit = auditLog(c);
            if (audit.exists(c)) {
                record(c, audit, planId, request, performedBy);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not record planId {} as used in the audit table {}; this instance refuses it again, other instances"
                    + " may not: {}", planId, config.auditTable(), e.toString());
        }
    }

    private boolean recordedInAudit(String planId) {
        try (Connection c = dataSource.getConnection()) {
            AuditLog audit = auditLog(c);
            if (!audit.exists(c)) {
                return false;
            }
            return audit.hasRow(c, OPERATION, planId);
        } catch (SQLException e) {
            throw new MigrateException("Could not check whether planId " + planId + " was already used (audit table "
                    + config.auditTable() + "): " + e.getMessage(), e);
        }
    }

    private void record(Connection c, AuditLog audit, String planId, OperationRequest request, @Nullable String performedBy)
            throws SQLException {
        // Without a caller's name, the name the run's own rows get (installed-by, else the database user as Migrate writes it).
        String who = performedBy != null ? performedBy : Engine.defaultUser(c, config);
        audit.record(c, OPERATION, null, request.canonical(), null, true, who, config.environment(), clock.instant(), 0, planId);
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private AuditLog auditLog(Connection c) throws SQLException {
        AuditLog audit = auditLog;
        if (audit == null) {
            audit = new AuditLog(Dialects.detect(c), config.schema(), config.auditTable());
            auditLog = audit;
        }
        return audit;
    }

    private static MigrationsEndpointException alreadyUsed() {
        return new MigrationsEndpointException(409, "This planId was already used: a plan confirms one write only."
                + " POST {\"operation\": \"plan\", ...} again, review the new plan and confirm it with its planId");
    }
}
