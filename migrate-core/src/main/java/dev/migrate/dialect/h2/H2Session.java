package dev.migrate.dialect.h2;

import dev.migrate.dialect.SessionContext;
import dev.migrate.dialect.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of an H2 session a script may change and leave behind ({@code SET QUERY_TIMEOUT},
 * {@code SET LOCK_TIMEOUT}, {@code SET TIME ZONE}, {@code SET NON_KEYWORDS}, ...): read before the migrations
 * and, where a migration may have changed them, after each, and set back where they differ. The schema
 * ({@code SET SCHEMA}) is the JDBC schema's part.
 *
 * <p>The schema search path ({@code SET SCHEMA_SEARCH_PATH}) is read as {@code CURRENT_PATH}. H2 has no statement that
 * clears it: a path left where there was none is set to the current schema alone, which is searched first anyway, so
 * unqualified names find what they found before as long as the session keeps that schema.
 */
final class H2Session implements SessionContext {

    /** Settings listed in INFORMATION_SCHEMA.SETTINGS that belong to the session, as named there. */
    private static final String READ = "SELECT LOCK_TIMEOUT(),"
            + " (SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_TIMEOUT'),"
            + " (SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'TIME ZONE'),"
            + " (SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'NON_KEYWORDS'),"
            + " (SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'VARIABLE_BINARY'),"
            + " (SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'TRUNCATE_LARGE_LENGTH')";
    private static final String[] NAMES = {"LOCK_TIMEOUT", "QUERY_TIMEOUT", "TIME ZONE", "NON_KEYWORDS", "VARIABLE_BINARY",
            "TRUNCATE_LARGE_LENGTH"};
    /** The search path as {@code CURRENT_PATH} gives it: each schema name quoted, separated by commas; empty for none. */
    private static final String PATH = "CURRENT_PATH";
    private static final java.util.regex.Pattern QUOTED_NAMES = java.util.regex.Pattern.compile("\"(?:[^\"]|\"\")*\"(?:,\"(?:[^\"]|\"\")*\")*");

    private final String[] before;
    /** The search path before, or what it was put back as; null where this H2 does not tell it. */
    private String pathBefore;

    private H2Session(String[] before, String pathBefore) {
        this.before = before;
        this.pathBefore = pathBefore;
    }

    static H2Session of(Connection c) throws SQLException {
        String path;
        try {
            path = Objects.requireNonNullElse(Sql.string(c, "SELECT " + PATH), "");
        } catch (SQLException noCurrentPath) {
            // An H2 before 2.0, whose search path cannot be read: not put back
            path = null;
        }
        return new H2Session(read(c), path);
    }

    @Override
    public List<String> restore(Connection c, boolean settingsMayHaveChanged) throws SQLException {
        if (!settingsMayHaveChanged) {
            return List.of();
        }
        String[] now = read(c);
        List<String> changed = new ArrayList<>(0);
        for (int i = 0; i < NAMES.length; i++) {
            // No NON_KEYWORDS is listed as none (null): set back as an empty list
            String was = before[i] == null && NAMES[i].equals("NON_KEYWORDS") ? "" : before[i];
            String is = now[i] == null && NAMES[i].equals("NON_KEYWORDS") ? "" : now[i];
            if (was == null || Objects.equals(was, is)) {
                continue;
            }
            String value = switch (NAMES[i]) {
                case "LOCK_TIMEOUT", "QUERY_TIMEOUT" -> was.matches("\\d+") ? was : null;
                case "VARIABLE_BINARY", "TRUNCATE_LARGE_LENGTH" -> "TRUE".equalsIgnoreCase(was) ? "TRUE" : "FALSE";
                case "TIME ZONE" -> "'" + was.replace("'", "''") + "'";
                // Keywords as H2 lists them, separated by commas: words only, written as they were
                case "NON_KEYWORDS" -> was.matches("[A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)*|") ? was : null;
                default -> null;
            };
            if (value != null) {
                Sql.execute(c, "SET " + NAMES[i] + " " + value);
                changed.add(NAMES[i].toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (pathBefore != null) {
            String path = Sql.string(c, "SELECT " + PATH);
            if (!pathBefore.equals(path == null ? "" : path)) {
                String schema = c.getSchema();
                String value = pathBefore.isEmpty() && schema != null ? "\"" + schema.replace("\"", "\"\"") + "\"" : pathBefore;
                if (QUOTED_NAMES.matcher(value).matches()) {
                    Sql.execute(c, "SET SCHEMA_SEARCH_PATH " + value);
                    // Once set to the schema alone, that stands for none: not put back again after every later migration.
                    pathBefore = value;
                    changed.add("schema_search_path");
                }
            }
        }
        return changed;
    }

    private static String[] read(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(READ)) {
            rs.next();
            String[] values = new String[NAMES.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getString(i + 1);
            }
            return values;
        }
    }
}
