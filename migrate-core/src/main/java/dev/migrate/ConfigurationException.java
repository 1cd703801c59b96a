package dev.migrate;

/** A setting is missing, invalid or forbids the operation. The message names the setting. */
public class ConfigurationException extends MigrateException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
