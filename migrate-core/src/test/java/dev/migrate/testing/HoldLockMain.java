package dev.migrate.testing;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.DriverDataSource;

/**
 * Run in a separate JVM by lock tests: starts a migration that prints {@code HOLDING} once it
 * runs (so the lock is held) and then sleeps, waiting to be killed.
 * Arguments: url, user (or "-"), password (or "-").
 */
public final class HoldLockMain {

    /** Version 1: holds the lock until the process dies. */
    @MigrationInfo(version = "1", description = "sleeps")
    public static final class Sleeps implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE half_done (id INT)");
            System.out.println("HOLDING");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    private HoldLockMain() {
    }

    /**
     * Starts this main in a JVM of its own and returns once its migration holds the lock (it printed {@code HOLDING}).
     *
     * @param user     null for none
     * @param password null or empty for none
     * @throws AssertionError with the child's output when it ends before holding the lock
     */
    public static Process startHolding(String url, String user, String password) throws java.io.IOException {
        Process holder = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldLockMain.class.getName(),
                url, user == null ? "-" : user, password == null || password.isEmpty() ? "-" : password)
                .redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null && !line.equals("HOLDING")) {
            seen.append(line).append('\n');
        }
        if (line == null) {
            holder.destroyForcibly();
            throw new AssertionError("the holder ended before it held the lock; its output:\n" + seen);
        }
        return holder;
    }

    public static void main(String[] args) {
        String user = "-".equals(args[1]) ? null : args[1];
        String password = "-".equals(args[2]) ? null : args[2];
        Migrator.create(new DriverDataSource(args[0], user, password),
                MigratorConfig.builder().locations("filesystem:/nonexistent").javaMigration(new Sleeps()).build()).migrate();
    }
}
