package org.aqlake.job.aggregate;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a window's rows are written, corrected and forgotten, all in event time (the watermark):
 *
 * <pre>
 *   window [start, end)   readings are added
 *   watermark ≥ end - 1 + lateness              → revision 0 is written ("first rows due")
 *   late readings, watermark &lt; close            → folded in; a correction at the next watermark
 *   watermark ≥ close = first rows + retention  → later readings only reach the readings table
 *   watermark ≥ purge                           → the window's state is dropped
 * </pre>
 *
 * With hourly windows a window is kept 23 hours past its close, because the AQI of the next 23
 * hours (NowCast, 8- and 24-hour means) is computed from it and may still be corrected.
 */
public final class AggregationRules implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();
    /** The AQI and WHO checks look back over 24 hourly means: the current hour and 23 before it. */
    public static final int HISTORY_HOURS = 24;

    public final long windowMillis;
    public final long allowedLatenessMillis;
    public final long retentionMillis;

    public AggregationRules(Duration window, Duration allowedLateness, Duration retention) {
        this.windowMillis = window.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.retentionMillis = retention.toMillis();
    }

    /** AQI and WHO checks are defined on hourly means, so only hourly windows carry them. */
    public boolean hourly() {
        return windowMillis == HOUR_MILLIS;
    }

    /** Windows are aligned to the epoch, so windows that divide a day start at UTC midnight. */
    public long windowStart(long eventTime) {
        return Math.floorDiv(eventTime, windowMillis) * windowMillis;
    }

    /** The watermark at which revision 0 of the window is written. */
    public long firstRowsAt(long windowStart) {
        return windowStart + windowMillis - 1 + allowedLatenessMillis;
    }

    /** From this watermark on, readings of the window no longer change the aggregates. */
    public long closeAt(long windowStart) {
        return firstRowsAt(windowStart) + retentionMillis;
    }

    /** From this watermark on, the window's state is dropped. */
    public long purgeAt(long windowStart) {
        return closeAt(windowStart) + (hourly() ? (HISTORY_HOURS - 1) * HOUR_MILLIS : 0);
    }

    @Override
    public String toString() {
        return "window=" + Duration.ofMillis(windowMillis) + ", lateness=" + Duration.ofMillis(allowedLatenessMillis)
                + ", retention=" + Duration.ofMillis(retentionMillis);
    }
}
