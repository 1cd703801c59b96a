package dev.migrate.internal;

import dev.migrate.MigrationListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the configured {@link MigrationListener}s so that a broken one never fails or aborts an operation: what one
 * throws, an exception or an {@link Error} such as the {@code NoClassDefFoundError} of a library missing at run time,
 * is logged and the next listener called. Only the errors the JVM cannot go on after ({@link VirtualMachineError}:
 * out of memory, stack overflow) pass through.
 */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private Listeners() {
    }

    static void tell(List<MigrationListener> listeners, Consumer<MigrationListener> call) {
        for (MigrationListener l : listeners) {
            try {
                call.accept(l);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                log.warn("Listener {} failed: {}", l, e.toString());
            }
        }
    }
}
