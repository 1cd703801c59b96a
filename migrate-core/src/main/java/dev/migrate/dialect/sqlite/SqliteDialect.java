package dev.migrate.dialect.sqlite;

import dev.migrate.ConfigurationException;
import dev.migrate.dialect.AbstractDialect;
import dev.migrate.dialect.Sql;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQLite: transactional DDL, one writer at a time, a lease lock row. Schemas are attached databases. */
public final class SqliteDialect extends AbstractDialect {

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public SqlSplitter splitter() {
        return new SqliteSplitter();
    }

    @Override
    protected String currentSchemaFunction() {
        throw new UnsupportedOperationException("SQLite has no information_schema");
    }

    @Override
    public boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        return Sql.count(connection, "SELECT COUNT(*) FROM " + (schema != null ? schema + "." : "")
                + "sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE", table) > 0;
    }

    @Override
    public String identityColumn(String column) {
        return column + " INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    @Override
    public void createSchemaIfMissing(Connection connection, String schema) throws SQLException {
        List<String> attached = Sql.strings(connection, "SELECT name FROM pragma_database_list");
        if (attached.stream().noneMatch(schema::equalsIgnoreCase)) {
            throw new ConfigurationException("SQLite has no schema '" + schema + "': attach that database first or leave migrate.schema unset");
        }
    }

    @Override
    public List<String> clean(Connection connection, String schema) throws SQLException {
        String db = schema != null ? schema : "main";
        List<String> dropped = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (String type : List.of("view", "table")) {
            for (String name : Sql.strings(connection, "SELECT name FROM " + db + ".sqlite_master WHERE type = '" + type
                    + "' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
                statements.add("DROP " + type.toUpperCase(java.util.Locale.ROOT) + " \"" + db + "\".\"" + name.replace("\"", "\"\"") + "\"");
                dropped.add(type + " " + name);
            }
        }
        Sql.execute(connection, "PRAGMA foreign_keys = OFF");
        try {
            for (String sql : statements) {
                Sql.execute(connection, sql);
            }
        } finally {
            Sql.execute(connection, "PRAGMA foreign_keys = ON");
        }
        return dropped;
    }
}
