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
 */
public record Resource(String relativePath, String description, Reader reader, Path file) {

    /** A resource that is not a file of the file system (an entry of a jar). */
    public Resource(String relativePath, String description, Reader reader) {
        this(relativePath, description, reader, null);
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
