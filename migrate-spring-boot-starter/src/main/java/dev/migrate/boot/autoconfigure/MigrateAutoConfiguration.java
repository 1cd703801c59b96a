package dev.migrate.boot.autoconfigure;

import dev.migrate.ConfigurationException;
import dev.migrate.JavaMigration;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationListener;
import dev.migrate.MigrationTarget;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of Migrate: a {@link Migrator} built from {@code migrate.*} properties and the
 * environment preset, and a {@link MigrateInitializer} that runs it at startup, before any bean that
 * uses the database.
 *
 * <p>Override points: every bean is {@code @ConditionalOnMissingBean}; {@link MigrateCustomizer}
 * beans change the configuration; a {@link MigrateStrategy} bean replaces what happens at startup;
 * {@link JavaMigration}, {@link MigrationCallback} and {@link MigrationListener} beans are registered; a {@code DataSource}
 * qualified {@link MigrateDataSource @MigrateDataSource} is used instead of the primary one.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Migrator.class)
@Conditional(MigrateDataSourceCondition.class)
@ConditionalOnBooleanProperty(name = "migrate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrateProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
@ImportRuntimeHints(MigrateRuntimeHints.class)
public final class MigrateAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MigrateAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    MigrateSettings migrateSettings(MigrateProperties properties, Environment environment) {
        return MigrateSettings.resolve(properties, environment);
    }

    @Bean
    @ConditionalOnMissingBean
    Migrator migrator(MigrateProperties properties, MigrateSettings settings, ObjectProvider<DataSource> dataSource,
            @MigrateDataSource ObjectProvider<DataSource> migrateDataSource, ObjectProvider<JavaMigration> javaMigrations,
            ObjectProvider<MigrationCallback> callbacks, ObjectProvider<MigrationListener> listeners,
            ObjectProvider<MigrateCustomizer> customizers,
            ResourceLoader resourceLoader, Environment environment) {
        if (!ClassUtils.isPresent(FlywayLeftovers.FLYWAY_AUTO_CONFIGURATION, resourceLoader.getClassLoader())) {
            String leftovers = FlywayLeftovers.warning(environment);
            if (leftovers != null) {
                log.warn(leftovers);
            }
        }
        DataSource source = migrationDataSource(properties, dataSource, migrateDataSource);
        Duration shutdownTimeout = properties.getShutdownTimeout();
        if (shutdownTimeout != null && !shutdownTimeout.isZero() && !shutdownTimeout.isNegative()) {
            String closesOnExit = H2CloseOnExit.warning(urlOf(source));
            if (closesOnExit != null) {
                log.warn(closesOnExit);
            }
        }
        MigratorConfig.Builder builder = MigratorConfig.builder()
                .locations(properties.getLocations())
                .encoding(properties.getEncoding())
                .initSql(properties.getInitSqls())
                .failOnMissingLocations(properties.isFailOnMissingLocations())
                .table(properties.getTable())
                .auditTable(properties.getAuditTable())
                .lockTable(properties.getLockTable())
                .progressTable(properties.getProgressTable())
                .schema(properties.getSchema())
                .defaultSchema(properties.getDefaultSchema())
                .schemas(properties.getSchemas())
                .lockTimeout(properties.getLockTimeout())
                .lockLease(properties.getLockLease())
                .connectRetries(properties.getConnectRetries())
                .connectRetriesInterval(properties.getConnectRetriesInterval())
                .outOfOrder(properties.isOutOfOrder())
                .group(properties.isGroup())
                .batchStatements(properties.isBatchStatements())
                .ignoreFutureMigrations(properties.isIgnoreFutureMigrations())
                .ignoreMigrationPatterns(properties.getIgnoreMigrationPatterns())
                .validateOnMigrate(properties.isValidateOnMigrate())
                .baselineOnMigrate(properties.isBaselineOnMigrate())
                .baselineVersion(properties.getBaselineVersion())
                .baselineDescription(properties.getBaselineDescription())
                .cleanAllowed(settings.cleanAllowed())
                .logSql(settings.logSql())
                .placeholders(properties.getPlaceholders())
                .placeholderPrefix(properties.getPlaceholderPrefix())
                .placeholderSuffix(properties.getPlaceholderSuffix())
                .sqlMigrationPrefix(properties.getSqlMigrationPrefix())
                .undoSqlMigrationPrefix(properties.getUndoSqlMigrationPrefix())
                .repeatableSqlMigrationPrefix(properties.getRepeatableSqlMigrationPrefix())
                .sqlMigrationSeparator(properties.getSqlMigrationSeparator())
                .sqlMigrationSuffixes(properties.getSqlMigrationSuffixes())
                .placeholderReplacement(properties.isPlaceholderReplacement())
                .environment(settings.environment().label())
                .installedBy(properties.getInstalledBy())
                .onFailure(properties.getOnFailure())
                .javaMigrations(javaMigrations.orderedStream().toList())
                .callbacks(callbacks.orderedStream().toList())
                .listeners(listeners.orderedStream().toList())
                .classLoader(resourceLoader.getClassLoader());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return Migrator.create(source, builder.build());
    }

    /**
     * The {@code DataSource} Migrate uses: {@link #dataSourceToMigrate}, or, with {@code migrate.url} or
     * {@code migrate.user} set, one made from it with those settings (and {@code migrate.password},
     * {@code migrate.driver-class-name}) in place of its own. That one opens a connection per use,
     * with no pool: Migrate needs one at a start, and one per read of the health indicator, gauges
     * or endpoint. An application without any {@code DataSource} bean (R2DBC for its own data, say) is
     * migrated with {@code migrate.url} alone, as Flyway does with {@code spring.flyway.url}.
     */
    static DataSource migrationDataSource(MigrateProperties properties, ObjectProvider<DataSource> dataSource,
            ObjectProvider<DataSource> migrateDataSource) {
        String url = properties.getUrl();
        String user = properties.getUser();
        if (!StringUtils.hasText(url) && !StringUtils.hasText(user)) {
            DataSource source = dataSourceToMigrate(dataSource, migrateDataSource);
            if (properties.getPassword() != null || StringUtils.hasText(properties.getDriverClassName())) {
                throw new ConfigurationException((properties.getPassword() != null ? "migrate.password" : "migrate.driver-class-name")
                        + " is set, but neither migrate.user nor migrate.url: Migrate uses the application's DataSource as it"
                        + " is. Set migrate.user (and migrate.url for another database), or remove the setting");
            }
            return source;
        }
        DataSourceBuilder<?> builder;
        if (StringUtils.hasText(url) && noDataSource(dataSource, migrateDataSource)) {
            // Nothing to take a user, password or driver from: migrate.url with migrate.user and migrate.password.
            builder = DataSourceBuilder.create(ClassUtils.getDefaultClassLoader());
        } else {
            DataSource source = dataSourceToMigrate(dataSource, migrateDataSource);
            try {
                builder = DataSourceBuilder.derivedFrom(source);
            } catch (RuntimeException e) {
                if (!StringUtils.hasText(url)) {
                    throw new ConfigurationException("migrate.user is set, but the URL of the DataSource to migrate ("
                            + source.getClass().getName() + ") cannot be read to connect as that user: set migrate.url too", e);
                }
                builder = DataSourceBuilder.create(source.getClass().getClassLoader());
            }
        }
        builder.type(SimpleDriverDataSource.class);
        if (StringUtils.hasText(url)) {
            builder.url(url);
        }
        if (StringUtils.hasText(user)) {
            builder.username(user);
        }
        if (properties.getPassword() != null) {
            builder.password(properties.getPassword());
        }
        if (StringUtils.hasText(properties.getDriverClassName())) {
            builder.driverClassName(properties.getDriverClassName());
        } else if (StringUtils.hasText(url)) {
            // The DataSource's driver is for its own URL: migrate.url may name another kind of database.
            builder.driverClassName(driverFor(url));
        }
        SimpleDriverDataSource own;
        try {
            own = (SimpleDriverDataSource) builder.build();
        } catch (RuntimeException e) {
            throw new ConfigurationException("Migrate could not make its DataSource from migrate.url/migrate.user: " + e.getMessage()
                    + ". Check migrate.url and migrate.driver-class-name", e);
        }
        if (StringUtils.hasText(user) && own.getUrl() != null) {
            // A user or password in the URL wins over the ones given beside it with most drivers: leave them out.
            String withoutCredentials = withoutCredentials(own.getUrl());
            if (!withoutCredentials.equals(own.getUrl())) {
                log.info("Migrate connects as migrate.user {}: the user and password in the DataSource's URL are left out", user);
                own.setUrl(withoutCredentials);
            }
        }
        return new OwnConnections(own);
    }

    /**
     * The JDBC URL of {@code source} where it can be read without connecting (Migrate's own connections, and the pools and
     * data sources Spring Boot knows: Hikari, DBCP2, H2's own...), else null.
     */
    static String urlOf(DataSource source) {
        if (source instanceof OwnConnections own) {
            return own.url;
        }
        try {
            return DataSourceBuilder.derivedFrom(source).type(SimpleDriverDataSource.class).build().getUrl();
        } catch (RuntimeException unknownType) {
            return null;
        }
    }

    /** The JDBC driver class for {@code migrate.url}: the one Spring Boot knows for it, else the one registered that accepts it. */
    static String driverFor(String url) {
        String known = DatabaseDriver.fromJdbcUrl(url).getDriverClassName();
        if (known != null) {
            return known;
        }
        try {
            return DriverManager.getDriver(url).getClass().getName();
        } catch (SQLException e) {
            throw new ConfigurationException("No JDBC driver on the class path accepts migrate.url " + OwnConnections.withoutSecrets(url)
                    + ": check the URL, add the database's driver to the application, or name it with migrate.driver-class-name", e);
        }
    }

    /**
     * A JDBC URL without its {@code user} and {@code password} parameters: in the query string
     * ({@code ?user=a&password=b}, PostgreSQL, MySQL, MariaDB) and among H2's {@code ;USER=a;PASSWORD=b}
     * settings. Other parameters stay as they are, in their order.
     */
    static String withoutCredentials(String url) {
        String result = url;
        int query = result.indexOf('?');
        if (query >= 0) {
            String kept = java.util.Arrays.stream(result.substring(query + 1).split("&"))
                    .filter(p -> !isCredential(p)).collect(java.util.stream.Collectors.joining("&"));
            result = result.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept);
        }
        if (result.regionMatches(true, 0, "jdbc:h2:", 0, 8) && result.indexOf(';') >= 0) {
            int settings = result.indexOf(';');
            String kept = java.util.Arrays.stream(result.substring(settings + 1).split(";"))
                    .filter(p -> !p.isEmpty() && !isCredential(p)).map(p -> ";" + p).collect(java.util.stream.Collectors.joining());
            result = result.substring(0, settings) + kept;
        }
        return result;
    }

    private static boolean isCredential(String parameter) {
        int equals = parameter.indexOf('=');
        String key = (equals < 0 ? parameter : parameter.substring(0, equals)).strip().toLowerCase(java.util.Locale.ROOT);
        return key.equals("user") || key.equals("password");
    }

    /**
     * Migrate's own connections: a refused one names the user and the settings to check (some drivers,
     * H2's among them, say only "wrong user name or password"). The SQL state and vendor code stay.
     */
    static final class OwnConnections extends DelegatingDataSource {

        private final String user;
        private final String url;
        private final String driver;

        OwnConnections(SimpleDriverDataSource target) {
            super(target);
            this.user = target.getUsername();
            this.url = target.getUrl();
            this.driver = target.getDriver() == null ? "<none>" : target.getDriver().getClass().getName();
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                Connection connection = super.getConnection();
                if (connection == null) {
                    // JDBC: a driver answers null for a URL that is not its kind.
                    throw new SQLException("the JDBC driver " + driver + " does not accept this URL: check migrate.url and"
                            + " migrate.driver-class-name", "08001");
                }
                return connection;
            } catch (SQLException e) {
                // Migrate adds "Check the URL, user and password": these name the settings that hold them.
                throw new SQLException("connecting to " + withoutSecrets(url) + " as " + (user == null ? "the driver's default user"
                        : "'" + user + "'") + " (migrate.url, migrate.user, migrate.password) failed: " + e.getMessage(),
                        e.getSQLState(), e.getErrorCode(), e);
            }
        }

        static String withoutSecrets(String url) {
            if (url == null) {
                return "the application's database";
            }
            int query = url.indexOf('?');
            int semicolon = url.indexOf(';');
            int cut = query < 0 ? semicolon : semicolon < 0 ? query : Math.min(query, semicolon);
            return cut < 0 ? url : url.substring(0, cut);
        }
    }

    /** Whether the context has no {@code DataSource} bean at all, {@code @MigrateDataSource} or other. */
    static boolean noDataSource(ObjectProvider<DataSource> dataSource, ObjectProvider<DataSource> migrateDataSource) {
        return migrateDataSource.getIfAvailable() == null && !dataSource.stream().findAny().isPresent();
    }

    /** The {@code @MigrateDataSource} one, else the primary (or only) one. */
    static DataSource dataSourceToMigrate(ObjectProvider<DataSource> dataSource, ObjectProvider<DataSource> migrateDataSource) {
        DataSource source = migrateDataSource.getIfAvailable(dataSource::getIfUnique);
        if (source == null && noDataSource(dataSource, migrateDataSource)) {
            throw new ConfigurationException("Migrate found no DataSource bean and migrate.url is empty: set migrate.url (with"
                    + " migrate.user and migrate.password) to the database to migrate, or define a DataSource");
        }
        if (source == null) {
            throw new ConfigurationException("Migrate found several DataSource beans and none is @Primary: mark the one"
                    + " to migrate with @MigrateDataSource, or one of them @Primary");
        }
        return source;
    }

    /**
     * Lets Boot's JPA support know that Migrate manages the schema it migrates, so that an embedded database
     * without {@code spring.jpa.hibernate.ddl-auto} is not {@code create-drop}ped by Hibernate after the migrations.
     */
    @Bean
    @ConditionalOnMissingBean
    MigrateSchemaManagementProvider migrateSchemaManagementProvider(MigrateProperties properties,
            ObjectProvider<DataSource> dataSource, @MigrateDataSource ObjectProvider<DataSource> migrateDataSource) {
        return new MigrateSchemaManagementProvider(properties, dataSource, migrateDataSource);
    }

    /**
     * Cancels a write running on this context's {@code Migrator} beans when the context closes, waiting up to
     * {@code migrate.shutdown-timeout} for it, before the web server and the {@code DataSource} stop.
     */
    @Bean
    @ConditionalOnMissingBean
    CancelOnContextClose migrateCancelOnContextClose(ApplicationContext context) {
        return new CancelOnContextClose(context);
    }

    @Bean
    @ConditionalOnMissingBean
    MigrateProgressLog migrateProgressLog() {
        return new MigrateProgressLog();
    }

    /**
     * Migrates the only {@code Migrator} bean, or the {@code @Primary} one of several (the others are named in the log).
     * Several without a primary one fail the start, naming them, before anything is migrated: which database to migrate,
     * with which {@code migrate.target} and in which order, is the application's to say, with a {@link MigrateInitializer}
     * bean for each (this one then backs off).
     */
    @Bean
    @ConditionalOnMissingBean
    MigrateInitializer migrateInitializer(ObjectProvider<Migrator> migrators, ListableBeanFactory beanFactory,
            MigrateSettings settings, MigrateProperties properties, ObjectProvider<MigrateStrategy> strategy) {
        List<String> names = List.of(beanFactory.getBeanNamesForType(Migrator.class));
        // The only one counts also when declared defaultCandidate = false, which getIfUnique passes over.
        Migrator migrator = names.size() == 1 ? beanFactory.getBean(names.get(0), Migrator.class) : migrators.getIfUnique();
        if (migrator == null) {
            throw new SeveralMigratorsException("Migrate found " + names.size() + " Migrator beans (" + quoted(names) + ") and none"
                    + " is @Primary, so it cannot tell which database to migrate at startup, and migrates none. Declare a"
                    + " MigrateInitializer bean for each Migrator to migrate at startup (new MigrateInitializer(migrator, settings,"
                    + " null); see the starter's docs, \"Several databases\"), or mark the one to migrate @Primary");
        }
        if (names.size() > 1) {
            List<String> others = names.stream().filter(name -> beanFactory.getBean(name, Migrator.class) != migrator).toList();
            List<String> chosen = names.stream().filter(name -> !others.contains(name)).toList();
            log.info("Migrate migrates the Migrator bean {} at startup, not {}: declare a MigrateInitializer bean for each"
                    + " Migrator to migrate at startup", quoted(chosen), quoted(others));
        }
        MigrateInitializer initializer = new MigrateInitializer(migrator, settings, strategy.getIfAvailable(),
                startupTarget(properties.getTarget()));
        initializer.setShutdownTimeout(properties.getShutdownTimeout());
        return initializer;
    }

    private static String quoted(List<String> names) {
        return names.stream().map(name -> "'" + name + "'").collect(java.util.stream.Collectors.joining(", "));
    }

    /** Several {@code Migrator} beans, none {@code @Primary}, and no {@link MigrateInitializer} bean of the application's. */
    static final class SeveralMigratorsException extends ConfigurationException {

        private static final long serialVersionUID = 1L;

        SeveralMigratorsException(String message) {
            super(message);
        }
    }

    /**
     * Keeps {@link MigrateInitializer} eager under {@code spring.main.lazy-initialization=true}: the migrations run,
     * and a failing one stops the application, at startup, not at the first use of a bean that depends on them (the
     * health indicator, the gauges and the endpoint read the database without waiting for it). Define a bean of
     * this name to change that.
     */
    @Bean
    @ConditionalOnMissingBean(name = "migrateInitializerEagerly")
    static LazyInitializationExcludeFilter migrateInitializerEagerly() {
        return LazyInitializationExcludeFilter.forBeanTypes(MigrateInitializer.class);
    }

    /**
     * {@code migrate.target} in its canonical form (a version, {@code current}, {@code next}, {@code 7?}), or null for
     * all pending migrations (unset or {@code latest}, as in Flyway).
     */
    static String startupTarget(String target) {
        MigrationTarget parsed = MigrationTarget.parse(target, "migrate.target");
        return parsed instanceof MigrationTarget.Latest ? null : parsed.toString();
    }
}
