package dev.migrate.boot.autoconfigure;

/** What the application does with its migrations when it starts ({@code migrate.on-startup}). */
public enum OnStartup {

    /** Apply pending migrations; startup fails if one fails. */
    MIGRATE,

    /** Check the migrations against the history and fail startup on an error; change nothing. */
    VALIDATE,

    /** Do nothing at startup; migrations are run from the Actuator endpoint, the CLI or code. */
    NONE
}
