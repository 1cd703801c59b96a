package dev.migrate.sql;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The statements the splitter cut out of one script, kept as offsets into the script rather than as copies
 * of their text: a dump of many megabytes then takes little more memory split than read, and each
 * {@link SqlStatement} (with its text) is made when it is asked for and may be dropped once run.
 * Unmodifiable once the splitter has filled it.
 */
final class ScriptStatements extends AbstractList<SqlStatement> implements RandomAccess {

    private final String script;
    /** Per statement: its start offset, end offset and 1-based line, the lines counted from the script's first. */
    private int[] bounds;
    private int size;
    private final BitSet nonTransactional;
    /** Per statement with inline data (COPY ... FROM STDIN): its text's start and end offsets, line and line count. */
    private final Map<Integer, int[]> data;
    /** Added to every line: where the script starts in its file ({@link #movedDown}). */
    private final int lineOffset;

    ScriptStatements(String script) {
        this(script, new int[3 * 16], 0, new BitSet(), new HashMap<>(), 0);
    }

    private ScriptStatements(String script, int[] bounds, int size, BitSet nonTransactional, Map<Integer, int[]> data,
                             int lineOffset) {
        this.script = script;
        this.bounds = bounds;
        this.size = size;
        this.nonTransactional = nonTransactional;
        this.data = data;
        this.lineOffset = lineOffset;
    }

    /** Called by the splitter only, while it reads the script. */
    void addStatement(int start, int end, int line, boolean transactional) {
        if (3 * size == bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[3 * size] = start;
        bounds[3 * size + 1] = end;
        bounds[3 * size + 2] = line;
        if (!transactional) {
            nonTransactional.set(size);
        }
        size++;
    }

    /** Called by the splitter only: the last statement's inline data, from {@code start} to {@code end}. */
    void setLastData(int start, int end, int line, int lines) {
        data.put(size - 1, new int[] {start, end, line, lines});
    }

    /** The same statements of a script that starts {@code lines} lines further down its file. */
    ScriptStatements movedDown(int lines) {
        if (lines == 0) {
            return this;
        }
        return new ScriptStatements(script, bounds, size, nonTransactional, data, lineOffset + lines);
    }

    @Override
    public SqlStatement get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("statement " + index + " of " + size);
        }
        int[] d = data.get(index);
        SqlStatement.InlineData inline = d == null ? null
                : new SqlStatement.InlineData(script.substring(d[0], d[1]), d[2] + lineOffset, d[3]);
        return new SqlStatement(script.substring(bounds[3 * index], bounds[3 * index + 1]), bounds[3 * index + 2] + lineOffset,
                !nonTransactional.get(index), inline);
    }

    @Override
    public int size() {
        return size;
    }
}
