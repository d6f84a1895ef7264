package org.aqlake.job.config;

import org.aqlake.job.aggregate.RepairRange;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.aqlake.job.config.JobConfigTest.assertRejectedNaming;
import static org.aqlake.job.config.JobConfigTest.minimal;
import static org.aqlake.job.config.JobConfigTest.minimalWith;

/** The repair.* keys: off by default, a range of window starts when on, and every bad value named. */
class RepairConfigTest {

    static final String FROM = "2024-05-01T00:00:00Z";
    static final String TO = "2024-05-02T00:00:00Z";

    @Test
    void byDefaultTheJobRunsAsTheStream() {
        assertThat(JobConfig.from(minimal()).repair).isEmpty();
    }

    @Test
    void theRangeReachesTheRepairAndTheSummary() {
        JobConfig cfg = JobConfig.from(minimalWith("repair.enabled", "true", "repair.from", FROM, "repair.to", TO));

        RepairRange range = cfg.repair.orElseThrow();
        assertThat(range.from).isEqualTo(Instant.parse(FROM).toEpochMilli());
        assertThat(range.to).isEqualTo(Instant.parse(TO).toEpochMilli());
        assertThat(cfg.toString()).contains("repair [" + FROM + ", " + TO + ")");
    }

    @ParameterizedTest
    @CsvSource({
        "'', " + TO + ", repair.from",
        FROM + ", '', repair.to",
        "yesterday, " + TO + ", repair.from",
        FROM + ", 2024-05-02, repair.to",
        // not a window start of the default hourly windows
        FROM + ", 2024-05-01T10:30:00Z, repair.to",
        "2024-05-01T00:30:00Z, " + TO + ", repair.from",
        // empty
        TO + ", " + FROM + ", repair.to"
    })
    void aMissingMalformedUnalignedOrEmptyRangeIsRejectedNamingTheKey(String from, String to, String key) {
        assertThatThrownBy(() -> JobConfig.from(minimalWith("repair.enabled", "true", "repair.from", from,
                "repair.to", to))).isInstanceOf(InvalidConfigException.class).hasMessageContaining("key '" + key + "'");
    }

    @Test
    void aRepairOfAnAggregatesTableThatIsOffIsRejected() {
        assertRejectedNaming(minimalWith("repair.enabled", "true", "repair.from", FROM, "repair.to", TO,
                "aggregates.enabled", "false"), "aggregates.enabled");
    }

    @Test
    void theRangeIsClosedOnceTheRetentionOfItsLastWindowHasPassed() {
        JobConfig cfg = JobConfig.from(minimalWith("repair.enabled", "true", "repair.from", FROM, "repair.to", TO,
                "aggregates.revision-retention", "6 h"));
        RepairRange range = cfg.repair.orElseThrow();
        long lastWindowClosed = Instant.parse("2024-05-02T06:00:00Z").toEpochMilli() - 1;

        assertThat(range.closedBy(lastWindowClosed - 1, cfg.aggregation.orElseThrow())).isFalse();
        assertThat(range.closedBy(lastWindowClosed, cfg.aggregation.orElseThrow())).isTrue();
    }
}
