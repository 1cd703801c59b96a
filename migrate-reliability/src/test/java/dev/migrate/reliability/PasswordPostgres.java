package dev.migrate.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of the test's own that asks for a password ({@code scram-sha-256}), started
 * from the installed PostgreSQL's {@code initdb} and {@code pg_ctl} in a temporary directory, on a
 * free port of 127.0.0.1. The server that {@code MIGRATE_TEST_POSTGRES_URL} names is the machine's
 * shared cluster, which trusts every local connection and whose authentication the tests leave
 * alone; a refused login needs a server of its own. It takes about a second to create and start.
 *
 * <p>PostgreSQL refuses to run as root: as root, its commands run as the {@code postgres} user.
 * Without the binaries the test is skipped with a message, except with {@code CI=true}, where that is
 * a failure.
 */
final class PasswordPostgres implements AutoCloseable {

    private static final String ADMIN = "postgres";

    private final Path directory;
    private final Path binaries;
    private final int port;
    private final String adminPassword;

    private PasswordPostgres(Path directory, Path binaries, int port, String adminPassword) {
        this.directory = directory;
        this.binaries = binaries;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    static PasswordPostgres start() throws IOException, InterruptedException {
        Path binaries = binaries();
        String adminPassword = "Admin-" + UUID.randomUUID().toString().substring(0, 8);
        Path directory = Files.createTempDirectory("migrate-pg-");
        Path passwordFile = Files.writeString(directory.resolve("password"), adminPassword + "\n", StandardCharsets.UTF_8);
        if (asRoot()) {
            UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(directory, postgres);
            Files.setOwner(passwordFile, postgres);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PasswordPostgres server = new PasswordPostgres(directory, binaries, port, adminPassword);
        try {
            server.run("initdb", "-D", directory.resolve("data").toString(), "-U", ADMIN, "--auth=scram-sha-256",
                    "--pwfile=" + passwordFile, "-E", "UTF8", "--no-sync");
            server.run("pg_ctl", "-D", directory.resolve("data").toString(), "-l", directory.resolve("server.log").toString(), "-w",
                    "-t", "30", "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    /**
     * Creates a role that logs in with {@code password} and a database it owns. The database's URL
     * names the role ({@code ?user=}) but not the password; {@link #close()} removes both with the server.
     */
    Db createDatabase(String password) throws SQLException {
        String role = "mt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String database = role + "_db";
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", ADMIN, adminPassword);
                Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            st.execute("CREATE DATABASE " + database + " OWNER " + role);
        }
        return Db.existing(Db.Kind.POSTGRES, "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + role, password,
                database);
    }

    @Override
    public void close() {
        try {
            if (Files.exists(directory.resolve("data/postmaster.pid"))) {
                run("pg_ctl", "-D", directory.resolve("data").toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("WARNING: could not stop the PostgreSQL server in " + directory + ": " + e);
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("WARNING: could not delete " + directory + ": " + e);
        }
    }

    private void run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binaries.resolve(program).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            Path log = directory.resolve("server.log");
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n"
                    + new String(output, StandardCharsets.UTF_8) + (Files.exists(log) ? Files.readString(log) : ""));
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/N/bin). */
    private static Path binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        Path found = null;
        if (Files.isDirectory(versions)) {
            try (Stream<Path> list = Files.list(versions)) {
                found = list.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(PasswordPostgres::majorVersion)).orElse(null);
            }
        }
        if (found == null) {
            String message = "no PostgreSQL server binaries (initdb, pg_ctl) under " + versions
                    + ": install PostgreSQL (Debian: apt-get install postgresql) to test a login that PostgreSQL refuses";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + " (CI=true: not skipped)");
            }
            Assumptions.abort(message);
        }
        return found;
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
