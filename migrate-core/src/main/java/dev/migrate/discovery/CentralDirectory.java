package dev.migrate.discovery;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the entry names of a jar on the file system straight from its central directory, without the
 * objects {@link java.util.jar.JarFile#entries()} makes for each entry. Called by {@link ResourceScanner}
 * for every jar of the class path at each scan of a {@code classpath:} location that a folder or another
 * jar has, to find the jars built without directory entries that hold the location too: listing their
 * entries through {@code JarFile} would cost a cold start a tenth of a second or more with a hundred jars.
 */
final class CentralDirectory {

    private static final int END_SIZE = 22;
    private static final int HEADER_SIZE = 46;
    private static final int FIRST_READ = 1024;

    private CentralDirectory() {
    }

    /**
     * Whether the jar may hold entries below {@code path} that the class loader did not answer for: false
     * where it holds none, and where it writes directory entries before their files, as Maven, Gradle, the
     * {@code jar} tool and {@code zip} do (found out from its first file outside {@code META-INF/} and the
     * directory entries before it), so that the class loader found its folder if it has one. True where it
     * has such entries, and where the archive is one this reader leaves to the JDK (ZIP64, unreadable).
     *
     * @param path the location's path, without leading or trailing slashes
     * @throws IOException where the file cannot be read
     */
    static boolean mayHoldUnlisted(File jar, String path) throws IOException {
        byte[] prefix = (path + "/").getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile in = new RandomAccessFile(jar, "r")) {
            long length = in.length();
            if (length < END_SIZE) {
                return false;
            }
            // The end record is last, unless the archive has a comment (at most 65535 bytes).
            byte[] end = read(in, length - END_SIZE, END_SIZE);
            int at = 0;
            if (!isEnd(end, at)) {
                int tail = (int) Math.min(length, END_SIZE + 0xffff);
                end = read(in, length - tail, tail);
                for (at = tail - END_SIZE; at >= 0 && !isEnd(end, at); at--) {
                    // Searching backwards for the end record.
                }
                if (at < 0) {
                    return false;
                }
            }
            long size = u32(end, at + 12);
            if (size == 0xffffffffL || u16(end, at + 10) == 0xffff || size > Integer.MAX_VALUE - 8) {
                return true;
            }
            // Counted back from the end record, so that a launch script before the archive shifts nothing.
            long start = length - end.length + at - size;
            if (start < 0) {
                return true;
            }
            // Most jars are told by their first entries: reading all of a hundred jars' directories costs a few milliseconds.
            Boolean told = mayHoldUnlisted(read(in, start, (int) Math.min(size, FIRST_READ)), prefix, size <= FIRST_READ);
            return told != null ? told : mayHoldUnlisted(read(in, start, (int) size), prefix, true);
        }
    }

    /**
     * What {@link #mayHoldUnlisted(File, String)} answers for a central directory, or null where {@code directory}
     * is only its start ({@code complete} false) and does not tell.
     */
    private static Boolean mayHoldUnlisted(byte[] directory, byte[] prefix, boolean complete) {
        Set<String> folders = new HashSet<>();
        boolean decided = false;
        int p = 0;
        while (p + HEADER_SIZE <= directory.length) {
            if (u32(directory, p) != 0x02014b50L) {
                return Boolean.TRUE;
            }
            int nameLength = u16(directory, p + 28);
            int name = p + HEADER_SIZE;
            if (name + nameLength > directory.length) {
                return complete ? Boolean.TRUE : null;
            }
            if (nameLength >= prefix.length && directory[name] == prefix[0]
                    && Arrays.equals(directory, name, name + prefix.length, prefix, 0, prefix.length)) {
                return Boolean.TRUE;
            }
            if (!decided) {
                String entry = new String(directory, name, nameLength, StandardCharsets.UTF_8);
                int slash = entry.lastIndexOf('/');
                if (slash == entry.length() - 1) {
                    folders.add(entry);
                } else if (slash > 0 && !entry.regionMatches(0, "META-INF/", 0, slash + 1)) {
                    if (folders.contains(entry.substring(0, slash + 1))) {
                        return Boolean.FALSE;
                    }
                    decided = true;
                }
            }
            p = name + nameLength + u16(directory, p + 30) + u16(directory, p + 32);
        }
        return complete ? Boolean.FALSE : null;
    }

    private static boolean isEnd(byte[] bytes, int at) {
        return u32(bytes, at) == 0x06054b50L;
    }

    private static byte[] read(RandomAccessFile in, long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.seek(position);
        in.readFully(bytes);
        return bytes;
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] bytes, int at) {
        return u16(bytes, at) | (long) u16(bytes, at + 2) << 16;
    }
}
