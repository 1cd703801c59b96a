package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Cancels the writes running through {@link CancelOnShutdown} on this context's {@code Migrator} beans when the context
 * closes while the JVM may keep running ({@code POST /actuator/shutdown}, {@code ConfigurableApplicationContext.close()}
 * in a test or an embedding application, a DevTools restart), and waits for them to end, each up to its
 * {@code migrate.shutdown-timeout}, before the close goes on to stop the web server and destroy the {@code DataSource}.
 *
 * <p>Why a {@link ContextClosedEvent} listener and not a {@code SmartLifecycle}: the event is published on the closing
 * thread before the lifecycle processor stops anything (the web server's graceful shutdown, which would wait for the
 * request that runs the write, and a management server on its own port, whose context is closed by a lifecycle of
 * this one), and the wait is bounded by {@code migrate.shutdown-timeout} alone, where a lifecycle's stop is given up on
 * after {@code spring.lifecycle.timeout-per-shutdown-phase} and the {@code DataSource} then destroyed under the write.
 * It runs first among the event's listeners, before any of the application's that stops something the write needs.
 * The write's request then answers (503 with the cancel) while the server still serves, and graceful shutdown lets
 * that answer out.
 */
final class CancelOnContextClose implements ApplicationListener<ContextClosedEvent>, Ordered {

    private final ApplicationContext context;

    CancelOnContextClose(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        // A child context's close reaches its parent's listeners too: only this context's own close counts.
        if (event.getApplicationContext() != context) {
            return;
        }
        List<Migrator> migrators = createdMigrators();
        if (!migrators.isEmpty()) {
            CancelOnShutdown.cancelRunning(migrators);
        }
    }

    /** The context's {@code Migrator} singletons already created: one created now (lazily) runs nothing to cancel. */
    private List<Migrator> createdMigrators() {
        List<Migrator> migrators = new ArrayList<>();
        for (String name : context.getBeanNamesForType(Migrator.class, false, false)) {
            if (!(context instanceof ConfigurableApplicationContext configurable)
                    || configurable.getBeanFactory().containsSingleton(name)) {
                migrators.add(context.getBean(name, Migrator.class));
            }
        }
        return migrators;
    }

    /** The close must wait for the cancelled write, on the closing thread, also where events are multicast on an executor. */
    @Override
    public boolean supportsAsyncExecution() {
        return false;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
