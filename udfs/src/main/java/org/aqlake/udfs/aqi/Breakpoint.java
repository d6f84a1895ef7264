package org.aqlake.udfs.aqi;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One row of an AQI breakpoint table: concentrations from {@code concentrationLow} to
 * {@code concentrationHigh} (inclusive, at the table's precision) map linearly onto indices from
 * {@code indexLow} to {@code indexHigh}. Decimal arithmetic, because EPA's worked examples land on
 * exact halves (0.078 ppm of 8-hour ozone is 125.5 before rounding) that binary doubles would miss.
 */
public final class Breakpoint {

    private final BigDecimal concentrationLow;
    private final BigDecimal concentrationHigh;
    private final int indexLow;
    private final int indexHigh;

    Breakpoint(String concentrationLow, String concentrationHigh, int indexLow, int indexHigh) {
        this.concentrationLow = new BigDecimal(concentrationLow);
        this.concentrationHigh = new BigDecimal(concentrationHigh);
        this.indexLow = indexLow;
        this.indexHigh = indexHigh;
    }

    public BigDecimal concentrationLow() {
        return concentrationLow;
    }

    public BigDecimal concentrationHigh() {
        return concentrationHigh;
    }

    public int indexLow() {
        return indexLow;
    }

    public int indexHigh() {
        return indexHigh;
    }

    boolean contains(BigDecimal c) {
        return c.compareTo(concentrationLow) >= 0 && c.compareTo(concentrationHigh) <= 0;
    }

    /**
     * EPA's equation, I = (I_hi - I_lo) / (C_hi - C_lo) × (C - C_lo) + I_lo, before rounding. The
     * product is formed before the one division, so a result that is an exact half stays exact.
     */
    BigDecimal interpolate(BigDecimal c) {
        BigDecimal numerator = BigDecimal.valueOf(indexHigh - indexLow).multiply(c.subtract(concentrationLow));
        BigDecimal span = concentrationHigh.subtract(concentrationLow);
        return numerator.divide(span, MathContext.DECIMAL64).add(BigDecimal.valueOf(indexLow));
    }

    @Override
    public String toString() {
        return concentrationLow.toPlainString() + "-" + concentrationHigh.toPlainString() + " -> " + indexLow + "-"
                + indexHigh;
    }
}
