package org.aqlake.tools.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalClusterTest {

    static final int WEB_PORT = 18081;
    static final int PARALLELISM = 2;
    /** The outage a local run must ride out: its S3 or Kinesis endpoint unreachable for a minute. */
    static final Duration OUTAGE = Duration.ofSeconds(60);

    @TempDir
    Path state;

    @Test
    void aLocalRunRestartsAFailedJobForEverWithABackOffShorterThanTheOutageItRidesOut() {
        Configuration conf = LocalCluster.configuration(WEB_PORT, state, PARALLELISM, Map.of());

        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isLessThan(OUTAGE);
    }

    @Test
    void aFlinkSettingGivenOnTheCommandLineWinsOverTheLocalDefault() {
        Configuration conf = LocalCluster.configuration(WEB_PORT, state, PARALLELISM,
                Map.of("restart-strategy.type", "none"));

        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("none");
    }
}
