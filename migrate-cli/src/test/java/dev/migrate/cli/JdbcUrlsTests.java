package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ConfigurationException;
import dev.migrate.UnsupportedDatabaseException;
import org.junit.jupiter.api.Test;

class JdbcUrlsTests {

    @Test
    void theVendorOfAUrlIsNamedAsLocationsNameIt() {
        assertThat(JdbcUrls.vendor("jdbc:postgresql://db/app")).isEqualTo("postgresql");
        assertThat(JdbcUrls.vendor(" JDBC:MySQL://db/app")).isEqualTo("mysql");
        assertThat(JdbcUrls.vendor("jdbc:mariadb://db/app")).isEqualTo("mysql");
        assertThat(JdbcUrls.vendor("jdbc:h2:mem:x")).isEqualTo("h2");
        assertThat(JdbcUrls.vendor("jdbc:sqlite:app.db")).isEqualTo("sqlite");
        assertThat(JdbcUrls.vendor("jdbc:oracle:thin:@db")).isNull();
    }

    @Test
    void aMysqlUrlIsHandedToTheMariaDbDriver() {
        assertThat(JdbcUrls.forDriver("jdbc:mysql://db:3306/app")).isEqualTo("jdbc:mysql://db:3306/app?permitMysqlScheme");
        assertThat(JdbcUrls.forDriver("jdbc:mysql://db/app?user=a")).isEqualTo("jdbc:mysql://db/app?user=a&permitMysqlScheme");
        assertThat(JdbcUrls.forDriver("jdbc:mysql://db/app?permitMysqlScheme")).isEqualTo("jdbc:mysql://db/app?permitMysqlScheme");
        assertThat(JdbcUrls.forDriver("jdbc:mariadb://db/app")).isEqualTo("jdbc:mariadb://db/app");
        assertThat(JdbcUrls.forDriver("jdbc:postgresql://db/app")).isEqualTo("jdbc:postgresql://db/app");
        JdbcUrls.requireDriver(JdbcUrls.forDriver("jdbc:mysql://db/app")); // a bundled driver takes it
    }

    @Test
    void theBundledDriversUrlsPass() {
        JdbcUrls.requireDriver("jdbc:postgresql://db/app");
        JdbcUrls.requireDriver("jdbc:mariadb://db/app");
        JdbcUrls.requireDriver("jdbc:h2:mem:x");
        JdbcUrls.requireDriver("jdbc:sqlite:app.db");
    }

    @Test
    void otherProductsAreNamed() {
        assertThatThrownBy(() -> JdbcUrls.requireDriver("jdbc:oracle:thin:@h:1521/x")).isInstanceOf(JdbcUrls.UnsupportedUrlException.class)
                .hasMessage("Unsupported database 'Oracle': Migrate supports PostgreSQL, MySQL, MariaDB, H2, SQLite."
                        + " Point the JDBC URL at one of those instead of jdbc:oracle:thin:@h:1521/x.")
                .hasCauseInstanceOf(UnsupportedDatabaseException.class);
        assertThatThrownBy(() -> JdbcUrls.requireDriver("jdbc:sqlserver://h;databaseName=x"))
                .hasMessageStartingWith("Unsupported database 'SQL Server'");
        assertThatThrownBy(() -> JdbcUrls.requireDriver("jdbc:frobdb://h/x")).as("an unknown one as written")
                .hasMessageStartingWith("Unsupported database 'frobdb'");
        assertThatThrownBy(() -> JdbcUrls.requireDriver("mysql://h/x")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not a JDBC URL");
    }
}
