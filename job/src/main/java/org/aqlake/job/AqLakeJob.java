package org.aqlake.job;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.config.JobConfigLoader;
import org.aqlake.job.config.PipelineConfig;
import org.aqlake.job.model.KinesisRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * aq-lake: Kinesis air-quality readings to an exactly-once Parquet lake.
 *
 * <p>The jar's main class: it runs the job. On Managed Flink (which passes no arguments) the configuration
 * comes from the application's property groups; elsewhere pass {@code --config config/local.json} and any
 * {@code --<group>.<key>=<value>} overrides. With {@code repair.enabled} it runs the bounded repair of the
 * aggregates table instead ({@link AqLakeRepair}); with {@code pipeline.script} it runs a SQL pipeline
 * ({@link AqLakeSqlPipeline}); with {@code backfill.enabled}, the pipeline over files
 * ({@link AqLakeBackfill}). The local tools live in their own module
 * ({@code localstack/tools}), which submits this jar to a local cluster like any other.
 */
public final class AqLakeJob {

    private static final Logger LOG = LoggerFactory.getLogger(AqLakeJob.class);
    public static final String JOB_NAME = "aq-lake";

    private AqLakeJob() {}

    /**
     * The config from {@code --config FILE} or the Managed Flink property groups. A failure propagates to
     * the Flink client, which reports it; the job never calls System.exit.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> properties = JobConfigLoader.properties(args);
        if (PipelineConfig.requested(properties)) {
            AqLakeSqlPipeline.run(PipelineConfig.from(properties));
            return;
        }
        JobConfig cfg = JobConfig.from(properties);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (cfg.repair.isPresent()) {
            AqLakeRepair.run(cfg, env);
        } else if (cfg.backfill.isPresent()) {
            AqLakeBackfill.run(cfg, env);
        } else {
            run(cfg, env);
        }
    }

    /** Builds the pipeline on the given environment and runs it until it ends (or is stopped). */
    public static JobExecutionResult run(JobConfig cfg, StreamExecutionEnvironment env) throws Exception {
        LOG.info("Starting aq-lake: {}", cfg);
        LocalFileSystems.initialize(cfg);
        configure(env, cfg);
        AqLakePipeline.build(createSource(env, cfg), cfg, JobSinks.create(cfg));
        return env.execute(JOB_NAME);
    }

    /**
     * What the job sets on its environment besides the graph. The benchmark calls it too, so that it
     * measures the job as it runs.
     */
    public static void configure(StreamExecutionEnvironment env, JobConfig cfg) {
        // Chained operators hand records over by reference instead of deep-copying every one through its
        // serializer (the benchmark's profile: reflective POJO copies of each record and reading). Safe
        // because no operator of the job changes or keeps a record it received or emitted: decoding builds
        // a new Reading, the sinks encode at once, the aggregation copies values into its own state, and
        // records that cross a keyBy are deserialized into new objects anyway.
        env.getConfig().enableObjectReuse();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            // Managed Flink enables checkpointing itself; elsewhere files would never be committed without it
            env.enableCheckpointing(cfg.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
    }

    public static DataStream<KinesisRecord> createSource(StreamExecutionEnvironment env, JobConfig cfg) {
        return JobSources.readings(env, cfg);
    }
}
