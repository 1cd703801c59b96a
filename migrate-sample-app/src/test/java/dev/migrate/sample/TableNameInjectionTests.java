package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Table and schema names come from configuration and end up in SQL, so the core accepts only plain
 * identifiers. An injection attempt through {@code migrate.table} (or the other names) stops the
 * application at startup with an error naming the setting, before any SQL runs: the database keeps
 * exactly what it had.
 */
class TableNameInjectionTests {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "migrate.table       | migrate_history; DROP TABLE victims; --",
            "migrate.table       | migrate_history (id INT); DROP TABLE victims",
            "migrate.table       | \"victims\"",
            "migrate.table       | victims --",
            "migrate.audit-table | audit WHERE 1=1",
            "migrate.lock-table  | lock'); DELETE FROM victims; --",
            "migrate.schema      | public; DROP TABLE victims"})
    void injectionThroughAConfiguredNameIsRefusedBeforeAnySql(String property, String value) throws SQLException {
        String url = "jdbc:h2:mem:injection-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE victims (id INT PRIMARY KEY)");
            st.execute("INSERT INTO victims VALUES (1), (2), (3)");

            assertThatThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class).web(WebApplicationType.NONE)
                    .properties("spring.datasource.url=" + url, property + "=" + value).run().close())
                    .rootCause()
                    .hasMessageContaining("'" + value + "' is not a plain SQL identifier");

            assertThat(tables(c)).as("tables after the refused start").containsExactly("VICTIMS");
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM victims")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            st.execute("SHUTDOWN");
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('INFORMATION_SCHEMA') ORDER BY table_name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
