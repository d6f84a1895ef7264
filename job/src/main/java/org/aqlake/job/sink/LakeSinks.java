package org.aqlake.job.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import org.aqlake.job.config.AqLakeOptions.PartitionTime;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;

import java.util.List;

/**
 * The sinks of the lake. Every file rolls on checkpoint and becomes visible only when its checkpoint
 * completes, which is what makes the output exactly once: on S3, in-progress data lives in multipart
 * uploads that no listing shows. With {@code lake.partition-commit.success-file}, the readings and
 * aggregates sinks also mark complete partitions with {@code _SUCCESS} ({@link PartitionCommitSink}).
 */
public final class LakeSinks {

    public final Sink<Reading> readings;
    /**
     * A second sink into the readings table, for the readings the consent gate's keyed branch passes, so
     * that the exempt readings reach {@link #readings} in their own chain rather than through a union;
     * its files are {@code part-consented-*}, and it shares the table's partition committer. Added to the
     * graph before {@link #readings}. Null: both branches go to {@link #readings}.
     */
    public final Sink<Reading> consentedReadings;
    public final Sink<DeadLetter> deadLetters;
    /** Null when the raw archive is off. */
    public final Sink<KinesisRecord> raw;
    /** Null when the aggregates table is off. */
    public final Sink<Aggregate> aggregates;

    public LakeSinks(Sink<Reading> readings, Sink<DeadLetter> deadLetters, Sink<KinesisRecord> raw) {
        this(readings, deadLetters, raw, null);
    }

    public LakeSinks(Sink<Reading> readings, Sink<DeadLetter> deadLetters, Sink<KinesisRecord> raw,
            Sink<Aggregate> aggregates) {
        this(readings, null, deadLetters, raw, aggregates);
    }

    public LakeSinks(Sink<Reading> readings, Sink<Reading> consentedReadings, Sink<DeadLetter> deadLetters,
            Sink<KinesisRecord> raw, Sink<Aggregate> aggregates) {
        this.readings = readings;
        this.consentedReadings = consentedReadings;
        this.deadLetters = deadLetters;
        this.raw = raw;
        this.aggregates = aggregates;
    }

    public static LakeSinks create(JobConfig cfg) {
        List<Sink<Reading>> readings = createReadingsSinks(cfg);
        return new LakeSinks(
                readings.get(0),
                readings.get(1),
                createDeadLetterSink(cfg),
                cfg.rawArchiveEnabled ? createRawArchiveSink(cfg) : null,
                cfg.aggregation != null ? createAggregatesSink(cfg) : null);
    }

    /**
     * Partitioned by window start with the readings' template; exactly once like the readings. A window's
     * first rows wait for {@code aggregates.allowed-lateness} after its end, and so does its partition's
     * {@code _SUCCESS}.
     */
    public static Sink<Aggregate> createAggregatesSink(JobConfig cfg) {
        FileSink<Aggregate> files = FileSink.forBulkFormat(new Path(cfg.aggregatesPath()),
                        LakeParquetWriters.forCompression(cfg.compression, AggregateWriteSupport::new))
                .withBucketAssigner(LakeBuckets.aggregates(cfg.partitionTemplate))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files(LakeParquetWriters.suffix(cfg.compression)))
                .build();
        if (!cfg.successFiles) {
            return files;
        }
        return new PartitionCommitSink<>(files, cfg.aggregatesPath(), cfg.partitionTemplate,
                cfg.partitionCommitDelay.plusMillis(cfg.aggregation.allowedLatenessMillis));
    }

    /**
     * The readings table: its sink and the sink alongside it for the consent gate's keyed branch ({@link
     * #consentedReadings}). Its partitions get {@code _SUCCESS} only when they are by event time: the
     * watermark says nothing about when an arrival-time partition is complete.
     */
    public static List<Sink<Reading>> createReadingsSinks(JobConfig cfg) {
        FileSink<Reading> files = readingFiles(cfg, "part");
        FileSink<Reading> consentedFiles = readingFiles(cfg, "part-consented");
        if (!cfg.successFiles || cfg.partitionTime != PartitionTime.EVENT) {
            return List.of(files, consentedFiles);
        }
        PartitionCommitSink<Reading> readings =
                new PartitionCommitSink<>(files, cfg.readingsPath(), cfg.partitionTemplate, cfg.partitionCommitDelay);
        return List.of(readings, readings.alongside(consentedFiles));
    }

    private static FileSink<Reading> readingFiles(JobConfig cfg, String partPrefix) {
        return FileSink.forBulkFormat(new Path(cfg.readingsPath()),
                        LakeParquetWriters.forCompression(cfg.compression, ReadingWriteSupport::new))
                .withBucketAssigner(LakeBuckets.readings(cfg.partitionTemplate, cfg.partitionTime))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files(partPrefix, LakeParquetWriters.suffix(cfg.compression)))
                .build();
    }

    public static FileSink<DeadLetter> createDeadLetterSink(JobConfig cfg) {
        return FileSink.forRowFormat(new Path(cfg.errorsPath()), new DeadLetterEncoder())
                .withBucketAssigner(LakeBuckets.deadLetters())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files(".jsonl"))
                .build();
    }

    public static FileSink<KinesisRecord> createRawArchiveSink(JobConfig cfg) {
        return FileSink.forBulkFormat(new Path(cfg.rawPath), RawArchiveWriter.factory())
                .withBucketAssigner(LakeBuckets.raw(cfg.rawPartitionTemplate))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files(".jsonl.gz"))
                .build();
    }

    private static OutputFileConfig files(String suffix) {
        return files("part", suffix);
    }

    private static OutputFileConfig files(String partPrefix, String suffix) {
        return OutputFileConfig.builder().withPartPrefix(partPrefix).withPartSuffix(suffix).build();
    }
}
