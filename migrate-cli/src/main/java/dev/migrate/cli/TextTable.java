package dev.migrate.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A table of aligned columns for human output. Widths are measured on the plain text, in the
 * columns a terminal draws it in ({@link DisplayWidth}: a CJK description takes two per character,
 * a combining accent none); colour is applied to a cell after padding, so coloured and plain rows
 * line up.
 *
 * <pre>{@code
 * TextTable t = new TextTable("Version", "Description", "State");
 * t.styledRow(new String[] {"1", "create books", "SUCCESS"}, null, null, output::green);
 * t.print(output, output::bold);
 * }</pre>
 */
final class TextTable {

    private static final String GAP = "  ";

    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();
    private final List<UnaryOperator<String>[]> styles = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers;
        this.rightAligned = new boolean[headers.length];
    }

    /** Right-aligns column {@code index} (numbers, durations). */
    TextTable alignRight(int... indexes) {
        for (int i : indexes) {
            rightAligned[i] = true;
        }
        return this;
    }

    /** A row whose cells are styled (coloured) after padding; a null style leaves its cell plain. */
    @SafeVarargs
    final void styledRow(String[] cells, UnaryOperator<String>... cellStyles) {
        rows.add(normalise(cells));
        styles.add(cellStyles);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(Output output, UnaryOperator<String> headerStyle) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = DisplayWidth.of(headers[i]);
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], DisplayWidth.of(row[i]));
            }
        }
        output.line(headerStyle.apply(format(headers, widths, null)));
        for (int r = 0; r < rows.size(); r++) {
            output.line(format(rows.get(r), widths, styles.get(r)));
        }
    }

    private String format(String[] cells, int[] widths, UnaryOperator<String>[] cellStyles) {
        StringBuilder sb = new StringBuilder();
        int last = cells.length - 1;
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            String padding = " ".repeat(widths[i] - DisplayWidth.of(cell));
            String padded;
            if (rightAligned[i]) {
                padded = padding + cell;
            } else if (i == last) {
                padded = cell; // no trailing blanks
            } else {
                padded = cell + padding;
            }
            if (cellStyles != null && i < cellStyles.length && cellStyles[i] != null && !cell.isEmpty()) {
                padded = padded.replace(cell, cellStyles[i].apply(cell));
            }
            sb.append(padded);
            if (i < last) {
                sb.append(GAP);
            }
        }
        return sb.toString().stripTrailing();
    }

    private String[] normalise(String[] cells) {
        String[] row = Arrays.copyOf(cells, headers.length);
        for (int i = 0; i < row.length; i++) {
            row[i] = row[i] == null ? "" : row[i].replace('\n', ' ');
        }
        return row;
    }
}
