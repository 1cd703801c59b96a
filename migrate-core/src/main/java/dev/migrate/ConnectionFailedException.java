package dev.migrate;

/**
 * Migrate could not connect to the database: it is down or unreachable, still starting, or refused the
 * login. A {@link ConfigurationException}, as the fix is most often in the URL, user or password; callers
 * that tell the two apart (the Actuator endpoint answers 503) catch this one first.
 */
public class ConnectionFailedException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    public ConnectionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
