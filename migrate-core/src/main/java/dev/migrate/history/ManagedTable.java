package dev.migrate.history;

import dev.migrate.ConfigurationException;
import dev.migrate.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One of Migrate's own tables, in the configured schema (or the connection's current one). */
abstract class ManagedTable {

    private static final Logger log = LoggerFactory.getLogger(ManagedTable.class);

    protected final Dialect dialect;
    private final String schema;
    private final String table;
    /** The qualified name in messages: {@code schema.table} or {@code table}. */
    protected final String name;
    /** The same as statements write it ({@link Dialect#sqlName}: quoted, so that a reserved word works). */
    protected final String sql;

    ManagedTable(Dialect dialect, String schema, String table) {
        this.dialect = dialect;
        this.schema = schema;
        this.table = table;
        this.name = schema != null ? schema + "." + table : table;
        this.sql = dialect.sqlName(schema, table);
    }

    public String name() {
        return name;
    }

    /** The configured schema, or null for the connection's current one. */
    protected final String schema() {
        return schema;
    }

    /** The table's name without its schema. */
    protected final String table() {
        return table;
    }

    public boolean exists(Connection c) throws SQLException {
        return dialect.tableExists(c, schema, table);
    }

    /**
     * Creates the table unless it exists. Looks first: PostgreSQL and MySQL/MariaDB check the right to create tables
     * in the schema for {@code CREATE TABLE IF NOT EXISTS} before they see that the table exists, so a user who may
     * read and write the rows of Migrate's tables but not create tables (the tables made by the schema's owner or a DBA)
     * was refused every write.
     *
     * @throws ConfigurationException where the table cannot be made, naming it, the database's reason and the fixes
     */
    public final void createIfMissing(Connection c) throws SQLException {
        if (exists(c)) {
            return;
        }
        try {
            create(c);
        } catch (SQLException e) {
            throw new ConfigurationException("Could not create Migrate's " + kind() + " " + name + ": " + e.getMessage()
                    + ". Check that the database user may create tables in " + (schema != null ? "schema " + schema
                    : "the connection's schema") + ", or have Migrate's tables created first by a user who may (any writing"
                    + " operation creates them; then reading and writing their rows is enough), or set schema"
                    + " (migrate.schema, --schema) to a schema where it may", e);
        }
    }

    /**
     * Refuses a user who may read this table but not write it, before a writing operation runs anything: statements
     * that change no row but need the rights its writes need (an insert, and where {@code changesRows} an update and a
     * delete), so that the database's refusal comes now, naming the table, rather than when a migration's history row is
     * written, after its statements ran (a PostgreSQL migration then rolled back, reported as the script's failure).
     *
     * @throws ConfigurationException where the database refuses one of them, naming the table and the rights needed
     */
    public final void refuseUnwritable(Connection c, boolean changesRows) throws SQLException {
        String columns = probeColumns();
        String column = columns.substring(0, columns.indexOf(','));
        String none = " WHERE " + keyColumn() + " < 0";
        java.util.List<String> probes = new java.util.ArrayList<>();
        probes.add("INSERT INTO " + sql + " (" + columns + ") SELECT " + columns + " FROM " + sql + none);
        if (changesRows) {
            probes.add("UPDATE " + sql + " SET " + column + " = " + column + none);
            probes.add("DELETE FROM " + sql + none);
        }
        try (Statement st = c.createStatement()) {
            for (String probe : probes) {
                st.executeUpdate(probe);
            }
        } catch (SQLException e) {
            throw new ConfigurationException("The database user may not write Migrate's " + kind() + " " + name + ": "
                    + e.getMessage() + ". Nothing was run: run writing operations as a user who may " + (changesRows
                    ? "insert, update and delete its rows" : "insert rows into it") + ", or grant those rights", e);
        }
    }

    /**
     * A {@code VARCHAR} column of {@code length} characters, in {@code utf8mb4} on MySQL/MariaDB whatever the database's
     * default character set is (often latin1 on older servers), so that it holds any migration's name and any text.
     */
    protected final String varchar(int length) {
        return "VARCHAR(" + length + ")" + (isMySql() ? " CHARACTER SET utf8mb4" : "");
    }

    private boolean isMySql() {
        return dialect.name().equals("MySQL");
    }

    /**
     * MySQL/MariaDB: converts the table to {@code utf8mb4} when any of its text columns has another character set, as the
     * tables an earlier release made took the database's default one: latin1 could not store a migration named with a
     * character it lacks ({@code V2__Ελληνικά.sql}), so such a migration failed as if its script were wrong. The conversion
     * keeps every row (utf8mb4 holds every character latin1 and utf8mb3 do) and is logged at WARN. Called by writing operations
     * with the lock held, outside any transaction; where the user may not alter the table, it warns with the statement to
     * run and goes on as before. Nothing on other databases, whose text columns take any character.
     *
     * @return whether the table was converted
     */
    public final boolean convertToUtf8mb4(Connection c) throws SQLException {
        if (!isMySql()) {
            return false;
        }
        List<String> narrow = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, CHARACTER_SET_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND CHARACTER_SET_NAME IS NOT NULL"
                + " AND CHARACTER_SET_NAME NOT LIKE 'utf8mb4%' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    narrow.add(rs.getString(1) + " (" + rs.getString(2) + ")");
                }
            }
        }
        if (narrow.isEmpty()) {
            return false;
        }
        String convert = "ALTER TABLE " + sql + " CONVERT TO CHARACTER SET utf8mb4";
        try (Statement st = c.createStatement()) {
            st.execute(convert);
        } catch (SQLException e) {
            log.warn("Migrate's {} {} has text columns that cannot hold every character: {}. Converting it failed ({}); run {}"
                    + " as a user who may alter it, or a migration named with a character they lack cannot be recorded",
                    kind(), name, String.join(", ", narrow), e.getMessage(), convert);
            return false;
        }
        // WARN, once per table: a change to a table of the user's database should not pass unseen (the CLI shows WARN).
        log.warn("Converted Migrate's {} {} to utf8mb4, keeping its rows: an earlier release made its text columns {} in the"
                + " database's default character set, which cannot hold every migration's name", kind(), name, String.join(", ", narrow));
        return true;
    }

    /** The table's key, a number below 0 in no row; for {@link #refuseUnwritable}. */
    protected abstract String keyColumn();

    /** Comma-separated columns that a row can be inserted with, the first not the key; for {@link #refuseUnwritable}. */
    protected abstract String probeColumns();

    /** {@code CREATE TABLE IF NOT EXISTS} of this table; through {@link #createIfMissing}. */
    protected abstract void create(Connection c) throws SQLException;

    /** What the table is, for messages: {@code history table}. */
    protected abstract String kind();

    /**
     * Drops the table if it has no row: the history or audit table an operation made and then failed or was refused
     * before it wrote anything; an empty history table would make the schema look managed, and a refused run leaves
     * no table of its own behind.
     *
     * @return whether it was dropped
     */
    public boolean dropIfEmpty(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + sql)) {
                if (!rs.next() || rs.getLong(1) != 0) {
                    return false;
                }
            }
            st.execute("DROP TABLE " + sql);
            return true;
        }
    }
}
