package org.aqlake.udfs.partition;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** How a template cuts time into partitions: by its finest time field, or not at all. */
interface TimePartitioning {

    /** Partitions by the finest time field among the segments; one partition for all time if none. */
    static TimePartitioning of(List<TemplateSegment> segments, PathFormatter formatter) {
        Optional<ChronoUnit> finest = segments.stream()
                .filter(TimeField.class::isInstance)
                .map(s -> ((TimeField) s).unit())
                .min(ChronoUnit::compareTo);
        return finest.<TimePartitioning>map(unit -> new TimeBuckets(unit, formatter))
                .orElseGet(() -> new AllTime(formatter));
    }

    /** The length of one partition: MINUTES, HOURS, DAYS, MONTHS or YEARS; empty if time is not cut. */
    Optional<ChronoUnit> unit();

    /** Start (inclusive, epoch millis, UTC) of the partition holding the instant. */
    long start(long epochMillis);

    /** End (exclusive, epoch millis, UTC) of the partition holding the instant. */
    long end(long epochMillis);

    /** The formatter's chunks rendered for the partition holding the instant. */
    String[] renderedChunks(long epochMillis);
}
