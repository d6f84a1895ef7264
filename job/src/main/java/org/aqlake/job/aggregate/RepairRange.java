package org.aqlake.job.aggregate;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The windows a repair recomputes: those starting in {@code [from, to)}, both on window boundaries. Their
 * AQI and WHO columns read the hours before {@code from} as well, so readings are read from {@link
 * #readingsFrom} on.
 */
public final class RepairRange implements Serializable {

    private static final long serialVersionUID = 1L;

    public final long from;
    public final long to;

    private RepairRange(long from, long to) {
        this.from = from;
        this.to = to;
    }

    /** @throws IllegalArgumentException naming what is wrong, for the caller to name its key */
    public static RepairRange of(Instant from, Instant to, AggregationRules rules) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        if (rules.windowStart(f) != f || rules.windowStart(t) != t) {
            throw new IllegalArgumentException("both ends must be window starts (multiples of "
                    + Duration.ofMillis(rules.windowMillis) + " since the epoch, UTC)");
        }
        if (f >= t) {
            throw new IllegalArgumentException("the range is empty: " + from + " is not before " + to);
        }
        return new RepairRange(f, t);
    }

    /** The first event time the windows' rows depend on: 23 hours before {@link #from} for hourly windows. */
    public long readingsFrom(AggregationRules rules) {
        return rules.hourly() ? from - (AggregationRules.HISTORY_HOURS - 1) * AggregationRules.HOUR_MILLIS : from;
    }

    public boolean contains(long windowStart) {
        return windowStart >= from && windowStart < to;
    }

    /**
     * Whether every window in the range is closed by the given event time: no late reading changes it in the
     * stream any more, so a repair and the stream never write the same revision of a window.
     */
    public boolean closedBy(long eventTime, AggregationRules rules) {
        return rules.closeAt(to - rules.windowMillis) <= eventTime;
    }

    @Override
    public String toString() {
        return "[" + Instant.ofEpochMilli(from) + ", " + Instant.ofEpochMilli(to) + ")";
    }
}
