package dev.migrate.discovery;

import dev.migrate.MigrationVersion;
import dev.migrate.dialect.h2.H2Splitter;
import dev.migrate.dialect.mysql.MySqlSplitter;
import dev.migrate.dialect.postgres.PostgresSplitter;
import dev.migrate.dialect.sqlite.SqliteSplitter;
import dev.migrate.sql.SqlSplitter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A SQL migration file split into its directives and its up and down sections.
 *
 * <p>Directives are comment lines before the first statement: {@code -- migrate:no-transaction},
 * {@code -- migrate:depends-on 3, 5}, {@code -- migrate:irreversible}, {@code -- migrate:skip-if QUERY}. A line
 * {@code -- migrate:up} starts the up section and {@code -- migrate:down} the down section; a file
 * without them is all up. An unknown {@code -- migrate:} directive is an error, so a typo is not
 * silently ignored. A {@code -- migrate:} line that is part of a statement is no directive: inside a
 * block comment or a string (a section commented out, an example in a text column), a dollar-quoted
 * function body, or the {@code BEGIN ... END} body of a stored program.
 *
 * @param up   the up body (a whole file, or its up section)
 * @param down the down section, or null
 */
record SqlFile(MigrationBody.Sql up, MigrationBody.Sql down, int checksum, List<MigrationVersion> dependsOn,
        boolean irreversible, List<String> environments) {


    /**
     * Every database's reading of quotes and comments. Files are read before the database is known (and
     * while connecting), so a line counts as part of a statement only when all of them agree: a
     * MySQL {@code # don't} comment or {@code 'it\'s'} string, misread by another database's rules,
     * must not hide a real {@code -- migrate:down} and run the down with the up. Dollar quotes,
     * {@code DELIMITER} and stored program bodies, which hardly occur by accident in another database's
     * file, are read alike by all of them ({@link SqlSplitter#enclosed}).
     */
    private static final List<SqlSplitter> READINGS = List.of(new PostgresSplitter(), new MySqlSplitter(), new H2Splitter(),
            new SqliteSplitter());

    /**
     * Parses a file's text.
     *
     * @throws IllegalArgumentException naming the line of a bad directive
     */
    static SqlFile parse(String text, String source) {
        return parse(text, source, null);
    }

    /**
     * Parses a file's text, with the settings of its {@code .conf} file (or null).
     *
     * @throws IllegalArgumentException naming the line of a bad directive, or a directive the
     *                                  configuration contradicts
     */
    static SqlFile parse(String text, String source, ScriptConfig config) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Boolean configured = config == null ? null : config.executeInTransaction();
        String setting = configured == null ? null : config.transactionSetting();
        boolean replace = config == null || config.replacesPlaceholders();
        if (!hasDirective(text)) {
            // Almost every file: no directive and no sections, so the whole text is the up part.
            return new SqlFile(new MigrationBody.Sql(text, source, 1, configured, setting, null, 0, replace), null,
                    MigrationScanner.checksum(text),
                    List.of(), false, List.of());
        }
        boolean noTransaction = false;
        boolean irreversible = false;
        List<MigrationVersion> dependsOn = new ArrayList<>();
        List<String> environments = new ArrayList<>();
        String skipIf = null;
        int skipIfLine = 0;
        int upStart = -1;
        int upLine = 1;
        int downStart = -1;
        int downLine = 0;
        int upEnd = text.length();
        boolean inHeader = true;
        int[] commentedOut = enclosedLines(text);
        int lineNo = 0;
        int pos = 0;
        while (pos < text.length()) {
            lineNo++;
            int eol = pos;
            while (eol < text.length() && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') {
                eol++;
            }
            int next = eol;
            if (next < text.length() && text.charAt(next) == '\r') {
                next++;
            }
            if (next < text.length() && text.charAt(next) == '\n' && (next == eol || text.charAt(eol) == '\r')) {
                next++;
            }
            String line = text.substring(pos, eol).trim();
            String lower = line.toLowerCase(Locale.ROOT);
            int prefix = prefixLength(lower, 0);
            if (prefix > 0 && Arrays.binarySearch(commentedOut, firstNonBlank(text, pos)) >= 0) {
                // part of a statement (in a comment, a string, a body): text, not a directive
                pos = next;
                continue;
            }
            if (prefix > 0) {
                String directive = lower.substring(prefix).trim();
                if (directive.equals("up")) {
                    upStart = next;
                    upLine = lineNo + 1;
                    inHeader = false;
                } else if (directive.equals("down")) {
                    if (downStart >= 0) {
                        throw new IllegalArgumentException("line " + lineNo + " repeats -- migrate:down: keep one down section");
                    }
                    upEnd = pos;
                    downStart = next;
                    downLine = lineNo + 1;
                    inHeader = false;
                } else if (inHeader && directive.equals("no-transaction")) {
                    noTransaction = true;
                } else if (inHeader && directive.equals("irreversible")) {
                    irreversible = true;
                } else if (inHeader && directive.startsWith("depends-on")) {
                    String list = directive.substring("depends-on".length()).trim();
                    if (list.isEmpty()) {
                        throw new IllegalArgumentException("line " + lineNo + ": -- migrate:depends-on needs versions, such as 3, 5");
                    }
                    for (String v : list.split("[,\\s]+")) {
                        if (v.isEmpty()) {
                            continue;
                        }
                        try {
                            dependsOn.add(MigrationVersion.parse(v));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("line " + lineNo + ": -- migrate:depends-on " + e.getMessage());
                        }
                    }
                } else if (inHeader && directive.startsWith("environments")) {
                    String list = directive.substring("environments".length()).trim();
                    if (list.isEmpty()) {
                        throw new IllegalArgumentException("line " + lineNo
                                + ": -- migrate:environments needs the environments it runs in, such as dev, staging");
                    }
                    for (String e : list.split("[,\\s]+")) {
                        if (e.isEmpty()) {
                            continue;
                        }
                        if (!ResolvedMigration.isEnvironmentName(e)) {
                            throw new IllegalArgumentException("line " + lineNo + ": -- migrate:environments: '" + e
                                    + "' is not an environment name: write names such as dev, staging, prod, separated by commas");
                        }
                        environments.add(e);
                    }
                } else if (inHeader && directive.startsWith("skip-if")) {
                    if (skipIf != null) {
                        throw new IllegalArgumentException("line " + lineNo + " repeats -- migrate:skip-if (line " + skipIfLine
                                + "): keep one query");
                    }
                    String query = line.substring(prefix).trim().substring("skip-if".length()).trim();
                    while (query.endsWith(";")) {
                        query = query.substring(0, query.length() - 1).trim();
                    }
                    if (query.isEmpty()) {
                        throw new IllegalArgumentException("line " + lineNo + ": -- migrate:skip-if needs a query, such as SELECT COUNT(*)"
                                + " FROM books: when it returns true or a number other than 0, the migration is recorded as applied"
                                + " without running");
                    }
                    skipIf = query;
                    skipIfLine = lineNo;
                } else if (!inHeader && (directive.equals("no-transaction") || directive.equals("irreversible")
                        || directive.startsWith("depends-on") || directive.startsWith("environments")
                        || directive.startsWith("skip-if"))) {
                    throw new IllegalArgumentException("line " + lineNo + ": " + line
                            + " must stand at the top of the file, before any statement");
                } else {
                    throw new IllegalArgumentException("line " + lineNo + ": unknown directive '" + line
                            + "': use -- migrate:up, -- migrate:down, -- migrate:no-transaction, -- migrate:depends-on,"
                            + " -- migrate:environments, -- migrate:skip-if or -- migrate:irreversible");
                }
            } else if (inHeader && !line.isEmpty() && !line.startsWith("--")) {
                inHeader = false;
            }
            pos = next;
        }
        int start = upStart >= 0 ? upStart : 0;
        int firstLine = upStart >= 0 ? upLine : 1;
        if (upStart > upEnd) {
            throw new IllegalArgumentException("-- migrate:up must come before -- migrate:down");
        }
        String upText = text.substring(start, upEnd);
        Boolean inTransaction = configured;
        if (noTransaction) {
            if (Boolean.TRUE.equals(configured)) {
                throw new IllegalArgumentException("it says -- migrate:no-transaction, but " + setting + ": remove one of them");
            }
            inTransaction = Boolean.FALSE;
            setting = "-- migrate:no-transaction";
        }
        MigrationBody.Sql up = new MigrationBody.Sql(upText, source, firstLine, inTransaction, setting, skipIf, skipIfLine, replace);
        MigrationBody.Sql down = downStart >= 0
                ? new MigrationBody.Sql(text.substring(downStart), source, downLine, inTransaction, setting, null, 0, replace) : null;
        return new SqlFile(up, down, MigrationScanner.checksum(upText), dependsOn, irreversible, List.copyOf(environments));
    }

    /**
     * The offsets of the lines starting with {@code -- migrate:} that every database reads as inside a
     * block comment, a string, a quoted identifier, a dollar quote or a stored program's body, in increasing order. Only the files that have such
     * lines are lexed, and only until one reading finds none of them hidden.
     */
    private static int[] enclosedLines(String text) {
        List<Integer> found = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int first = firstNonBlank(text, pos);
            if (prefixLength(text, first) > 0) {
                found.add(first);
            }
            pos = first;
            while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                pos++;
            }
            // past the line break; \r\n is read as a line break and an empty line, which has no directive
            pos++;
        }
        int[] offsets = found.stream().mapToInt(Integer::intValue).toArray();
        boolean[] hidden = new boolean[offsets.length];
        Arrays.fill(hidden, true);
        for (SqlSplitter reading : READINGS) {
            boolean[] inside = reading.enclosed(text, offsets);
            boolean any = false;
            for (int i = 0; i < hidden.length; i++) {
                hidden[i] &= inside[i];
                any |= hidden[i];
            }
            if (!any) {
                return new int[0];
            }
        }
        return IntStream.range(0, offsets.length).filter(i -> hidden[i]).map(i -> offsets[i]).toArray();
    }

    /** Offset of the first character of the line at {@code pos} that {@link String#trim()} keeps, or of its end. */
    private static int firstNonBlank(String text, int pos) {
        int j = pos;
        while (j < text.length() && text.charAt(j) <= ' ' && text.charAt(j) != '\n' && text.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    /**
     * Whether {@code -- migrate:} occurs anywhere, in any case. Only then is the file walked line by
     * line; the scan of thousands of files at every start stays a few {@code indexOf} calls per file.
     */
    static boolean hasDirective(String text) {
        int from = 0;
        while (true) {
            int i = text.indexOf("--", from);
            if (i < 0) {
                return false;
            }
            if (prefixLength(text, i) > 0) {
                return true;
            }
            from = i + 2;
        }
    }

    /**
     * The length of the directive prefix at {@code at}, or 0 where there is none: {@code -- migrate:} as documented,
     * and the spellings a hand may write for it, {@code --migrate:} and {@code --  migrate :}, in any case, which
     * are read the same rather than skipped as a comment (a {@code depends-on} silently dropped would let a
     * migration run before the one it needs).
     */
    static int prefixLength(String text, int at) {
        if (!text.startsWith("--", at)) {
            return 0;
        }
        int i = at + 2;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (!text.regionMatches(true, i, "migrate", 0, "migrate".length())) {
            return 0;
        }
        i += "migrate".length();
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i < text.length() && text.charAt(i) == ':' ? i + 1 - at : 0;
    }
}
