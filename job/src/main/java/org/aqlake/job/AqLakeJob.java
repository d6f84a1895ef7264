package org.aqlake.job;

import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.config.JobConfigLoader;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.LakeSinks;
import org.aqlake.job.source.KinesisSourceFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * aq-lake: Kinesis air-quality readings to an exactly-once Parquet lake.
 *
 * <p>On Managed Flink the configuration comes from the application's property groups; locally pass
 * {@code --config config/local.json} and any {@code --<group>.<key>=<value>} overrides.
 */
public final class AqLakeJob {

    private static final Logger LOG = LoggerFactory.getLogger(AqLakeJob.class);
    public static final String UID_SOURCE = "kinesis-readings-source";

    private AqLakeJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig cfg = JobConfigLoader.load(args);
        LOG.info("Starting aq-lake: {}", cfg);
        LocalFileSystems.initialize(cfg);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, cfg);
        AqLakePipeline.build(createSource(env, cfg), cfg, LakeSinks.create(cfg));
        env.execute("aq-lake");
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
        return env.addSource(KinesisSourceFactory.create(cfg))
                .uid(UID_SOURCE)
                .name("Kinesis: " + cfg.stream);
    }
}
