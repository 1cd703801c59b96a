package dev.migrate.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.LockTimeoutException;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.Dialects;
import dev.migrate.dialect.Sql;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.DatabaseTarget;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The session locks of PostgreSQL and MariaDB are named after the settings that name Migrate's tables.
 * Settings that name the same tables in another case must name the same lock: otherwise two processes,
 * one configured {@code schema=APP} and one {@code schema=app}, both run the same pending migration.
 */
class SessionLockNameTests {

    private static final Duration LEASE = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(value = DatabaseTarget.class, names = {"POSTGRES", "MARIADB", "MARIADB_CONNECTOR_J"})
    void settingsInAnotherCaseWaitForTheSameLock(DatabaseTarget target) throws Exception {
        DatabaseKind kind = target.kind();
        try (TestDatabase db = TestDatabase.create(target); Connection holding = db.connect(); Connection waiting = db.connect()) {
            Dialect dialect = Dialects.detect(holding);
            // PostgreSQL folds the unquoted schema name; MariaDB's database names keep their case, so only the lock table's differs.
            String schema = kind == DatabaseKind.POSTGRES ? Sql.string(holding, "SELECT current_schema()").toUpperCase(Locale.ROOT) : null;
            DatabaseLock held = dialect.lock(holding, db.dataSource(), null, "migrate_lock", LEASE);
            DatabaseLock same = dialect.lock(waiting, db.dataSource(), schema, "MIGRATE_LOCK", LEASE);
            DatabaseLock other = dialect.lock(waiting, db.dataSource(), schema, "other_lock", LEASE);
            held.withLock(Duration.ofSeconds(5), () -> {
                assertThatThrownBy(() -> same.withLock(Duration.ofMillis(300), () -> null))
                        .as("the same tables named in another case").isInstanceOf(LockTimeoutException.class);
                assertThat(other.withLock(Duration.ofMillis(300), () -> "ran")).as("another lock table").isEqualTo("ran");
                return null;
            });
            assertThat(same.withLock(Duration.ofSeconds(5), () -> "ran")).as("once the holder has released it").isEqualTo("ran");
        }
    }
}
