package dev.migrate.cli.create;

import java.util.List;

/**
 * What a template is filled with: the {@code create} options, each null (or empty, or false) when not given.
 *
 * @param description the migration's name as slug words ({@code add_email_to_users}), used to infer a
 *                    missing table or column
 * @param table       {@code --on}: the table the template works on
 * @param columns     {@code --column NAME[:TYPE]}, in order
 * @param references  {@code --references TABLE[(COLUMN)]}
 * @param constraint  {@code --constraint}: the name of the index or constraint
 * @param from        {@code --from}: the value a data migration changes
 * @param to          {@code --to}: the value it changes it to
 */
public record TemplateInput(String description, String table, List<String> columns, boolean notNull, String defaultValue,
        boolean unique, String references, String newName, String check, String constraint, String from, String to,
        String where, boolean timestamps, boolean softDelete) {

    public TemplateInput {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
