package dev.migrate.boot.metrics;

import dev.migrate.MigrationEvent;
import dev.migrate.MigrationListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Wraps each migration step in an {@link Observation} named {@value #NAME}, so that tracing shows the
 * step with the JDBC spans it causes. Its name differs from the {@code migrate.migration} timer's so
 * that an observation handler that also makes meters does not register a second, differently tagged
 * meter under that name.
 */
public class MigrateObservations implements MigrationListener {

    public static final String NAME = "migrate.step";

    private final ObservationRegistry registry;

    /** Listeners are called on the thread running the operation; steps do not nest, but a stack costs nothing. */
    private final ThreadLocal<Deque<Observation.Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

    public MigrateObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void migrationStarted(MigrationEvent event) {
        String version = event.version() != null ? event.version() : event.script();
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName("migrate " + event.direction().tag() + " " + version)
                .lowCardinalityKeyValue("direction", event.direction().tag())
                .lowCardinalityKeyValue("version", version)
                .highCardinalityKeyValue("script", event.script())
                .highCardinalityKeyValue("description", event.description() == null ? "" : event.description())
                .start();
        scopes.get().push(observation.openScope());
    }

    @Override
    public void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
        Deque<Observation.Scope> stack = scopes.get();
        Observation.Scope scope = stack.poll();
        if (stack.isEmpty()) {
            scopes.remove();
        }
        if (scope == null) {
            return;
        }
        Observation observation = scope.getCurrentObservation();
        scope.close();
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }
}
