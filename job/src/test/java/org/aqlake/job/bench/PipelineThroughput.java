package org.aqlake.job.bench;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.LakeSinks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Variant (a): the job's own graph, {@link AqLakePipeline#build} with {@link LakeSinks#create} and
 * {@link AqLakeJob#configure}, so whatever the job gains (a consent gate, a new table) is measured
 * without touching the benchmark. Default configuration (ZSTD readings, aggregates on), checkpoints
 * every 10 s, a {@code file://} lake; only the Kinesis source is replaced by the in-memory records.
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

    static Result run(BenchCluster cluster, KinesisRecord[] input, int parallelism, Path lake) throws Exception {
        return run(cluster, input, parallelism, lake, true);
    }

    static Result run(BenchCluster cluster, KinesisRecord[] input, int parallelism, Path lake, boolean withAggregates)
            throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("aggregates.enabled", Boolean.toString(withAggregates));
        c.put("lake.transformed-path", lake.toUri().toString());
        c.put("pipeline.checkpoint-interval", CHECKPOINT_INTERVAL);
        JobConfig cfg = JobConfig.from(c);

        StreamExecutionEnvironment env = cluster.environment(parallelism);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(InMemoryRecords.source(env, input), cfg, LakeSinks.create(cfg));

        System.gc(); // the previous run's garbage is not this run's cost
        CpuClock.Started clock = CpuClock.start();
        JobClient job = env.executeAsync("bench-pipeline-p" + parallelism);
        cluster.awaitEnd(job, InMemoryRecords::allEmitted);
        Measurement m = clock.stop(input.length);

        LakeFiles readings = LakeFiles.parquet(lake.resolve("readings"));
        LakeFiles aggregates = LakeFiles.parquet(lake.resolve("aggregates"));
        if (readings.rows != input.length || readings.hidden != 0) {
            throw new IllegalStateException("pipeline p" + parallelism + " wrote " + readings.rows + " rows of "
                    + input.length + " records (" + readings.hidden + " files left uncommitted)");
        }
        return new Result(m, readings, aggregates, cluster.completedCheckpoints(job.getJobID()));
    }
}
