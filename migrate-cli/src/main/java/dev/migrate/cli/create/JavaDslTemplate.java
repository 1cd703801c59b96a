package dev.migrate.cli.create;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code java-dsl} template: the source of a {@code DslMigration} class, whose down Migrate
 * generates. Written into a Java source folder, since the CLI cannot compile it; the package is
 * derived from the folder below {@code src/main/java} ({@code db.migration} by convention).
 */
public final class JavaDslTemplate {

    private JavaDslTemplate() {
    }

    /** {@code V8__CreateBooks} for version 8 and slug {@code create_books}; dots in the version become '_'. */
    public static String className(String version, String slug) {
        StringBuilder camel = new StringBuilder();
        for (String word : slug.split("[_\\-\\s]+")) {
            if (!word.isEmpty()) {
                camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        if (camel.length() == 0 || !Character.isJavaIdentifierStart(camel.charAt(0))) {
            camel.insert(0, "Migration");
        }
        return "V" + version.replace('.', '_') + "__" + camel;
    }

    /** The package of a file in {@code directory}: the path below {@code src/main/java}, or none. */
    public static String packageOf(Path directory) {
        String path = directory.toAbsolutePath().normalize().toString().replace('\\', '/');
        int at = path.indexOf("/src/main/java/");
        if (at < 0) {
            return "";
        }
        return path.substring(at + "/src/main/java/".length()).replace('/', '.');
    }

    /**
     * The source of the class.
     *
     * @param table the table the change is about ({@code --on}), or null
     */
    public static String render(String packageName, String className, String description, String table) {
        String t = table != null ? table : guessTable(description);
        boolean creates = description.toLowerCase(Locale.ROOT).startsWith("create");
        StringBuilder body = new StringBuilder();
        if (creates) {
            body.append("        schema.createTable(\"").append(t).append("\", t -> {\n")
                    .append("            t.id();\n")
                    .append("            t.string(\"name\", 100).notNull();\n")
                    .append("            t.timestamps();\n")
                    .append("        });\n");
        } else {
            body.append("        schema.addColumn(\"").append(t).append("\", \"new_column\", ColumnType.string(100));\n");
        }
        return (packageName.isEmpty() ? "" : "package " + packageName + ";\n\n")
                + "import dev.migrate.schema.ColumnType;\n"
                + "import dev.migrate.schema.DslMigration;\n"
                + "import dev.migrate.schema.SchemaChanges;\n\n"
                + "/**\n"
                + " * " + description.replace("*/", "* /") + ".\n"
                + " *\n"
                + " * <p>Describe the change once: Migrate renders it for the database it runs on and generates the\n"
                + " * rollback by reversing each operation. A drop needs {@code .restoring(...)} to stay reversible.\n"
                + " */\n"
                + "public class " + className + " extends DslMigration {\n\n"
                + "    @Override\n"
                + "    protected void change(SchemaChanges schema) {\n"
                + body
                + "    }\n"
                + "}\n";
    }

    private static String guessTable(String description) {
        String[] words = description.toLowerCase(Locale.ROOT).split("[_\\s]+");
        return words.length > 1 ? words[words.length - 1] : "my_table";
    }
}
