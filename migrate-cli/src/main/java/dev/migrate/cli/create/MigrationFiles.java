package dev.migrate.cli.create;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrationVersion;
import dev.migrate.discovery.MigrationFileName;
import dev.migrate.discovery.MigrationNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one migration folder as {@code create} sees them: which versions exist, which one
 * comes next, which layout the folder uses, and writing a new migration without overwriting anything.
 *
 * <p><b>Next version.</b> The highest existing version's first numeric part plus one, keeping its
 * zero padding ({@code 007} is followed by {@code 008}, {@code 1.2} by {@code 2}); {@code 1} in an
 * empty folder. A folder that already uses timestamps (a first part of 12 digits or more, such as
 * {@code 20240126100000}) gets the current UTC time as {@code yyyyMMddHHmmss}, as does
 * {@code --timestamp}; if the clock is behind the newest timestamp, that timestamp plus one.
 */
public final class MigrationFiles {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int TIMESTAMP_DIGITS = 12;
    /** The version's first numeric part as written at the start of a file name, after the prefix. */
    private static final Pattern LEADING_VERSION = Pattern.compile("^(\\d+)");

    private final Path directory;
    private final MigrationNaming naming;

    /** The files of a folder named as by default ({@code V1__a.sql}), such as a folder of Java migrations. */
    public MigrationFiles(Path directory) {
        this(directory, MigrationNaming.DEFAULT);
    }

    /** The files of a folder of SQL migrations named as {@code naming} says. */
    public MigrationFiles(Path directory, MigrationNaming naming) {
        this.directory = directory;
        this.naming = naming;
    }

    public Path directory() {
        return directory;
    }

    /** A version found in the folder and the first numeric part as the file name writes it ({@code 007}). */
    record Existing(MigrationVersion version, String firstPart, Layout layout) {
    }

    List<Existing> existing() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Existing> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                MigrationFileName parsed;
                try {
                    // A Java migration class V3__AddIndex.java counts like V3__add_index.sql.
                    parsed = name.endsWith(".java") ? MigrationFileName.parse(name.replaceFirst("\\.java$", ".sql"))
                            : MigrationFileName.parse(name, naming);
                } catch (IllegalArgumentException e) {
                    continue; // validate reports it; create only needs the good ones
                }
                if (parsed == null || parsed.version() == null) {
                    continue;
                }
                String prefix = switch (parsed.kind()) {
                    case VERSIONED -> name.endsWith(".java") ? "V" : naming.versionedPrefix();
                    case UNDO -> naming.undoPrefix();
                    default -> "";
                };
                Matcher m = LEADING_VERSION.matcher(name.substring(prefix.length()));
                String first = m.find() ? m.group(1) : parsed.version().toString();
                Layout layout = switch (parsed.kind()) {
                    case UP, DOWN -> Layout.UPDOWN;
                    default -> Layout.PAIR;
                };
                found.add(new Existing(parsed.version(), first, layout));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigurationException("Could not list " + directory + ": " + e.getMessage());
        }
        return found;
    }

    /** The version of the next migration; see the class comment. */
    public String nextVersion(boolean timestamp, Clock clock) {
        Existing highest = existing().stream().max((a, b) -> a.version().compareTo(b.version())).orElse(null);
        boolean useTimestamp = timestamp || (highest != null && highest.firstPart().length() >= TIMESTAMP_DIGITS);
        if (useTimestamp) {
            String now = TIMESTAMP.format(clock.instant());
            if (highest == null || MigrationVersion.parse(now).isNewerThan(highest.version())) {
                return now;
            }
            return new BigInteger(highest.firstPart()).add(BigInteger.ONE).toString();
        }
        if (highest == null) {
            return "1";
        }
        String next = new BigInteger(highest.firstPart()).add(BigInteger.ONE).toString();
        int width = highest.firstPart().length();
        return next.length() < width ? "0".repeat(width - next.length()) + next : next;
    }

    /** The layout most of the folder's migrations use; {@link Layout#PAIR} for an empty folder or a tie. */
    public Layout prevailingLayout() {
        long upDown = existing().stream().filter(e -> e.layout() == Layout.UPDOWN).count();
        long pair = existing().stream().filter(e -> e.layout() == Layout.PAIR).count();
        return upDown > pair ? Layout.UPDOWN : Layout.PAIR;
    }

    /**
     * @throws ConfigurationException when {@code version} is already used in the folder
     */
    public void checkUnused(String version) {
        MigrationVersion v = MigrationVersion.parse(version);
        if (existing().stream().anyMatch(e -> e.version().equals(v))) {
            throw new ConfigurationException("Version " + v + " already exists in " + directory
                    + ": leave out --version to get the next free one");
        }
    }

    /** A migration name as the description part of a file name: {@code "Add email to users"} becomes {@code add_email_to_users}. */
    public static String slug(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (s.isEmpty()) {
            throw new ConfigurationException("The migration name '" + name + "' has no letters or digits: name it like add_email_to_users");
        }
        return s;
    }

    /**
     * Writes the files of a new migration.
     *
     * @param header comment lines at the top of each file (without {@code --})
     * @return the files written, up first
     * @throws ConfigurationException when a file already exists or cannot be written
     */
    public List<Path> write(Layout layout, String version, String slug, List<String> header, String up, String down,
            String upNote, String downNote) {
        List<Path> files = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        String comments = comment(header);
        switch (layout) {
            case PAIR -> {
                files.add(directory.resolve(naming.versionedName(version, slug)));
                files.add(directory.resolve(naming.undoName(version, slug)));
                contents.add(comments + body(up, upNote));
                contents.add(comments + body(down, downNote));
            }
            case UPDOWN -> {
                files.add(directory.resolve(version + "_" + slug + ".up" + naming.suffixes().get(0)));
                files.add(directory.resolve(version + "_" + slug + ".down" + naming.suffixes().get(0)));
                contents.add(comments + body(up, upNote));
                contents.add(comments + body(down, downNote));
            }
            case SINGLE -> {
                files.add(directory.resolve(naming.versionedName(version, slug)));
                contents.add(comments + "-- migrate:up\n" + body(up, upNote) + "\n-- migrate:down\n" + body(down, downNote));
            }
        }
        for (Path file : files) {
            if (Files.exists(file)) {
                throw new ConfigurationException(file + " already exists: choose another name or --version");
            }
        }
        try {
            Files.createDirectories(directory);
            for (int i = 0; i < files.size(); i++) {
                Files.writeString(files.get(i), contents.get(i), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            }
        } catch (IOException e) {
            throw new ConfigurationException("Could not write " + directory + ": " + e.getMessage());
        }
        return files;
    }

    private static String comment(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            for (String l : line.split("\n")) {
                sb.append("-- ").append(l).append('\n');
            }
        }
        return sb.toString();
    }

    /** The statements, or a note that is a valid no-op script when there are none yet. */
    private static String body(String sql, String note) {
        if (sql == null || sql.isBlank()) {
            return comment(List.of(note));
        }
        return sql.endsWith("\n") ? sql : sql + "\n";
    }
}
