package dev.migrate.discovery;

import dev.migrate.JavaMigration;
import dev.migrate.MigrateException;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import dev.migrate.schema.DslMigration;
import java.util.ArrayList;
import java.util.List;

/** Turns {@link JavaMigration} instances into {@link ResolvedMigration}s. */
final class JavaMigrations {

    private JavaMigrations() {
    }

    /** The class the user wrote, behind a proxy subclass such as {@code Foo$$SpringCGLIB$$0}. */
    static Class<?> userClass(Object instance) {
        Class<?> type = instance.getClass();
        while (type.getName().contains("$$") && type.getSuperclass() != null && type.getSuperclass() != Object.class) {
            type = type.getSuperclass();
        }
        return type;
    }

    /**
     * Resolves one Java migration.
     *
     * @param problems where to add a problem (naming the class and the fix) instead of returning one
     */
    static ResolvedMigration resolve(JavaMigration migration, List<String> problems) {
        Class<?> type = userClass(migration);
        MigrationInfo info = type.getAnnotation(MigrationInfo.class);
        String simpleName = type.getSimpleName();
        MigrationVersion version;
        String description;
        List<MigrationVersion> dependsOn = new ArrayList<>();
        List<String> environments = new ArrayList<>();
        boolean transactional = true;
        if (info != null) {
            for (String environment : info.environments()) {
                String name = environment.strip().toLowerCase(java.util.Locale.ROOT);
                if (!ResolvedMigration.isEnvironmentName(name)) {
                    problems.add("Java migration " + type.getName() + ": @MigrationInfo environments: '" + environment
                            + "' is not an environment name: write names such as dev, staging, prod");
                    return null;
                }
                environments.add(name);
            }
            try {
                version = MigrationVersion.parse(info.version());
            } catch (IllegalArgumentException e) {
                problems.add("Java migration " + type.getName() + ": @MigrationInfo version " + e.getMessage());
                return null;
            }
            description = info.description().isBlank() ? describe(simpleName) : info.description();
            for (String dependency : info.dependsOn()) {
                try {
                    dependsOn.add(MigrationVersion.parse(dependency));
                } catch (IllegalArgumentException e) {
                    problems.add("Java migration " + type.getName() + ": dependsOn " + e.getMessage());
                }
            }
            transactional = info.transactional();
        } else {
            MigrationFileName name = MigrationFileName.parseClassName(simpleName);
            if (name == null) {
                problems.add("Java migration " + type.getName() + " has no version: name the class V<version>__<Description>"
                        + " (for example V3__AddEmailIndex) or annotate it with @MigrationInfo(version = \"3\")");
                return null;
            }
            version = name.version();
            description = name.description();
        }
        MigrationType kind = MigrationType.JAVA;
        boolean reversible = overridesDown(type);
        if (migration instanceof DslMigration dsl) {
            kind = MigrationType.DSL;
            try {
                reversible = dsl.isReversible();
            } catch (MigrateException e) {
                problems.add("DSL migration " + type.getName() + ": " + e.getMessage());
                return null;
            }
        }
        MigrationBody down = reversible ? new MigrationBody.Java(migration, false, transactional) : null;
        return new ResolvedMigration(version, description, kind, type.getName(), "class " + type.getName(),
                null, dependsOn, new MigrationBody.Java(migration, true, transactional), down, false, environments);
    }

    private static boolean overridesDown(Class<?> type) {
        try {
            return type.getMethod("down", MigrationContext.class).getDeclaringClass() != JavaMigration.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** {@code AddEmailIndex -> Add email index}, {@code add_email_index -> add email index}. */
    static String describe(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                sb.append(' ');
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
                sb.append(' ').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().trim().replaceAll(" +", " ");
    }
}
