package org.aqlake.job;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.aggregate.AggregationRules;
import org.aqlake.job.aggregate.RepairRange;
import org.aqlake.job.aggregate.RepairWindows;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.PartitionFilter;
import org.aqlake.job.sink.PartitionTime;
import org.aqlake.job.sink.TableFiles;
import org.aqlake.job.sink.TableRows;
import org.aqlake.job.sink.UnpublishedFiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;

/**
 * The bounded repair of the aggregates table ({@code repair.enabled}), a BATCH job of the same jar:
 *
 * <pre>
 * readings table (Parquet, the range and the 23 hours before) ──┐
 *                                                              ├─ per location: recompute, diff ─ aggregates (new revisions)
 * aggregates table (Parquet, the range's existing rows) ───────┘
 * </pre>
 *
 * Both sources list committed files only; the new rows go through the aggregates table's own file sink,
 * whose files are committed once, at the end of the run, under new names beside the partitions' existing
 * files, which are never touched.
 */
public final class AqLakeRepair {

    private static final Logger LOG = LoggerFactory.getLogger(AqLakeRepair.class);
    public static final String JOB_NAME = "aq-lake-repair";

    private AqLakeRepair() {}

    /** Runs the repair to its end: {@code cfg.repair} must be set, and its windows closed. */
    public static JobExecutionResult run(JobConfig cfg, StreamExecutionEnvironment env) throws Exception {
        RepairRange range = cfg.repair.orElseThrow(() -> new IllegalArgumentException("repair.enabled is false"));
        AggregationRules rules = cfg.aggregation.orElseThrow();
        if (!range.closedBy(System.currentTimeMillis(), rules)) {
            throw new IllegalArgumentException("repair.to " + Instant.ofEpochMilli(range.to) + ": the"
                    + " stream may still correct these windows (aggregates.allowed-lateness plus"
                    + " aggregates.revision-retention have not passed); repair closed windows only");
        }
        LOG.info("Repairing the aggregates of {}: {}", range, cfg);
        LocalFileSystems.initialize(cfg);
        requireTable(cfg.readingsPath(), "readings");
        requireTable(cfg.aggregatesPath(), "aggregates");
        // the sources skip hidden files: a window's revision still in one would be missed and its number reused
        UnpublishedFiles.requireNone(cfg.aggregatesPath(), aggregateFiles(cfg, range), "aggregates");
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.getConfig().enableObjectReuse();
        build(env, cfg, range, rules);
        return env.execute(JOB_NAME);
    }

    /** The repair's graph on the environment; the caller runs it (in BATCH mode). */
    public static void build(StreamExecutionEnvironment env, JobConfig cfg, RepairRange range, AggregationRules rules) {
        PartitionFilter readingFiles = cfg.partitionTime == PartitionTime.EVENT
                ? PartitionFilter.overlapping(cfg.readingsPath(), cfg.partitionTemplate, range.readingsFrom(rules),
                        range.to)
                : PartitionFilter.everyFile(cfg.readingsPath(), cfg.partitionTemplate);
        DataStream<Reading> readings = read(env, TableRows.readings(), cfg.readingsPath(), readingFiles,
                "Readings table (Parquet)", OperatorUids.REPAIR_READINGS_SOURCE);
        DataStream<Aggregate> rows = read(env, TableRows.aggregates(), cfg.aggregatesPath(),
                aggregateFiles(cfg, range), "Aggregates table (Parquet)", OperatorUids.REPAIR_AGGREGATES_SOURCE);
        readings.connect(rows)
                .keyBy(RepairWindows.READING_KEY, RepairWindows.ROW_KEY, Types.STRING)
                .process(new RepairWindows(rules, range), TypeInformation.of(Aggregate.class))
                .uid(OperatorUids.REPAIR_WINDOWS)
                .name("Recompute closed windows (new revisions of the changed ones)")
                .sinkTo(TableFiles.aggregates(cfg.aggregatesPath(), cfg.partitionTemplate, cfg.compression))
                .uid(OperatorUids.REPAIR_AGGREGATES_SINK)
                .name("Aggregates (Parquet, repaired windows)");
    }

    private static PartitionFilter aggregateFiles(JobConfig cfg, RepairRange range) {
        return PartitionFilter.overlapping(cfg.aggregatesPath(), cfg.partitionTemplate, range.from, range.to);
    }

    /** A source over a missing folder fails in the enumerator, far from the cause: say it here. */
    private static void requireTable(String path, String table) throws IOException {
        Path p = new Path(path);
        if (!p.getFileSystem().exists(p)) {
            throw new IllegalArgumentException("No " + table + " table at " + path + " (lake.transformed-path):"
                    + " the repair recomputes the aggregates the stream wrote, from the readings it wrote");
        }
    }

    private static <T> DataStream<T> read(StreamExecutionEnvironment env, StreamFormat<T> format, String path,
            PartitionFilter files, String name, String uid) {
        FileSource<T> source = FileSource.forRecordStreamFormat(format, new Path(path))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(files))
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name).uid(uid);
    }
}
