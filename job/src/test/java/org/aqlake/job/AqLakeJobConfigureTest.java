package org.aqlake.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.JobConfig;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the job sets on its environment: the integration tests and the benchmark rely on the same call. */
class AqLakeJobConfigureTest {

    static final JobConfig CFG = JobConfig.from(Map.of("lake.transformed-path", "file:///tmp/lake",
            "pipeline.checkpoint-interval", "42 s"));

    @Test
    void checkpointsAtTheConfiguredIntervalAndHandsChainedRecordsOverByReference() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        AqLakeJob.configure(env, CFG);

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(42_000L);
        assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
    }

    @Test
    void keepsACheckpointIntervalSetByTheRuntime() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(5_000L); // as Managed Flink does from the application's configuration

        AqLakeJob.configure(env, CFG);

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(5_000L);
    }
}
