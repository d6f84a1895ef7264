package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobStatus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outcome every fault test proves, whatever it injected: the job drained, and in every table of the
 * lake each record is counted exactly once; the latest aggregates equal a recomputation from the
 * readings; the reader listing the lake every 100 ms never saw an uncommitted file.
 */
abstract class EveryRowCounted {

    abstract LakeCount count();

    abstract FaultyLake lake();

    abstract JobStatus drained();

    @Test
    void theJobCameThroughAndDrained() {
        assertThat(drained()).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void noReadingIsLostOrDuplicated() {
        assertThat(count().readings.expected).isPositive();
        assertThat(count().readings.exact()).as(count().readings.toString()).isTrue();
    }

    @Test
    void noDeadLetterIsLostOrDuplicated() {
        assertThat(count().deadLetters.expected).isPositive();
        assertThat(count().deadLetters.exact()).as(count().deadLetters.toString()).isTrue();
    }

    @Test
    void theRawArchiveHoldsEveryPayloadOnce() {
        assertThat(count().raw.exact()).as(count().raw.toString()).isTrue();
    }

    @Test
    void theLatestAggregatesEqualARecomputationFromTheReadings() {
        assertThat(count().aggregateWindows).isPositive();
        assertThat(count().aggregateMismatches).as(count().report()).isZero();
        assertThat(count().aggregateDuplicates).as(count().report()).isZero();
    }

    @Test
    void noReaderEverListedAFileThatWasNotCommitted() {
        assertThat(lake().listings.get()).isPositive();
        assertThat(lake().uncommittedSeen).isEmpty();
    }
}
