package dev.migrate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A migration version: dot- or underscore-separated numeric parts compared numerically part by
 * part, so {@code 1.10 > 1.9}, {@code 001 == 1} and {@code 1_2 == 1.2}. Trailing zero parts do not
 * count ({@code 1.0 == 1}). Parts may be as long as a timestamp ({@code 20240126100000}) or longer.
 *
 * <pre>{@code
 * MigrationVersion.parse("2024.03.20.01").compareTo(MigrationVersion.parse("2024.3.20.2")) < 0
 * }</pre>
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {

    /**
     * The longest {@link #toString()} a migration may have: the history and audit tables store the
     * version in a {@code VARCHAR(50)} column, so discovery refuses a longer one, naming the file.
     */
    public static final int MAX_LENGTH = 50;

    /** Numeric parts without leading zeros ("" for zero), trailing zero parts removed. */
    private final List<String> parts;
    private final String text;

    private MigrationVersion(List<String> parts) {
        this.parts = parts;
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(p.isEmpty() ? "0" : p);
        }
        this.text = parts.isEmpty() ? "0" : sb.toString();
    }

    /**
     * Parses a version written as the user wrote it in a file name, an annotation or a setting.
     *
     * @throws IllegalArgumentException naming the text when it is not a version
     */
    public static MigrationVersion parse(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("A migration version must not be empty");
        }
        String trimmed = version.trim();
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= trimmed.length(); i++) {
            if (i == trimmed.length() || trimmed.charAt(i) == '.' || trimmed.charAt(i) == '_') {
                String part = trimmed.substring(start, i);
                if (part.isEmpty() || !allDigits(part)) {
                    throw new IllegalArgumentException("'" + version
                            + "' is not a migration version: use numbers separated by '.' or '_', such as 1, 1.2 or 20240126100000");
                }
                parts.add(stripLeadingZeros(part));
                start = i + 1;
            }
        }
        while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return new MigrationVersion(Collections.unmodifiableList(parts));
    }

    private static boolean allDigits(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripLeadingZeros(String part) {
        int i = 0;
        while (i < part.length() && part.charAt(i) == '0') {
            i++;
        }
        return part.substring(i);
    }

    @Override
    public int compareTo(MigrationVersion other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            String a = i < parts.size() ? parts.get(i) : "";
            String b = i < other.parts.size() ? other.parts.get(i) : "";
            int c = Integer.compare(a.length(), b.length());
            if (c == 0) {
                c = a.compareTo(b);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    public boolean isNewerThan(MigrationVersion other) {
        return compareTo(other) > 0;
    }

    public boolean isAtMost(MigrationVersion other) {
        return compareTo(other) <= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationVersion v && parts.equals(v.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /** The normalised form: parts joined by '.', without leading zeros ({@code 001_02 -> 1.2}). */
    @Override
    public String toString() {
        return text;
    }
}
