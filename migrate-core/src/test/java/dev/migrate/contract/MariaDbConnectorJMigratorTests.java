package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrate.MigrationFailedException;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.DriverDataSource;
import dev.migrate.testing.DatabaseTarget;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB contract through MySQL's driver, Connector/J ({@code jdbc:mysql:}, no options), which calls the server
 * MySQL, reads its version as {@code 5.5.5-10.11.x-MariaDB}, answers {@code getCatalog()} from memory and maps types,
 * time zones and errors its own way; with the JVM in a time zone other than the server's, as an application's often is.
 */
class MariaDbConnectorJMigratorTests extends MariaDbMigratorTests {

    private static TimeZone jvmZone;

    @BeforeAll
    static void runInAnotherTimeZone() {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
    }

    @AfterAll
    static void restoreTimeZone() {
        TimeZone.setDefault(jvmZone);
    }

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.create(DatabaseTarget.MARIADB_CONNECTOR_J);
    }

    /**
     * Two options MySQL users often set. Server-side prepared statements send a BigDecimal parameter as a string: the
     * session variables a script changed were set back with one, and the server refused {@code foreign_key_checks} and
     * {@code tx_read_only} ("Incorrect argument type") and cut {@code sql_select_limit} to a long's. Rewritten batches
     * go as one multi-statement query whose update counts name no statement: the first but one was blamed.
     */
    @Test
    void serverSidePreparedStatementsAndRewrittenBatches() throws SQLException {
        String observe = "SELECT @@foreign_key_checks, @@sql_select_limit, @@tx_read_only";
        List<String> fresh = read(observe);
        files.write("V1__dump_header.sql", "SET FOREIGN_KEY_CHECKS = 0;\nSET sql_select_limit = 1;\nCREATE TABLE t1 (id INT PRIMARY KEY);\n"
                        + "SET SESSION TRANSACTION READ ONLY;\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT @@foreign_key_checks AS a, @@sql_select_limit AS b,"
                        + " @@tx_read_only AS c;\n");
        DriverDataSource tuned = new DriverDataSource(db.url() + "&useServerPrepStmts=true&rewriteBatchedStatements=true", null, null);
        MigratorConfig config = MigratorConfig.builder().locations(files.location()).batchStatements(true).build();
        assertThat(Migrator.create(tuned, config).migrate().applied()).hasSize(2);
        assertThat(read("SELECT * FROM observed")).isEqualTo(fresh);

        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 150; i++) {
            rows.append("INSERT INTO t1 (id) VALUES (").append(i == 120 ? 5 : 1000 + i).append(");\n");
        }
        files.write("V3__rows.sql", "INSERT INTO t1 (id) VALUES (5);\n" + rows);
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> Migrator.create(tuned, config).migrate());
        assertThat(e.getMessage()).contains("one of the 51 statements on lines 101-151, sent as one batch, failed, and the driver"
                + " did not say which").contains("Duplicate entry '5'").contains("Run the migration without batch-statements");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).as("the migration's transaction undone").isZero();
    }

    private List<String> read(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }
}
