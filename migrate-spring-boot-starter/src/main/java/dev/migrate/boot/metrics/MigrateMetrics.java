package dev.migrate.boot.metrics;

import dev.migrate.MigrationEvent;
import dev.migrate.MigrationListener;
import dev.migrate.ProgressEvent;
import dev.migrate.Migrator;
import dev.migrate.Operation;
import dev.migrate.StatusResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *       {@link Migrator#status()} on a thread of their own, cached for a few seconds (a failed read too) and read again
 *       after every operation of this instance; NaN while the database cannot be read, or not within
 *       {@link #STATUS_WAIT}. With several {@code Migrator} beans, each has its three gauges, tagged
 *       {@value #MIGRATOR_TAG} with its bean name.</li>
 * </ul>
 * The timers count the steps and operations of every {@code Migrator} this listener is registered with, untagged: a
 * listener is not told which one ran them.
 */
public class MigrateMetrics implements MigrationListener, AutoCloseable {

    public static final String MIGRATION_TIMER = "migrate.migration";
    public static final String RUN_TIMER = "migrate.run";
    public static final String PENDING_GAUGE = "migrate.migrations.pending";
    public static final String APPLIED_GAUGE = "migrate.migrations.applied";
    public static final String FAILED_GAUGE = "migrate.migrations.failed";
    public static final String DATA_ROWS_COUNTER = "migrate.data.rows";
    /** The tag that tells the gauges of several {@code Migrator} beans apart: the bean's name. */
    public static final String MIGRATOR_TAG = "migrator";

    /** How long a status read for the gauges is reused: a scrape every few seconds must not scan and query each time. */
    static final Duration STATUS_CACHE = Duration.ofSeconds(10);

    /**
     * Longest a scrape waits for a status read. The read runs on a thread of its own, so a database that does not
     * answer (the pool waits its connection timeout, 30 s with HikariCP's defaults) never holds up the scrape of the
     * application's other meters: the gauges read NaN instead.
     */
    static final Duration STATUS_WAIT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(MigrateMetrics.class);

    private final MeterRegistry registry;
    private final List<StatusReader> readers = new ArrayList<>();
    private final List<Gauge> gauges = new ArrayList<>();

    /**
     * Gauges of one {@code Migrator}, without a {@value #MIGRATOR_TAG} tag.
     *
     * @param migrator supplies the migrator lazily: this listener is part of the migrator's configuration
     */
    public MigrateMetrics(MeterRegistry registry, Supplier<Migrator> migrator) {
        this.registry = registry;
        register(Tags.empty(), migrator);
    }

    /**
     * Gauges of each of several {@code Migrator}s, tagged {@value #MIGRATOR_TAG} with the map's key (the bean name), so
     * that each database has its own series.
     *
     * <pre>{@code
     * new MigrateMetrics(registry, Map.of("ordersMigrator", () -> orders, "reportsMigrator", () -> reports));
     * }</pre>
     *
     * @param migrators each supplies its migrator lazily, by name, in the order the gauges are registered
     */
    public MigrateMetrics(MeterRegistry registry, Map<String, Supplier<Migrator>> migrators) {
        this.registry = registry;
        migrators.forEach((name, migrator) -> register(Tags.of(MIGRATOR_TAG, name), migrator));
    }

    private void register(Tags tags, Supplier<Migrator> migrator) {
        StatusReader reader = new StatusReader(migrator);
        readers.add(reader);
        gauge(reader, tags, PENDING_GAUGE, "Migrations found and not applied yet", s -> s.pending().size());
        gauge(reader, tags, APPLIED_GAUGE, "Migrations applied (history rows)",
                s -> s.applied().size() - s.failed().size() - s.inProgress().size());
        gauge(reader, tags, FAILED_GAUGE, "Migrations in the history that failed or were interrupted (a dirty database)",
                s -> s.failed().size());
    }

    private void gauge(StatusReader reader, Tags tags, String name, String description, ToIntFunction<StatusResult> value) {
        if (registry.find(name).tags(tags).gauge() != null) {
            // The registry returns the gauge already there, which reads another Migrator: say so rather than report it as ours.
            log.warn("Gauge {}{} is already registered by another MigrateMetrics; it keeps reporting that one's database", name,
                    tags.stream().findAny().isPresent() ? " " + tags : "");
            return;
        }
        gauges.add(Gauge.builder(name, reader, r -> {
            StatusResult status = r.status();
            return status == null ? Double.NaN : value.applyAsInt(status);
        }).tags(tags).description(description).strongReference(true).register(registry));
    }

    /**
     * Removes the gauges, which hold this object and through it the {@code Migrator} and its {@code DataSource}: a
     * registry that outlives the context (a parent context's, one refreshed in place) would otherwise go on reading a
     * closed pool, and a new context's gauges of the same names would not be registered.
     */
    @Override
    public void close() {
        gauges.forEach(registry::remove);
        gauges.clear();
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
        // A listener is not told which Migrator ran the operation: every database is read again.
        readers.forEach(StatusReader::invalidate);
    }

    private static String outcome(Throwable failure) {
        return failure == null ? "success" : "failure";
    }

    /**
     * Reads one {@code Migrator}'s status for its three gauges: cached, on a thread of its own, never holding up a scrape.
     */
    private static final class StatusReader {

        private final Supplier<Migrator> migrator;
        private final Object lock = new Object();
        /** The latest read, a failed one too (its status null), so that three gauges and a down database cost one try. */
        private Cached cached;
        /** The read in progress, shared by the scrapes that wait for it, so that a hanging database ties up one thread. */
        private CompletableFuture<Cached> reading;
        /** Counts the operations of this instance: a read begun before one ended is not reused after it. */
        private long generation;

        private record Cached(StatusResult status, long readAtNanos, long generation) {
        }

        StatusReader(Supplier<Migrator> migrator) {
            this.migrator = migrator;
        }

        void invalidate() {
            synchronized (lock) {
                generation++;
                cached = null;
                reading = null;
            }
        }

        /**
         * The cached status, read again when older than {@link #STATUS_CACHE} or than this instance's latest operation;
         * null when it cannot be read, or not within {@link #STATUS_WAIT}.
         */
        StatusResult status() {
            CompletableFuture<Cached> read;
            synchronized (lock) {
                Cached current = cached;
                if (current != null && current.generation() == generation
                        && System.nanoTime() - current.readAtNanos() < STATUS_CACHE.toNanos()) {
                    return current.status();
                }
                if (reading == null) {
                    CompletableFuture<Cached> started = new CompletableFuture<>();
                    long of = generation;
                    Thread thread = new Thread(() -> read(of, started), "migrate-gauges");
                    thread.setDaemon(true);
                    reading = started;
                    thread.start();
                }
                read = reading;
            }
            try {
                return read.get(STATUS_WAIT.toMillis(), TimeUnit.MILLISECONDS).status();
            } catch (TimeoutException e) {
                log.debug("The migration status for the gauges took longer than {}; they read NaN", STATUS_WAIT);
                synchronized (lock) {
                    // The other gauges of this scrape, and the scrapes of the next seconds, do not wait for it again.
                    if (reading == read && (cached == null || cached.generation() != generation
                            || System.nanoTime() - cached.readAtNanos() >= STATUS_CACHE.toNanos())) {
                        cached = new Cached(null, System.nanoTime(), generation);
                    }
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                return null;
            }
        }

        private void read(long of, CompletableFuture<Cached> result) {
            StatusResult status = null;
            try {
                status = migrator.get().status();
            } catch (RuntimeException e) {
                log.debug("Could not read the migration status for the gauges: {}", e.toString());
            }
            Cached read = new Cached(status, System.nanoTime(), of);
            synchronized (lock) {
                if (of == generation) {
                    cached = read;
                }
                if (reading == result) {
                    reading = null;
                }
            }
            result.complete(read);
        }
    }
}
