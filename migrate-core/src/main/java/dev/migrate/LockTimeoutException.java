package dev.migrate;

import java.time.Duration;

/** The migration lock could not be taken within the configured timeout. */
public class LockTimeoutException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final String holder;

    public LockTimeoutException(Duration timeout, String holder) {
        super("Could not acquire the migration lock within " + Durations.format(timeout)
                + (holder == null ? "" : " (held by " + holder + ")")
                + (holder == null ? "; wait for the other migration to finish" : "; wait for it to finish")
                + " or raise the lock timeout (migrate.lock-timeout, --lock-timeout)");
        this.timeout = timeout;
        this.holder = holder;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Who holds the lock, as the database tells it, or null when it does not. */
    public String holder() {
        return holder;
    }
}
