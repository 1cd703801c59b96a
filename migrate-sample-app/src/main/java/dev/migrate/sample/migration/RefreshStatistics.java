package dev.migrate.sample.migration;

import dev.migrate.CallbackContext;
import dev.migrate.MigrationCallback;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * A Java callback (Flyway's Java {@code Callback}): after a {@code migrate} that applied something, refreshes
 * the query planner's statistics of the tables the migrations created and filled, on Migrate's connection
 * and under its lock, before the application uses them.
 */
@Component
public class RefreshStatistics implements MigrationCallback {

    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Override
    public boolean supports(Event event) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public void handle(Event event, CallbackContext context) throws Exception {
        String sql = context.databaseName().equals("MySQL") ? "ANALYZE TABLE authors, books, loans" : "ANALYZE";
        try (Statement statement = context.connection().createStatement()) {
            statement.execute(sql);
        }
        ran.add(sql);
    }

    /** The statements it ran, oldest first. */
    public List<String> ran() {
        return List.copyOf(ran);
    }
}
