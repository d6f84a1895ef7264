package org.aqlake.job.consent;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.source.KinesisSourceFactory;
import org.aqlake.job.OperatorUids;

/**
 * The consent registry's two optional sources: the Kinesis consent stream (records with lineage) and
 * a bootstrap snapshot of JSON lines (a file, or every file under a folder or S3 prefix, read once).
 * Passed into the pipeline like the readings source, so tests can substitute collections.
 *
 * <p>The consent stream is never archived: it carries personal fields, and only its three consent
 * fields are ever read.
 */
public final class ConsentSources {


    /** The consent stream, or null. */
    public final DataStream<KinesisRecord> stream;
    /** The bootstrap snapshot's lines, or null. */
    public final DataStream<String> bootstrap;
    /** Where the bootstrap lines come from: the dead letters of its bad lines name it. */
    public final String bootstrapPath;

    private ConsentSources(DataStream<KinesisRecord> stream, DataStream<String> bootstrap, String bootstrapPath) {
        this.stream = stream;
        this.bootstrap = bootstrap;
        this.bootstrapPath = bootstrapPath;
    }

    public static ConsentSources none() {
        return new ConsentSources(null, null, null);
    }

    public static ConsentSources of(DataStream<KinesisRecord> stream, DataStream<String> bootstrap,
            String bootstrapPath) {
        return new ConsentSources(stream, bootstrap, bootstrapPath);
    }

    /** The sources the configuration asks for: {@code consent.stream} and {@code consent.bootstrap-path}. */
    public static ConsentSources fromConfig(StreamExecutionEnvironment env, JobConfig cfg) {
        DataStream<KinesisRecord> stream = null;
        if (cfg.consentStream != null) {
            stream = env.addSource(KinesisSourceFactory.createConsent(cfg))
                    .uid(OperatorUids.CONSENT_SOURCE)
                    .name("Kinesis: " + cfg.consentStream);
        }
        DataStream<String> bootstrap = null;
        if (cfg.consentBootstrapPath != null) {
            FileSource<String> files = FileSource
                    .forRecordStreamFormat(new TextLineInputFormat(), new Path(cfg.consentBootstrapPath))
                    .build();
            // no watermarks: a snapshot is one whole, and it is complete only when it has been read to the end
            // (the source then emits the final watermark); until then readings wait for it
            bootstrap = env.fromSource(files, WatermarkStrategy.noWatermarks(), "Consent bootstrap")
                    .uid(OperatorUids.CONSENT_BOOTSTRAP_SOURCE);
        }
        return new ConsentSources(stream, bootstrap, cfg.consentBootstrapPath);
    }

    public boolean any() {
        return stream != null || bootstrap != null;
    }
}
