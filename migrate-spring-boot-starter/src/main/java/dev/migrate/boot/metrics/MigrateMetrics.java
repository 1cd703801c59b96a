package dev.migrate.boot.metrics;

import dev.migrate.MigrationEvent;
import dev.migrate.MigrationListener;
import dev.migrate.ProgressEvent;
import dev.migrate.Migrator;
import dev.migrate.Operation;
import dev.migrate.StatusResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters of Migrate, fed as a {@link MigrationListener}:
 * <ul>
 *   <li>timer {@value #MIGRATION_TIMER}, one sample per migration step, tags {@code version} (the script
 *       name for a repeatable migration), {@code direction} ({@code up}/{@code down}) and {@code outcome}
 *       ({@code success}/{@code failure});</li>
 *   <li>timer {@value #RUN_TIMER}, one sample per writing operation, tags {@code operation} and {@code outcome};</li>
 *   <li>gauges {@code migrate.migrations.pending}, {@code .applied} and {@code .failed}, read from
 *       {@link Migrator#status()}, cached for a few seconds and refreshed after every operation.</li>
 * </ul>
 */
public class MigrateMetrics implements MigrationListener {

    public static final String MIGRATION_TIMER = "migrate.migration";
    public static final String RUN_TIMER = "migrate.run";
    public static final String PENDING_GAUGE = "migrate.migrations.pending";
    public static final String APPLIED_GAUGE = "migrate.migrations.applied";
    public static final String FAILED_GAUGE = "migrate.migrations.failed";
    public static final String DATA_ROWS_COUNTER = "migrate.data.rows";

    /** How long a status read for the gauges is reused: a scrape every few seconds must not scan and query each time. */
    static final Duration STATUS_CACHE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(MigrateMetrics.class);

    private final MeterRegistry registry;
    private final Supplier<Migrator> migrator;
    private volatile Cached cached;

    private record Cached(StatusResult status, long readAtNanos) {
    }

    /**
     * @param migrator supplies the migrator lazily: this listener is part of the migrator's configuration
     */
    public MigrateMetrics(MeterRegistry registry, Supplier<Migrator> migrator) {
        this.registry = registry;
        this.migrator = migrator;
        gauge(PENDING_GAUGE, "Migrations found and not applied yet", s -> s.pending().size());
        gauge(APPLIED_GAUGE, "Migrations applied (history rows)", s -> s.applied().size() - s.failed().size());
        gauge(FAILED_GAUGE, "Migrations in the history that failed or are still running (a dirty database)", s -> s.failed().size());
    }

    private void gauge(String name, String description, ToIntFunction<StatusResult> value) {
        Gauge.builder(name, this, m -> {
            StatusResult status = m.status();
            return status == null ? Double.NaN : value.applyAsInt(status);
        }).description(description).strongReference(true).register(registry);
    }

    @Override
    public void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
        Timer.builder(MIGRATION_TIMER)
                .description("Time taken by one migration step")
                .tag("version", event.version() != null ? event.version() : event.script())
                .tag("direction", event.direction().tag())
                .tag("outcome", outcome(failure))
                .register(registry)
                .record(duration);
    }

    /** Counts the rows of batched data migrations as their batches commit. */
    @Override
    public void progress(ProgressEvent event) {
        io.micrometer.core.instrument.Counter.builder(DATA_ROWS_COUNTER)
                .description("Rows processed by batched data migrations")
                .tag("version", event.version())
                .tag("task", event.task())
                .register(registry)
                .increment(event.batchRows());
    }

    @Override
    public void operationFinished(Operation operation, Duration duration, Throwable failure) {
        Timer.builder(RUN_TIMER)
                .description("Time taken by one writing Migrate operation (migrate, rollback, repair...)")
                .tag("operation", operation.tag())
                .tag("outcome", outcome(failure))
                .register(registry)
                .record(duration);
        cached = null;
    }

    private static String outcome(Throwable failure) {
        return failure == null ? "success" : "failure";
    }

    /** The cached status, read again when older than {@link #STATUS_CACHE}; null when it cannot be read. */
    StatusResult status() {
        Cached current = cached;
        if (current != null && System.nanoTime() - current.readAtNanos() < STATUS_CACHE.toNanos()) {
            return current.status();
        }
        try {
            StatusResult status = migrator.get().status();
            cached = new Cached(status, System.nanoTime());
            return status;
        } catch (RuntimeException e) {
            log.debug("Could not read the migration status for the gauges: {}", e.toString());
            return null;
        }
    }
}
