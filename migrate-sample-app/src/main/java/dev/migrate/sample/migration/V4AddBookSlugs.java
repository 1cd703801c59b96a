package dev.migrate.sample.migration;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.sample.library.SlugService;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A Java migration that is a Spring bean: it adds {@code books.slug} and fills it for existing books
 * with the same {@link SlugService} the API uses. It injects a plain service; a bean that needs the
 * migrated database (a repository, a {@code JdbcTemplate}) would wait for the migrations and so
 * cannot be injected here: use the context's connection instead.
 */
@Component
@MigrationInfo(version = "4", description = "add book slugs", dependsOn = "3")
public class V4AddBookSlugs implements JavaMigration {

    private final SlugService slugs;

    public V4AddBookSlugs(SlugService slugs) {
        this.slugs = slugs;
    }

    @Override
    public void up(MigrationContext context) throws Exception {
        context.execute("ALTER TABLE books ADD COLUMN slug VARCHAR(320)");
        Map<Long, String> titles = new LinkedHashMap<>();
        try (Statement select = context.connection().createStatement();
                ResultSet rows = select.executeQuery("SELECT id, title FROM books")) {
            while (rows.next()) {
                titles.put(rows.getLong(1), rows.getString(2));
            }
        }
        try (PreparedStatement update = context.connection().prepareStatement("UPDATE books SET slug = ? WHERE id = ?")) {
            for (Map.Entry<Long, String> book : titles.entrySet()) {
                update.setString(1, slugs.slugOf(book.getValue()));
                update.setLong(2, book.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    @Override
    public void down(MigrationContext context) throws Exception {
        context.execute("ALTER TABLE books DROP COLUMN slug");
    }

    @Override
    public boolean verify(MigrationContext context) throws Exception {
        try (Statement s = context.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM books WHERE slug IS NULL")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }
}
