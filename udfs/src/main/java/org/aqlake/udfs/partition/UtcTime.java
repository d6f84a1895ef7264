package org.aqlake.udfs.partition;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Conversions between epoch millis and UTC date-times for time partitions. */
final class UtcTime {

    private UtcTime() {
    }

    static LocalDateTime of(long epochMillis) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000,
                ZoneOffset.UTC);
    }

    /** Bucket bounds are whole seconds; clamp those outside the long-millis range. */
    static long toMillisSaturated(LocalDateTime t) {
        long seconds = t.toEpochSecond(ZoneOffset.UTC);
        if (seconds > Long.MAX_VALUE / 1000L) {
            return Long.MAX_VALUE;
        }
        if (seconds < Long.MIN_VALUE / 1000L) {
            return Long.MIN_VALUE;
        }
        return seconds * 1000L;
    }

    /** The start of the unit holding the time: MINUTES, HOURS, DAYS, MONTHS or YEARS. */
    static LocalDateTime truncate(LocalDateTime t, ChronoUnit unit) {
        switch (unit) {
            case MINUTES:
            case HOURS:
            case DAYS:
                return t.truncatedTo(unit);
            case MONTHS:
                return t.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case YEARS:
                return t.toLocalDate().withDayOfYear(1).atStartOfDay();
            default:
                throw new IllegalStateException("unexpected unit " + unit);
        }
    }
}
