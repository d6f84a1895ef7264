package org.aqlake.job;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.backfill.BackfillClaims;
import org.aqlake.job.backfill.BackfillFiles;
import org.aqlake.job.backfill.BackfillLine;
import org.aqlake.job.backfill.BackfillLineFormat;
import org.aqlake.job.backfill.BackfillRecords;
import org.aqlake.job.backfill.BackfillSettings;
import org.aqlake.job.backfill.FilesInOrder;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.LakeSinks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * The bounded backfill ({@code backfill.enabled}): the stream's pipeline over files instead of Kinesis.
 *
 * <pre>
 * files (in order) ─ lines to records ─┬─ the stream's pipeline: dedup, decode, watermarks, consent, readings,
 *                                      │  aggregates, dead letters (no raw archive)
 *                                      └─ dead letters (lines that are no record)
 * </pre>
 *
 * It runs in STREAMING mode over a bounded source, not BATCH: the pipeline's guarantees are made of event
 * time and checkpoints (the watermark that seals a window and writes its AQI with the previous hours', the
 * consent gate holding a reading until the registry's watermark passes it, the bound on the partitions a
 * writer has open between two checkpoints, files committed per checkpoint), and BATCH mode has neither
 * checkpoints nor a watermark that advances with the data. One reader hands the files out in order, so
 * that event time advances through a glob of days as it did live; the rest runs at the job's parallelism.
 * When the last file is read the watermark goes to the end, every window fires, and the final checkpoint
 * commits the last files.
 */
public final class AqLakeBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(AqLakeBackfill.class);
    public static final String JOB_NAME = "aq-lake-backfill";

    private AqLakeBackfill() {}

    /** Lists and claims the files (see {@link BackfillClaims}), then runs the backfill to its end. */
    public static JobExecutionResult run(JobConfig cfg, StreamExecutionEnvironment env) throws Exception {
        BackfillSettings settings = cfg.backfill.orElseThrow(() -> new IllegalArgumentException(
                "backfill.enabled is false"));
        LocalFileSystems.initialize(cfg);
        List<FileStatus> files = BackfillFiles.list(settings.paths);
        LOG.info("Backfilling {} file(s) of {}: {}", files.size(), settings, cfg);
        if (cfg.consentStream.isPresent()) {
            LOG.warn("consent.stream {} is not read by a backfill: the registry is consent.bootstrap-path's ({})",
                    cfg.consentStream.get(), cfg.consentBootstrapPath.orElse("none"));
        }
        // a fixed job id (application mode) tells this run's restart after a failover from a second run
        BackfillClaims.claim(cfg.transformedPath, files,
                env.getConfiguration().getOptional(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID));
        AqLakeJob.configure(env, cfg);
        build(env, cfg, files, JobSinks.forBackfill(cfg));
        return env.execute(JOB_NAME);
    }

    /** The backfill's graph on the environment; the caller runs it. */
    public static DataStream<Reading> build(StreamExecutionEnvironment env, JobConfig cfg, List<FileStatus> files,
            LakeSinks sinks) {
        BackfillSettings settings = cfg.backfill.orElseThrow();
        FileSource<BackfillLine> source = FileSource
                .forBulkFileFormat(new BackfillLineFormat(settings),
                        files.stream().map(FileStatus::getPath).toArray(Path[]::new))
                .setFileEnumerator(NonSplittingRecursiveEnumerator::new)
                .setSplitAssigner(FilesInOrder::new)
                .build();
        SingleOutputStreamOperator<KinesisRecord> records = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "Backfill files")
                .uid(OperatorUids.BACKFILL_SOURCE)
                .setParallelism(1)
                .process(new BackfillRecords(ConsentRedaction.unlessExempt(cfg.consent),
                        cfg.consent.exempt(settings.csvSourceType)))
                .uid(OperatorUids.BACKFILL_RECORDS)
                .name("Backfill lines to records")
                .setParallelism(1);
        return AqLakePipeline.build(records, Optional.of(records.getSideOutput(BackfillRecords.DEAD_LETTERS)),
                JobSources.consentSnapshot(env, cfg), cfg, sinks);
    }
}
