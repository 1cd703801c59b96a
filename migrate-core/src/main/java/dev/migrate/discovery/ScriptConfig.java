package dev.migrate.discovery;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * The settings of one script from a file beside it named after it with {@code .conf} added
 * ({@code V5__add_status.sql.conf}), in the properties format Flyway's script configuration files
 * use, so that a Flyway migration folder keeps its meaning:
 *
 * <pre>
 * executeInTransaction=false
 * encoding=ISO-8859-1
 * placeholderReplacement=false
 * </pre>
 *
 * <p>Any other key is an error naming the file and line, so a typo is never silently ignored.
 *
 * @param fileName             the configuration file's name, for messages
 * @param executeInTransaction {@code false}: run outside a transaction; {@code true}: inside one even
 *                             where Migrate would run it outside; null: Migrate decides
 * @param encoding             how the script is encoded, or null for UTF-8
 * @param placeholderReplacement {@code false}: the script's placeholders (built-in ones too) are left as written;
 *                             null or {@code true}: replaced as in every script
 */
record ScriptConfig(String fileName, Boolean executeInTransaction, Charset encoding, Boolean placeholderReplacement) {

    static final String SUFFIX = ".conf";

    /** Whether the script's placeholders are replaced: unless {@code placeholderReplacement=false} says otherwise. */
    boolean replacesPlaceholders() {
        return !Boolean.FALSE.equals(placeholderReplacement);
    }

    /** The setting as a message names it: {@code V5__a.sql.conf: executeInTransaction=false}. */
    String transactionSetting() {
        return fileName + " says executeInTransaction=" + executeInTransaction;
    }

    /**
     * Parses a configuration file's text.
     *
     * @throws IllegalArgumentException naming the line of a line it does not understand
     */
    static ScriptConfig parse(String text, String fileName) {
        Boolean inTransaction = null;
        Boolean placeholderReplacement = null;
        Charset encoding = null;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int lineNo = i + 1;
            int eq = separator(line);
            if (eq < 0) {
                throw new IllegalArgumentException("line " + lineNo + " is not a setting: write key=value, such as executeInTransaction=false");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "executeInTransaction" -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new IllegalArgumentException("line " + lineNo + ": executeInTransaction is '" + value
                                + "', but it takes true or false");
                    }
                    inTransaction = Boolean.valueOf(lower);
                }
                case "placeholderReplacement" -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new IllegalArgumentException("line " + lineNo + ": placeholderReplacement is '" + value
                                + "', but it takes true or false");
                    }
                    placeholderReplacement = Boolean.valueOf(lower);
                }
                case "encoding" -> {
                    try {
                        encoding = Charset.forName(value);
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        throw new IllegalArgumentException("line " + lineNo + ": encoding '" + value
                                + "' is not a character set this Java knows: use a name such as UTF-8 or ISO-8859-1");
                    }
                }
                default -> throw new IllegalArgumentException("line " + lineNo + ": unknown setting '" + key + "'"
                        + (key.equals("shouldExecute") ? " (a Flyway Teams setting Migrate does not support: move the"
                                + " script to a location of its own and list that location only where it should run)" : "")
                        + ": a script's configuration file takes executeInTransaction, encoding and placeholderReplacement");
            }
        }
        return new ScriptConfig(fileName, inTransaction, encoding, placeholderReplacement);
    }

    /** Where a properties line's key ends: the first {@code =} or {@code :}. */
    private static int separator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }
}
