package dev.migrate.boot.autoconfigure;

import dev.migrate.JavaMigration;
import dev.migrate.Migrator;
import dev.migrate.discovery.Resource;
import dev.migrate.discovery.ResourceScanner;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * At build time (Spring AOT: {@code spring-boot:process-aot}, {@code processAot}), keeps what the configured
 * {@code migrate.locations} hold reachable in a native image: every file below each {@code classpath:} location,
 * and the Java migrations found there, which the scanner creates by reflection. Java migrations that are beans
 * need nothing more: Spring's AOT processing registers their types. The locations are those the build sees
 * ({@code migrate.locations} of the configuration and profiles active while processing); a location only set at
 * run time, or by a {@link MigrateCustomizer}, needs its own hints. Registered in
 * {@code META-INF/spring/aot.factories}; contributes nothing where the context has no {@link Migrator}.
 */
final class MigrateLocationsAotProcessor implements BeanFactoryInitializationAotProcessor {

    private static final Logger log = LoggerFactory.getLogger(MigrateLocationsAotProcessor.class);

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory.getBeanNamesForType(Migrator.class, true, false).length == 0
                || !beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
            return null;
        }
        Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class);
        List<String> locations = Binder.get(environment).bind("migrate.locations", Bindable.listOf(String.class))
                .orElse(List.of(dev.migrate.MigratorConfig.DEFAULT_LOCATION));
        ClassLoader classLoader = beanFactory.getBeanClassLoader() != null ? beanFactory.getBeanClassLoader()
                : ClassUtils.getDefaultClassLoader();
        return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), locations, classLoader);
    }

    /** Registers the files and Java migrations of each {@code classpath:} location. */
    static void registerHints(RuntimeHints hints, List<String> locations, ClassLoader classLoader) {
        ResourceScanner scanner = new ResourceScanner(classLoader);
        for (String location : locations) {
            String trimmed = location.strip();
            if (!MigrateRuntimeHints.registerLocation(hints, trimmed)) {
                continue;
            }
            String path = MigrateRuntimeHints.classpathPath(trimmed);
            for (Resource resource : scanner.scan(trimmed)) {
                String name = path.isEmpty() ? resource.relativePath() : path + "/" + resource.relativePath();
                if (name.endsWith(".class")) {
                    registerJavaMigration(hints, name, classLoader);
                } else if (path.isEmpty()) {
                    // No pattern for the whole class path: the files found, one by one.
                    hints.resources().registerPattern(name);
                }
            }
        }
    }

    /** A concrete {@link JavaMigration} the scanner will find by its class file and create with its no-argument constructor. */
    private static void registerJavaMigration(RuntimeHints hints, String classFile, ClassLoader classLoader) {
        String className = classFile.substring(0, classFile.length() - ".class".length()).replace('/', '.');
        if (className.contains("$")) {
            return; // The scanner skips nested and anonymous classes too.
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            // The scanner reports it at run time, naming the class; a helper beside the migrations may fail to load on purpose.
            log.debug("{} in a migration location could not be loaded at build time: {}", className, e.toString());
            return;
        }
        if (JavaMigration.class.isAssignableFrom(type) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
            hints.reflection().registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
        }
    }
}
