package dev.migrate.discovery;

import java.io.IOException;

/**
 * A file found in a location.
 *
 * @param relativePath path below the location, with '/' separators ({@code sub/V1__a.sql})
 * @param description  where it is, for messages ({@code filesystem:/srv/sql/sub/V1__a.sql})
 * @param reader       reads the bytes when needed
 */
public record Resource(String relativePath, String description, Reader reader) {

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
