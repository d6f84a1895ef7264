package org.aqlake.job.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A result table as the Flink SQL client prints it in its tableau mode:
 *
 * <pre>
 * +---------+-----+
 * |    city | aqi |
 * +---------+-----+
 * | Beijing | 245 |
 * +---------+-----+
 * 1 row in set
 * </pre>
 *
 * Cells are kept as the text shown, trimmed; {@code <NULL>} becomes null. The client cuts a cell wider
 * than its column limit and ends it with {@code ...}: {@link #matches} allows for that.
 */
public final class Tableau {

    public static final String NULL = "<NULL>";
    static final String ELLIPSIS = "...";

    public final List<String> columns;
    public final List<List<String>> rows;

    Tableau(List<String> columns, List<List<String>> rows) {
        this.columns = Collections.unmodifiableList(columns);
        this.rows = Collections.unmodifiableList(rows);
    }

    /** Every table in the output, in order; text around them (prompts, statements, messages) is skipped. */
    public static List<Tableau> parseAll(String output) {
        List<Tableau> tables = new ArrayList<>();
        String[] lines = output.split("\r?\n");
        int i = 0;
        while (i < lines.length) {
            // a table starts with a border, its header and another border
            if (isBorder(lines[i]) && i + 2 < lines.length && isRow(lines[i + 1]) && isBorder(lines[i + 2])) {
                List<String> columns = cells(lines[i + 1]);
                List<List<String>> rows = new ArrayList<>();
                i += 3;
                while (i < lines.length && isRow(lines[i])) {
                    rows.add(cells(lines[i]));
                    i++;
                }
                tables.add(new Tableau(columns, rows));
            }
            i++;
        }
        return tables;
    }

    static boolean isBorder(String line) {
        return line.matches("\\+(-+\\+)+");
    }

    static boolean isRow(String line) {
        return line.startsWith("|") && line.endsWith("|");
    }

    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
            String v = cell.trim();
            cells.add(NULL.equals(v) ? null : v);
        }
        return cells;
    }

    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new AssertionError("no column " + name + " in " + columns);
        }
        return i;
    }

    public String cell(int row, String column) {
        return rows.get(row).get(column(column));
    }

    /** Whether a shown cell is the expected text, or its start when the client cut it. */
    public static boolean matches(String shown, String expected) {
        if (shown == null || expected == null) {
            return shown == null && expected == null;
        }
        if (shown.endsWith(ELLIPSIS) && !expected.endsWith(ELLIPSIS)) {
            return expected.startsWith(shown.substring(0, shown.length() - ELLIPSIS.length()));
        }
        return shown.equals(expected);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.join(" | ", columns)).append('\n');
        rows.forEach(r -> sb.append(r).append('\n'));
        return sb.toString();
    }
}
