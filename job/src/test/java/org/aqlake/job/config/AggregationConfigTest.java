package org.aqlake.job.config;

import org.aqlake.job.aggregate.AggregationRules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.aqlake.job.config.JobConfigTest.TRANSFORMED;
import static org.aqlake.job.config.JobConfigTest.assertRejectedNaming;
import static org.aqlake.job.config.JobConfigTest.minimal;
import static org.aqlake.job.config.JobConfigTest.minimalWith;

/** The aggregates.* keys: defaults, validation, and what they mean for a window's timeline. */
class AggregationConfigTest {

    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long WINDOW_START = 1_714_521_600_000L; // 2024-05-01T00:00:00Z

    @Test
    void byDefaultAggregatesAreHourlyWithoutExtraLatenessAndCorrectedForADay() {
        JobConfig cfg = JobConfig.from(minimal());

        assertThat(cfg.aggregation).isPresent();
        AggregationRules rules = cfg.aggregation.get();
        assertThat(rules.windowMillis).isEqualTo(HOUR);
        assertThat(rules.allowedLatenessMillis).isZero();
        assertThat(rules.retentionMillis).isEqualTo(Duration.ofDays(3).toMillis());
        assertThat(rules.hourly()).isTrue();
        assertThat(cfg.aggregatesPath()).isEqualTo(TRANSFORMED + "/aggregates");
    }

    @Test
    void aggregatesCanBeSwitchedOff() {
        assertThat(JobConfig.from(minimalWith("aggregates.enabled", "false")).aggregation).isEmpty();
    }

    @Test
    void theKeysReachTheRules() {
        AggregationRules rules = JobConfig.from(minimalWith("aggregates.window", "15 min",
                "aggregates.allowed-lateness", "10 min", "aggregates.revision-retention", "6 h")).aggregation.orElseThrow();

        assertThat(rules.windowMillis).isEqualTo(Duration.ofMinutes(15).toMillis());
        assertThat(rules.allowedLatenessMillis).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(rules.retentionMillis).isEqualTo(Duration.ofHours(6).toMillis());
        assertThat(rules.hourly()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7 min", "5 h", "25 h", "0 s", "-1 h"})
    void aWindowThatDoesNotDivideADayIsRejectedNamingTheKey(String window) {
        assertRejectedNaming(minimalWith("aggregates.window", window), "aggregates.window");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aggregates.allowed-lateness", "aggregates.revision-retention"})
    void aNegativeDurationIsRejectedNamingTheKey(String key) {
        assertRejectedNaming(minimalWith(key, "-1 min"), key);
    }

    @Test
    void windowsStartAtUtcMidnightAndHours() {
        AggregationRules rules = JobConfig.from(minimal()).aggregation.orElseThrow();

        assertThat(rules.windowStart(WINDOW_START + 59 * 60_000L)).isEqualTo(WINDOW_START);
        assertThat(rules.windowStart(WINDOW_START + HOUR)).isEqualTo(WINDOW_START + HOUR);
        assertThat(rules.windowStart(WINDOW_START - 1)).isEqualTo(WINDOW_START - HOUR);
    }

    @Test
    void theFirstRowsComeWhenTheWatermarkReachesTheWindowsLastMillisecondPlusTheLateness() {
        AggregationRules rules = JobConfig.from(minimalWith("aggregates.allowed-lateness", "10 min")).aggregation.orElseThrow();

        assertThat(rules.firstRowsAt(WINDOW_START)).isEqualTo(WINDOW_START + HOUR - 1 + Duration.ofMinutes(10).toMillis());
        assertThat(rules.closeAt(WINDOW_START)).isEqualTo(rules.firstRowsAt(WINDOW_START) + Duration.ofDays(3).toMillis());
    }

    @Test
    void anHourIsKeptLongEnoughForTheAqiOfTheNext23HoursToBeCorrected() {
        AggregationRules hourly = JobConfig.from(minimal()).aggregation.orElseThrow();
        AggregationRules quarterly = JobConfig.from(minimalWith("aggregates.window", "15 min")).aggregation.orElseThrow();

        assertThat(hourly.purgeAt(WINDOW_START)).isEqualTo(hourly.closeAt(WINDOW_START + 23 * HOUR));
        assertThat(quarterly.purgeAt(WINDOW_START)).isEqualTo(quarterly.closeAt(WINDOW_START));
    }

    @Test
    void theStartupSummaryNamesTheAggregationSettings() {
        assertThat(JobConfig.from(minimal()).toString()).contains("aggregates=window=PT1H");
        assertThat(JobConfig.from(minimalWith("aggregates.enabled", "false")).toString()).contains("aggregates=off");
    }
}
