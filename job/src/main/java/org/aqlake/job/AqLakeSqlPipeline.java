package org.aqlake.job;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import org.aqlake.job.config.PipelineConfig;
import org.aqlake.job.pipeline.PipelineMode;
import org.aqlake.job.pipeline.ScriptLoader;
import org.aqlake.job.pipeline.SqlPipelineRunner;
import org.aqlake.job.pipeline.SqlScript;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A SQL pipeline ({@code pipeline.script}): another lake's Firehose + Glue pair declared as a Flink SQL
 * script (sql/pipelines/), run by the same jar in STREAMING or BATCH mode, with the AQ functions
 * registered. The script's DDL runs first; its INSERTs are one job.
 */
public final class AqLakeSqlPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(AqLakeSqlPipeline.class);
    public static final String JOB_NAME_PREFIX = "aq-lake-sql ";

    private AqLakeSqlPipeline() {}

    /** Submits the pipeline on the environment of this run (Managed Flink, a cluster, a mini-cluster). */
    public static TableResult run(PipelineConfig cfg) throws IOException {
        return run(cfg, StreamExecutionEnvironment.getExecutionEnvironment());
    }

    /** Submits the pipeline; the caller may {@code await()} the result, as a bounded run's test does. */
    public static TableResult run(PipelineConfig cfg, StreamExecutionEnvironment env) throws IOException {
        LOG.info("Starting SQL pipeline: {}", cfg);
        LocalFileSystems.initialize(cfg.s3Endpoint);
        SqlScript script = ScriptLoader.load(cfg.script);
        boolean batch = cfg.mode == PipelineMode.BATCH;
        env.setRuntimeMode(batch ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        if (!batch && !env.getCheckpointConfig().isCheckpointingEnabled()) {
            // as for the job: Managed Flink sets its own; elsewhere no file would ever be committed without it
            env.enableCheckpointing(cfg.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env,
                batch ? EnvironmentSettings.inBatchMode() : EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set(PipelineOptions.NAME, JOB_NAME_PREFIX + script.name());
        return SqlPipelineRunner.run(tEnv, script, cfg.params);
    }
}
