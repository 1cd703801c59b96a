package dev.migrate.history;

import dev.migrate.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

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
}
