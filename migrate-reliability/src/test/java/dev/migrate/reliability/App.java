package dev.migrate.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the sample app's executable jar as a deployment would: the {@code staging} profile reading
 * {@code DATABASE_URL} (plus the {@code mariadb} profile on MariaDB), the users' passwords from
 * {@code SAMPLE_*_PASSWORD}.
 */
final class App {

    static final String READER_PASSWORD = "reader-Pw-4821";
    static final String OPERATOR_PASSWORD = "operator-Pw-9377";
    private static final Pattern PORT = Pattern.compile("started on port (\\d+)");

    private App() {
    }

    /**
     * @param databaseUrl what {@code DATABASE_URL} says
     * @param env         more environment variables ({@code DATABASE_PASSWORD}...)
     * @param args        more application arguments ({@code --migrate.locations=...})
     */
    static Proc start(String name, Db.Kind kind, String databaseUrl, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Proc.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m",
                "-jar", Settings.appJar().toString(),
                "--spring.profiles.active=" + (kind == Db.Kind.MARIADB ? "staging,mariadb" : "staging"),
                "--spring.main.banner-mode=off",
                // Eight applications at once with Hikari's default pool of 10 would take 80 of
                // MariaDB's 151 connections; the other tests running alongside need some too.
                "--spring.datasource.hikari.maximum-pool-size=3"));
        command.addAll(args);
        Map<String, String> environment = new HashMap<>(env);
        environment.put("DATABASE_URL", databaseUrl);
        environment.put("SAMPLE_READER_PASSWORD", READER_PASSWORD);
        environment.put("SAMPLE_OPERATOR_PASSWORD", OPERATOR_PASSWORD);
        return Proc.start(name, command, Settings.work(), environment);
    }

    /** The HTTP port from Boot's "Tomcat started on port N" line. */
    static int port(Proc app) throws InterruptedException {
        Proc.Line line = app.awaitLine(l -> PORT.matcher(l).find(), java.time.Duration.ofMinutes(3));
        if (line == null) {
            throw new AssertionError("the sample app did not start its web server:\n" + app.output());
        }
        Matcher m = PORT.matcher(line.text());
        m.find();
        return Integer.parseInt(m.group(1));
    }
}
