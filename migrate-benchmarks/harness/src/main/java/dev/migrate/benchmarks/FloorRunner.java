package dev.migrate.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The floor: the least any migration tool can do, in plain JDBC on one connection. It lists the
 * {@code V<i>__m<i>.sql} files, reads and checksums each (CRC32, as every tool does by default to
 * notice an edited migration), reads the history table once, and runs each pending file's statements
 * in one transaction together with one insert into the history table. Rollback runs the
 * {@code U<i>__m<i>.sql} files of the newest rows the same way, deleting the row. No lock, no audit,
 * no parsing beyond splitting at a semicolon that ends a line (the generator writes one statement a line).
 */
final class FloorRunner implements Runner {

    static final String HISTORY_TABLE = "floor_history";

    private final Target target;
    private final Path dir;

    FloorRunner(Target target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    @Override
    public int run(Scenario scenario) throws Exception {
        try (Connection c = Databases.connect(target)) {
            return switch (scenario) {
                case APPLY, NOOP -> migrate(c);
                case VALIDATE -> reconcile(c).problems;
                case STATUS -> reconcile(c).pending.size();
                case ROLLBACK -> rollback(c, Scenario.ROLLBACK_COUNT);
            };
        }
    }

    /** A versioned file's text and checksum. */
    private record Script(int version, String name, String text, int checksum) {
    }

    /** Files against history: what is pending, and how many applied files changed or went missing. */
    private record Reconciled(List<Script> pending, int problems, int lastRank) {
    }

    private int migrate(Connection c) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " (installed_rank INT NOT NULL PRIMARY KEY,"
                    + " version VARCHAR(50) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT NOT NULL,"
                    + " installed_on TIMESTAMP NOT NULL, execution_time_ms BIGINT NOT NULL)");
        }
        Reconciled r = reconcile(c);
        if (r.problems > 0) {
            throw new IllegalStateException(r.problems + " applied migration(s) changed or missing");
        }
        int rank = r.lastRank;
        String insert = "INSERT INTO " + HISTORY_TABLE
                + " (installed_rank, version, script, checksum, installed_on, execution_time_ms) VALUES (?, ?, ?, ?, ?, ?)";
        for (Script s : r.pending) {
            long start = System.nanoTime();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement(insert)) {
                for (String sql : statements(s.text)) {
                    st.execute(sql);
                }
                ps.setInt(1, ++rank);
                ps.setString(2, Integer.toString(s.version));
                ps.setString(3, s.name);
                ps.setInt(4, s.checksum);
                ps.setTimestamp(5, new Timestamp(System.currentTimeMillis()));
                ps.setLong(6, (System.nanoTime() - start) / 1_000_000);
                ps.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return r.pending.size();
    }

    private Reconciled reconcile(Connection c) throws SQLException, IOException {
        Map<String, Integer> applied = new HashMap<>();
        int lastRank = 0;
        if (historyExists(c)) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT installed_rank, version, checksum FROM " + HISTORY_TABLE)) {
                while (rs.next()) {
                    lastRank = Math.max(lastRank, rs.getInt(1));
                    applied.put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        List<Script> pending = new ArrayList<>();
        int problems = 0;
        Map<Integer, Script> scripts = scan();
        for (Script s : scripts.values()) {
            Integer stored = applied.remove(Integer.toString(s.version));
            if (stored == null) {
                pending.add(s);
            } else if (stored != s.checksum) {
                problems++;
            }
        }
        problems += applied.size(); // applied but missing
        return new Reconciled(pending, problems, lastRank);
    }

    private boolean historyExists(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(HISTORY_TABLE)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Versioned scripts in version order. */
    private Map<Integer, Script> scan() throws IOException {
        Map<Integer, Script> scripts = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith("V") && name.endsWith(".sql")) {
                    int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    scripts.put(version, new Script(version, name, text, checksum(text)));
                }
            }
        }
        return scripts;
    }

    private int rollback(Connection c, int count) throws SQLException, IOException {
        List<Integer> ranks = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version FROM " + HISTORY_TABLE + " ORDER BY installed_rank DESC")) {
            while (rs.next() && ranks.size() < count) {
                ranks.add(rs.getInt(1));
                versions.add(rs.getString(2));
            }
        }
        for (int i = 0; i < ranks.size(); i++) {
            int version = Integer.parseInt(versions.get(i));
            String text = Files.readString(dir.resolve(Generator.downFileName(version)), StandardCharsets.UTF_8);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM " + HISTORY_TABLE + " WHERE installed_rank = ?")) {
                for (String sql : statements(text)) {
                    st.execute(sql);
                }
                ps.setInt(1, ranks.get(i));
                ps.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return ranks.size();
    }

    static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        for (String part : text.split(";\n")) {
            String sql = part.strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1);
            }
            if (!sql.isEmpty()) {
                statements.add(sql);
            }
        }
        return statements;
    }

    private static int checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
