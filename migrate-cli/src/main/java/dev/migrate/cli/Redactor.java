package dev.migrate.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of everything the CLI prints: a JDBC URL is shown with its password replaced
 * by {@code ***}, and any text (a driver's error message, a stack trace) has the configured password
 * blanked, in case a driver echoes it.
 */
final class Redactor {

    /** {@code password=...} in a query string ({@code ?&}) or an H2-style property list ({@code ;}), in a URL alone. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;](?:password|pwd)=)([^&;\\r\\n]*)");
    /** {@code //user:secret@host}, in a URL alone. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;\\s]*:)([^/@?;\\r\\n]*)(@)");
    /**
     * Oracle's {@code jdbc:oracle:thin:scott/tiger@db:1521/ORCL} (and {@code oci:}), in a URL alone: the
     * password is in double quotes, or else runs to the last {@code @}, so that an unquoted one holding
     * an {@code @} is blanked whole rather than in part.
     */
    private static final Pattern ORACLE_USER_PASSWORD = Pattern.compile("(?i)(jdbc:oracle:\\w+:[^/@\\s]*/)(\"[^\"\\r\\n]*\"|[^\\r\\n]*)(@)");
    /**
     * The same in running text, where the value ends at a space too: a URL quoted in a message is
     * followed by more of the message, which must not be blanked with it. A password with a space
     * in a URL is blanked whole as a literal (see {@link #passwordsIn}), and is left alone here.
     */
    private static final Pattern PASSWORD_PARAMETER_IN_TEXT = Pattern.compile("(?i)([?&;](?:password|pwd)=)(?!\\*\\*\\*)([^&;\\s]*)");
    private static final Pattern USER_INFO_IN_TEXT = Pattern.compile("(//[^/:@?;\\s]*:)([^/@?;\\s]*)(@)");
    /** Oracle's {@code user/password@}, in running text: an unquoted password ends at the first {@code @}. */
    private static final Pattern ORACLE_USER_PASSWORD_IN_TEXT = Pattern.compile("(?i)(jdbc:oracle:\\w+:[^/@\\s]*/)(\"[^\"\\r\\n]*\"|[^@\\s]*)(@)");

    private final List<String> secrets;

    /**
     * @param secrets passwords to blank wherever they appear, however short: a short one also blanks
     *                the same letters inside ordinary words, which garbles a message but never leaks it
     */
    Redactor(Collection<String> secrets) {
        // Longest first, so a password that contains a shorter one is blanked whole.
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** The URL without its password. */
    static String url(String url) {
        if (url == null) {
            return null;
        }
        String redacted = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        redacted = ORACLE_USER_PASSWORD.matcher(redacted).replaceAll("$1***$3");
        return USER_INFO.matcher(redacted).replaceAll("$1***$3");
    }

    /** The passwords written in a JDBC URL, to blank wherever else they appear. */
    static List<String> passwordsIn(String url) {
        List<String> found = new ArrayList<>();
        if (url != null) {
            PASSWORD_PARAMETER.matcher(url).results().forEach(m -> found.add(m.group(2)));
            USER_INFO.matcher(url).results().forEach(m -> found.add(m.group(2)));
            ORACLE_USER_PASSWORD.matcher(url).results().forEach(m -> found.add(unquoted(m.group(2))));
        }
        return found;
    }

    /** An Oracle password without its quotes, which a driver's message may leave out. */
    private static String unquoted(String password) {
        return password.length() >= 2 && password.startsWith("\"") && password.endsWith("\"")
                ? password.substring(1, password.length() - 1) : password;
    }

    /** {@code text} with the known passwords and any URL's password replaced by {@code ***}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, "***");
        }
        redacted = PASSWORD_PARAMETER_IN_TEXT.matcher(redacted).replaceAll("$1***");
        redacted = ORACLE_USER_PASSWORD_IN_TEXT.matcher(redacted).replaceAll("$1***$3");
        return USER_INFO_IN_TEXT.matcher(redacted).replaceAll("$1***$3");
    }
}
