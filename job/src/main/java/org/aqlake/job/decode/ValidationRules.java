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

    /**
     * 2010-01-01T00:00:00Z: after the dates a device falls back to when its clock resets (the Unix epoch,
     * the GPS epoch of 1980, the 2000-01-01 of common RTC chips, a GPS week rollover back to 1999), and
     * before the oldest OpenAQ data (its realtime sample here is from 2014; the platform started in 2015).
     */
    public static final long DEFAULT_MIN_EVENT_TIME_MILLIS = 1_262_304_000_000L;

    public static final ValidationRules DEFAULTS =
            new ValidationRules(DEFAULT_MIN_VALUE, DEFAULT_MAX_VALUE, DEFAULT_MAX_FUTURE_MILLIS);

    public final double minValue;
    public final double maxValue;
    public final long maxFutureMillis;
    /** The earliest accepted event time, epoch millis: below it a reading comes from a reset clock. */
    public final long minEventTimeMillis;

    public ValidationRules(double minValue, double maxValue, long maxFutureMillis) {
        this(minValue, maxValue, maxFutureMillis, DEFAULT_MIN_EVENT_TIME_MILLIS);
    }

    public ValidationRules(double minValue, double maxValue, long maxFutureMillis, long minEventTimeMillis) {
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.maxFutureMillis = maxFutureMillis;
        this.minEventTimeMillis = minEventTimeMillis;
    }
}
