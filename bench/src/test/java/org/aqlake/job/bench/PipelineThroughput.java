package org.aqlake.job.bench;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.JobSinks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Variant (a): the job's own graph, {@link AqLakePipeline#build} with {@link JobSinks#create} and
 * {@link AqLakeJob#configure}, so whatever the job gains (a new table) is measured without touching the
 * benchmark. Default configuration (ZSTD readings, aggregates on) plus a consent registry, as deployed,
 * checkpoints every 10 s, a {@code file://} lake; only the Kinesis source is replaced by the in-memory
 * records.
 */
final class PipelineThroughput {

    static final String CHECKPOINT_INTERVAL = "10 s";

    private PipelineThroughput() {}

    /** The outcome of one run: its timing and what it wrote. */
    static final class Result {
        final Measurement measurement;
        final LakeFiles readings;
        final LakeFiles aggregates;
        final long checkpoints;

        Result(Measurement measurement, LakeFiles readings, LakeFiles aggregates, long checkpoints) {
            this.measurement = measurement;
            this.readings = readings;
            this.aggregates = aggregates;
            this.checkpoints = checkpoints;
        }
    }

    /**
     * @param consentRegistry a consent snapshot ({@link SyntheticPayloads#writeConsentRegistry}) as the job
     *     is deployed with a registry, or null for none: then the community sensors' readings are denied
     */
    static Result run(BenchCluster cluster, KinesisRecord[] input, int parallelism, Path lake, boolean withAggregates,
            Path consentRegistry) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("aggregates.enabled", Boolean.toString(withAggregates));
        if (consentRegistry != null) {
            c.put("consent.bootstrap-path", consentRegistry.toUri().toString());
        }
        c.put("lake.transformed-path", lake.toUri().toString());
        c.put("pipeline.checkpoint-interval", CHECKPOINT_INTERVAL);
        JobConfig cfg = JobConfig.from(c);

        StreamExecutionEnvironment env = cluster.environment(parallelism);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(InMemoryRecords.source(env, input), cfg, JobSinks.create(cfg));

        System.gc(); // the previous run's garbage is not this run's cost
        CpuClock.Started clock = CpuClock.start();
        JobClient job = env.executeAsync("bench-pipeline-p" + parallelism);
        cluster.awaitEnd(job, InMemoryRecords::allEmitted);
        Measurement m = clock.stop(input.length);

        LakeFiles readings = LakeFiles.parquet(lake.resolve("readings"));
        LakeFiles aggregates = LakeFiles.parquet(lake.resolve("aggregates"));
        long expected = input.length - (consentRegistry == null ? SyntheticPayloads.communityReadings(input.length) : 0);
        if (readings.rows != expected || readings.hidden != 0) {
            throw new IllegalStateException("pipeline p" + parallelism + " wrote " + readings.rows + " rows of "
                    + input.length + " records where " + expected + " were expected (" + readings.hidden
                    + " files left uncommitted)");
        }
        return new Result(m, readings, aggregates, cluster.completedCheckpoints(job.getJobID()));
    }
}
