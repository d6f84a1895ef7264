package org.aqlake.job.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the state measurement from rotting: a few locations at two short retentions, on every backend.
 * The figures themselves are for {@code ./bench/run} and BENCHMARKS.md.
 */
class AggregationStateCostSmokeIT {

    static final int LOCATIONS = 12;
    static final Duration SHORT = Duration.ofHours(2);
    static final Duration LONGER = Duration.ofHours(8);

    @Test
    void aLongerRetentionKeepsMoreWindowsAndItsCheckpointIsLarger() throws Exception {
        List<AggregationStateCost.Cost> shorter = AggregationStateCost.measureAll(LOCATIONS, SHORT);
        List<AggregationStateCost.Cost> longer = AggregationStateCost.measureAll(LOCATIONS, LONGER);

        assertThat(shorter).as("one measurement per state backend").hasSize(3).hasSameSizeAs(longer);
        for (int i = 0; i < shorter.size(); i++) {
            // right after a purge: the retention's hours and the 23 after them whose AQI reads them
            assertThat(shorter.get(i).windowsPerLocation).isEqualTo(2 + 23);
            assertThat(longer.get(i).windowsPerLocation).isEqualTo(8 + 23);
            assertThat(shorter.get(i).checkpointBytes).as(shorter.get(i).backend).isPositive();
            assertThat(longer.get(i).checkpointBytes).as(longer.get(i).backend)
                    .isGreaterThan(shorter.get(i).checkpointBytes);
        }
    }
}
