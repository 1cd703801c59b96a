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
            String target = schema != null ? upper(schema) : Sql.string(connection, "SELECT SCHEMA()");
            if (target != null && Sql.count(connection, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?",
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
        outside.addAll(Sql.strings(connection, "SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name"
                + " || ' (uses domain ' || domain_schema || '.' || domain_name || ')' FROM information_schema.columns"
                + " WHERE domain_schema IN " + in + " AND table_schema NOT IN " + in));
        outside.addAll(Sql.strings(connection, "SELECT 'domain ' || domain_schema || '.' || domain_name || ' (uses domain '"
                + " || parent_domain_schema || '.' || parent_domain_name || ')' FROM information_schema.domains"
                + " WHERE parent_domain_schema IN " + in + " AND domain_schema NOT IN " + in));
        outside.addAll(Sql.strings(connection, "SELECT 'constraint ' || r.constraint_name || ' on table ' || f.table_schema || '.'"
                + " || f.table_name || ' (uses table ' || u.table_schema || '.' || u.table_name || ')'"
                + " FROM information_schema.referential_constraints r"
                + " JOIN information_schema.table_constraints f ON f.constraint_schema = r.constraint_schema"
                + " AND f.constraint_name = r.constraint_name"
                + " JOIN information_schema.table_constraints u ON u.constraint_schema = r.unique_constraint_schema"
                + " AND u.constraint_name = r.unique_constraint_name"
                + " WHERE u.table_schema IN " + in + " AND f.table_schema NOT IN " + in));
        outside.addAll(Sql.strings(connection, "SELECT 'synonym ' || synonym_schema || '.' || synonym_name || ' (for '"
                + " || synonym_for_schema || '.' || synonym_for || ')' FROM information_schema.synonyms"
                + " WHERE synonym_for_schema IN " + in + " AND synonym_schema NOT IN " + in));
        for (String target : targets) {
            // H2 writes the names in stored definitions quoted and qualified: "APP"."BOOKS".
            String named = Sql.literal("%" + quoted(target).replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + ".%");
            outside.addAll(Sql.strings(connection, "SELECT 'view ' || table_schema || '.' || table_name || ' (names schema "
                    + target + ")' FROM information_schema.views WHERE table_schema NOT IN " + in + " AND view_definition LIKE " + named));
            outside.addAll(Sql.strings(connection, "SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name"
                    + " || ' (its default or expression names schema " + target + ")' FROM information_schema.columns"
                    + " WHERE table_schema NOT IN " + in + " AND (column_default LIKE " + named + " OR generation_expression LIKE "
                    + named + " OR column_on_update LIKE " + named + ")"));
            outside.addAll(Sql.strings(connection, "SELECT 'constraint ' || constraint_schema || '.' || constraint_name"
                    + " || ' (names schema " + target + ")' FROM information_schema.check_constraints WHERE constraint_schema NOT IN "
                    + in + " AND check_clause LIKE " + named));
        }
        if (!outside.isEmpty()) {
            throw new dev.migrate.ValidationException(List.of("Clean refused: " + (outside.size() == 1 ? "an object" : outside.size()
                    + " objects") + " outside the schemas it empties (" + String.join(", ", targets) + ") depend"
                    + (outside.size() == 1 ? "s" : "") + " on objects in them: " + String.join("; ", outside) + ". Nothing was"
                    + " dropped. Drop or change those objects first, or add their schemas to schemas (migrate.schemas) so that clean"
                    + " empties them too"));
        }
        String keepSchema = lockSchema != null ? upper(lockSchema) : Sql.string(connection, "SELECT SCHEMA()");
        String keepTable = upper(lockTable);
        List<String> dropped = new java.util.ArrayList<>();
        for (String target : targets) {
            String literal = Sql.literal(target);
            List<String[]> objects = new java.util.ArrayList<>();
            // Views first, then what they read; domains last, their users gone (one based on another goes with CASCADE).
            named(connection, objects, "VIEW", "SELECT table_name FROM information_schema.tables WHERE table_schema = " + literal
                    + " AND table_type = 'VIEW'");
            for (String table : Sql.strings(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    + literal + " AND table_type <> 'VIEW' ORDER BY 1")) {
                if (!(target.equals(keepSchema) && table.equals(keepTable))) {
                    objects.add(new String[] {"TABLE", table});
                }
            }
            named(connection, objects, "SYNONYM", "SELECT synonym_name FROM information_schema.synonyms WHERE synonym_schema = " + literal);
            named(connection, objects, "SEQUENCE", "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = "
                    + literal);
            named(connection, objects, "CONSTANT", "SELECT constant_name FROM information_schema.constants WHERE constant_schema = "
                    + literal);
            named(connection, objects, "AGGREGATE", "SELECT DISTINCT routine_name FROM information_schema.routines WHERE routine_schema = "
                    + literal + " AND routine_type = 'AGGREGATE'");
            named(connection, objects, "ALIAS", "SELECT DISTINCT routine_name FROM information_schema.routines WHERE routine_schema = "
                    + literal + " AND routine_type <> 'AGGREGATE'");
            named(connection, objects, "DOMAIN", "SELECT domain_name FROM information_schema.domains WHERE domain_schema = " + literal);
            for (String[] object : objects) {
                boolean cascades = object[0].equals("VIEW") || object[0].equals("TABLE") || object[0].equals("DOMAIN");
                Sql.execute(connection, "DROP " + object[0] + " IF EXISTS " + quoted(target) + "." + quoted(object[1])
                        + (cascades ? " CASCADE" : ""));
                dropped.add(object[0].toLowerCase(java.util.Locale.ROOT) + " " + target.toLowerCase(java.util.Locale.ROOT) + "."
                        + object[1].toLowerCase(java.util.Locale.ROOT));
            }
        }
        return dropped;
    }

    /** Adds a {@code kind} object for each name {@code query} gives, in name order. */
    private static void named(Connection connection, List<String[]> objects, String kind, String query) throws SQLException {
        for (String name : Sql.strings(connection, query + " ORDER BY 1")) {
            objects.add(new String[] {kind, name});
        }
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
