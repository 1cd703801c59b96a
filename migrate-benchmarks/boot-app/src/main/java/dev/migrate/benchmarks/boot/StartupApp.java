package dev.migrate.benchmarks.boot;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application of the startup comparison: a JDBC application whose only bean uses the database
 * (so it starts after the migration tool, as a real repository would). Whichever migration tool is on
 * the class path migrates at startup through Spring Boot's auto-configuration. When ready it prints
 *
 * <pre>
 * STARTUP ready_ms=2140 boot_ms=1630 heap_kb=23456 rss_kb=145000
 * </pre>
 *
 * {@code ready_ms}: JVM start to {@code ApplicationReadyEvent}; {@code boot_ms}: Spring Boot's own
 * figure ({@code SpringApplication.run} to ready); {@code heap_kb}: heap in use after a full GC;
 * {@code rss_kb}: peak resident set size so far. Then it exits.
 */
@SpringBootApplication
public class StartupApp {

    public static void main(String[] args) {
        SpringApplication.run(StartupApp.class, args);
    }

    /** A bean that uses the database, like a repository. */
    @org.springframework.context.annotation.Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @EventListener
    public void ready(ApplicationReadyEvent event) {
        long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long bootMs = event.getTimeTaken() == null ? -1 : event.getTimeTaken().toMillis();
        ConfigurableApplicationContext context = event.getApplicationContext();
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        Integer one = jdbc.queryForObject("SELECT 1", Integer.class);
        System.gc();
        System.gc();
        long heapKb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        System.out.println("STARTUP ready_ms=" + readyMs + " boot_ms=" + bootMs + " heap_kb=" + heapKb + " rss_kb=" + peakRssKb()
                + " check=" + one);
        System.out.flush();
        System.exit(SpringApplication.exit(context));
    }

    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
