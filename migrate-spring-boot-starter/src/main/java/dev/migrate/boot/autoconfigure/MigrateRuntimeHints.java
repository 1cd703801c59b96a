package dev.migrate.boot.autoconfigure;

import dev.migrate.MigratorConfig;
import java.io.Reader;
import java.util.List;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What a native image needs to keep for Migrate whatever the settings: every file below the default location
 * ({@code classpath:db/migration}), a JDK proxy of {@link java.sql.Connection} (the core's wrappers of its
 * connection), and the PostgreSQL driver's COPY API, which the PostgreSQL dialect calls
 * by reflection so that the driver stays optional. The locations an application configures are added by
 * {@link MigrateLocationsAotProcessor}. Read by Spring's AOT processing through
 * {@code @ImportRuntimeHints} on {@link MigrateAutoConfiguration}.
 */
final class MigrateRuntimeHints implements RuntimeHintsRegistrar {

    private static final String PG_CONNECTION = "org.postgresql.PGConnection";
    private static final String PG_COPY_MANAGER = "org.postgresql.copy.CopyManager";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        registerLocation(hints, MigratorConfig.DEFAULT_LOCATION);
        // The core wraps the connection it hands to migration code (close() ignored) and one whose session it puts back.
        hints.proxies().registerJdkProxy(java.sql.Connection.class);
        if (ClassUtils.isPresent(PG_CONNECTION, classLoader) && ClassUtils.isPresent(PG_COPY_MANAGER, classLoader)) {
            hints.reflection().registerType(TypeReference.of(PG_CONNECTION),
                    type -> type.withMethod("getCopyAPI", List.of(), ExecutableMode.INVOKE));
            hints.reflection().registerType(TypeReference.of(PG_COPY_MANAGER), type -> type.withMethod("copyIn",
                    List.of(TypeReference.of(String.class), TypeReference.of(Reader.class)), ExecutableMode.INVOKE));
        }
    }

    /**
     * Keeps every file below a {@code classpath:} location, whatever its name: scripts, their {@code .sql.conf},
     * SQL callbacks, and the class files of Java migrations, which the scanner lists to find them. Other
     * locations are read from the file system at run time and need nothing.
     *
     * @return whether the location is on the class path
     */
    static boolean registerLocation(RuntimeHints hints, String location) {
        if (!location.startsWith("classpath:")) {
            return false;
        }
        String path = classpathPath(location);
        if (!path.isEmpty()) {
            // The folder itself too: the scanner asks the class loader for it before listing it.
            hints.resources().registerPattern(path);
            hints.resources().registerPattern(path + "/**");
        }
        return true;
    }

    /** The path of a {@code classpath:} location without leading, trailing or doubled slashes. */
    static String classpathPath(String location) {
        StringBuilder path = new StringBuilder();
        for (String segment : location.substring("classpath:".length()).replace('\\', '/').split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                path.append(path.length() == 0 ? "" : "/").append(segment);
            }
        }
        return path.toString();
    }
}
