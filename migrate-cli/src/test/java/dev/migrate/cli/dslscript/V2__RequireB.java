package dev.migrate.cli.dslscript;

import dev.migrate.schema.DslMigration;
import dev.migrate.schema.SchemaChanges;

/** A DSL migration whose SQL restates the table as it is when it runs: a SQLite rebuild, a MySQL MODIFY COLUMN. */
public class V2__RequireB extends DslMigration {

    @Override
    protected void change(SchemaChanges schema) {
        schema.setNotNull("ds_items", "b");
    }
}
