package org.aqlake.job.sink;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.LateReadings;
import org.aqlake.job.model.Reading;
import org.aqlake.udfs.partition.PartitionTemplate;

/**
 * The file sink of each table. Every file rolls on checkpoint and becomes visible only when its checkpoint
 * completes, which is what makes the output exactly once: on S3, in-progress data lives in multipart
 * uploads that no listing shows.
 */
public final class TableFiles {

    /** The part-file prefix of the readings the consent gate's keyed branch passes. */
    public static final String CONSENTED_PREFIX = "part-consented";
    public static final String PREFIX = "part";

    private TableFiles() {}

    /** Readings as Parquet, under {@code path}, in the partitions of {@code template}. */
    public static FileSink<Reading> readings(String path, PartitionTemplate template, PartitionTime time,
            Compression compression, String partPrefix, Compaction compaction) {
        return readings(path, template, time, compression, partPrefix, compaction, readingsCompactor());
    }

    /** @param compactor what compacts the files when {@code compaction} is on: {@link #readingsCompactor()} */
    public static FileSink<Reading> readings(String path, PartitionTemplate template, PartitionTime time,
            Compression compression, String partPrefix, Compaction compaction,
            RecordWiseFileCompactor<Reading> compactor) {
        return compaction.build(FileSink.forBulkFormat(new Path(path),
                                LakeParquetWriters.forCompression(compression, ReadingWriteSupport::new))
                        .withBucketAssigner(LakeBuckets.readings(template, time))
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .withOutputFileConfig(files(partPrefix, LakeParquetWriters.suffix(compression))),
                compactor);
    }

    /** The readings' compactor: the table's rows, sorted by location, parameter and event time. */
    public static SortedCompactor<Reading> readingsCompactor() {
        return new SortedCompactor<>(TableRows.readings(), RowOrders.readings(), SortedCompactor.MAX_ROWS_IN_MEMORY);
    }

    public static FileSink<Reading> readings(String path, PartitionTemplate template, PartitionTime time,
            Compression compression, String partPrefix) {
        return readings(path, template, time, compression, partPrefix, Compaction.off());
    }

    public static FileSink<Reading> readings(String path, PartitionTemplate template, PartitionTime time,
            Compression compression) {
        return readings(path, template, time, compression, PREFIX);
    }

    /** The readings table's main sink: part files named {@code part-...}. */
    public static FileSink<Reading> readings(String path, PartitionTemplate template, PartitionTime time,
            Compression compression, Compaction compaction) {
        return readings(path, template, time, compression, PREFIX, compaction);
    }

    /** Partitioned by window start with the readings' template; exactly once like the readings. */
    public static FileSink<Aggregate> aggregates(String path, PartitionTemplate template, Compression compression,
            Compaction compaction) {
        return compaction.build(FileSink.forBulkFormat(new Path(path),
                                LakeParquetWriters.forCompression(compression, AggregateWriteSupport::new))
                        .withBucketAssigner(LakeBuckets.aggregates(template))
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .withOutputFileConfig(files(PREFIX, LakeParquetWriters.suffix(compression))),
                new SortedCompactor<>(TableRows.aggregates(), RowOrders.aggregates(),
                        SortedCompactor.MAX_ROWS_IN_MEMORY));
    }

    public static FileSink<Aggregate> aggregates(String path, PartitionTemplate template, Compression compression) {
        return aggregates(path, template, compression, Compaction.off());
    }

    /** The late-readings table: partitioned by window start like the aggregates it completes. */
    public static FileSink<LateReadings> aggregatesLate(String path, PartitionTemplate template,
            Compression compression) {
        return FileSink.forBulkFormat(new Path(path),
                        LakeParquetWriters.forCompression(compression, LateReadingsWriteSupport::new))
                .withBucketAssigner(LakeBuckets.aggregatesLate(template))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files(PREFIX, LakeParquetWriters.suffix(compression)))
                .build();
    }

    public static FileSink<DeadLetter> deadLetters(String path) {
        return FileSink.forRowFormat(new Path(path), new DeadLetterEncoder())
                .withBucketAssigner(LakeBuckets.deadLetters())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files(PREFIX, ".jsonl"))
                .build();
    }

    public static FileSink<KinesisRecord> rawArchive(String path, PartitionTemplate template) {
        return FileSink.forBulkFormat(new Path(path), RawArchiveWriter.factory())
                .withBucketAssigner(LakeBuckets.raw(template))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files(PREFIX, ".jsonl.gz"))
                .build();
    }

    private static OutputFileConfig files(String partPrefix, String suffix) {
        return OutputFileConfig.builder().withPartPrefix(partPrefix).withPartSuffix(suffix).build();
    }
}
