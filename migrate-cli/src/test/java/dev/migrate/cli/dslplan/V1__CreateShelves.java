package dev.migrate.cli.dslplan;

import dev.migrate.schema.DslMigration;
import dev.migrate.schema.SchemaChanges;

/** A DSL migration found on the classpath, for the plan's generated down. */
public class V1__CreateShelves extends DslMigration {

    @Override
    protected void change(SchemaChanges schema) {
        schema.createTable("shelves", t -> {
            t.id();
            t.string("label", 40);
        });
        schema.createIndex("shelves", "label");
    }
}
