package org.aqlake.job.decode;

import java.io.Serializable;

/**
 * The configurable bounds of validation. Values are compared on the "small" scale (µg/m³ or ppb;
 * ppm and mg/m³ times 1000), so one pair of bounds fits every pollutant.
 */
public final class ValidationRules implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Slightly negative readings are instrument noise around zero, not errors; -999 and the like are sentinels. */
    public static final double DEFAULT_MIN_VALUE = -10.0;

    public static final double DEFAULT_MAX_VALUE = 50_000.0;
    public static final long DEFAULT_MAX_FUTURE_MILLIS = 3_600_000L;

    public static final ValidationRules DEFAULTS =
            new ValidationRules(DEFAULT_MIN_VALUE, DEFAULT_MAX_VALUE, DEFAULT_MAX_FUTURE_MILLIS);

    public final double minValue;
    public final double maxValue;
    public final long maxFutureMillis;

    public ValidationRules(double minValue, double maxValue, long maxFutureMillis) {
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.maxFutureMillis = maxFutureMillis;
    }
}
