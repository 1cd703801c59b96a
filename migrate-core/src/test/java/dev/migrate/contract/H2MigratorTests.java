package dev.migrate.contract;

import dev.migrate.testing.DatabaseKind;

class H2MigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.H2;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.H2;
    }
}
