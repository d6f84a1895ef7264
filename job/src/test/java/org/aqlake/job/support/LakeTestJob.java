package org.aqlake.job.support;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.runtime.testutils.InMemoryReporter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the pipeline integration tests: cluster config and metrics. */
public final class LakeTestJob {

    public static final int PARALLELISM = 2;
    public static final String TRANSFORMED_BUCKET = "aq-transformed";
    public static final String RAW_BUCKET = "aq-raw";

    private LakeTestJob() {}

    /** Config of a pipeline test: everything in the emulators, BASIC dummy credentials, raw archive on. */
    public static Map<String, String> config(String stream) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kinesis.stream", stream);
        c.put("kinesis.endpoint", KinesisEmulator.endpoint());
        c.put("kinesis.region", KinesisEmulator.REGION);
        c.put("kinesis.credentials.provider", "BASIC");
        c.put("kinesis.credentials.access-key-id", KinesisEmulator.ACCESS_KEY);
        c.put("kinesis.credentials.secret-key", KinesisEmulator.SECRET_KEY);
        c.put("kinesis.initial-position", "TRIM_HORIZON");
        c.put("kinesis.shard-discovery-interval", "1 s");
        c.put("kinesis.poll-interval", "100 ms");
        c.put("lake.transformed-path", "s3://" + TRANSFORMED_BUCKET + "/" + stream);
        c.put("lake.raw-archive.enabled", "true");
        c.put("lake.raw-path", "s3://" + RAW_BUCKET + "/" + stream);
        return c;
    }

    public static Configuration clusterConfig(InMemoryReporter reporter, String restartStrategy) {
        Configuration c = new Configuration();
        // with checkpointing Flink otherwise restarts a broken test job forever
        c.setString("restart-strategy.type", restartStrategy);
        c.setString("restart-strategy.fixed-delay.attempts", "5");
        c.setString("restart-strategy.fixed-delay.delay", "500 ms");
        return reporter.addToConfiguration(c);
    }

    /**
     * Sum over subtasks of a counter whose identifier ends with the suffix. Walks the metric groups
     * rather than {@code getMetricsByIdentifiers}, which throws when two tasks of a job report under the
     * same identifier (task names are not unique once a union feeds an operator of its own).
     */
    public static long counter(InMemoryReporter reporter, JobID job, String suffix) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> m : group.getValue().entrySet()) {
                if (group.getKey().getMetricIdentifier(m.getKey()).endsWith(suffix) && m.getValue() instanceof Counter) {
                    sum += ((Counter) m.getValue()).getCount();
                }
            }
        }
        return sum;
    }

    /**
     * An environment on the extension's mini-cluster. In a {@code @BeforeAll} the extension has not set
     * its context environment yet, and getExecutionEnvironment() would start a second, private cluster.
     */
    public static StreamExecutionEnvironment environment(MiniCluster cluster) {
        return new TestStreamEnvironment(cluster, PARALLELISM);
    }

    /** Completed checkpoints of a running job, from the mini-cluster's execution graph. */
    public static long completedCheckpoints(MiniCluster cluster, JobID job) {
        try {
            var stats = cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
            return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
        } catch (Exception e) {
            String jobs;
            try {
                jobs = String.valueOf(cluster.listJobs().get());
            } catch (Exception e2) {
                jobs = e2.toString();
            }
            throw new IllegalStateException("jobs: " + jobs, e);
        }
    }

    /**
     * Stops the job with a final savepoint and {@code --drain}: the sources end, event time advances to
     * the end, every timer fires (the consent gate decides what it still holds), and the sinks commit.
     * What a bounded run does when its input is drained.
     */
    public static JobStatus drain(JobClient job, Path savepoints) throws Exception {
        job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        return job.getJobExecutionResult().thenApply(r -> JobStatus.FINISHED).get(2, TimeUnit.MINUTES);
    }

    public static void cancel(JobClient job) throws Exception {
        if (!job.getJobStatus().get().isGloballyTerminalState()) {
            job.cancel().get();
        }
    }
}
