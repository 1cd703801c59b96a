package dev.migrate.boot.actuate;

/**
 * A request to {@code /actuator/migrations} refused by the endpoint itself (not by the core), with
 * the HTTP status the web extension answers.
 */
public class MigrationsEndpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public MigrationsEndpointException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
