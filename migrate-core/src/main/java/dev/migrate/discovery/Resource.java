package dev.migrate.discovery;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file found in a location.
 *
 * @param relativePath path below the location, with '/' separators ({@code sub/V1__a.sql})
 * @param description  where it is, for messages ({@code filesystem:/srv/sql/sub/V1__a.sql})
 * @param reader       reads the bytes when needed
 * @param file         the file on the file system as it was reached (through links, not resolved), or
 *                     null for an entry of a jar: says whether two resources are one file
 * @param origin       for a {@code classpath:} location, the class path entry the file is in (a jar,
 *                     {@code /app/app.jar!/BOOT-INF/lib/lib.jar} for a jar inside a Spring Boot jar, or a
 *                     folder): two entries may each hold a file of the same name, which the description
 *                     alone does not tell apart. Null for a {@code filesystem:} location, whose description
 *                     is the file's path
 */
public record Resource(String relativePath, String description, Reader reader, Path file, String origin) {

    /** A file of a {@code filesystem:} location. */
    public Resource(String relativePath, String description, Reader reader, Path file) {
        this(relativePath, description, reader, file, null);
    }

    /** The description, followed by the class path entry the file is in where there is one, for messages about two files. */
    public String descriptionWithOrigin() {
        return origin == null ? description : description + " (in " + origin + ")";
    }

    /** Reads a resource's bytes. */
    @FunctionalInterface
    public interface Reader {
        byte[] read() throws IOException;
    }

    public String fileName() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? relativePath : relativePath.substring(slash + 1);
    }
}
