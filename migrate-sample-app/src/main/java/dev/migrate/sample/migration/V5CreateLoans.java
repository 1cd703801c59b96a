package dev.migrate.sample.migration;

import dev.migrate.MigrationInfo;
import dev.migrate.schema.ColumnType;
import dev.migrate.schema.DslMigration;
import dev.migrate.schema.SchemaChanges;
import org.springframework.stereotype.Component;

/**
 * A schema DSL migration: written once, rendered for H2, PostgreSQL or MariaDB, and rolled back by the
 * down Migrate generates from it: each operation reversed, last first, so it drops the sort_name
 * column, then the borrower index, then the loans table.
 */
@Component
@MigrationInfo(version = "5", description = "create loans")
public class V5CreateLoans extends DslMigration {

    @Override
    protected void change(SchemaChanges schema) {
        schema.createTable("loans", t -> {
            t.id();
            t.bigint("book_id").notNull().references("books", "id");
            t.string("borrower", 100).notNull();
            t.timestamp("borrowed_at").notNull();
            t.timestamp("returned_at");
        });
        schema.createIndex("loans", "borrower");
        schema.addColumn("authors", "sort_name", ColumnType.string(200));
    }
}
