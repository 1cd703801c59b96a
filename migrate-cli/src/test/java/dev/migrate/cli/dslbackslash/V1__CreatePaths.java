package dev.migrate.cli.dslbackslash;

import dev.migrate.schema.DslMigration;
import dev.migrate.schema.SchemaChanges;

/** String literals with backslashes, for a plan script run in a session without backslash escapes. */
public class V1__CreatePaths extends DslMigration {

    @Override
    protected void change(SchemaChanges schema) {
        schema.createTable("paths", t -> {
            t.id();
            t.string("dir", 40).defaultValue("C:\\");
        });
        schema.sql("INSERT INTO paths (id, dir) VALUES (1, 'D:\\'); INSERT INTO paths (id) VALUES (2)", "DELETE FROM paths");
    }
}
