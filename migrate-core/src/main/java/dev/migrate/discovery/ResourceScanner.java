package dev.migrate.discovery;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrateException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the files of one location: {@code classpath:some/dir} (directories and jars on the class
 * path, including nested Spring Boot jars) or {@code filesystem:/some/dir} (a bare path means the
 * file system). Called by {@link MigrationScanner} once per location.
 */
public final class ResourceScanner {

    private static final Logger log = LoggerFactory.getLogger(ResourceScanner.class);

    private final ClassLoader classLoader;
    /** {@link #executableJarHolding}'s answers, by location. */
    private final Map<String, String> executableJars = new ConcurrentHashMap<>();

    public ResourceScanner(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** Every file below the location (recursively), sorted by path; an absent location has none. */
    public List<Resource> scan(String location) {
        return scan(location, Set.of());
    }

    /**
     * As {@link #scan(String)}, not following a link to a folder that is, or is inside, one of
     * {@code otherLocations} (the real paths of the other {@code filesystem:} locations of the scan):
     * their files are read through their own location, under the names they always had.
     */
    List<Resource> scan(String location, Set<Path> otherLocations) {
        if (location.startsWith("classpath:")) {
            return scanClasspath(trimSlashes(location.substring("classpath:".length())), location);
        }
        String dir = directory(location);
        Path folder = Paths.get(dir);
        if (!Files.isDirectory(folder)) {
            refuseFile(location, dir);
        }
        return scanDirectory(folder, "filesystem:" + dir, null, new HashSet<>(), otherLocations);
    }

    /**
     * A {@code filesystem:} location that names a file, or a folder inside a jar ({@code app.jar!/db/migration}),
     * holds no migration a folder scan could read: scanned as empty, it would migrate nothing and call that a success.
     *
     * @throws ConfigurationException naming the location and the fix, where it is such a file
     */
    private static void refuseFile(String location, String dir) {
        int bang = dir.indexOf('!');
        Path file = Paths.get(bang > 0 ? dir.substring(0, bang) : dir);
        if (!Files.isRegularFile(file)) {
            return;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jar") || name.endsWith(".zip") || name.endsWith(".war")) {
            throw new ConfigurationException("Location " + location + " is " + (bang > 0 ? "inside " : "") + "the archive " + file
                    + ", not a folder: a filesystem: location is a folder of migrations. Put the archive on the class path and name"
                    + " the folder inside it with classpath: (classpath:db/migration; for the CLI: java -cp migrate.jar"
                    + File.pathSeparator + file.getFileName() + " dev.migrate.cli.MigrateCli ...), or extract it and name"
                    + " the extracted folder");
        }
        throw new ConfigurationException("Location " + location + " is the file " + file + ", not a folder: a filesystem: location"
                + " is a folder of migrations; name the folder that holds it" + (file.getParent() == null ? ""
                : " (filesystem:" + file.getParent() + ")"));
    }

    /**
     * Whether the location exists: a directory for {@code filesystem:}, a directory or jar entries on
     * the class path for {@code classpath:}. An absent location is scanned as empty; callers warn about it.
     */
    public boolean exists(String location) {
        return exists(location, true);
    }

    /**
     * {@link #exists(String)} for a location {@link #scan} just found empty: jars without directory entries
     * are not listed again (the scan did, and found no file of the location in them), which would cost a
     * cold start a fifth of a second with a hundred jars.
     */
    boolean existsAfterEmptyScan(String location) {
        return exists(location, false);
    }

    private boolean exists(String location, boolean listJars) {
        if (location.startsWith("classpath:")) {
            String path = trimSlashes(location.substring("classpath:".length()));
            if (path.isEmpty()) {
                return true;
            }
            try {
                return classLoader.getResources(path + "/").hasMoreElements() || classLoader.getResources(path).hasMoreElements()
                        || listJars && !scanJarsWithoutDirectoryEntries(path, location, new HashSet<>()).isEmpty();
            } catch (IOException e) {
                throw new MigrateException("Could not look up location " + location + ": " + e.getMessage(), e);
            }
        }
        return Files.isDirectory(Paths.get(directory(location)));
    }

    /**
     * The location in one spelling per place, for telling repeated and nested locations apart:
     * {@code classpath:} and the path without leading, trailing, doubled or {@code .} slashes and
     * segments; {@code filesystem:} and the real path of the directory (its absolute, normalised path
     * when it does not exist).
     */
    static String normalise(String location) {
        if (location.startsWith("classpath:")) {
            List<String> segments = new ArrayList<>();
            for (String segment : location.substring("classpath:".length()).replace('\\', '/').split("/")) {
                if (!segment.isEmpty() && !segment.equals(".")) {
                    segments.add(segment);
                }
            }
            return "classpath:" + String.join("/", segments);
        }
        Path dir = Paths.get(directory(location)).toAbsolutePath().normalize();
        try {
            dir = dir.toRealPath();
        } catch (IOException e) {
            // Does not exist (a warning of its own): compared as written.
        }
        return "filesystem:" + dir;
    }

    /**
     * Whether a location, as {@link #normalise} spells it, is a folder below {@code parent}, so scanning
     * the parent reads it too. The class path's root is no parent: it reads directories only.
     */
    static boolean isInside(String normalised, String parent) {
        if (parent.equals("classpath:") || normalised.equals(parent)) {
            return false;
        }
        if (normalised.startsWith("classpath:") && parent.startsWith("classpath:")) {
            return normalised.startsWith(parent + "/");
        }
        if (normalised.startsWith("filesystem:") && parent.startsWith("filesystem:")) {
            return Paths.get(normalised.substring("filesystem:".length())).startsWith(Paths.get(parent.substring("filesystem:".length())));
        }
        return false;
    }

    /** The directory of a {@code filesystem:} location or a bare path. */
    private static String directory(String location) {
        return location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location;
    }

    private static String trimSlashes(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private List<Resource> scanClasspath(String path, String location) {
        List<Resource> found = new ArrayList<>();
        Set<String> jarsRead = new HashSet<>();
        Set<Path> foldersRead = new HashSet<>();
        try {
            Enumeration<URL> roots = classLoader.getResources(path.isEmpty() ? "" : path + "/");
            boolean withoutSlash = false;
            if (!roots.hasMoreElements() && !path.isEmpty()) {
                roots = classLoader.getResources(path);
                withoutSlash = true;
            }
            boolean any = false;
            while (roots.hasMoreElements()) {
                any = true;
                URL root = roots.nextElement();
                // A folder of the class path answers for "some/file.sql/" too.
                if ((withoutSlash || "file".equals(root.getProtocol())) && isFile(root)) {
                    int slash = path.lastIndexOf('/');
                    throw new ConfigurationException("Location " + location + " is the file " + root + ", not a folder: a classpath:"
                            + " location is a folder of migrations; name the folder that holds it"
                            + (slash > 0 ? " (classpath:" + path.substring(0, slash) + ")" : ""));
                }
                if ("file".equals(root.getProtocol())) {
                    Path folder = toPath(root);
                    found.addAll(scanDirectory(folder, location, classPathFolder(folder, path).toString(), foldersRead, Set.of()));
                } else if ("jar".equals(root.getProtocol())) {
                    found.addAll(scanJar(root, path, location, jarsRead));
                } else {
                    found.addAll(scanFileSystemFolder(root, location, foldersRead));
                }
            }
            if (!any && !path.isEmpty()) {
                // Only where nothing answered for the location: listing every jar of a class path of a
                // hundred jars adds a fifth of a second to a cold start (docs/core.md).
                found.addAll(scanJarsWithoutDirectoryEntries(path, location, jarsRead));
            } else if (!path.isEmpty()) {
                found.addAll(scanUnlistedJars(path, location, jarsRead));
            }
        } catch (IOException e) {
            throw new MigrateException("Could not list location " + location + ": " + e.getMessage(), e);
        }
        found.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        return found;
    }

    /**
     * A folder of the class path behind a URL that is neither {@code file:} nor {@code jar:}, listed through the
     * {@link FileSystem} its scheme names: a GraalVM native image answers {@code resource:} URLs for the resources
     * kept in the image, and has a file system for them, opened here on first use.
     *
     * @throws ConfigurationException where no file system serves the URL's scheme
     */
    private List<Resource> scanFileSystemFolder(URL root, String location, Set<Path> foldersRead) {
        Path folder;
        try {
            URI uri = root.toURI();
            try {
                folder = Paths.get(uri);
            } catch (FileSystemNotFoundException e) {
                try {
                    FileSystems.newFileSystem(uri, Map.of(), classLoader);
                } catch (FileSystemAlreadyExistsException opened) {
                    // Opened meanwhile by another scan: Paths.get finds it now.
                }
                folder = Paths.get(uri);
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            throw new ConfigurationException("Location " + location + " resolves to " + root + ", which is neither a directory nor"
                    + " a jar (" + e + "); use filesystem: for other places", e);
        }
        return scanDirectory(folder, location, root.toString(), foldersRead, Set.of());
    }

    /** Whether a class loader's answer for a location's path, asked without a trailing slash, is a file rather than a folder. */
    private static boolean isFile(URL root) throws IOException {
        if ("file".equals(root.getProtocol())) {
            return Files.isRegularFile(toPath(root));
        }
        URLConnection connection = root.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            JarEntry entry = jar.getJarEntry();
            try {
                return entry != null && !entry.isDirectory();
            } finally {
                jar.getJarFile().close();
            }
        }
        return false;
    }

    /**
     * Jars built without directory entries do not answer {@code getResources("some/dir/")}: where no
     * jar or folder answers for the location, lists the entries of every jar on the class path
     * that {@code jarsRead} does not name (each jar once). The
     * class path is the URLs of each {@link URLClassLoader} in the loader's chain (Spring Boot's
     * nested {@code jar:nested:} jars are opened through their own URL handler) and, for the JDK's
     * application class loader, which lists no URLs, {@code java.class.path}; a jar's manifest
     * {@code Class-Path} is followed as that loader does.
     */
    private List<Resource> scanJarsWithoutDirectoryEntries(String path, String location, Set<String> jarsRead) throws IOException {
        List<Resource> found = new ArrayList<>();
        Deque<URL> queue = new ArrayDeque<>(classPath());
        while (!queue.isEmpty()) {
            URL url = queue.removeFirst();
            if ("file".equals(url.getProtocol())) {
                Path file = toPath(url);
                if (!Files.isRegularFile(file) || !jarsRead.add(file.toRealPath().toString())) {
                    continue;
                }
                try (JarFile jar = new JarFile(file.toFile())) {
                    found.addAll(scanJar(jar, path, location, file.toString()));
                    String executableJarFolder = executableJarFolder(jar, path);
                    if (executableJarFolder != null) {
                        executableJars.putIfAbsent(location, file + "!/" + executableJarFolder);
                    }
                    queue.addAll(manifestClassPath(jar, url));
                } catch (ZipException e) {
                    // Not a jar: the class loader skips it too.
                    log.debug("{} on the class path is not a jar: {}", file, e.getMessage());
                }
            } else if ("jar".equals(url.getProtocol())) {
                found.addAll(scanJar(url, path, location, jarsRead));
            }
        }
        return found;
    }

    /**
     * Where a folder or jar answered for the location, the jars of the file system on the class path
     * ({@link #classPath}, without following manifests' {@code Class-Path}) that hold it without a
     * directory entry, as Bazel and {@code zip -D} build them: each is told by its central directory
     * ({@link CentralDirectory}), which costs a start a few milliseconds with thirty jars where
     * listing their entries would cost a tenth of a second or more, and only those are listed.
     */
    private List<Resource> scanUnlistedJars(String path, String location, Set<String> jarsRead) throws IOException {
        List<Resource> found = new ArrayList<>();
        for (File file : classPathFiles()) {
            // File rather than Path and URL: converting a hundred entries costs a start milliseconds.
            if (!file.isFile() || !mayHoldUnlisted(file, path) || !jarsRead.add(file.toPath().toRealPath().toString())) {
                continue;
            }
            try (JarFile jar = new JarFile(file)) {
                found.addAll(scanJar(jar, path, location, file.getAbsolutePath()));
            } catch (ZipException e) {
                // Not a jar: the class loader skips it too.
                log.debug("{} on the class path is not a jar: {}", file, e.getMessage());
            }
        }
        return found;
    }

    private static boolean mayHoldUnlisted(File file, String path) {
        try {
            return CentralDirectory.mayHoldUnlisted(file, path);
        } catch (IOException e) {
            // Unreadable: the class loader reads nothing from it either.
            log.debug("Could not read the entries of {} on the class path: {}", file, e.getMessage());
            return false;
        }
    }

    /**
     * For a {@code classpath:} location that {@link #scan} found nowhere: a Spring Boot executable jar (or war)
     * on the class path that holds it under {@code BOOT-INF/classes} ({@code WEB-INF/classes}), where no class
     * loader but Spring Boot's looks, or null. {@code java -cp migrate.jar:app.jar} with the jar an application
     * is shipped as reads none of its migrations. Noted while the scan lists the class path's jars, so telling
     * costs no second pass over them.
     *
     * @return the jar's path and the folder inside it, {@code /srv/app.jar!/BOOT-INF/classes/db/migration}
     */
    String executableJarHolding(String location) {
        return executableJars.get(location);
    }

    /** The folder of a Spring Boot executable jar or war that holds {@code path}, or null. */
    private static String executableJarFolder(JarFile jar, String path) {
        for (String classes : List.of("BOOT-INF/classes/", "WEB-INF/classes/")) {
            if (jar.getEntry(classes + path + "/") != null) {
                return classes + path;
            }
        }
        return null;
    }

    /** The class path of the loader and its parents, in order; {@link #scanJarsWithoutDirectoryEntries} says what counts. */
    private List<URL> classPath() throws MalformedURLException {
        Set<URL> urls = new LinkedHashSet<>();
        boolean applicationClassPath = false;
        for (ClassLoader loader = classLoader; loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urlLoader) {
                urls.addAll(List.of(urlLoader.getURLs()));
            } else if (!applicationClassPath && isApplicationClassLoader(loader)) {
                // The JDK's application class loader (java -cp, an IDE, the CLI) is no URLClassLoader: its
                // class path is only told by this property, read here as the class loader itself reads it.
                applicationClassPath = true;
                for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        urls.add(Paths.get(entry).toAbsolutePath().toUri().toURL());
                    }
                }
            }
        }
        return List.copyOf(urls);
    }

    /**
     * The files and folders of {@link #classPath}'s {@code file:} URLs and of {@code java.class.path}, without
     * following manifests, as {@link #scanUnlistedJars} reads them at every scan.
     */
    private List<File> classPathFiles() {
        Set<File> files = new LinkedHashSet<>();
        boolean applicationClassPath = false;
        for (ClassLoader loader = classLoader; loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urlLoader) {
                for (URL url : urlLoader.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        files.add(toPath(url).toFile());
                    }
                }
            } else if (!applicationClassPath && isApplicationClassLoader(loader)) {
                applicationClassPath = true;
                for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        files.add(new File(entry));
                    }
                }
            }
        }
        return List.copyOf(files);
    }

    /** Whether the loader is the JDK's application class loader, which lists its class path only in {@code java.class.path}. */
    private static boolean isApplicationClassLoader(ClassLoader loader) {
        return loader == ClassLoader.getSystemClassLoader()
                || loader.getClass().getName().equals("jdk.internal.loader.ClassLoaders$AppClassLoader");
    }

    /** The jars a jar's manifest {@code Class-Path} names, relative to the jar. */
    private static List<URL> manifestClassPath(JarFile jar, URL jarUrl) throws IOException {
        Manifest manifest = jar.getManifest();
        String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (classPath == null) {
            return List.of();
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.trim().split("\\s+")) {
            try {
                URL url = new URL(jarUrl, entry);
                if ("file".equals(url.getProtocol())) {
                    urls.add(url);
                }
            } catch (MalformedURLException e) {
                // The class loader ignores such an entry too.
                log.debug("Class-Path entry {} of {} is not a URL: {}", entry, jarUrl, e.getMessage());
            }
        }
        return urls;
    }

    private static Path toPath(URL url) {
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            return Paths.get(URLDecoder.decode(url.getPath(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Reads the entries below {@code path} of the jar a {@code jar:} URL points into, unless
     * {@code jarsRead} already names that jar (its real path for a jar of the file system, else its URL).
     */
    private List<Resource> scanJar(URL root, String path, String location, Set<String> jarsRead) throws IOException {
        URLConnection connection = root.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new ConfigurationException("Location " + location + " resolves to " + root
                    + ", which is neither a directory nor a jar; use filesystem: for other places");
        }
        URL jarFileUrl = jarConnection.getJarFileURL();
        String key = "file".equals(jarFileUrl.getProtocol()) && Files.isRegularFile(toPath(jarFileUrl))
                ? toPath(jarFileUrl).toRealPath().toString() : jarFileUrl.toString();
        if (!jarsRead.add(key)) {
            return List.of();
        }
        jarConnection.setUseCaches(false);
        try (JarFile jar = jarConnection.getJarFile()) {
            return scanJar(jar, path, location, jarName(jarFileUrl));
        }
    }

    /**
     * The class path folder that holds {@code folder}, the location {@code path} below it
     * ({@code /app/classes} for {@code /app/classes/db/migration}).
     */
    private static Path classPathFolder(Path folder, String path) {
        Path entry = folder;
        for (int i = path.isEmpty() ? 0 : path.split("/").length; i > 0 && entry.getParent() != null; i--) {
            entry = entry.getParent();
        }
        return entry;
    }

    /**
     * A jar's URL as a path to show: the file of a {@code file:} URL, {@code /app/app.jar!/BOOT-INF/lib/lib.jar}
     * for Spring Boot's {@code nested:/app/app.jar/!BOOT-INF/lib/lib.jar}, else the URL.
     */
    static String jarName(URL jarFileUrl) {
        try {
            if ("file".equals(jarFileUrl.getProtocol())) {
                return toPath(jarFileUrl).toString();
            }
            if ("nested".equals(jarFileUrl.getProtocol())) {
                String nested = jarFileUrl.toURI().getPath();
                int entry = nested == null ? -1 : nested.lastIndexOf("/!");
                if (entry > 0) {
                    String inside = nested.substring(entry + 2);
                    // BOOT-INF/classes/ is a folder of the jar.
                    return nested.substring(0, entry) + "!/" + (inside.endsWith("/") ? inside.substring(0, inside.length() - 1) : inside);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Shown as the URL.
        }
        return jarFileUrl.toString();
    }

    private static List<Resource> scanJar(JarFile jar, String path, String location, String origin) throws IOException {
        String prefix = path.isEmpty() ? "" : path + "/";
        List<Resource> found = new ArrayList<>();
        {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                    continue;
                }
                String relative = entry.getName().substring(prefix.length());
                if (isHidden(relative)) {
                    continue;
                }
                // Read now: the jar is closed when this method returns, and every file is read anyway.
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                found.add(new Resource(relative, location + "/" + relative, () -> bytes, null, origin));
            }
        }
        return found;
    }

    /**
     * Lists a folder of a location; {@code foldersRead} holds the real paths of the folders already
     * listed for the location, so a folder reached again through a link is not listed twice.
     * {@code origin} is the class path folder it is in, or null for a {@code filesystem:} location.
     */
    private static List<Resource> scanDirectory(Path dir, String location, String origin, Set<Path> foldersRead,
            Set<Path> otherLocations) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Resource> found = new ArrayList<>();
        try {
            if (foldersRead.add(dir.toRealPath())) {
                listDirectory(dir, "", location, origin, found, foldersRead, otherLocations);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MigrateException("Could not list location " + location + ": " + e.getMessage(), e);
        }
        found.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        return found;
    }

    /**
     * Whether a path below a location has a file or folder name starting with '.': never a migration.
     * Kubernetes mounts a ConfigMap as links to a hidden {@code ..<timestamp>} folder holding the same
     * files; editors and macOS leave {@code .#V1__a.sql} and {@code ._V1__a.sql} beside scripts;
     * {@code .git} and {@code .idea} hold copies.
     */
    private static boolean isHidden(String relativePath) {
        return relativePath.startsWith(".") || relativePath.contains("/.");
    }

    /**
     * Lists {@code dir} recursively in no particular order ({@link #scanDirectory} sorts), leaving
     * out hidden entries ({@link #isHidden}). An entry named {@code *.sql} is taken to be a file
     * without asking the file system, which saves a {@code stat} per migration at every start (a
     * directory so named fails when it is read, with its path); other entries are asked whether they
     * are directories or files. Links to folders are followed (as links to files are): a folder
     * already in {@code foldersRead} (reached before through another link, or a link to a folder
     * above it) is left out, and sub-folders are walked in name order so the same path wins each time.
     */
    private static void listDirectory(Path dir, String prefix, String location, String origin, List<Resource> found,
            Set<Path> foldersRead, Set<Path> otherLocations) throws IOException {
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String relative = prefix + name;
                boolean sql = name.regionMatches(true, name.length() - 4, ".sql", 0, 4);
                if (!sql && Files.isDirectory(entry)) {
                    folders.add(entry);
                } else if (sql || Files.isRegularFile(entry)) {
                    found.add(new Resource(relative, location + "/" + relative, () -> Files.readAllBytes(entry), entry, origin));
                }
            }
        }
        folders.sort(Comparator.comparing(folder -> folder.getFileName().toString()));
        for (Path folder : folders) {
            String relative = prefix + folder.getFileName();
            Path real = folder.toRealPath();
            Path other = otherLocations.stream().filter(real::startsWith).findFirst().orElse(null);
            if (other != null) {
                log.warn("{}/{} links into location filesystem:{}, which is read by itself: not followed, so its files keep their"
                        + " names", location, relative, other);
            } else if (foldersRead.add(real)) {
                listDirectory(folder, relative + "/", location, origin, found, foldersRead, otherLocations);
            } else {
                log.debug("{}/{} leads to a folder already read for this location: not read again", location, relative);
            }
        }
    }
}
