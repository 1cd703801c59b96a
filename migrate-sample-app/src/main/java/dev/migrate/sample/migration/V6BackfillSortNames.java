package dev.migrate.sample.migration;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import org.springframework.stereotype.Component;

/**
 * A batched data migration: fills {@code authors.sort_name} 500 rows at a time, each batch committed
 * with a progress mark, so a crash half-way resumes after the last committed batch. Its reverse
 * empties the column again, which is what it held before.
 */
@Component
@MigrationInfo(version = "6", description = "backfill author sort names", transactional = false)
public class V6BackfillSortNames implements JavaMigration {

    @Override
    public void up(MigrationContext context) throws Exception {
        context.batches("authors", "id").size(500)
                .forEach(batch -> batch.update("UPDATE authors SET sort_name = UPPER(name) WHERE id BETWEEN ? AND ?"));
    }

    @Override
    public void down(MigrationContext context) throws Exception {
        context.execute("UPDATE authors SET sort_name = NULL");
    }
}
