package dev.migrate.dialect.postgres;

import dev.migrate.dialect.SessionContext;
import dev.migrate.dialect.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a PostgreSQL script can change in its session and leave behind: the whole {@code search_path}
 * (JDBC's schema is only its first existing entry), the session user ({@code SET SESSION AUTHORIZATION}), the
 * role ({@code SET ROLE}) and the settings made
 * with {@code SET} ({@code statement_timeout}, {@code row_security}, ...: {@code pg_settings} rows whose
 * source is the session). One query per restore tells whether anything changed.
 */
final class PostgresSession implements SessionContext {

    /** Settings a transaction scopes itself; they cannot be set back once it ran a query. */
    private static final String SETTINGS = " FROM pg_settings WHERE source = 'session' AND name <> 'search_path'"
            + " AND name NOT IN ('transaction_isolation', 'transaction_read_only', 'transaction_deferrable')";
    /** The settings are read only where they may have changed: pg_settings lists every setting, a millisecond's work. */
    private static final String STATE = "SELECT current_setting('search_path'), current_user, session_user";
    private static final String STATE_AND_SETTINGS = STATE + ", (SELECT string_agg(name || '=' || setting, chr(10) ORDER BY name)"
            + SETTINGS + ")";
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final State before;
    private final Map<String, String> settingsBefore;

    private PostgresSession(State before, Map<String, String> settingsBefore) {
        this.before = before;
        this.settingsBefore = settingsBefore;
    }

    static PostgresSession of(Connection c) throws SQLException {
        return new PostgresSession(State.read(c, true), settings(c));
    }

    @Override
    public List<String> restore(Connection c, boolean settingsMayHaveChanged) throws SQLException {
        State now = State.read(c, settingsMayHaveChanged);
        List<String> changed = new ArrayList<>(0);
        if (!Objects.equals(before.sessionUser, now.sessionUser)) {
            // SET SESSION AUTHORIZATION (pg_dump --use-set-session-authorization writes one before each object): the
            // role it left cannot SET ROLE back. Setting the session user back is allowed to the connection's own
            // user, who could set it; the role is reset with it, and set back below when it was another.
            changed.add("session user " + now.sessionUser);
            Sql.execute(c, "SET SESSION AUTHORIZATION " + quote(before.sessionUser));
            now = new State(now.searchPath, before.sessionUser, before.sessionUser, now.settings);
        }
        if (before.searchPath != null && !before.searchPath.equals(now.searchPath)) {
            changed.add("search_path");
            Sql.count(c, "SELECT COUNT(set_config('search_path', ?, false))", before.searchPath);
        }
        if (!Objects.equals(before.role, now.role)) {
            changed.add("role " + now.role);
            Sql.execute(c, Objects.equals(before.role, now.sessionUser) ? "RESET ROLE" : "SET ROLE " + quote(before.role));
        }
        if (settingsMayHaveChanged && !Objects.equals(before.settings, now.settings)) {
            Map<String, String> after = settings(c);
            TreeSet<String> names = new TreeSet<>(settingsBefore.keySet());
            names.addAll(after.keySet());
            for (String name : names) {
                String was = settingsBefore.get(name);
                if (Objects.equals(was, after.get(name))) {
                    continue;
                }
                if (was != null) {
                    Sql.count(c, "SELECT COUNT(set_config(?, ?, false))", name, was);
                } else if (SETTING_NAME.matcher(name).matches()) {
                    Sql.execute(c, "RESET " + name);
                } else {
                    continue;
                }
                changed.add(name);
            }
        }
        return changed;
    }

    @Override
    public List<String> restoreSchemaContext(Connection c) throws SQLException {
        String now = Sql.string(c, "SELECT current_setting('search_path')");
        if (before.searchPath == null || before.searchPath.equals(now)) {
            return List.of();
        }
        Sql.count(c, "SELECT COUNT(set_config('search_path', ?, false))", before.searchPath);
        return List.of("search_path");
    }

    private static Map<String, String> settings(Connection c) throws SQLException {
        Map<String, String> settings = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, setting" + SETTINGS)) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private record State(String searchPath, String role, String sessionUser, String settings) {

        static State read(Connection c, boolean withSettings) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(withSettings ? STATE_AND_SETTINGS : STATE); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new State(rs.getString(1), rs.getString(2), rs.getString(3), withSettings ? rs.getString(4) : null);
            }
        }
    }
}
