package dev.migrate.contract;

import dev.migrate.testing.DatabaseKind;

class MariaDbMigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.MARIADB;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.MARIADB;
    }
}
