package org.aqlake.udfs.aqi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The AQI breakpoint tables of EPA's Technical Assistance Document for the Reporting of Daily Air
 * Quality (EPA-454/B-24-002, May 2024, Table 6), which carries the PM2.5 breakpoints revised with
 * the 2024 PM NAAQS. Its hazardous row, a single row for AQI 301 to 500 since 2024, ends at the
 * concentrations that map onto AQI 500 (PM2.5 325.4 µg/m³, PM10 604 µg/m³, O3 1-hour 0.604 ppm,
 * CO 50.4 ppm, SO2 1004 ppb, NO2 2049 ppb); above them the AQI is "beyond the index".
 *
 * <p>Each table truncates (never rounds) the concentration to its own precision before looking it
 * up: PM2.5 to 0.1 µg/m³, PM10 to 1 µg/m³, O3 to 0.001 ppm, CO to 0.1 ppm, SO2 and NO2 to 1 ppb.
 * The index is then rounded to the nearest integer, halves up.
 *
 * <p>Outside a table's rows:
 *
 * <ul>
 *   <li>below the first row, a table that starts at zero gives 0 (slightly negative concentrations
 *       are instrument noise around zero); O3 1-hour, which starts at 0.125 ppm, and SO2 24-hour,
 *       which only defines AQI 201 and above, give null;
 *   <li>above the last row, O3 8-hour (above 0.200 ppm) and SO2 1-hour (above 304 ppb) give null,
 *       because the TAD hands those cases to O3 1-hour and SO2 24-hour values; the other tables
 *       continue the hazardous line beyond 500 ("beyond the AQI"), so the index keeps rising with
 *       the concentration instead of saturating.
 * </ul>
 */
public enum BreakpointTable {

    PM25_24H("PM2.5, 24-hour", "\u00B5g/m\u00B3", 1, true, true,
            new Breakpoint("0.0", "9.0", 0, 50),
            new Breakpoint("9.1", "35.4", 51, 100),
            new Breakpoint("35.5", "55.4", 101, 150),
            new Breakpoint("55.5", "125.4", 151, 200),
            new Breakpoint("125.5", "225.4", 201, 300),
            new Breakpoint("225.5", "325.4", 301, 500)),

    PM10_24H("PM10, 24-hour", "\u00B5g/m\u00B3", 0, true, true,
            new Breakpoint("0", "54", 0, 50),
            new Breakpoint("55", "154", 51, 100),
            new Breakpoint("155", "254", 101, 150),
            new Breakpoint("255", "354", 151, 200),
            new Breakpoint("355", "424", 201, 300),
            new Breakpoint("425", "604", 301, 500)),

    O3_8H("O3, 8-hour", "ppm", 3, true, false,
            new Breakpoint("0.000", "0.054", 0, 50),
            new Breakpoint("0.055", "0.070", 51, 100),
            new Breakpoint("0.071", "0.085", 101, 150),
            new Breakpoint("0.086", "0.105", 151, 200),
            new Breakpoint("0.106", "0.200", 201, 300)),

    O3_1H("O3, 1-hour", "ppm", 3, false, true,
            new Breakpoint("0.125", "0.164", 101, 150),
            new Breakpoint("0.165", "0.204", 151, 200),
            new Breakpoint("0.205", "0.404", 201, 300),
            new Breakpoint("0.405", "0.604", 301, 500)),

    CO_8H("CO, 8-hour", "ppm", 1, true, true,
            new Breakpoint("0.0", "4.4", 0, 50),
            new Breakpoint("4.5", "9.4", 51, 100),
            new Breakpoint("9.5", "12.4", 101, 150),
            new Breakpoint("12.5", "15.4", 151, 200),
            new Breakpoint("15.5", "30.4", 201, 300),
            new Breakpoint("30.5", "50.4", 301, 500)),

    SO2_1H("SO2, 1-hour", "ppb", 0, true, false,
            new Breakpoint("0", "35", 0, 50),
            new Breakpoint("36", "75", 51, 100),
            new Breakpoint("76", "185", 101, 150),
            new Breakpoint("186", "304", 151, 200)),

    SO2_24H("SO2, 24-hour", "ppb", 0, false, true,
            new Breakpoint("305", "604", 201, 300),
            new Breakpoint("605", "1004", 301, 500)),

    NO2_1H("NO2, 1-hour", "ppb", 0, true, true,
            new Breakpoint("0", "53", 0, 50),
            new Breakpoint("54", "100", 51, 100),
            new Breakpoint("101", "360", 101, 150),
            new Breakpoint("361", "649", 151, 200),
            new Breakpoint("650", "1249", 201, 300),
            new Breakpoint("1250", "2049", 301, 500));

    private final String description;
    private final String unit;
    private final int decimals;
    private final boolean zeroBelow;
    private final boolean extendedAbove;
    private final List<Breakpoint> rows;

    BreakpointTable(String description, String unit, int decimals, boolean zeroBelow, boolean extendedAbove,
            Breakpoint... rows) {
        this.description = description;
        this.unit = unit;
        this.decimals = decimals;
        this.zeroBelow = zeroBelow;
        this.extendedAbove = extendedAbove;
        this.rows = List.of(rows);
    }

    /** For example {@code PM2.5, 24-hour}. */
    public String description() {
        return description;
    }

    /** The unit of the table's concentrations: µg/m³, ppm or ppb. */
    public String unit() {
        return unit;
    }

    /** Decimal places the concentration is truncated to. */
    public int decimals() {
        return decimals;
    }

    public List<Breakpoint> rows() {
        return rows;
    }

    /** The concentration cut (toward zero) to the table's precision: what EPA calls C_p. */
    public double truncate(double concentration) {
        return Double.isFinite(concentration) ? truncated(concentration).doubleValue() : concentration;
    }

    /**
     * The sub-index of a concentration in the table's unit.
     *
     * @return the index, or null when the concentration is NaN or the table does not define it (see
     *     the class comment)
     */
    public Integer index(double concentration) {
        if (Double.isNaN(concentration)) {
            return null;
        }
        if (Double.isInfinite(concentration)) {
            if (concentration > 0) {
                return extendedAbove ? Integer.MAX_VALUE : null;
            }
            return zeroBelow ? 0 : null;
        }
        BigDecimal c = truncated(concentration);
        Breakpoint first = rows.get(0);
        if (c.compareTo(first.concentrationLow()) < 0) {
            return zeroBelow ? 0 : null;
        }
        for (Breakpoint row : rows) {
            if (row.contains(c)) {
                return round(row.interpolate(c));
            }
        }
        Breakpoint last = rows.get(rows.size() - 1);
        if (c.compareTo(last.concentrationHigh()) > 0) {
            return extendedAbove ? round(last.interpolate(c)) : null;
        }
        // between two rows: unreachable after truncation, since each row starts one step after the last
        throw new IllegalStateException(description + ": no row holds " + c.toPlainString());
    }

    private BigDecimal truncated(double concentration) {
        // via the shortest decimal form of the double (35.4, not 35.39999...), then toward zero
        return BigDecimal.valueOf(concentration).setScale(decimals, RoundingMode.DOWN);
    }

    private static int round(BigDecimal index) {
        BigDecimal rounded = index.setScale(0, RoundingMode.HALF_UP);
        return rounded.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) >= 0 ? Integer.MAX_VALUE : rounded.intValue();
    }
}
