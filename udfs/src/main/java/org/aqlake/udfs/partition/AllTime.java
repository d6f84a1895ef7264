package org.aqlake.udfs.partition;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The time partitioning of a template without timestamp: one partition spans all time. */
final class AllTime implements TimePartitioning {

    /** They never change: nothing in them depends on the time. */
    private final String[] renderedChunks;

    AllTime(PathFormatter formatter) {
        this.renderedChunks = formatter.renderChunks(null);
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
