package org.aqlake.udfs.partition;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The time partitioning of a template with a timestamp: buckets of its finest unit, in UTC. It caches
 * the current bucket with the formatter's chunks rendered for it, so that rendering a record of the
 * same bucket only has to splice in its key values.
 */
final class TimeBuckets implements TimePartitioning {

    private final ChronoUnit unit;
    private final PathFormatter formatter;
    /**
     * Not volatile on purpose: {@link Bucket} has only final fields, so any thread that sees the
     * reference sees a fully built bucket; a stale one only costs a recomputation.
     */
    private Bucket bucket = Bucket.NONE;

    TimeBuckets(ChronoUnit unit, PathFormatter formatter) {
        this.unit = unit;
        this.formatter = formatter;
    }

    @Override
    public Optional<ChronoUnit> unit() {
        return Optional.of(unit);
    }

    @Override
    public long start(long epochMillis) {
        Bucket b = bucket;
        if (b.contains(epochMillis)) {
            return b.start;
        }
        return UtcTime.toMillisSaturated(startOf(epochMillis));
    }

    /** {@link Long#MAX_VALUE} when the end is beyond the range of epoch millis. */
    @Override
    public long end(long epochMillis) {
        Bucket b = bucket;
        if (b.contains(epochMillis)) {
            return b.end;
        }
        return UtcTime.toMillisSaturated(startOf(epochMillis).plus(1, unit));
    }

    @Override
    public String[] renderedChunks(long epochMillis) {
        Bucket b = bucket;
        if (!b.contains(epochMillis)) {
            LocalDateTime start = startOf(epochMillis);
            b = new Bucket(
                    UtcTime.toMillisSaturated(start),
                    UtcTime.toMillisSaturated(start.plus(1, unit)),
                    formatter.renderChunks(start));
            bucket = b;
        }
        return b.rendered;
    }

    private LocalDateTime startOf(long epochMillis) {
        return UtcTime.truncate(UtcTime.of(epochMillis), unit);
    }

    /** Immutable: safe to publish through a plain field. */
    private static final class Bucket {
        /** Holds no instant: the cache before the first rendering. */
        static final Bucket NONE = new Bucket(0L, 0L, new String[0]);

        final long start;
        final long end;
        final String[] rendered;

        Bucket(long start, long end, String[] rendered) {
            this.start = start;
            this.end = end;
            this.rendered = rendered;
        }

        boolean contains(long epochMillis) {
            return epochMillis >= start && epochMillis < end;
        }
    }
}
