package dev.migrate.dialect.h2;

import dev.migrate.dialect.AbstractDialect;
import dev.migrate.dialect.Sql;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * H2 2.x, the embedded default, with a lease lock row. H2 commits the open transaction at every DDL
 * statement, so like MySQL it gets the RUNNING/FAILED protocol: a migration that fails after a DDL
 * statement is marked FAILED rather than silently half-rolled back.
 */
public final class H2Dialect extends AbstractDialect {

    @Override
    public String name() {
        return "H2";
    }

    /** H2 says whether the session holds uncommitted changes; auto-commit off alone is no open transaction. */
    @Override
    public boolean transactionLeftOpen(Connection connection) throws SQLException {
        try (java.sql.Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT CONTAINS_UNCOMMITTED FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Override
    public boolean supportsTransactionalDdl() {
        return false;
    }

    @Override
    public SqlSplitter splitter() {
        return new H2Splitter();
    }

    @Override
    protected String currentSchemaFunction() {
        return "SCHEMA()";
    }

    @Override
    protected String fold(String identifier) {
        return upper(identifier);
    }

    @Override
    public String textType() {
        return "CHARACTER VARYING";
    }

    @Override
    public List<String> clean(Connection connection, String schema) throws SQLException {
        String target = schema != null ? schema.toUpperCase(java.util.Locale.ROOT) : Sql.string(connection, "SELECT SCHEMA()");
        List<String> objects = Sql.strings(connection, "SELECT table_type || ' ' || table_name FROM information_schema.tables"
                + " WHERE table_schema = " + Sql.literal(target) + " ORDER BY 1");
        if (schema == null) {
            Sql.execute(connection, "DROP ALL OBJECTS");
        } else {
            Sql.execute(connection, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            Sql.execute(connection, "CREATE SCHEMA " + schema);
        }
        return objects.stream().map(o -> o.toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
