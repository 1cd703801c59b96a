package dev.migrate.history;

import dev.migrate.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One of Migrate's own tables, in the configured schema (or the connection's current one). */
abstract class ManagedTable {

    protected final Dialect dialect;
    private final String schema;
    private final String table;
    /** The qualified name used in SQL: {@code schema.table} or {@code table}. */
    protected final String name;

    ManagedTable(Dialect dialect, String schema, String table) {
        this.dialect = dialect;
        this.schema = schema;
        this.table = table;
        this.name = schema != null ? schema + "." + table : table;
    }

    public String name() {
        return name;
    }

    public boolean exists(Connection c) throws SQLException {
        return dialect.tableExists(c, schema, table);
    }

    /**
     * Drops the table if it has no row: the history or audit table an operation made and then failed or was refused
     * before it wrote anything; an empty history table would make the schema look managed, and a refused run leaves
     * no table of its own behind.
     *
     * @return whether it was dropped
     */
    public boolean dropIfEmpty(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + name)) {
                if (!rs.next() || rs.getLong(1) != 0) {
                    return false;
                }
            }
            st.execute("DROP TABLE " + name);
            return true;
        }
    }
}
