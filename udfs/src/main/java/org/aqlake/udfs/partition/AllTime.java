package org.aqlake.udfs.partition;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The time partitioning of a template without timestamp: one partition spans all time. */
final class AllTime implements TimePartitioning {

    /** Nothing in the chunks depends on the time, so any time renders them alike, once. */
    private static final LocalDateTime ANY_TIME = LocalDateTime.of(1970, 1, 1, 0, 0);

    private final String[] renderedChunks;

    AllTime(PathFormatter formatter) {
        this.renderedChunks = formatter.renderChunks(ANY_TIME);
    }

    @Override
    public Optional<ChronoUnit> unit() {
        return Optional.empty();
    }

    @Override
    public long start(long epochMillis) {
        return Long.MIN_VALUE;
    }

    @Override
    public long end(long epochMillis) {
        return Long.MAX_VALUE;
    }

    @Override
    public String[] renderedChunks(long epochMillis) {
        return renderedChunks;
    }
}
