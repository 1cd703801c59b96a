package dev.migrate.boot.autoconfigure;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;
import org.springframework.util.StringUtils;

/**
 * Tells Spring Boot that Migrate manages the schema of the {@code DataSource} it migrates (the
 * {@code @MigrateDataSource} one, else the primary one), as Boot's Flyway and Liquibase support do.
 *
 * <p>Boot's JPA support asks this when {@code spring.jpa.hibernate.ddl-auto} is not set: for an
 * embedded database that no provider calls managed, it makes Hibernate {@code create-drop} the
 * schema, which drops the tables the migrations just made, with their rows, and creates the
 * entities' own in their place. For a managed one it leaves the schema alone ({@code none}).
 *
 * <p>With {@code migrate.url} set, Migrate migrates the database at that URL, not the one of a
 * {@code DataSource} bean, so none is called managed.
 */
final class MigrateSchemaManagementProvider implements SchemaManagementProvider {

    private final MigrateProperties properties;
    private final ObjectProvider<DataSource> dataSource;
    private final ObjectProvider<DataSource> migrateDataSource;

    MigrateSchemaManagementProvider(MigrateProperties properties, ObjectProvider<DataSource> dataSource,
            ObjectProvider<DataSource> migrateDataSource) {
        this.properties = properties;
        this.dataSource = dataSource;
        this.migrateDataSource = migrateDataSource;
    }

    /** Called by Boot's JPA support, with the {@code EntityManagerFactory}'s {@code DataSource}, to pick the default {@code ddl-auto}. */
    @Override
    public SchemaManagement getSchemaManagement(DataSource candidate) {
        if (StringUtils.hasText(properties.getUrl())) {
            return SchemaManagement.UNMANAGED;
        }
        DataSource migrated = migrateDataSource.getIfAvailable(dataSource::getIfUnique);
        return migrated != null && migrated == candidate ? SchemaManagement.MANAGED : SchemaManagement.UNMANAGED;
    }
}
