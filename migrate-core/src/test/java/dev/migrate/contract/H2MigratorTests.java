package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.DatabaseKind;
import org.junit.jupiter.api.Test;

class H2MigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.H2;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.H2;
    }

    /** H2 reports a UUID column as BINARY: its keys are still read and bound as UUIDs. */
    @Test
    void uuidKeysAreBoundAsUuid() throws Exception {
        CountKeyedRows migration = countsEveryKeyedRowOnceAcrossAResume("CREATE TABLE keyed (id UUID PRIMARY KEY, n INT NOT NULL)",
                "INSERT INTO keyed SELECT RANDOM_UUID(), 0 FROM SYSTEM_RANGE(1, 35)", 35);
        assertThat(migration.firstKeys).allMatch(k -> k instanceof java.util.UUID);
    }
}
