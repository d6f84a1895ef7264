package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import org.aqlake.job.pipeline.PipelineMode;

/**
 * The keys that run a SQL pipeline from the jar instead of the air-quality job.
 * Listed in {@link AqLakeOptions#ALL} with every other key.
 */
public final class PipelineOptions {

    // ---------------------------------------------------------------- SQL pipelines

    public static final ConfigOption<String> PIPELINE_SCRIPT = ConfigOptions
            .key("pipeline.script")
            .stringType().noDefaultValue()
            .withDescription("Run a SQL pipeline instead of the air-quality job: the script's location,"
                    + " classpath:sql/pipelines/... (in the jar), s3://... or a file.");

    public static final ConfigOption<PipelineMode> PIPELINE_MODE = ConfigOptions
            .key("pipeline.mode")
            .enumType(PipelineMode.class).defaultValue(PipelineMode.STREAMING)
            .withDescription("STREAMING (unbounded, files committed on checkpoints) or BATCH (bounded input).");

    /** Stands for every {@code pipeline.params.<name>} key in the docs; the names are the script's. */
    public static final ConfigOption<String> PIPELINE_PARAMS = ConfigOptions
            .key(PipelineConfig.PARAMS_PREFIX + "<name>")
            .stringType().noDefaultValue()
            .withDescription("The value of the script's parameter ${name}.");

    private PipelineOptions() {}
}
