package dev.migrate;

import java.util.List;

/** Outcome of {@code validate}: errors block {@code migrate}; warnings do not. */
public record ValidationResult(List<String> errors, List<String> warnings) {

    public ValidationResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
