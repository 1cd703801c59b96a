package dev.migrate.discovery;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import dev.migrate.ValidationException;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every migration in the configured locations plus the given Java migration instances,
 * pairs each versioned migration with its reverse, and reports every naming problem at once.
 * Called by the {@code Migrator} once per operation.
 */
public final class MigrationScanner {

    private static final Logger log = LoggerFactory.getLogger(MigrationScanner.class);

    private final ResourceScanner resources;
    private final ClassLoader classLoader;
    private boolean logMissingLocations = true;
    private boolean failOnMissingLocations;
    private java.nio.charset.Charset encoding = StandardCharsets.UTF_8;
    private MigrationNaming naming = MigrationNaming.DEFAULT;
    private java.util.function.UnaryOperator<String> repeatableChecksumText = java.util.function.UnaryOperator.identity();

    public MigrationScanner(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.resources = new ResourceScanner(classLoader);
    }

    /** Makes a location that does not exist a problem of the scan, not a warning. */
    public MigrationScanner failOnMissingLocations(boolean fail) {
        this.failOnMissingLocations = fail;
        return this;
    }

    /** How migrations and callbacks are named (default {@link MigrationNaming#DEFAULT}). */
    public MigrationScanner naming(MigrationNaming naming) {
        this.naming = naming;
        return this;
    }

    /**
     * What a repeatable SQL migration's checksum is taken of, given the text of its up part: the configured
     * placeholders replaced, so that a changed value makes the migration changed and it runs again, as in
     * Flyway. Not asked for a script whose {@code .sql.conf} turns replacement off. By default the text as written.
     */
    public MigrationScanner repeatableChecksumText(java.util.function.UnaryOperator<String> text) {
        this.repeatableChecksumText = java.util.Objects.requireNonNull(text);
        return this;
    }

    /** How scripts are encoded where no {@code .sql.conf} beside them says otherwise (default UTF-8). */
    public MigrationScanner encoding(java.nio.charset.Charset encoding) {
        this.encoding = encoding;
        return this;
    }

    /**
     * Leaves a location that does not exist to {@link ScanResult#missingLocations()} instead of also
     * logging it at WARN: for a caller that reports it itself ({@code validate}), so it is said once.
     */
    public MigrationScanner withoutMissingLocationLog() {
        this.logMissingLocations = false;
        return this;
    }

    /**
     * Scans the locations.
     *
     * @return versioned migrations in version order, then repeatable ones by description
     * @throws ValidationException listing every malformed name, duplicate version, orphan reverse,
     *                             unreadable file and bad directive, each naming the file
     */
    public List<ResolvedMigration> scan(List<String> locations, List<JavaMigration> instances) {
        return scan(locations, instances, true);
    }

    /**
     * Scans the locations; with {@code readReverses} false, reverse files ({@code U...sql},
     * {@code .down.sql}) are paired by name but not read, and their body is empty. For a
     * {@code migrate} that will never run a reverse: a third less to read at every start.
     */
    public List<ResolvedMigration> scan(List<String> locations, List<JavaMigration> instances, boolean readReverses) {
        ScanResult result = scanAll(locations, instances, readReverses);
        if (!result.problems().isEmpty()) {
            throw new ValidationException(result.problems());
        }
        return result.migrations();
    }

    /**
     * The outcome of a scan: the migrations that resolved, the problems of the rest, and the configured
     * locations that do not exist (scanned as empty: a mistyped path reads no migration at all), with the
     * warning about each at the same index.
     */
    public record ScanResult(List<ResolvedMigration> migrations, List<String> problems, List<String> missingLocations,
            List<String> missingLocationWarnings, List<SqlCallback> callbacks) {

        /** The callbacks of {@code event}, in file name order. */
        public List<SqlCallback> callbacks(MigrationCallback.Event event) {
            return callbacks.stream().filter(c -> c.event() == event).toList();
        }
    }

    /**
     * What to say about a location that does not exist. A bare relative one ({@code db/migration}) is a folder
     * here, but the class path in Flyway: where the class path has it, the warning says so and gives the fix.
     */
    private String missingLocationWarning(String location) {
        if (!location.startsWith("classpath:") && !location.startsWith("filesystem:") && isRelative(location)
                && resources.exists("classpath:" + location)) {
            return "Location " + location + " does not exist, so no migrations were read from it: a location without classpath:"
                    + " or filesystem: is a folder on the file system (relative paths start from the working directory), not the"
                    + " class path as in Flyway. The class path has " + location + ": write classpath:" + location
                    + " to read the migrations there";
        }
        String executableJar = location.startsWith("classpath:") ? resources.executableJarHolding(location) : null;
        if (executableJar != null) {
            Path jar = Paths.get(executableJar.substring(0, executableJar.indexOf("!/")));
            String name = jar.getFileName().toString();
            String folder = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name + "-extracted";
            return "Location " + location + " does not exist, so no migrations were read from it: the class path has the Spring Boot"
                    + " executable jar " + jar + ", which holds it as " + executableJar + ", where a class path does not look."
                    + " Extract the jar (java -Djarmode=tools -jar " + name + " extract --destination " + folder + ") and put "
                    + folder + "/" + name + " on the class path instead: it holds the classes, and its manifest names the libraries";
        }
        if (location.startsWith("classpath:")) {
            return "Location " + location + " does not exist, so no migrations were read from it: check the path and the class path";
        }
        return "Location " + location + " does not exist, so no migrations were read from it: check the path" + whereOnDisk(location);
    }

    /**
     * Where a missing file-system location was looked for: a relative path with the working directory it
     * started from, and the deepest folder of the path that does exist, which is where a typo or a missing
     * mount begins.
     */
    private static String whereOnDisk(String location) {
        String dir = location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location;
        Path path;
        try {
            path = Paths.get(dir);
        } catch (java.nio.file.InvalidPathException e) {
            return "";
        }
        Path absolute = path.toAbsolutePath().normalize();
        StringBuilder where = new StringBuilder();
        if (!path.isAbsolute()) {
            where.append(" (relative paths start from the working directory, ").append(Paths.get("").toAbsolutePath())
                    .append(", so it is ").append(absolute).append(")");
        }
        Path existing = absolute.getParent();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            where.append(": the deepest folder of it that exists is ").append(existing);
        }
        return where.toString();
    }

    private static boolean isRelative(String location) {
        try {
            return !Paths.get(location).isAbsolute() && !location.startsWith("/") && !location.startsWith("\\");
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Like {@link #scan} but returns the problems instead of throwing, for {@code status} and {@code validate}. */
    public ScanResult scanAll(List<String> locations, List<JavaMigration> instances) {
        return scanAll(locations, instances, true);
    }

    /**
     * Like {@link #scan(List, List, boolean)}, keeping the SQL callbacks too.
     *
     * @throws ValidationException as {@link #scan} does
     */
    public ScanResult scanForMigrate(List<String> locations, List<JavaMigration> instances, boolean readReverses) {
        ScanResult result = scanAll(locations, instances, readReverses);
        if (!result.problems().isEmpty()) {
            throw new ValidationException(result.problems());
        }
        return result;
    }

    private ScanResult scanAll(List<String> locations, List<JavaMigration> instances, boolean readReverses) {
        List<String> problems = new ArrayList<>();
        List<SqlCallback> callbacks = new ArrayList<>();
        // The file each callback was read from, at the same index: a file reached again through a link is one callback.
        List<Resource> callbackFiles = new ArrayList<>();
        Map<MigrationVersion, Builder> versioned = new HashMap<>();
        Map<String, ResolvedMigration> repeatable = new LinkedHashMap<>();
        Map<String, Resource> repeatableFiles = new HashMap<>();
        Map<String, JavaMigration> javaByClass = new LinkedHashMap<>();
        // The class file each scanned class was found in first: a second one of the same name is never loaded.
        Map<String, Resource> classFiles = new HashMap<>();
        for (JavaMigration instance : instances) {
            String className = JavaMigrations.userClass(instance).getName();
            JavaMigration first = javaByClass.putIfAbsent(className, instance);
            if (first != null && first != instance) {
                // Its version comes from the class, so both would claim it; keeping one would drop the other unseen.
                problems.add("Java migration " + className + " is given twice, as two instances of one class: its version comes"
                        + " from the class, so only one of them can run. Pass one instance (MigratorConfig.Builder.javaMigration),"
                        + " or give the other its own class");
            }
        }
        List<String> missingLocations = new ArrayList<>();
        List<String> missingLocationWarnings = new ArrayList<>();
        List<String> distinct = distinct(locations);
        // A link from one folder location into another is not followed: the files are read through their own location.
        Map<String, Path> folders = new LinkedHashMap<>();
        if (distinct.size() > 1) {
            for (String location : distinct) {
                String normalised = ResourceScanner.normalise(location);
                if (normalised.startsWith("filesystem:")) {
                    folders.put(location, Paths.get(normalised.substring("filesystem:".length())));
                }
            }
        }
        for (String location : distinct) {
            Set<Path> others = new HashSet<>(folders.values());
            others.remove(folders.get(location));
            List<Resource> found = composed(resources.scan(location, others));
            if (found.isEmpty() && !resources.existsAfterEmptyScan(location)) {
                String warning = missingLocationWarning(location);
                missingLocations.add(location);
                missingLocationWarnings.add(warning);
                if (failOnMissingLocations) {
                    problems.add(warning + " (fail-on-missing-locations is on)");
                } else if (logMissingLocations) {
                    log.warn(warning);
                }
            }
            // Script configuration files (V1__a.sql.conf) first, so each script finds its own.
            Map<String, Resource> configs = new LinkedHashMap<>();
            for (Resource resource : found) {
                String path = resource.relativePath();
                if (MigrationNaming.endsWithIgnoringCase(path, ScriptConfig.SUFFIX)
                        && naming.isScript(path.substring(0, path.length() - ScriptConfig.SUFFIX.length()))) {
                    configs.put(path.substring(0, path.length() - ScriptConfig.SUFFIX.length()), resource);
                }
            }
            for (Resource resource : found) {
                String fileName = resource.fileName();
                String lower = fileName.toLowerCase(Locale.ROOT);
                if (resource.file() != null && fileName.indexOf('\uFFFD') >= 0
                        && (naming.isScript(fileName) || MigrationNaming.endsWithIgnoringCase(fileName, ScriptConfig.SUFFIX))) {
                    problems.add(undecodableName(resource));
                    continue;
                }
                if (naming.isScript(fileName)) {
                    Resource configFile = configs.isEmpty() ? null : configs.remove(resource.relativePath());
                    ScriptConfig config;
                    try {
                        config = configFile == null ? null : readConfig(configFile);
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                        continue;
                    }
                    if (!addCallback(resource, config, callbacks, callbackFiles, problems)) {
                        addSqlFile(resource, config, versioned, repeatable, repeatableFiles, problems, readReverses);
                    }
                } else if (lower.endsWith(".class") && location.startsWith("classpath:") && !fileName.contains("$")) {
                    String className = classNameOf(location, resource.relativePath());
                    Resource firstClassFile = classFiles.putIfAbsent(className, resource);
                    if (firstClassFile != null) {
                        if (javaByClass.containsKey(className)) {
                            // A class loader loads the first only: the other jar's migration would never run.
                            problems.add("Java migration " + className + " is in two class path entries, "
                                    + firstClassFile.descriptionWithOrigin() + " and " + resource.descriptionWithOrigin()
                                    + ": only the first can be loaded, so the other never runs; give one of them another package"
                                    + " or name, or remove one of the jars");
                        }
                    } else if (!javaByClass.containsKey(className)) {
                        JavaMigration instance = instantiate(className, resource, problems);
                        if (instance != null) {
                            javaByClass.put(className, instance);
                        }
                    }
                }
            }
            for (Resource orphan : configs.values()) {
                String script = orphan.fileName().substring(0, orphan.fileName().length() - ScriptConfig.SUFFIX.length());
                problems.add("File " + orphan.description() + " configures " + script + ", which is not in the same folder:"
                        + " rename it after its script, or remove it");
            }
        }
        for (JavaMigration instance : javaByClass.values()) {
            ResolvedMigration java = JavaMigrations.resolve(instance, problems);
            if (java != null) {
                Builder b = versioned.computeIfAbsent(java.version(), v -> new Builder());
                if (b.java != null || b.up != null) {
                    problems.add(duplicate(java.version(), b.firstSource(), java.location()));
                } else {
                    b.java = java;
                }
            }
        }
        List<ResolvedMigration> result = new ArrayList<>();
        versioned.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ResolvedMigration m = e.getValue().build(e.getKey(), problems);
            if (m != null && tooLong(m, problems)) {
                return;
            }
            if (m != null) {
                result.add(m);
            }
        });
        repeatable.values().stream().sorted(Comparator.comparing(ResolvedMigration::description)).forEach(result::add);
        callbacks.sort(Comparator.comparing(SqlCallback::event).thenComparing(SqlCallback::fileName));
        return new ScanResult(List.copyOf(result), List.copyOf(problems), List.copyOf(missingLocations),
                List.copyOf(missingLocationWarnings), List.copyOf(callbacks));
    }

    /**
     * The locations without repeats ({@code db} and {@code ./db}) and without locations inside another
     * ({@code db/sub} beside {@code db}, whose sub-folders are scanned), each left out with a warning:
     * read twice, every file in them would be "used twice". In the order given otherwise.
     */
    private static List<String> distinct(List<String> locations) {
        if (locations.size() < 2) {
            return locations;
        }
        DistinctLocations distinct = distinctLocations(locations, locations);
        distinct.warnings().forEach(log::warn);
        return distinct.kept();
    }

    /**
     * The locations a scan reads, and why it leaves the others out.
     *
     * @param kept     the locations read, as given, in the order given
     * @param warnings one for each location left out, listed twice or inside another
     */
    public record DistinctLocations(List<String> kept, List<String> warnings) {
    }

    /**
     * The locations a scan of {@code locations} reads and the warnings it logs about the others, named in the
     * warnings as {@code shownAs} (at the same index) names them: a caller that resolved the locations it was
     * given ({@code db} made {@code filesystem:/work/db}) names them as they were written. A caller that scans
     * {@link DistinctLocations#kept()} gets no warning about them again.
     */
    public static DistinctLocations distinctLocations(List<String> locations, List<String> shownAs) {
        if (shownAs.size() != locations.size()) {
            throw new IllegalArgumentException("one name for each location");
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Integer> byNormalised = new LinkedHashMap<>();
        for (int i = 0; i < locations.size(); i++) {
            String normalised = ResourceScanner.normalise(locations.get(i));
            Integer first = byNormalised.putIfAbsent(normalised, i);
            if (first != null) {
                String firstShown = shownAs.get(first);
                warnings.add("Location " + shownAs.get(i) + " is listed twice" + (firstShown.equals(shownAs.get(i)) ? ""
                        : " (as " + firstShown + " too)") + ", so it is read once: remove one of them");
            }
        }
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : byNormalised.entrySet()) {
            Integer parent = byNormalised.entrySet().stream().filter(other -> ResourceScanner.isInside(entry.getKey(), other.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (parent == null) {
                kept.add(locations.get(entry.getValue()));
            } else {
                warnings.add("Location " + shownAs.get(entry.getValue()) + " is inside location " + shownAs.get(parent)
                        + ", whose sub-folders are read, so it is not read again: remove it");
            }
        }
        return new DistinctLocations(List.copyOf(kept), List.copyOf(warnings));
    }

    /**
     * Reads a script's configuration file.
     *
     * @throws IllegalArgumentException a message naming the file and what is wrong in it
     */
    private static ScriptConfig readConfig(Resource resource) {
        try {
            return ScriptConfig.parse(decode(resource.reader().read(), StandardCharsets.UTF_8), resource.fileName());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("File " + resource.description() + " is not valid UTF-8: save it with UTF-8 encoding");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("File " + resource.description() + " could not be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("File " + resource.description() + ": " + e.getMessage());
        }
    }

    /**
     * Takes a SQL callback ({@link SqlCallback#eventOf}); false when the file is not one. A file already taken as a
     * callback of the same event, reached again through a link, is left out as a migration would be
     * ({@link #reachedTwice}): it runs once. Only a callback of that event with the same text is asked about.
     *
     * @param callbackFiles the file of each callback in {@code callbacks}, at the same index
     */
    private boolean addCallback(Resource resource, ScriptConfig config, List<SqlCallback> callbacks, List<Resource> callbackFiles,
            List<String> problems) {
        MigrationCallback.Event event;
        try {
            event = SqlCallback.eventOf(resource.fileName(), naming);
        } catch (IllegalArgumentException e) {
            problems.add("File " + resource.description() + ": " + e.getMessage());
            return true;
        }
        if (event == null) {
            return false;
        }
        try {
            Boolean inTransaction = config == null ? null : config.executeInTransaction();
            byte[] bytes = resource.reader().read();
            String text;
            try {
                text = decode(bytes, encodingOf(config));
            } catch (CharacterCodingException e) {
                problems.add(notDecodable(resource, config, bytes));
                return true;
            }
            for (int i = 0; i < callbacks.size(); i++) {
                if (callbacks.get(i).event() == event && callbacks.get(i).text().equals(text)
                        && reachedTwice(callbackFiles.get(i), resource, problems)) {
                    return true;
                }
            }
            callbacks.add(new SqlCallback(event, resource.fileName(), resource.relativePath(), resource.description(),
                    text, inTransaction, inTransaction == null ? null : config.transactionSetting(),
                    config == null || config.replacesPlaceholders()));
            callbackFiles.add(resource);
        } catch (java.io.IOException e) {
            problems.add("File " + resource.description() + " could not be read: " + e.getMessage());
        }
        return true;
    }

    /** A version the history table cannot store would fail with the database's own error on the first write. */
    private static boolean tooLong(ResolvedMigration m, List<String> problems) {
        int length = m.version().toString().length();
        if (length <= MigrationVersion.MAX_LENGTH) {
            return false;
        }
        String what = m.type() == MigrationType.SQL ? "File " + m.location() : "Java migration " + m.script();
        problems.add(what + ": version " + m.version() + " is " + length + " characters long, but the history table stores at most "
                + MigrationVersion.MAX_LENGTH + ": give it a shorter version");
        return true;
    }

    private static String classNameOf(String location, String relativePath) {
        String base = location.substring("classpath:".length()).replace('\\', '/');
        while (base.startsWith("/")) {
            base = base.substring(1);
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = (base.isEmpty() ? "" : base + "/") + relativePath.substring(0, relativePath.length() - ".class".length());
        return path.replace('/', '.');
    }

    private JavaMigration instantiate(String className, Resource classFile, List<String> problems) {
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            // A helper beside the migrations may need classes that are missing on purpose; a migration
            // that cannot be loaded must not be skipped, or later versions run past it.
            if (mayBeMigration(className, classFile)) {
                problems.add(notLoadable(className, classFile, e));
            } else {
                log.debug("{} could not be loaded and is not named or marked as a migration, so it is taken for a helper: {}",
                        classFile.description(), e.toString());
            }
            return null;
        }
        if (!JavaMigration.class.isAssignableFrom(type) || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return null;
        }
        try {
            return (JavaMigration) type.getDeclaredConstructor().newInstance();
        } catch (LinkageError e) {
            problems.add(notLoadable(className, classFile, e));
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            problems.add("Java migration " + className + " could not be created: it needs a public no-argument constructor ("
                    + e + "); in Spring, declare it as a bean instead");
            return null;
        }
    }

    /**
     * Whether a class that could not be loaded is meant as a migration: its name is a migration name
     * ({@code V3__AddIndex}), or its class file names {@link JavaMigration}, the DSL's base class or
     * {@code @MigrationInfo} (a class file keeps the names it refers to as plain text).
     */
    private static boolean mayBeMigration(String className, Resource classFile) {
        try {
            if (MigrationFileName.parseClassName(className.substring(className.lastIndexOf('.') + 1)) != null) {
                return true;
            }
        } catch (IllegalArgumentException e) {
            return true;
        }
        String text;
        try {
            text = new String(classFile.reader().read(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return true;
        }
        return text.contains("dev/migrate/JavaMigration") || text.contains("dev/migrate/MigrationInfo")
                || text.contains("dev/migrate/schema/DslMigration");
    }

    private static String notLoadable(String className, Resource classFile, Throwable e) {
        String fix;
        if (e instanceof UnsupportedClassVersionError) {
            fix = "it was compiled for a newer Java than this one (" + Runtime.version().feature() + "): compile it with --release "
                    + Runtime.version().feature() + " or lower, or run on a newer Java";
        } else if (e instanceof NoClassDefFoundError || e instanceof ClassNotFoundException) {
            fix = "a class it needs is not on the class path: add the jar or folder that holds it";
        } else if (e instanceof ExceptionInInitializerError) {
            fix = "its static initialisation failed: fix it, or move the work into up()";
        } else {
            fix = "fix the class or the classes it needs, or remove " + classFile.description();
        }
        Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
        return "Java migration " + className + " (" + classFile.description() + ") could not be loaded ("
                + cause + "): " + fix;
    }

    /** The length of the history's {@code description} column. */
    private static final int MAX_REPEATABLE_DESCRIPTION = 200;

    private void addSqlFile(Resource resource, ScriptConfig config, Map<MigrationVersion, Builder> versioned,
            Map<String, ResolvedMigration> repeatable, Map<String, Resource> repeatableFiles, List<String> problems,
            boolean readReverses) {
        MigrationFileName name;
        try {
            name = MigrationFileName.parse(resource.fileName(), naming);
        } catch (IllegalArgumentException e) {
            problems.add("File " + resource.description() + " has a malformed name: " + e.getMessage());
            return;
        }
        if (name == null) {
            problems.add("File " + resource.description() + " is not a migration name: " + naming.expected());
            return;
        }
        if (!readReverses && (name.kind() == MigrationFileName.Kind.UNDO || name.kind() == MigrationFileName.Kind.DOWN)) {
            Builder b = versioned.computeIfAbsent(name.version(), v -> new Builder());
            if (b.down != null && reachedTwice(b.downResource, resource, problems)) {
                return;
            }
            if (b.down != null) {
                problems.add("Files " + b.downResource.descriptionWithOrigin() + " and " + resource.descriptionWithOrigin()
                        + " are both the reverse of version " + name.version() + ": keep one");
                return;
            }
            b.down = new SqlFile(new MigrationBody.Sql("", resource.relativePath(), 1, false), null, 0, List.of(), false, List.of());
            b.downResource = resource;
            return;
        }
        String text;
        byte[] bytes = null;
        try {
            bytes = resource.reader().read();
            text = decode(bytes, encodingOf(config));
        } catch (CharacterCodingException e) {
            problems.add(notDecodable(resource, config, bytes));
            return;
        } catch (java.io.IOException e) {
            problems.add("File " + resource.description() + " could not be read: " + e.getMessage());
            return;
        }
        SqlFile file;
        try {
            file = SqlFile.parse(text, resource.relativePath(), config);
        } catch (IllegalArgumentException e) {
            problems.add("File " + resource.description() + ": " + e.getMessage());
            return;
        }
        switch (name.kind()) {
            case REPEATABLE -> {
                if (name.description().length() > MAX_REPEATABLE_DESCRIPTION) {
                    // A repeatable is found again by its description: a truncated one would never match
                    // and the migration would run on every start.
                    problems.add("File " + resource.description() + ": the description of a repeatable migration is its name"
                            + " in the history, which stores at most " + MAX_REPEATABLE_DESCRIPTION + " characters, and this one has "
                            + name.description().length() + ": give the file a shorter name");
                    return;
                }
                ResolvedMigration previous = repeatable.get(name.description());
                if (previous != null && reachedTwice(repeatableFiles.get(name.description()), resource, problems)) {
                    return;
                }
                if (previous != null) {
                    problems.add("Repeatable migrations " + repeatableFiles.get(name.description()).descriptionWithOrigin() + " and "
                            + resource.descriptionWithOrigin()
                            + " have the same description: rename one of them");
                    return;
                }
                int checksum = file.checksum();
                if (file.up().placeholderReplacement()) {
                    String replaced = repeatableChecksumText.apply(file.up().text());
                    // Text without a configured placeholder keeps the checksum it always had.
                    if (!replaced.equals(file.up().text())) {
                        checksum = checksum(replaced);
                    }
                }
                repeatable.put(name.description(), new ResolvedMigration(null, name.description(), MigrationType.REPEATABLE,
                        resource.relativePath(), resource.description(), checksum, file.dependsOn(), file.up(),
                        file.down(), file.irreversible(), file.environments()));
                repeatableFiles.put(name.description(), resource);
            }
            case VERSIONED, UP -> {
                Builder b = versioned.computeIfAbsent(name.version(), v -> new Builder());
                if (b.up != null && reachedTwice(b.upResource, resource, problems)) {
                    return;
                }
                if (b.up != null || b.java != null) {
                    problems.add(duplicate(name.version(), b.firstSource(), resource.descriptionWithOrigin()));
                    return;
                }
                b.name = name;
                b.up = file;
                b.upResource = resource;
            }
            case UNDO, DOWN -> {
                Builder b = versioned.computeIfAbsent(name.version(), v -> new Builder());
                if (b.down != null && reachedTwice(b.downResource, resource, problems)) {
                    return;
                }
                if (b.down != null) {
                    problems.add("Files " + b.downResource.descriptionWithOrigin() + " and " + resource.descriptionWithOrigin()
                            + " are both the reverse of version " + name.version() + ": keep one");
                    return;
                }
                b.down = file;
                b.downResource = resource;
            }
        }
    }

    /**
     * Whether {@code later} is the file {@code first} was read from, reached again. Within one
     * location (a link to a file beside it) the second path is left out, so a file counts once; through
     * two locations it is a problem saying so, since "give one of them another version" would be no
     * help for one file. Only called for two resources that would otherwise clash, so a scan asks the
     * file system about links only then.
     */
    private static boolean reachedTwice(Resource first, Resource later, List<String> problems) {
        if (first == null || first.file() == null || later.file() == null) {
            return false;
        }
        try {
            if (!Files.isSameFile(first.file(), later.file())) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        String firstLocation = locationOf(first);
        String laterLocation = locationOf(later);
        if (firstLocation.equals(laterLocation)) {
            log.debug("{} is {} reached through a link: read once", later.description(), first.description());
        } else {
            problems.add("Files " + first.description() + " and " + later.description() + " are one file, found through the"
                    + " locations " + firstLocation + " and " + laterLocation + ": list it in one location only (remove a"
                    + " location, or the link that leads from one to the other)");
        }
        return true;
    }

    /**
     * The resources with the paths below their location in Unicode's composed form (NFC). macOS gives file names in
     * the decomposed form ({@code u} + U+0308 for {@code ü}), Linux and Windows as they were written (nearly always
     * composed), and a jar as its build found them: without this, {@code R__vüe.sql} checked out on a Mac would be
     * another repeatable migration than on Linux, applied again beside the first, and a description would differ
     * between the two. Class files keep their names, which are the classes' own.
     */
    private static List<Resource> composed(List<Resource> found) {
        List<Resource> result = null;
        for (int i = 0; i < found.size(); i++) {
            Resource r = found.get(i);
            String path = r.relativePath();
            if (Normalizer.isNormalized(path, Normalizer.Form.NFC) || MigrationNaming.endsWithIgnoringCase(path, ".class")) {
                continue;
            }
            if (result == null) {
                result = new ArrayList<>(found);
            }
            String composed = Normalizer.normalize(path, Normalizer.Form.NFC);
            String description = r.description().endsWith(path)
                    ? r.description().substring(0, r.description().length() - path.length()) + composed : r.description();
            result.set(i, new Resource(composed, description, r.reader(), r.file(), r.origin()));
        }
        return result == null ? found : result;
    }

    /**
     * A file whose name the JVM could not decode: it decodes file names in the encoding of the system's locale, and
     * under a C or POSIX locale (a container without {@code LANG}) a name outside ASCII comes out with U+FFFD in place
     * of each character, so the history would record that and a run under a UTF-8 locale would see another name.
     */
    private static String undecodableName(Resource resource) {
        return "File " + resource.description() + " has a name this JVM cannot decode in the encoding of the system's locale"
                + " (each character it could not decode is replaced by ? or \uFFFD), so the history would record a name that"
                + " a run elsewhere does not see. Under a C or POSIX locale every character outside ASCII is such: run with a"
                + " UTF-8 locale (LANG=C.UTF-8 or LC_ALL=C.UTF-8 in the environment), or rename the file using ASCII only";
    }

    /** The location a resource was found in: its description without the path below it. */
    private static String locationOf(Resource resource) {
        String description = resource.description();
        return description.substring(0, description.length() - resource.relativePath().length() - 1);
    }

    private static String duplicate(MigrationVersion version, String first, String second) {
        return "Version " + version + " is used twice, by " + first + " and " + second + ": give one of them another version";
    }

    /** The encoding of a script: its {@code .sql.conf}'s, else the configured one. */
    private java.nio.charset.Charset encodingOf(ScriptConfig config) {
        return config != null && config.encoding() != null ? config.encoding() : encoding;
    }

    private String notDecodable(Resource resource, ScriptConfig config, byte[] bytes) {
        if ((config == null || config.encoding() == null) && !encoding.equals(StandardCharsets.UTF_8)) {
            return "File " + resource.description() + " is not valid " + encoding.name() + ", the encoding setting"
                    + " (migrate.encoding, --encoding) gives: save it in that encoding, or name its own in a file "
                    + resource.fileName() + ScriptConfig.SUFFIX + " beside it (encoding=UTF-8)";
        }
        if (config == null || config.encoding() == null) {
            String at = " is not valid UTF-8 (line " + firstMalformedLine(bytes) + ")";
            if (isMySqlDump(bytes)) {
                // Another encoding would not help: the bytes are binary column values, and any decoding changes them.
                return "File " + resource.description() + at + ": it looks like a mysqldump or mariadb-dump file, which"
                        + " writes binary column values (BLOB, BINARY) as raw bytes unless made with --hex-blob;"
                        + " dump the database again with --hex-blob (an encoding setting would change those bytes)";
            }
            return "File " + resource.description() + at + ": save it with UTF-8 encoding"
                    + " (or, for another encoding, name it in a file " + resource.fileName() + ScriptConfig.SUFFIX
                    + " beside it: encoding=ISO-8859-1)";
        }
        return "File " + resource.description() + " is not valid " + config.encoding().name() + ", the encoding "
                + config.fileName() + " gives: save it in that encoding, or correct the encoding";
    }

    /** The line (from 1) of the first byte that is not valid UTF-8. */
    private static int firstMalformedLine(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, java.nio.CharBuffer.allocate(bytes.length + 1), true);
        int line = 1;
        for (int i = 0; i < in.position(); i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Whether the text is a mysqldump or mariadb-dump file: its header comment, MariaDB's sandbox line, or
     * (for --compact output, which has neither) the versioned comments these tools write.
     */
    private static boolean isMySqlDump(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        return head.contains("-- MySQL dump") || head.contains("-- MariaDB dump") || head.startsWith("/*M!999999")
                || head.contains("/*!40101 SET ") || head.contains("/*!40103 SET ");
    }

    /**
     * Decodes a script in {@code charset}, refusing malformed input. For UTF-8 the JDK's fast decoder
     * runs first; only when it had to put in a replacement character (malformed input, or a file that
     * really contains U+FFFD) is the text decoded again strictly.
     */
    private static String decode(byte[] bytes, java.nio.charset.Charset charset) throws CharacterCodingException {
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** Characters encoded at a time for a checksum. */
    private static final int CHECKSUM_SLICE = 1 << 16;

    /**
     * CRC32 of the text with a BOM removed and CRLF/CR turned into LF, so a Windows checkout has the
     * same checksum as a Unix one.
     */
    public static int checksum(String text) {
        CRC32 crc = new CRC32();
        int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        if (text.indexOf('\r') < 0) {
            // Nothing to normalise: the UTF-8 bytes a slice at a time (CRC32 on an array is an intrinsic), so a
            // dump of many megabytes is not copied whole once more while its text is held.
            for (int from = start; from < text.length(); ) {
                int to = Math.min(text.length(), from + CHECKSUM_SLICE);
                if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                    to++;
                }
                crc.update(text.substring(from, to).getBytes(StandardCharsets.UTF_8));
                from = to;
            }
            return (int) crc.getValue();
        }
        byte[] buffer = new byte[8192];
        int n = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                c = '\n';
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            }
            if (c < 0x80) {
                if (n == buffer.length) {
                    crc.update(buffer, 0, n);
                    n = 0;
                }
                buffer[n++] = (byte) c;
            } else {
                crc.update(buffer, 0, n);
                n = 0;
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < text.length()) {
                    end++;
                }
                crc.update(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        crc.update(buffer, 0, n);
        return (int) crc.getValue();
    }

    /** Collects the files of one version before they are paired. */
    private static final class Builder {
        MigrationFileName name;
        SqlFile up;
        Resource upResource;
        SqlFile down;
        Resource downResource;
        ResolvedMigration java;

        String firstSource() {
            return java != null ? java.location() : upResource.descriptionWithOrigin();
        }

        ResolvedMigration build(MigrationVersion version, List<String> problems) {
            if (java != null) {
                if (down != null) {
                    problems.add("File " + downResource.description() + " reverses version " + version
                            + ", which is the Java migration " + java.script() + ": put the reverse in its down() method");
                    return null;
                }
                return java;
            }
            if (up == null) {
                problems.add("File " + downResource.description() + " reverses version " + version
                        + ", but no migration has that version: add the migration or remove the file");
                return null;
            }
            if (down != null && up.down() != null) {
                problems.add("Version " + version + " has a down section in " + upResource.description() + " and a reverse file "
                        + downResource.description() + ": keep one");
                return null;
            }
            MigrationBody downBody = down != null ? down.up() : up.down();
            boolean irreversible = up.irreversible();
            if (irreversible && downBody != null) {
                problems.add("File " + upResource.description() + " says -- migrate:irreversible but has a reverse ("
                        + downBody.source() + "): remove one of them");
                return null;
            }
            if (down != null && down.up().skipIf() != null) {
                problems.add("File " + downResource.description() + " says -- migrate:skip-if (line " + down.up().skipIfLine()
                        + "): it belongs in " + upResource.description() + "; a rollback always runs the reverse");
                return null;
            }
            if (down != null && !down.environments().isEmpty()) {
                problems.add("File " + downResource.description() + " says -- migrate:environments: it belongs in "
                        + upResource.description() + ", whose environments its reverse follows");
                return null;
            }
            return new ResolvedMigration(version, name.description(), MigrationType.SQL, upResource.relativePath(),
                    upResource.description(), up.checksum(), up.dependsOn(), up.up(), downBody, irreversible, up.environments());
        }
    }
}
