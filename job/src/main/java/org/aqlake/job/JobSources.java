package org.aqlake.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentSources;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.source.KinesisSourceFactory;

import java.util.Optional;

/** The sources the configuration names: the readings stream, and the consent registry's. */
public final class JobSources {

    private JobSources() {}

    public static DataStream<KinesisRecord> readings(StreamExecutionEnvironment env, JobConfig cfg) {
        return env.addSource(KinesisSourceFactory.create(cfg.stream, cfg.kinesis))
                .uid(OperatorUids.SOURCE)
                .name("Kinesis: " + cfg.stream);
    }

    /** {@code consent.stream} and {@code consent.bootstrap-path}, each if it is set. */
    public static ConsentSources consent(StreamExecutionEnvironment env, JobConfig cfg) {
        return consent(env, cfg, cfg.consentStream);
    }

    /**
     * The backfill's registry: the snapshot only, as a bounded run cannot wait on a stream; each reading is
     * judged by the consent the snapshot's histories gave as of its time.
     */
    public static ConsentSources consentSnapshot(StreamExecutionEnvironment env, JobConfig cfg) {
        return consent(env, cfg, Optional.empty());
    }

    private static ConsentSources consent(StreamExecutionEnvironment env, JobConfig cfg, Optional<String> consentStream) {
        Optional<DataStream<KinesisRecord>> stream = consentStream.map(name ->
                env.addSource(KinesisSourceFactory.createConsent(name, cfg.kinesis))
                        .uid(OperatorUids.CONSENT_SOURCE)
                        .name("Kinesis: " + name));
        Optional<ConsentSources.Bootstrap> bootstrap = cfg.consentBootstrapPath.map(path -> {
            FileSource<String> files = FileSource
                    .forRecordStreamFormat(new TextLineInputFormat(), new Path(path))
                    .build();
            // no watermarks: a snapshot is one whole, and it is complete only when it has been read to the end
            // (the source then emits the final watermark); until then readings wait for it
            return new ConsentSources.Bootstrap(
                    env.fromSource(files, WatermarkStrategy.noWatermarks(), "Consent bootstrap")
                            .uid(OperatorUids.CONSENT_BOOTSTRAP_SOURCE),
                    path);
        });
        return ConsentSources.of(stream, bootstrap);
    }
}
