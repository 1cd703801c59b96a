package dev.migrate;

import java.util.List;

/**
 * The migrations or the history are not consistent: bad file names, duplicate versions, a broken
 * dependency graph, changed or missing applied files, out-of-order versions. Nothing was changed.
 * {@link #problems()} lists every problem found, each naming the file or migration and the fix.
 */
public class ValidationException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ValidationException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<String> problems) {
        if (problems.size() == 1) {
            return "Validation failed: " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("Validation failed with ").append(problems.size()).append(" problems:");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }

    public List<String> problems() {
        return problems;
    }
}
