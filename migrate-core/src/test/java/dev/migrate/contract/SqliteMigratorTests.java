package dev.migrate.contract;

import dev.migrate.testing.DatabaseKind;

class SqliteMigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.SQLITE;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.SQLITE;
    }
}
