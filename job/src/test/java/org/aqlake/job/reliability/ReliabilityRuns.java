package org.aqlake.job.reliability;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.TestRecord;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** What the reliability tests share: sending large records to Kinesis, reading the job's restart count. */
final class ReliabilityRuns {

    /** PutRecords takes at most 5 MiB per call; stay below it with room for keys and overhead. */
    static final int PUT_BYTES = 4 * 1024 * 1024;
    static final int PUT_RECORDS = 500;

    private ReliabilityRuns() {}

    /** Sends the records in calls that respect PutRecords' size limit, in order. */
    static void put(KinesisClient kinesis, String stream, List<TestRecord> records) throws InterruptedException {
        List<TestRecord> batch = new ArrayList<>();
        long bytes = 0;
        for (TestRecord r : records) {
            long size = r.payload.length + r.partitionKey.length();
            if (!batch.isEmpty() && (bytes + size > PUT_BYTES || batch.size() == PUT_RECORDS)) {
                KinesisEmulator.put(kinesis, stream, batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(r);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            KinesisEmulator.put(kinesis, stream, batch);
        }
    }

    /**
     * The job's {@code numRestarts} gauge, which the job manager reports for each job: empty when it is
     * not (yet) reported, so that a test cannot pass by not finding it.
     */
    static OptionalLong restarts(InMemoryReporter reporter, JobID job) {
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            Metric m = group.getValue().get("numRestarts");
            if (m instanceof Gauge) {
                return OptionalLong.of(((Number) ((Gauge<?>) m).getValue()).longValue());
            }
        }
        return OptionalLong.empty();
    }
}
