package dev.migrate.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A database's error message as Migrate reports it: bounded in length. Some drivers quote the failing statement or
 * value whole (H2 puts the statement in its message twice, PostgreSQL quotes a value it cannot read), so a failed
 * 10 MB statement would otherwise give a 20 MB message, printed by the CLI, logged, and kept in memory with the
 * exception.
 */
public final class DriverMessages {

    /** A line of the message longer than this is cut in its middle. */
    static final int MAX_LINE = 1_000;
    /** The whole message, once its lines are cut, is cut in its middle when longer than this. */
    static final int MAX = 2_000;
    private static final int HEAD = 300;
    private static final int TAIL = 300;
    /** H2's mark of where its parser stopped, kept with what stands before and after it. */
    private static final String H2_MARK = "[*]";
    private static final int BEFORE_MARK = 200;
    private static final int AFTER_MARK = 100;

    private DriverMessages() {
    }

    /**
     * {@code message}, or, when a line of it is longer than {@value #MAX_LINE} characters or it is longer than
     * {@value #MAX}, the same with its long parts cut in their middle, each cut saying how many characters it left
     * out. What matters stays: the start of each line, its end (H2's error code, PostgreSQL's position), and the
     * place H2 marks with {@code [*]}.
     */
    public static String bounded(String message) {
        if (message == null || message.length() <= MAX_LINE) {
            return message;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(line.length() <= MAX_LINE ? line : cut(line));
        }
        String lines = sb.toString();
        return lines.length() <= MAX ? lines : keep(lines, List.of(new int[] {0, MAX - TAIL - 200},
                new int[] {lines.length() - TAIL, lines.length()}));
    }

    private static String cut(String line) {
        List<int[]> kept = new ArrayList<>();
        kept.add(new int[] {0, HEAD});
        int mark = line.indexOf(H2_MARK);
        if (mark >= 0) {
            kept.add(new int[] {Math.max(0, mark - BEFORE_MARK), Math.min(line.length(), mark + H2_MARK.length() + AFTER_MARK)});
        }
        kept.add(new int[] {line.length() - TAIL, line.length()});
        return keep(line, kept);
    }

    /** The ranges {@code kept} of {@code text} (in order of their starts), joined by a note of what is left out between. */
    private static String keep(String text, List<int[]> kept) {
        StringBuilder sb = new StringBuilder();
        int end = 0;
        for (int[] range : kept) {
            int from = boundary(text, Math.max(range[0], end));
            int to = boundary(text, range[1]);
            if (from >= to) {
                continue;
            }
            if (from > end) {
                sb.append(" ...(").append(from - end).append(" characters left out)... ");
            }
            sb.append(text, from, to);
            end = to;
        }
        return sb.toString();
    }

    /** {@code i}, moved back one where it would split a surrogate pair. */
    private static int boundary(String text, int i) {
        return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i)) && Character.isHighSurrogate(text.charAt(i - 1))
                ? i - 1 : i;
    }
}
