package dev.migrate.cli;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of everything the CLI prints: a JDBC URL is shown with its password replaced
 * by {@code ***}, and any text (a driver's error message, a stack trace) has the configured password
 * blanked, in case a driver echoes it.
 */
final class Redactor {

    /** {@code password=...} in a query string ({@code ?&}) or an H2-style property list ({@code ;}). */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;](?:password|pwd)=)([^&;]*)");
    /** {@code //user:secret@host} */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;]*:)([^/@?;]*)(@)");
    /** Below this length a literal password would blank ordinary words, so only URL patterns are redacted. */
    private static final int MIN_LITERAL = 4;

    private final List<String> secrets;

    /** @param secrets passwords to blank wherever they appear */
    Redactor(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** The URL without its password. */
    static String url(String url) {
        if (url == null) {
            return null;
        }
        String redacted = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(redacted).replaceAll("$1***$3");
    }

    /** {@code text} with URL passwords and the configured password replaced by {@code ***}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = url(text);
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MIN_LITERAL) {
                redacted = redacted.replace(secret, "***");
            }
        }
        return redacted;
    }
}
