package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrationVersion;
import dev.migrate.cli.create.Layout;
import dev.migrate.cli.create.MigrationFiles;
import dev.migrate.cli.create.Rendered;
import dev.migrate.cli.create.SqlTemplates;
import dev.migrate.cli.create.TargetDatabase;
import dev.migrate.cli.create.Template;
import dev.migrate.cli.create.TemplateInput;
import dev.migrate.discovery.MigrationNaming;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code create NAME [--template T] [--dialect D]}: a new, correctly named, next-version migration from a template. */
@Command(name = "create",
        sortOptions = false,
        customSynopsis = "migrate create NAME [--template TEMPLATE] [--dialect DB] [OPTIONS]%n",
        description = {
            "Write a new migration into the first location (or --dir), named with the next free version, from a template.",
            "Templates: sql (empty V + U pair), updown (empty .up.sql/.down.sql), create-table, add-column, add-index,"
                    + " add-foreign-key, rename-column, add-check, data (an UPDATE and its reverse), java-dsl (a DslMigration"
                    + " class). All but the empty ones and java-dsl are rendered for the database given by --dialect or by"
                    + " the URL, with their exact reverse."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  migrate create add_users_table",
            "      V4__add_users_table.sql and U4__add_users_table.sql, empty",
            "  migrate create create_books --template create-table \\",
            "      --column 'title:varchar(200)' --column 'price:decimal(10,2)' --timestamps",
            "  migrate create add_email_to_users --template add-column",
            "  migrate create users_email --template add-index --on users --column email \\",
            "      --unique",
            "  migrate create order_customer --template add-foreign-key --on orders \\",
            "      --column customer_id --references 'customers(id)'",
            "  migrate create rename_name --template rename-column --on users \\",
            "      --column name --new-name full_name",
            "  migrate create price_positive --template add-check --on books \\",
            "      --check \"price > 0\"",
            "  migrate create pending_orders --template data --on orders --column status \\",
            "      --from new --to pending",
            "  migrate create seed_roles --template updown",
            "",
            "Versions: the highest existing version's first part plus one, keeping its",
            "zero padding (V007 -> V008); a folder that uses timestamps (20240126100000)",
            "gets the current UTC time, as does --timestamp.",
            "Column types: any SQL type, or string, text, int, bigint, boolean, timestamp,",
            "decimal, uuid, spelled for the target database. Quote a value with",
            "parentheses or spaces for the shell: --column 'price:decimal(10,2)'."
        })
final class CreateCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "What the migration does, such as add_email_to_users.")
    String name;

    @Option(names = {"-t", "--template"}, paramLabel = "TEMPLATE", converter = TemplateConverter.class,
            description = "sql (default), updown, create-table, add-column, add-index, add-foreign-key, rename-column, add-check, data,"
                    + " java-dsl (a DslMigration class, written to --java-dir).")
    Template template = Template.SQL;

    @Option(names = "--dialect", paramLabel = "DB",
            description = "Database to write the SQL for: postgres, mysql, mariadb, h2, sqlite (default: from the URL).")
    String dialect;

    @Option(names = "--format", paramLabel = "LAYOUT", converter = LayoutConverter.class,
            description = "pair (V + U files), updown (.up.sql/.down.sql) or single (one file with -- migrate:up/down sections)."
                    + " Default: what the folder already uses, else pair.")
    Layout format;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder to write to (default: the first location).")
    Path dir;

    @Option(names = "--version", paramLabel = "VERSION", description = "Use this version instead of the next one.")
    String version;

    @Option(names = "--timestamp", description = "Use the current UTC time (yyyyMMddHHmmss) as the version.")
    boolean timestamp;

    @Option(names = "--on", paramLabel = "TABLE", description = "The table the template works on (the history table is --table).")
    String table;

    @Option(names = "--column", paramLabel = "NAME[:TYPE]", description = "A column, with its type where the template adds it"
            + " (default VARCHAR(255)); repeatable.")
    List<String> columns = new ArrayList<>();

    @Option(names = "--not-null", description = "create-table, add-column: make the columns NOT NULL.")
    boolean notNull;

    @Option(names = "--default", paramLabel = "VALUE", description = "add-column: a default value, for each --column.")
    String defaultValue;

    @Option(names = "--unique", description = "add-index: a unique index.")
    boolean unique;

    @Option(names = "--references", paramLabel = "TABLE[(COLUMN)]", description = "add-foreign-key: the referenced table and column (default id).")
    String references;

    @Option(names = "--new-name", paramLabel = "NAME", description = "rename-column: the column's new name.")
    String newName;

    @Option(names = "--check", paramLabel = "EXPRESSION", description = "add-check: the condition, such as \"price >= 0\".")
    String check;

    @Option(names = "--constraint", paramLabel = "NAME", description = "Name of the index or constraint (default: derived).")
    String constraint;

    @Option(names = "--from", paramLabel = "VALUE", description = "data: the value to change (default NULL).")
    String from;

    @Option(names = "--to", paramLabel = "VALUE", description = "data: the new value.")
    String to;

    @Option(names = "--where", paramLabel = "CONDITION", description = "data: an extra condition on the rows to change.")
    String where;

    @Option(names = "--java-dir", paramLabel = "DIR",
            description = "java-dsl: the Java source folder to write the class to (default: src/main/java/db/migration).")
    String javaDir;

    @Option(names = "--timestamps", description = "create-table: add created_at and updated_at.")
    boolean timestamps;

    @Option(names = "--soft-delete", description = "create-table: add a nullable deleted_at timestamp, to mark rows deleted instead of deleting them.")
    boolean softDelete;

    /** The clock for timestamp versions; tests replace it. */
    Clock clock = Clock.systemUTC();

    @Override
    int execute() {
        Settings settings = settings();
        String slug = MigrationFiles.slug(name);
        refuseUnusedOptions();
        if (template == Template.JAVA_DSL) {
            return createJavaDsl(settings, slug);
        }
        TargetDatabase target = target(settings);
        TemplateInput input = new TemplateInput(slug, table, columns, notNull, defaultValue, unique, references, newName, check,
                constraint, from, to, where, timestamps, softDelete);
        Rendered sql = SqlTemplates.render(template, input, target);

        MigrationNaming naming = settings.naming();
        MigrationFiles files = new MigrationFiles(directory(settings), naming);
        Layout layout = layout(files);
        String v;
        if (version != null) {
            try {
                MigrationVersion.parse(version);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("--version: " + e.getMessage());
            }
            files.checkUnused(version);
            v = version;
        } else {
            v = files.nextVersion(timestamp, clock);
        }

        List<String> header = new ArrayList<>();
        header.add(name.strip() + " (template " + template.id() + (target != null ? ", " + target.displayName() : "") + ")");
        if (!sql.remark().isEmpty()) {
            header.add(sql.remark());
        }
        String reverseOf = layout == Layout.UPDOWN ? v + "_" + slug + ".up" + naming.suffixes().get(0) : naming.versionedName(v, slug);
        List<Path> written = files.write(layout, v, slug, header, sql.up(), sql.down(),
                "Write the change here and end each statement with ';'. Directives (no-transaction,\n"
                        + "depends-on 3, irreversible) go on the first lines as comments starting with migrate:, see the docs.",
                "Write the reverse of " + reverseOf + " here, so that rollback can undo it.");

        Output out = output();
        if (out.json()) {
            var node = Output.object();
            node.put("version", MigrationVersion.parse(v).toString());
            node.put("template", template.id());
            node.put("format", layout.id());
            node.put("dialect", target == null ? null : target.displayName());
            var array = node.putArray("files");
            written.forEach(p -> array.add(p.toString()));
            out.json(node);
        } else {
            out.line(out.green("Created") + " version " + MigrationVersion.parse(v) + " (template " + template.id()
                    + (target != null ? " for " + target.displayName() : "") + "):");
            written.forEach(p -> out.line("  " + p));
        }
        return ExitCodes.OK;
    }

    /**
     * Writes a {@code DslMigration} class. Its version follows the highest version found in the SQL
     * location and in the Java folder, since both share one sequence.
     */
    private int createJavaDsl(Settings settings, String slug) {
        CliContext context = cli().context();
        Path javaDirectory = javaDir != null ? context.workingDir().resolve(javaDir).normalize()
                : context.resolve("src/main/java/db/migration");
        String v;
        if (version != null) {
            try {
                MigrationVersion.parse(version);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("--version: " + e.getMessage());
            }
            v = version;
        } else {
            String fromSql = new MigrationFiles(directory(settings), settings.naming()).nextVersion(timestamp, clock);
            String fromJava = new MigrationFiles(javaDirectory).nextVersion(timestamp, clock);
            v = MigrationVersion.parse(fromSql).isNewerThan(MigrationVersion.parse(fromJava)) ? fromSql : fromJava;
        }
        String className = dev.migrate.cli.create.JavaDslTemplate.className(v, slug);
        Path file = javaDirectory.resolve(className + ".java");
        if (java.nio.file.Files.exists(file)) {
            throw new ConfigurationException(file + " already exists: choose another name or --version");
        }
        String source = dev.migrate.cli.create.JavaDslTemplate.render(dev.migrate.cli.create.JavaDslTemplate.packageOf(javaDirectory),
                className, name.strip(), table);
        try {
            java.nio.file.Files.createDirectories(javaDirectory);
            java.nio.file.Files.writeString(file, source);
        } catch (java.io.IOException e) {
            throw new ConfigurationException("Could not write " + file + ": " + e.getMessage());
        }
        Output out = output();
        if (out.json()) {
            var node = Output.object();
            node.put("version", MigrationVersion.parse(v).toString());
            node.put("template", template.id());
            node.putArray("files").add(file.toString());
            out.json(node);
        } else {
            out.line(out.green("Created") + " version " + MigrationVersion.parse(v) + " (template java-dsl):");
            out.line("  " + file);
        }
        return ExitCodes.OK;
    }

    /**
     * Refuses an option the template does not read: {@code create add_phone_to_users --column phone} without
     * {@code --template add-column} wrote an empty pair, and the column was lost without a word.
     */
    private void refuseUnusedOptions() {
        List<String> unused = new ArrayList<>();
        unused(unused, "--on", table != null, Template.CREATE_TABLE, Template.ADD_COLUMN, Template.ADD_INDEX, Template.ADD_FOREIGN_KEY,
                Template.RENAME_COLUMN, Template.ADD_CHECK, Template.DATA, Template.JAVA_DSL);
        unused(unused, "--column", !columns.isEmpty(), Template.CREATE_TABLE, Template.ADD_COLUMN, Template.ADD_INDEX,
                Template.ADD_FOREIGN_KEY, Template.RENAME_COLUMN, Template.DATA);
        unused(unused, "--not-null", notNull, Template.CREATE_TABLE, Template.ADD_COLUMN);
        unused(unused, "--default", defaultValue != null, Template.ADD_COLUMN);
        unused(unused, "--unique", unique, Template.ADD_INDEX);
        unused(unused, "--references", references != null, Template.ADD_FOREIGN_KEY);
        unused(unused, "--new-name", newName != null, Template.RENAME_COLUMN);
        unused(unused, "--check", check != null, Template.ADD_CHECK);
        unused(unused, "--constraint", constraint != null, Template.ADD_INDEX, Template.ADD_FOREIGN_KEY, Template.ADD_CHECK);
        unused(unused, "--from", from != null, Template.DATA);
        unused(unused, "--to", to != null, Template.DATA);
        unused(unused, "--where", where != null, Template.DATA);
        unused(unused, "--timestamps", timestamps, Template.CREATE_TABLE);
        unused(unused, "--soft-delete", softDelete, Template.CREATE_TABLE);
        unused(unused, "--java-dir", javaDir != null, Template.JAVA_DSL);
        if (!unused.isEmpty()) {
            throw new ConfigurationException("The " + template.id() + " template" + (template == Template.SQL ? " (the default)" : "")
                    + " does not use " + String.join("; ", unused) + ". Name the template to fill with --template, or leave the"
                    + (unused.size() == 1 ? " option" : " options") + " out (see 'migrate create --help')");
        }
    }

    private void unused(List<String> unused, String option, boolean given, Template... readBy) {
        if (given && !List.of(readBy).contains(template)) {
            unused.add(option + " (read by " + java.util.Arrays.stream(readBy).map(Template::id)
                    .collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }

    /** The database to render for: --dialect, else the URL's prefix; null when the template needs none and none is known. */
    private TargetDatabase target(Settings settings) {
        if (dialect != null) {
            return TargetDatabase.forName(dialect);
        }
        if (settings.url() != null) {
            return TargetDatabase.forUrl(settings.url());
        }
        if (template.needsDialect()) {
            throw new ConfigurationException("The " + template.id() + " template writes SQL for one database: pass --dialect postgres,"
                    + " mysql, mariadb, h2 or sqlite, or --url / MIGRATE_URL");
        }
        return null;
    }

    private Layout layout(MigrationFiles files) {
        if (template == Template.UPDOWN) {
            if (format != null && format != Layout.UPDOWN) {
                throw new ConfigurationException("The updown template writes .up.sql/.down.sql files: leave out --format " + format.id());
            }
            return Layout.UPDOWN;
        }
        if (format != null) {
            return format;
        }
        return template == Template.SQL ? Layout.PAIR : files.prevailingLayout();
    }

    /**
     * The folder: --dir, else the first location. {@code classpath:db/migration} means
     * {@code src/main/resources/db/migration} under the working directory, where a Maven or Gradle
     * project keeps what ends up on its class path.
     */
    private Path directory(Settings settings) {
        CliContext context = cli().context();
        if (dir != null) {
            return context.workingDir().resolve(dir).normalize();
        }
        String location = settings.locations().get(0);
        if (location.contains("{vendor}")) {
            throw new ConfigurationException("The first location, " + location + ", names a folder per database ({vendor}):"
                    + " give the folder to write to with --dir");
        }
        if (location.startsWith("classpath:")) {
            String path = location.substring("classpath:".length()).replaceAll("^/+", "");
            return context.resolve("src/main/resources/" + path);
        }
        String path = location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location;
        return context.resolve(path);
    }

    static final class TemplateConverter implements ITypeConverter<Template> {
        @Override
        public Template convert(String value) {
            return Template.parse(value);
        }
    }

    static final class LayoutConverter implements ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            return Layout.parse(value);
        }
    }
}
