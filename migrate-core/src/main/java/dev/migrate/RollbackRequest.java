package dev.migrate;

/**
 * What to roll back.
 *
 * <pre>{@code
 * migrator.rollback(RollbackRequest.last());
 * migrator.rollback(RollbackRequest.steps(3));
 * migrator.rollback(RollbackRequest.lastBatch());
 * migrator.rollback(RollbackRequest.toVersion("4"));   // everything above 4
 * migrator.rollback(RollbackRequest.base());          // everything
 * migrator.rollback(RollbackRequest.only("3"));       // just version 3, if nothing applied depends on it
 * }</pre>
 */
public sealed interface RollbackRequest {

    /** The last applied migration only; refused when applied migrations depend on it. */
    record Last() implements RollbackRequest {
    }

    /** Exactly the migration {@code version}, wherever it is in the history; refused while applied migrations depend on it. */
    record Only(MigrationVersion version) implements RollbackRequest {
        public Only {
            if (version == null) {
                throw new ConfigurationException("rollback only needs the version to roll back, such as 3");
            }
        }
    }

    /** The last {@code count} applied migrations. */
    record Steps(int count) implements RollbackRequest {
        public Steps {
            if (count < 1) {
                throw new ConfigurationException("rollback steps must be at least 1, not " + count);
            }
        }
    }

    /** Every migration of the last batch. */
    record LastBatch() implements RollbackRequest {
    }

    /** Every migration above {@code version}; {@code version} itself stays. */
    record ToVersion(MigrationVersion version) implements RollbackRequest {
        public ToVersion {
            if (version == null) {
                throw new ConfigurationException("rollback to a version needs the version that stays, such as 4; RollbackRequest.base()"
                        + " rolls back everything");
            }
        }
    }

    /** Every applied migration (down to the baseline, if there is one). */
    record Base() implements RollbackRequest {
    }

    static RollbackRequest last() {
        return new Last();
    }

    static RollbackRequest only(String version) {
        return new Only(version(version, "rollback only"));
    }

    static RollbackRequest steps(int count) {
        return new Steps(count);
    }

    static RollbackRequest lastBatch() {
        return new LastBatch();
    }

    static RollbackRequest toVersion(String version) {
        return new ToVersion(version(version, "rollback target"));
    }

    static RollbackRequest base() {
        return new Base();
    }

    /**
     * {@code text} as a version, or a {@link ConfigurationException} naming {@code what}, as every error of the API is a
     * {@link MigrateException}.
     */
    private static MigrationVersion version(String text, String what) {
        try {
            return MigrationVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid " + what + " version: " + e.getMessage(), e);
        }
    }
}
