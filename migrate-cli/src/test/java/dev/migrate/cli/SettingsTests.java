package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ConfigurationException;
import dev.migrate.MigratorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTests {

    @TempDir
    Path work;

    /** No option given; a new one for each test, as options are set in place. */
    private final Settings.Options none = new Settings.Options();

    private Settings resolve(Settings.Options options, Map<String, String> env) {
        return Settings.resolve(options, new CliContext(new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream()), env, work, false));
    }

    @Test
    void optionWinsOverVariableWhichWinsOverFile() throws IOException {
        Files.writeString(work.resolve("migrate.properties"), "migrate.url=jdbc:file\nuser=file-user\ntable=file_table\n"
                + "placeholders.owner=file\nplaceholders.region=eu\n");
        Settings s = resolve(new Settings.Options().url("jdbc:option").placeholders(Map.of("owner", "option")),
                Map.of("MIGRATE_URL", "jdbc:env", "MIGRATE_USER", "env-user", "MIGRATE_PLACEHOLDERS_REGION", "us"));
        assertThat(s.url()).isEqualTo("jdbc:option");
        assertThat(s.user()).isEqualTo("env-user");
        assertThat(s.table()).isEqualTo("file_table");
        assertThat(s.placeholders()).containsEntry("owner", "option").containsEntry("region", "us");
    }

    @Test
    void defaultsFollowTheProjectLayoutAndTheEnvironment() throws IOException {
        assertThat(resolve(none, Map.of()).locations()).containsExactly("filesystem:" + work.resolve("db/migration"));
        Files.createDirectories(work.resolve("src/main/resources/db/migration"));
        assertThat(resolve(none, Map.of()).locations()).containsExactly("filesystem:" + work.resolve("src/main/resources/db/migration"));

        assertThat(resolve(none, Map.of()).cleanAllowed()).isFalse();
        assertThat(resolve(none, Map.of("MIGRATE_ENVIRONMENT", "dev")).cleanAllowed()).isTrue();
        assertThat(resolve(none, Map.of("MIGRATE_ENVIRONMENT", "dev", "MIGRATE_CLEAN_ALLOWED", "false")).cleanAllowed()).isFalse();
        assertThat(resolve(none, Map.of()).effectiveEnvironment()).isEqualTo("prod");
    }

    @Test
    void connectRetriesComeFromTheOptionTheVariableOrTheFileAndMustBeAWholeNumber() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).connectRetries()).isZero();
        Files.writeString(work.resolve("migrate.properties"), "connect-retries=3\nconnect-retries-interval=20s\n");
        var fromFile = resolve(none, Map.of()).toConfig(null);
        assertThat(fromFile.connectRetries()).isEqualTo(3);
        assertThat(fromFile.connectRetriesInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(resolve(none, Map.of("MIGRATE_CONNECT_RETRIES", "8")).toConfig(null).connectRetries()).isEqualTo(8);
        Settings.Options option = new Settings.Options().connectRetries("12").connectRetriesInterval("1m");
        var fromOption = resolve(option, Map.of("MIGRATE_CONNECT_RETRIES", "8")).toConfig(null);
        assertThat(fromOption.connectRetries()).isEqualTo(12);
        assertThat(fromOption.connectRetriesInterval()).isEqualTo(Duration.ofMinutes(1));

        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_CONNECT_RETRIES", "lots"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connect-retries 'lots' is not a number of retries");
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_CONNECT_RETRIES", "-2"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connect-retries '-2' is not a number of retries");
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_CONNECT_RETRIES_INTERVAL", "soon")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("connect-retries-interval 'soon' is not a duration");
    }

    @Test
    void failOnMissingLocationsComesFromTheOptionTheVariableOrTheFile() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).failOnMissingLocations()).isFalse();
        assertThat(resolve(none, Map.of("MIGRATE_FAIL_ON_MISSING_LOCATIONS", "true")).toConfig(null).failOnMissingLocations()).isTrue();
        Files.writeString(work.resolve("migrate.properties"), "fail-on-missing-locations=true\n");
        assertThat(resolve(none, Map.of()).toConfig(null).failOnMissingLocations()).isTrue();
        Settings.Options off = new Settings.Options().failOnMissingLocations(false);
        assertThat(resolve(off, Map.of()).toConfig(null).failOnMissingLocations()).isFalse();
    }

    @Test
    void groupComesFromTheOptionTheVariableOrTheFile() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).group()).isFalse();
        assertThat(resolve(none, Map.of("MIGRATE_GROUP", "true")).toConfig(null).group()).isTrue();
        Settings.Options off = new Settings.Options().group(false);
        assertThat(resolve(off, Map.of("MIGRATE_GROUP", "true")).toConfig(null).group()).isFalse();
        Files.writeString(work.resolve("migrate.properties"), "group=true\n");
        assertThat(resolve(none, Map.of()).toConfig(null).group()).isTrue();
    }

    @Test
    void batchStatementsComesFromTheOptionTheVariableOrTheFile() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).batchStatements()).isFalse();
        assertThat(resolve(none, Map.of("MIGRATE_BATCH_STATEMENTS", "true")).toConfig(null).batchStatements()).isTrue();
        Settings.Options off = new Settings.Options().batchStatements(false);
        assertThat(resolve(off, Map.of("MIGRATE_BATCH_STATEMENTS", "true")).toConfig(null).batchStatements()).isFalse();
        Files.writeString(work.resolve("migrate.properties"), "batch-statements=true\n");
        assertThat(resolve(none, Map.of()).toConfig(null).batchStatements()).isTrue();
        Files.writeString(work.resolve("migrate.properties"), "batch-statements=often\n");
        assertThatThrownBy(() -> resolve(none, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("batch-statements");
    }

    @Test
    void defaultSchemaComesFromTheOptionTheVariableOrTheFileAndMigratesTablesFollowIt() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).defaultSchema()).isNull();
        Files.writeString(work.resolve("migrate.properties"), "default-schema=from_file\n");
        assertThat(resolve(none, Map.of()).toConfig(null).defaultSchema()).isEqualTo("from_file");
        var fromVariable = resolve(none, Map.of("MIGRATE_DEFAULT_SCHEMA", "from_env")).toConfig(null);
        assertThat(fromVariable.defaultSchema()).isEqualTo("from_env");
        assertThat(fromVariable.schema()).as("Migrate's tables go where the migrations run").isEqualTo("from_env");
        Settings.Options option = new Settings.Options().schema("meta").defaultSchema("from_option");
        var fromOption = resolve(option, Map.of("MIGRATE_DEFAULT_SCHEMA", "from_env")).toConfig(null);
        assertThat(fromOption.defaultSchema()).isEqualTo("from_option");
        assertThat(fromOption.schema()).isEqualTo("meta");
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_DEFAULT_SCHEMA", "app; DROP TABLE x")).toConfig(null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("default-schema 'app; DROP TABLE x' is not a plain SQL identifier");
    }

    @Test
    void schemasAreACommaSeparatedListFromTheOptionTheVariableOrTheFileAndTheFirstIsTheDefault() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).schemas()).isEmpty();
        Files.writeString(work.resolve("migrate.properties"), "schemas=app, audit ,\n");
        MigratorConfig fromFile = resolve(none, Map.of()).toConfig(null);
        assertThat(fromFile.schemas()).containsExactly("app", "audit");
        assertThat(fromFile.defaultSchema()).isEqualTo("app");
        assertThat(resolve(none, Map.of("MIGRATE_SCHEMAS", "env_one")).toConfig(null).schemas()).containsExactly("env_one");
        Settings.Options option = new Settings.Options().defaultSchema("main_one").schemas("opt_a,opt_b");
        MigratorConfig fromOption = resolve(option, Map.of("MIGRATE_SCHEMAS", "env_one")).toConfig(null);
        assertThat(fromOption.schemas()).containsExactly("opt_a", "opt_b");
        assertThat(fromOption.defaultSchema()).as("--default-schema wins over the first of the list").isEqualTo("main_one");
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_SCHEMAS", "app,x;y")).toConfig(null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("schemas entry 'x;y' is not a plain SQL identifier");
    }

    @Test
    void placeholderSyntaxComesFromTheOptionTheVariableOrTheFile() throws IOException {
        MigratorConfig defaults = resolve(none, Map.of()).toConfig(null);
        assertThat(List.of(defaults.placeholderPrefix(), defaults.placeholderSuffix())).containsExactly("${", "}");
        assertThat(defaults.placeholderReplacement()).isTrue();
        Files.writeString(work.resolve("migrate.properties"), "placeholder-prefix=#[\nplaceholder-suffix=]\nplaceholder-replacement=false\n");
        MigratorConfig fromFile = resolve(none, Map.of()).toConfig(null);
        assertThat(List.of(fromFile.placeholderPrefix(), fromFile.placeholderSuffix())).containsExactly("#[", "]");
        assertThat(fromFile.placeholderReplacement()).isFalse();
        MigratorConfig fromVariables = resolve(none, Map.of("MIGRATE_PLACEHOLDER_PREFIX", "@@", "MIGRATE_PLACEHOLDER_REPLACEMENT", "true"))
                .toConfig(null);
        assertThat(fromVariables.placeholderPrefix()).isEqualTo("@@");
        assertThat(fromVariables.placeholderReplacement()).isTrue();
        Settings.Options option = new Settings.Options().placeholderPrefix("{{").placeholderSuffix("}}");
        MigratorConfig fromOption = resolve(option, Map.of("MIGRATE_PLACEHOLDER_PREFIX", "@@")).toConfig(null);
        assertThat(List.of(fromOption.placeholderPrefix(), fromOption.placeholderSuffix())).containsExactly("{{", "}}");
    }

    @Test
    void ignoreMigrationPatternsAreACommaSeparatedListFromTheOptionTheVariableOrTheFile() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).ignoreMigrationPatterns()).isEmpty();
        Files.writeString(work.resolve("migrate.properties"), "ignore-migration-patterns=*:missing, versioned:future\n");
        assertThat(resolve(none, Map.of()).toConfig(null).ignoreMigrationPatterns()).containsExactly("*:missing", "versioned:future");
        assertThat(resolve(none, Map.of("MIGRATE_IGNORE_MIGRATION_PATTERNS", "*:future")).toConfig(null).ignoreMigrationPatterns())
                .containsExactly("*:future");
        Settings.Options option = new Settings.Options().ignoreMigrationPatterns("*:*");
        assertThat(resolve(option, Map.of()).toConfig(null).ignoreMigrationPatterns()).containsExactly("*:*");
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_IGNORE_MIGRATION_PATTERNS", "*:gone")).toConfig(null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ignore-migration-patterns entry '*:gone' is not type:status");
    }

    @Test
    void initSqlIsOneStatementFromTheVariableOrTheFileAndSeveralAsRepeatedOptions() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).initSql()).isEmpty();
        Files.writeString(work.resolve("migrate.properties"), "init-sql=SET lock_timeout = '5s', statement_timeout = 0\n");
        assertThat(resolve(none, Map.of()).toConfig(null).initSql()).containsExactly("SET lock_timeout = '5s', statement_timeout = 0");
        assertThat(resolve(none, Map.of("MIGRATE_INIT_SQL", "SET ROLE app_owner")).toConfig(null).initSql())
                .containsExactly("SET ROLE app_owner");
        Settings.Options option = new Settings.Options().initSql(List.of("SET ROLE a", "SET x = 1"));
        assertThat(resolve(option, Map.of("MIGRATE_INIT_SQL", "SET ROLE b")).toConfig(null).initSql()).containsExactly("SET ROLE a", "SET x = 1");
    }

    @Test
    void encodingComesFromTheVariableOrTheFileAndMustBeACharacterSet() throws IOException {
        assertThat(resolve(none, Map.of()).toConfig(null).encoding()).isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(resolve(none, Map.of("MIGRATE_ENCODING", "ISO-8859-1")).toConfig(null).encoding())
                .isEqualTo(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.writeString(work.resolve("migrate.properties"), "encoding=windows-1252\n");
        assertThat(resolve(none, Map.of()).toConfig(null).encoding().name()).isEqualTo("windows-1252");
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_ENCODING", "latin-9000")).toConfig(null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("encoding 'latin-9000' is not a character set");
    }

    @Test
    void locationsAreCommaSeparatedAndResolvedAgainstTheWorkingDirectory() {
        Settings s = resolve(none, Map.of("MIGRATE_LOCATIONS", "filesystem:a, classpath:db/migration,,/abs/b"));
        assertThat(s.locations()).containsExactly("filesystem:" + work.resolve("a"), "classpath:db/migration", "filesystem:/abs/b");
    }

    @Test
    void unknownLocationPrefixIsLeftForTheCoreToRefuse() {
        Settings s = resolve(none, Map.of("MIGRATE_LOCATIONS", "ftp:/x"));
        assertThat(s.locations()).containsExactly("ftp:/x");
        assertThatThrownBy(() -> s.toConfig(null)).isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown prefix");
    }

    @Test
    void durationsAreWrittenLikeSpringOrIso() {
        assertThat(Settings.parseDuration("30s", "x")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.parseDuration("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Settings.parseDuration("5m", "x")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Settings.parseDuration("45", "x")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Settings.parseDuration("PT1M30S", "x")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> Settings.parseDuration("soon", "lock-timeout")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("lock-timeout 'soon'");
    }

    @Test
    void badFlagNamesItsSource() {
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_OUT_OF_ORDER", "maybe"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("out-of-order 'maybe' (from MIGRATE_OUT_OF_ORDER)");
    }

    @Test
    void namedConfigFileMustExist() {
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_CONFIG", "nope.properties")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nope.properties does not exist");
        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_CONFIG", work.toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not a regular file: name a properties file");
    }

    @Test
    void configBuildsTheCoreConfiguration() {
        Settings s = resolve(new Settings.Options().url("jdbc:h2:mem:x").locations(List.of("sql")).table("hist")
                .environment("staging").lockTimeout("2m").outOfOrder(true).ignoreFutureMigrations(true).baselineOnMigrate(true)
                .baselineVersion("4.1").installedBy("ci"), Map.of());
        var config = s.toConfig(null);
        assertThat(config.table()).isEqualTo("hist");
        assertThat(config.environment()).isEqualTo("staging");
        assertThat(config.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.outOfOrder()).isTrue();
        assertThat(config.ignoreFutureMigrations()).isTrue();
        assertThat(config.baselineOnMigrate()).isTrue();
        assertThat(config.baselineVersion()).isEqualTo("4.1");
        assertThat(config.cleanAllowed()).isFalse();
        assertThat(config.installedBy()).isEqualTo("ci");
        assertThat(config.locations()).containsExactly("filesystem:" + work.resolve("sql"));
    }

    @Test
    void jsonAndVerboseComeFromTheOptionTheVariableOrTheFile() throws IOException {
        assertThat(resolve(none, Map.of()).json()).isFalse();
        assertThat(resolve(none, Map.of()).verbose()).isFalse();
        assertThat(resolve(none, Map.of("MIGRATE_JSON", "true", "MIGRATE_VERBOSE", "1")).json()).isTrue();
        assertThat(resolve(none, Map.of("MIGRATE_JSON", "true", "MIGRATE_VERBOSE", "1")).verbose()).isTrue();

        Files.writeString(work.resolve("migrate.properties"), "json=true\nmigrate.verbose=yes\n");
        Settings fromFile = resolve(none, Map.of());
        assertThat(fromFile.json()).isTrue();
        assertThat(fromFile.verbose()).isTrue();
        assertThat(resolve(none, Map.of("MIGRATE_JSON", "false")).json()).as("the variable wins over the file").isFalse();
        Settings.Options noJson = new Settings.Options().json(false).verbose(false);
        assertThat(resolve(noJson, Map.of("MIGRATE_JSON", "true")).json()).as("--json=false wins over both").isFalse();
        assertThat(resolve(noJson, Map.of()).verbose()).isFalse();

        assertThatThrownBy(() -> resolve(none, Map.of("MIGRATE_JSON", "maybe"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("json 'maybe' (from MIGRATE_JSON) must be true or false");
    }

    @Test
    void jsonAndVerboseAreReadLenientlyWhenTheSettingsAreInvalid() throws IOException {
        CliContext context = new CliContext(new PrintStream(PrintStream.nullOutputStream()), new PrintStream(PrintStream.nullOutputStream()),
                Map.of("MIGRATE_VERBOSE", " TRUE "), work, false);
        assertThat(Settings.lenientFlag("verbose", null, context)).isTrue();
        assertThat(Settings.lenientFlag("json", null, context)).as("no file").isFalse();
        Files.writeString(work.resolve("migrate.properties"), "migrate.json=true\nlock-timeout=soon\nbogus=1\n");
        assertThat(Settings.lenientFlag("json", null, context)).as("despite the file's bad and unknown settings").isTrue();
        Files.writeString(work.resolve("other.properties"), "json=maybe\n");
        assertThat(Settings.lenientFlag("json", Path.of("other.properties"), context)).as("--config, not a boolean").isFalse();
        assertThat(Settings.lenientFlag("json", Path.of("missing.properties"), context)).isFalse();
    }
}
