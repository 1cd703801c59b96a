package dev.migrate.schema;

import static dev.migrate.schema.ColumnType.integer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.dialect.Dialects;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every keyword a renderer knows for its database works as a table name and as a column name on that
 * real database, through the DSL: created, added, renamed (to and from the keyword) and dropped, and
 * read back under its own name. Names that are not keywords stay unquoted.
 */
class KeywordQuotingTests {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyKeywordOfTheDatabaseWorksAsATableAndColumnName(DatabaseKind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            SqlSchemaRenderer renderer = renderer(connection);
            List<String> words = new ArrayList<>(renderer.keywords());
            words.sort(null);
            MigrationContexts.run(SchemaRoundTripTests.migration(s -> s.createTable("kw_holder", t -> t.integer("id"))),
                    true, connection);
            List<String> before = SchemaSnapshot.of(connection, kind);
            DslMigration migration = SchemaRoundTripTests.migration(s -> {
                for (int i = 0; i < words.size(); i++) {
                    String word = words.get(i);
                    s.createTable(word, t -> t.integer(word));
                    s.renameTable(word, "kw_table_" + i);
                    s.addColumn("kw_holder", word, integer());
                    s.renameColumn("kw_holder", word, "kw_column_" + i);
                    s.renameColumn("kw_holder", "kw_column_" + i, word);
                }
            });

            // up creates, renames from and to the keyword; down renames back to it and drops it
            List<String> up = MigrationContexts.run(migration, true, connection);
            assertThat(up).as("the statements use the keywords quoted").anyMatch(sql -> sql.contains(
                    renderer.quoted(kind == DatabaseKind.H2 ? words.get(0).toUpperCase(Locale.ROOT)
                            : words.get(0))));
            List<String> holderColumns = columns(connection, kind, "kw_holder");
            for (int i = 0; i < words.size(); i++) {
                assertThat(columns(connection, kind, "kw_table_" + i)).as("the column of table %s", words.get(i))
                        .containsExactly(words.get(i));
            }
            assertThat(holderColumns).as("the columns added to kw_holder").containsAll(words);

            MigrationContexts.run(migration, false, connection);
            assertThat(SchemaSnapshot.of(connection, kind)).as("the schema after up then down")
                    .containsExactlyElementsOf(before);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void namesThatAreNotKeywordsStayUnquoted(DatabaseKind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Connection connection = db.connect()) {
            DslMigration migration = SchemaRoundTripTests.migration(s -> {
                s.createTable("line_items", t -> t.integer("unit_price"));
                s.addColumn("line_items", "quantity", integer());
                s.renameColumn("line_items", "quantity", "amount");
                s.renameTable("line_items", "order_lines");
            });
            List<String> up = MigrationContexts.run(migration, true, connection);
            assertThat(up).hasSize(4).noneMatch(sql -> sql.contains("\"") || sql.contains("`"));
            assertThat(columns(connection, kind, "order_lines")).containsExactly("unit_price", "amount");
        }
    }

    private static SqlSchemaRenderer renderer(Connection connection) throws Exception {
        String name = Dialects.detect(connection).name();
        return (SqlSchemaRenderer) SchemaRenderer.forDatabase(name);
    }

    /** The table's column names, lower-cased (H2 keeps the unquoted ones upper-case), in order. */
    private static List<String> columns(Connection connection, DatabaseKind kind, String table) throws Exception {
        String catalog = kind == DatabaseKind.MARIADB ? connection.getCatalog() : null;
        String schema = kind == DatabaseKind.H2 || kind == DatabaseKind.POSTGRES ? connection.getSchema() : null;
        String name = kind == DatabaseKind.H2 ? table.toUpperCase(Locale.ROOT) : table;
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getColumns(catalog, schema, name, "%")) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }
}
