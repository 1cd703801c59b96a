package dev.migrate.discovery;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Lists the files of one location: {@code classpath:some/dir} (directories and jars on the class
 * path, including nested Spring Boot jars) or {@code filesystem:/some/dir} (a bare path means the
 * file system). Called by {@link MigrationScanner} once per location.
 */
public final class ResourceScanner {

    private final ClassLoader classLoader;

    public ResourceScanner(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** Every file below the location (recursively), sorted by path; an absent location has none. */
    public List<Resource> scan(String location) {
        if (location.startsWith("classpath:")) {
            return scanClasspath(trimSlashes(location.substring("classpath:".length())), location);
        }
        String dir = directory(location);
        return scanDirectory(Paths.get(dir), "filesystem:" + dir);
    }

    /**
     * Whether the location exists: a directory for {@code filesystem:}, a directory or jar entries on
     * the class path for {@code classpath:}. An absent location is scanned as empty; callers warn about it.
     */
    public boolean exists(String location) {
        if (location.startsWith("classpath:")) {
            String path = trimSlashes(location.substring("classpath:".length()));
            if (path.isEmpty()) {
                return true;
            }
            try {
                return classLoader.getResources(path + "/").hasMoreElements() || classLoader.getResources(path).hasMoreElements()
                        || !scanJarsWithoutDirectoryEntries(path, location).isEmpty();
            } catch (IOException e) {
                throw new MigrateException("Could not look up location " + location + ": " + e.getMessage(), e);
            }
        }
        return Files.isDirectory(Paths.get(directory(location)));
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
        try {
            Enumeration<URL> roots = classLoader.getResources(path.isEmpty() ? "" : path + "/");
            if (!roots.hasMoreElements() && !path.isEmpty()) {
                roots = classLoader.getResources(path);
            }
            boolean any = false;
            while (roots.hasMoreElements()) {
                any = true;
                URL root = roots.nextElement();
                if ("file".equals(root.getProtocol())) {
                    found.addAll(scanDirectory(toPath(root), location));
                } else {
                    found.addAll(scanJar(root, path, location));
                }
            }
            if (!any && !path.isEmpty()) {
                found.addAll(scanJarsWithoutDirectoryEntries(path, location));
            }
        } catch (IOException e) {
            throw new MigrateException("Could not list location " + location + ": " + e.getMessage(), e);
        }
        found.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        return found;
    }

    /**
     * Jars built without directory entries do not answer {@code getResources("some/dir/")}; list
     * the entries of the class loader's jars instead.
     */
    private List<Resource> scanJarsWithoutDirectoryEntries(String path, String location) throws IOException {
        List<Resource> found = new ArrayList<>();
        for (ClassLoader loader = classLoader; loader != null; loader = loader.getParent()) {
            if (!(loader instanceof java.net.URLClassLoader urls)) {
                continue;
            }
            for (URL url : urls.getURLs()) {
                if ("file".equals(url.getProtocol()) && url.getPath().endsWith(".jar")) {
                    try (JarFile jar = new JarFile(toPath(url).toFile())) {
                        found.addAll(scanJar(jar, path, location));
                    }
                }
            }
        }
        return found;
    }

    private static Path toPath(URL url) {
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            return Paths.get(URLDecoder.decode(url.getPath(), StandardCharsets.UTF_8));
        }
    }

    private List<Resource> scanJar(URL root, String path, String location) throws IOException {
        URLConnection connection = root.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new ConfigurationException("Location " + location + " resolves to " + root
                    + ", which is neither a directory nor a jar; use filesystem: for other places");
        }
        jarConnection.setUseCaches(false);
        try (JarFile jar = jarConnection.getJarFile()) {
            return scanJar(jar, path, location);
        }
    }

    private static List<Resource> scanJar(JarFile jar, String path, String location) throws IOException {
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
                found.add(new Resource(relative, location + "/" + relative, () -> bytes));
            }
        }
        return found;
    }

    private static List<Resource> scanDirectory(Path dir, String location) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Resource> found = new ArrayList<>();
        try {
            listDirectory(dir, "", location, found);
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
     * are directories or files.
     */
    private static void listDirectory(Path dir, String prefix, String location, List<Resource> found) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String relative = prefix + name;
                boolean sql = name.regionMatches(true, name.length() - 4, ".sql", 0, 4);
                if (!sql && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    listDirectory(entry, relative + "/", location, found);
                } else if (sql || Files.isRegularFile(entry)) {
                    found.add(new Resource(relative, location + "/" + relative, () -> Files.readAllBytes(entry), entry));
                }
            }
        }
    }
}
