package org.aqlake.udfs.crime;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where each column sits in a line: the export's order, the same behind a leading id column (a row number a
 * spreadsheet or a data frame added), or the order a header line gives, extra header columns ignored.
 */
public final class CrimeLayout {

    private static final Pattern ID = Pattern.compile("\\d+");
    private final int[] positions;
    private final int fields;
    private final Optional<String> broken;

    private CrimeLayout(int[] positions, int fields, Optional<String> broken) {
        this.positions = positions;
        this.fields = fields;
        this.broken = broken;
    }

    /** The layout of a line without a header before it, told by its field count; empty when none fits. */
    public static Optional<CrimeLayout> guess(String[] line) {
        if (line.length == CrimeColumn.COUNT) {
            return Optional.of(offset(0));
        }
        if (line.length == CrimeColumn.COUNT + 1 && ID.matcher(line[0].trim()).matches()) {
            return Optional.of(offset(1));
        }
        return Optional.empty();
    }

    private static CrimeLayout offset(int first) {
        int[] p = new int[CrimeColumn.COUNT];
        for (int i = 0; i < p.length; i++) {
            p[i] = first + i;
        }
        return new CrimeLayout(p, CrimeColumn.COUNT + first, Optional.empty());
    }

    /** True when a line is a header: one of its fields names the timestamp column. */
    public static boolean isHeader(String[] line) {
        for (String f : line) {
            if (CrimeColumn.named(f).filter(c -> c == CrimeColumn.CDATETIME).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The layout a header line gives. A header that lacks a column or names one twice still gives a
     * layout, a broken one, whose lines all become dead letters that say why.
     */
    public static CrimeLayout fromHeader(String[] header) {
        Map<CrimeColumn, Integer> at = new EnumMap<>(CrimeColumn.class);
        Optional<String> broken = Optional.empty();
        for (int i = 0; i < header.length; i++) {
            Optional<CrimeColumn> c = CrimeColumn.named(header[i]);
            if (c.isPresent() && at.put(c.get(), i) != null) {
                broken = Optional.of("the header names column '" + c.get().header() + "' twice");
            }
        }
        int[] p = new int[CrimeColumn.COUNT];
        for (CrimeColumn c : CrimeColumn.values()) {
            Integer i = at.get(c);
            if (i == null && broken.isEmpty()) {
                broken = Optional.of("the header names no column '" + c.header() + "'");
            }
            p[c.ordinal()] = i == null ? -1 : i;
        }
        return new CrimeLayout(p, header.length, broken);
    }

    /** How many fields a line of this layout has. */
    public int fields() {
        return fields;
    }

    /** Why no line can be read with this layout; empty when lines can. */
    public Optional<String> broken() {
        return broken;
    }

    /** The field of a line that holds a column. */
    public String field(String[] line, CrimeColumn column) {
        return line[positions[column.ordinal()]];
    }
}
