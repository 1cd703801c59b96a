package dev.migrate.boot.metrics;

import dev.migrate.MigrationEvent;
import dev.migrate.MigrationListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Wraps each migration step in an {@link Observation} named {@value #NAME}, so that tracing shows the
 * step with the JDBC spans it causes. Its name differs from the {@code migrate.migration} timer's so
 * that an observation handler that also makes meters does not register a second, differently tagged
 * meter under that name.
 *
 * <p>With {@code group}, the steps' ends are told when the group commits: each step's observation then lasts until
 * the commit (which makes its work durable), while its scope ends when the next step starts.
 */
public class MigrateObservations implements MigrationListener {

    public static final String NAME = "migrate.step";

    private final ObservationRegistry registry;

    /**
     * The steps started and not finished yet on this thread (listeners are called on the thread running the
     * operation): one, or with {@code group} every step of the group, whose ends are told when the group commits.
     */
    private final ThreadLocal<Map<MigrationEvent, Observation>> open = ThreadLocal.withInitial(HashMap::new);

    /** The scope of the step running now, closed when it finishes or when the next step of a group starts. */
    private final ThreadLocal<Observation.Scope> scope = new ThreadLocal<>();

    public MigrateObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void migrationStarted(MigrationEvent event) {
        // In a group the previous step's statements are done: the next step's spans are not its children.
        closeScope(null);
        String version = event.version() != null ? event.version() : event.script();
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName("migrate " + event.direction().tag() + " " + version)
                .lowCardinalityKeyValue("direction", event.direction().tag())
                .lowCardinalityKeyValue("version", version)
                .highCardinalityKeyValue("script", event.script())
                .highCardinalityKeyValue("description", event.description() == null ? "" : event.description())
                .start();
        open.get().put(event, observation);
        scope.set(observation.openScope());
    }

    @Override
    public void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
        Map<MigrationEvent, Observation> started = open.get();
        Observation observation = started.remove(event);
        if (started.isEmpty()) {
            open.remove();
        }
        if (observation == null) {
            return;
        }
        closeScope(observation);
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }

    /** Closes the open scope: any, or only {@code of}'s when given. */
    private void closeScope(Observation of) {
        Observation.Scope current = scope.get();
        if (current != null && (of == null || current.getCurrentObservation() == of)) {
            scope.remove();
            current.close();
        }
    }
}
