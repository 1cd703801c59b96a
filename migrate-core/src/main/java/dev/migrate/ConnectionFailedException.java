package dev.migrate;

/**
 * Migrate could not connect to the database: it is down or unreachable, still starting, or refused the
 * login. A {@link ConfigurationException}, as the fix is most often in the URL, user or password; callers
 * that tell the two apart (the Actuator endpoint answers 503) catch this one first.
 */
public class ConnectionFailedException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    private final boolean mayPassByItself;

    public ConnectionFailedException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param mayPassByItself whether the database could not be reached or was starting, so that waiting for it
     *                        ({@code connectRetries}) may help; false for a refused login or an unknown database
     */
    public ConnectionFailedException(String message, Throwable cause, boolean mayPassByItself) {
        super(message, cause);
        this.mayPassByItself = mayPassByItself;
    }

    /**
     * Whether the database could not be reached or was still starting, so that waiting for it may help: a front
     * end names its own setting for that ({@code migrate.connect-retries}, {@code --connect-retries}).
     */
    public boolean mayPassByItself() {
        return mayPassByItself;
    }
}
