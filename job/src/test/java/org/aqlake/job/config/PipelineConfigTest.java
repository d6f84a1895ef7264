package org.aqlake.job.config;

import org.aqlake.job.pipeline.PipelineMode;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineConfigTest {

    static final String SCRIPT = "classpath:sql/pipelines/01_retailrocket/pipeline.sql";

    @Test
    void anyPipelineKeyAsksForASqlPipelineAndTheJobsOwnKeysDoNot() {
        assertThat(PipelineConfig.requested(Map.of("pipeline.script", SCRIPT))).isTrue();
        assertThat(PipelineConfig.requested(Map.of("pipeline.mode", "BATCH"))).isTrue();
        assertThat(PipelineConfig.requested(Map.of("pipeline.params.lake", "/l"))).isTrue();
        assertThat(PipelineConfig.requested(Map.of("pipeline.checkpoint-interval", "10 s",
                "lake.transformed-path", "file:///tmp/l"))).isFalse();
    }

    @Test
    void theScriptModeParametersAndCheckpointIntervalAreRead() {
        PipelineConfig cfg = PipelineConfig.from(Map.of("pipeline.script", SCRIPT, "pipeline.mode", "BATCH",
                "pipeline.params.lake", "s3://lake/retail", "pipeline.params.input", "s3://landing/retail",
                "pipeline.checkpoint-interval", "10 s"));

        assertThat(cfg.script).isEqualTo(SCRIPT);
        assertThat(cfg.mode).isEqualTo(PipelineMode.BATCH);
        assertThat(cfg.params).containsOnly(Map.entry("lake", "s3://lake/retail"),
                Map.entry("input", "s3://landing/retail"));
        assertThat(cfg.checkpointInterval).isEqualTo(Duration.ofSeconds(10));
        assertThat(cfg.s3Endpoint).isEmpty();
        // values may be secrets or endpoints: the summary names the parameters only
        assertThat(cfg.toString()).contains("lake", "input").doesNotContain("s3://lake/retail");
    }

    @Test
    void streamingIsTheDefaultMode() {
        assertThat(PipelineConfig.from(Map.of("pipeline.script", SCRIPT)).mode).isEqualTo(PipelineMode.STREAMING);
    }

    @Test
    void parametersWithoutAScriptAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("pipeline.params.lake", "/l")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'pipeline.script'");
    }

    @Test
    void anUnknownKeyOrModeIsRefusedNamingIt() {
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("pipeline.script", SCRIPT, "kinesis.stream", "x")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("[kinesis.stream]");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("pipeline.script", SCRIPT, "pipeline.mode", "BACTH")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'BACTH'")
                .hasMessageContaining("'pipeline.mode'");
    }

    @Test
    void anS3EmulatorNeedsItsKeys() {
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("pipeline.script", SCRIPT,
                "s3.endpoint", "http://127.0.0.1:9090")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'s3.access-key'");
        PipelineConfig cfg = PipelineConfig.from(Map.of("pipeline.script", SCRIPT,
                "s3.endpoint", "http://127.0.0.1:9090", "s3.access-key", "a", "s3.secret-key", "b"));
        assertThat(cfg.s3Endpoint).isPresent();
        assertThat(cfg.toString()).doesNotContain("=a,", "=b");
    }

    @Test
    void theLoaderGivesThePropertiesBeforeEitherConfigChecksThem() throws Exception {
        Map<String, String> flat = JobConfigLoader.properties(new String[] {"--config", "../config/local.json",
                "--pipeline.script=" + SCRIPT});

        assertThat(PipelineConfig.requested(flat)).isTrue();
    }
}
