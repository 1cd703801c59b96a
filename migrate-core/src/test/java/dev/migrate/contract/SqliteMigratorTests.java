package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.DatabaseKind;
import org.junit.jupiter.api.Test;

class SqliteMigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.SQLITE;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.SQLITE;
    }

    /** PRAGMA foreign_keys, which a table rebuild outside a transaction turns off, is put back after the migration. */
    @Test
    void foreignKeysAMigrationSwitchesArePutBackAfterIt() throws java.sql.SQLException {
        String fresh = row("SELECT foreign_keys FROM pragma_foreign_keys").get(0);
        String flipped = "1".equals(fresh) ? "OFF" : "ON";
        files.write("V1__rebuild.sql", "-- migrate:no-transaction\nPRAGMA foreign_keys = " + flipped + ";\nCREATE TABLE leaks (id INT);\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT foreign_keys AS fk FROM pragma_foreign_keys;\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT fk FROM observed")).containsExactly(fresh);
    }

    /** The first row of {@code sql}, column by column, on a connection of the test's own. */
    private java.util.List<String> row(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            java.util.List<String> values = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }
}
