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

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(H2Dialect.class);

    /** How this database stores an unquoted name. */
    private enum IdentifierCase { UPPER, LOWER, AS_WRITTEN }

    private final IdentifierCase identifiers;

    /** H2 as it is by default, storing unquoted names upper-cased. */
    public H2Dialect() {
        this(IdentifierCase.UPPER);
    }

    private H2Dialect(IdentifierCase identifiers) {
        this.identifiers = identifiers;
    }

    /**
     * The dialect of the H2 database {@code connection} is open on, called by {@link dev.migrate.dialect.Dialects#detect}.
     * H2 stores unquoted names upper-cased unless its URL says otherwise: {@code DATABASE_TO_LOWER=TRUE}, as H2's own
     * documentation sets it beside {@code MODE=PostgreSQL}, {@code MySQL} and {@code MariaDB}, stores them lower-cased,
     * and {@code DATABASE_TO_UPPER=FALSE} as written. Migrate's tables and schemas, which it names unquoted, are looked
     * up in {@code INFORMATION_SCHEMA} the same way, or they are not found again on the next run.
     */
    public static H2Dialect of(Connection connection) throws SQLException {
        java.sql.DatabaseMetaData metadata = connection.getMetaData();
        return new H2Dialect(metadata.storesUpperCaseIdentifiers() ? IdentifierCase.UPPER
                : metadata.storesLowerCaseIdentifiers() ? IdentifierCase.LOWER : IdentifierCase.AS_WRITTEN);
    }

    @Override
    public String name() {
        return "H2";
    }

    /**
     * Nothing to put back; but a private in-memory database ({@code jdbc:h2:mem:} without {@code DB_CLOSE_DELAY}) whose
     * only session is this connection is deleted when it closes, and with it all a writing operation did: that is
     * logged as a warning, since the next operation would find an empty database and apply everything again.
     */
    @Override
    public PutBack leftovers(Connection connection) throws SQLException {
        String url = connection.getMetaData().getURL();
        if (url == null || !url.regionMatches(true, 0, "jdbc:h2:mem:", 0, "jdbc:h2:mem:".length())) {
            return null;
        }
        String delay = Sql.string(connection,
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'DB_CLOSE_DELAY'");
        // listed only when set; 0 (close with the last connection) by default
        if ((delay == null || "0".equals(delay)) && Sql.count(connection, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS") == 1) {
            log.warn("The in-memory H2 database {} has no other connection than Migrate's: H2 deletes it when that one closes,"
                    + " and what Migrate does goes with it. Add ;DB_CLOSE_DELAY=-1 to the URL to keep it while the JVM runs,"
                    + " or keep a connection open (a pool)", url);
        }
        return null;
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
        return switch (identifiers) {
            case UPPER -> upper(identifier);
            case LOWER -> identifier.toLowerCase(java.util.Locale.ROOT);
            case AS_WRITTEN -> identifier;
        };
    }

    @Override
    public String textType() {
        return "CHARACTER VARYING";
    }

    @Override
    public boolean isSystemSchema(String schema) {
        return schema.equalsIgnoreCase("INFORMATION_SCHEMA");
    }

    /**
     * Drops the objects of each schema one by one (H2's {@code DROP ALL OBJECTS} would drop every schema and
     * user of the database, and {@code PUBLIC} cannot be dropped), keeping the schemas and the lock table.
     * Refused first where an object in another schema uses one of theirs: a column or domain of their domain
     * (H2 drops the domain and the database then no longer opens), a foreign key, a view, a synonym, a default
     * or check naming them.
     */
    @Override
    public List<String> clean(Connection connection, List<String> schemas, String lockSchema, String lockTable) throws SQLException {
        java.util.Set<String> targets = new java.util.LinkedHashSet<>();
        for (String schema : schemas) {
            String target = schema != null ? fold(schema) : Sql.string(connection, "SELECT SCHEMA()");
            if (target != null && Sql.count(connection, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?",
                    target) > 0) {
                targets.add(target);
            }
        }
        refuseCleanOfSystemSchemas(targets);
        if (targets.isEmpty()) {
            return List.of();
        }
        String in = "(" + String.join(", ", targets.stream().map(Sql::literal).toList()) + ")";
        List<String> outside = new java.util.ArrayList<>();
        outside.addAll(Sql.strings(connection, "SELECT 'column ' || TABLE_SCHEMA || '.' || TABLE_NAME || '.' || COLUMN_NAME"
                + " || ' (uses domain ' || DOMAIN_SCHEMA || '.' || DOMAIN_NAME || ')' FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE DOMAIN_SCHEMA IN " + in + " AND TABLE_SCHEMA NOT IN " + in));
        outside.addAll(Sql.strings(connection, "SELECT 'domain ' || DOMAIN_SCHEMA || '.' || DOMAIN_NAME || ' (uses domain '"
                + " || PARENT_DOMAIN_SCHEMA || '.' || PARENT_DOMAIN_NAME || ')' FROM INFORMATION_SCHEMA.DOMAINS"
                + " WHERE PARENT_DOMAIN_SCHEMA IN " + in + " AND DOMAIN_SCHEMA NOT IN " + in));
        outside.addAll(Sql.strings(connection, "SELECT 'constraint ' || r.CONSTRAINT_NAME || ' on table ' || f.TABLE_SCHEMA || '.'"
                + " || f.TABLE_NAME || ' (uses table ' || u.TABLE_SCHEMA || '.' || u.TABLE_NAME || ')'"
                + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r"
                + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS f ON f.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA"
                + " AND f.CONSTRAINT_NAME = r.CONSTRAINT_NAME"
                + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS u ON u.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA"
                + " AND u.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME"
                + " WHERE u.TABLE_SCHEMA IN " + in + " AND f.TABLE_SCHEMA NOT IN " + in));
        outside.addAll(Sql.strings(connection, "SELECT 'synonym ' || SYNONYM_SCHEMA || '.' || SYNONYM_NAME || ' (for '"
                + " || SYNONYM_FOR_SCHEMA || '.' || SYNONYM_FOR || ')' FROM INFORMATION_SCHEMA.SYNONYMS"
                + " WHERE SYNONYM_FOR_SCHEMA IN " + in + " AND SYNONYM_SCHEMA NOT IN " + in));
        for (String target : targets) {
            // H2 writes the names in stored definitions quoted and qualified: "APP"."BOOKS".
            String named = Sql.literal("%" + quoted(target).replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + ".%");
            outside.addAll(Sql.strings(connection, "SELECT 'view ' || TABLE_SCHEMA || '.' || TABLE_NAME || ' (names schema "
                    + target + ")' FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA NOT IN " + in + " AND VIEW_DEFINITION LIKE " + named));
            outside.addAll(Sql.strings(connection, "SELECT 'column ' || TABLE_SCHEMA || '.' || TABLE_NAME || '.' || COLUMN_NAME"
                    + " || ' (its default or expression names schema " + target + ")' FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_SCHEMA NOT IN " + in + " AND (COLUMN_DEFAULT LIKE " + named + " OR GENERATION_EXPRESSION LIKE "
                    + named + " OR COLUMN_ON_UPDATE LIKE " + named + ")"));
            outside.addAll(Sql.strings(connection, "SELECT 'constraint ' || CONSTRAINT_SCHEMA || '.' || CONSTRAINT_NAME"
                    + " || ' (names schema " + target + ")' FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA NOT IN "
                    + in + " AND CHECK_CLAUSE LIKE " + named));
        }
        if (!outside.isEmpty()) {
            throw new dev.migrate.ValidationException(List.of("Clean refused: " + (outside.size() == 1 ? "an object" : outside.size()
                    + " objects") + " outside the schemas it empties (" + String.join(", ", targets) + ") depend"
                    + (outside.size() == 1 ? "s" : "") + " on objects in them: " + String.join("; ", outside) + ". Nothing was"
                    + " dropped. Drop or change those objects first, or add their schemas to schemas (migrate.schemas) so that clean"
                    + " empties them too"));
        }
        String keepSchema = lockSchema != null ? fold(lockSchema) : Sql.string(connection, "SELECT SCHEMA()");
        String keepTable = fold(lockTable);
        // Each kind in every schema before the next kind: a table of one schema may take its default from a sequence,
        // alias or domain of another, which H2 does not drop while the table is there. Views first, then what they read.
        List<String[]> objects = new java.util.ArrayList<>();
        named(connection, objects, "VIEW", "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA IN " + in
                + " AND TABLE_TYPE = 'VIEW'");
        List<String[]> tables = new java.util.ArrayList<>();
        named(connection, tables, "TABLE", "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA IN " + in
                + " AND TABLE_TYPE <> 'VIEW'");
        for (String[] table : tables) {
            if (!(table[1].equals(keepSchema) && table[2].equals(keepTable))) {
                objects.add(table);
            }
        }
        named(connection, objects, "SYNONYM", "SELECT SYNONYM_SCHEMA, SYNONYM_NAME FROM INFORMATION_SCHEMA.SYNONYMS WHERE SYNONYM_SCHEMA IN "
                + in);
        named(connection, objects, "SEQUENCE", "SELECT SEQUENCE_SCHEMA, SEQUENCE_NAME FROM INFORMATION_SCHEMA.SEQUENCES"
                + " WHERE SEQUENCE_SCHEMA IN " + in);
        named(connection, objects, "CONSTANT", "SELECT CONSTANT_SCHEMA, CONSTANT_NAME FROM INFORMATION_SCHEMA.CONSTANTS"
                + " WHERE CONSTANT_SCHEMA IN " + in);
        named(connection, objects, "AGGREGATE", "SELECT DISTINCT ROUTINE_SCHEMA, ROUTINE_NAME FROM INFORMATION_SCHEMA.ROUTINES"
                + " WHERE ROUTINE_SCHEMA IN " + in + " AND ROUTINE_TYPE = 'AGGREGATE'");
        named(connection, objects, "ALIAS", "SELECT DISTINCT ROUTINE_SCHEMA, ROUTINE_NAME FROM INFORMATION_SCHEMA.ROUTINES"
                + " WHERE ROUTINE_SCHEMA IN " + in + " AND ROUTINE_TYPE <> 'AGGREGATE'");
        objects.addAll(domainsDerivedFirst(connection, in));
        List<String> dropped = new java.util.ArrayList<>();
        for (String[] object : objects) {
            boolean cascades = object[0].equals("VIEW") || object[0].equals("TABLE") || object[0].equals("DOMAIN");
            String what = object[0].toLowerCase(java.util.Locale.ROOT) + " " + object[1].toLowerCase(java.util.Locale.ROOT) + "."
                    + object[2].toLowerCase(java.util.Locale.ROOT);
            try {
                Sql.execute(connection, "DROP " + object[0] + " IF EXISTS " + quoted(object[1]) + "." + quoted(object[2])
                        + (cascades ? " CASCADE" : ""));
            } catch (SQLException e) {
                throw new SQLException("could not drop " + what + ": " + e.getMessage() + (dropped.isEmpty() ? ". Nothing was dropped"
                        : ". The " + dropped.size() + " object(s) before it are dropped (H2 commits each DROP): fix the cause and run"
                        + " clean again"), e.getSQLState(), e);
            }
            dropped.add(what);
        }
        return dropped;
    }

    /** Adds a {@code kind} object for each schema and name {@code query} gives, in that order. */
    private static void named(Connection connection, List<String[]> objects, String kind, String query) throws SQLException {
        try (java.sql.Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery(query + " ORDER BY 1, 2")) {
            while (rs.next()) {
                objects.add(new String[] {kind, rs.getString(1), rs.getString(2)});
            }
        }
    }

    /**
     * The domains of the schemas, each before the one it is based on: dropping a domain with CASCADE while another is
     * based on it is what breaks the database file (see {@link #clean}).
     */
    private static List<String[]> domainsDerivedFirst(Connection connection, String in) throws SQLException {
        List<String[]> left = new java.util.ArrayList<>();
        try (java.sql.Statement st = connection.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT DOMAIN_SCHEMA, DOMAIN_NAME, PARENT_DOMAIN_SCHEMA, PARENT_DOMAIN_NAME"
                     + " FROM INFORMATION_SCHEMA.DOMAINS WHERE DOMAIN_SCHEMA IN " + in + " ORDER BY 1, 2")) {
            while (rs.next()) {
                left.add(new String[] {"DOMAIN", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        List<String[]> ordered = new java.util.ArrayList<>();
        while (!left.isEmpty()) {
            List<String[]> leaves = left.stream().filter(d -> left.stream().noneMatch(o -> d[1].equals(o[3]) && d[2].equals(o[4])))
                    .toList();
            List<String[]> next = leaves.isEmpty() ? List.copyOf(left) : leaves; // a cycle cannot be made; never loop on one
            ordered.addAll(next);
            left.removeAll(next);
        }
        return ordered;
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * The JDBC schema ({@code SET SCHEMA}) and the session settings {@link H2Session} lists; only the schema on an H2
     * whose settings cannot be read so (before 2.x), where nothing else was put back before either.
     */
    @Override
    public dev.migrate.dialect.SessionContext sessionContext(Connection connection) throws SQLException {
        dev.migrate.dialect.SessionContext schema = dev.migrate.dialect.SessionContext.ofJdbc(connection);
        dev.migrate.dialect.SessionContext flags = dev.migrate.dialect.SessionContext.ofJdbcFlags(connection);
        H2Session settings;
        try {
            settings = H2Session.of(connection);
        } catch (SQLException e) {
            return schema.and(flags);
        }
        return schema.and(settings).and(flags);
    }
}
