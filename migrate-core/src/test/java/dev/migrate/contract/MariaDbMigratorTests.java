package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.DatabaseKind;
import org.junit.jupiter.api.Test;

class MariaDbMigratorTests extends MigratorContractTests {

    @Override
    protected DatabaseKind kind() {
        return DatabaseKind.MARIADB;
    }

    @Override
    protected String dialectScript() {
        return DialectScripts.MARIADB;
    }

    /** What the mariadb client reads: -- rulers without a space are comments, and DELIMITER takes a quoted delimiter. */
    @Test
    void commentRulersAndAQuotedDelimiterAreReadAsTheClientReadsThem() {
        files.write("V1__rulers.sql", "----------------------------------------\n--Users table\n----------------------------------------\n"
                + "CREATE TABLE users (id INT PRIMARY KEY);\nDELIMITER '//'\nCREATE PROCEDURE p1() BEGIN INSERT INTO users VALUES (1);"
                + " INSERT INTO users VALUES (2); END//\nDELIMITER ;\nCALL p1();\n");
        migrator().migrate();
        assertThat(db.count("SELECT COUNT(*) FROM users")).isEqualTo(2);
    }

    /** What a MySQL dump sets (the driver allows only UTF-8 character sets), left set by a script: put back before the next migration (and before the pool gets the connection). */
    @Test
    void sessionVariablesAMigrationSetsArePutBackAfterIt() throws java.sql.SQLException {
        String observe = "SELECT @@foreign_key_checks, @@unique_checks, @@sql_mode, @@character_set_client, @@collation_connection, @@time_zone";
        java.util.List<String> fresh = row(observe);
        assertThat(fresh.get(0)).isEqualTo("1");
        files.write("V1__dump_header.sql", "SET FOREIGN_KEY_CHECKS = 0;\nSET UNIQUE_CHECKS = 0;\nSET SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';\n"
                        + "SET NAMES utf8mb3;\nSET time_zone = '+05:00';\nCREATE TABLE leaks (id INT);\n")
                .write("V2__observe.sql", "CREATE TABLE observed AS SELECT @@foreign_key_checks AS a, @@unique_checks AS b, @@sql_mode AS c,"
                        + " @@character_set_client AS d, @@collation_connection AS e, @@time_zone AS f;\n");
        assertThat(migrator().migrate().applied()).hasSize(2);
        assertThat(row("SELECT * FROM observed")).isEqualTo(fresh);
    }
}
