package org.aqlake.job.source;

import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;

import org.aqlake.job.config.AqLakeOptions;
import org.aqlake.job.config.AqLakeOptions.CredentialsProvider;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;

import java.time.Instant;
import java.util.Properties;

/**
 * The one place that knows which Kinesis source the job uses: the legacy {@code FlinkKinesisConsumer}
 * of flink-connector-kinesis 4.3.0-1.19 (mature; polling or EFO; resharding; KPL de-aggregation).
 * Moving to {@code KinesisStreamsSource} later is a change to this file only. It builds both consumers:
 * the readings stream's and the consent registry stream's.
 *
 * <p>The connector relocates its AWS SDK, so it is configured with plain string keys.
 */
public final class KinesisSourceFactory {

    private KinesisSourceFactory() {}

    public static FlinkKinesisConsumer<KinesisRecord> create(JobConfig cfg) {
        return new FlinkKinesisConsumer<>(cfg.stream, new KinesisRecordSchema(), consumerProperties(cfg));
    }

    /**
     * The consumer of the consent registry stream, with the same connection settings. It always starts a
     * fresh run at TRIM_HORIZON, whatever {@code kinesis.initial-position} says: the registry is only
     * complete from its beginning, and a missing grant or revocation would decide readings wrongly.
     */
    public static FlinkKinesisConsumer<KinesisRecord> createConsent(JobConfig cfg) {
        return new FlinkKinesisConsumer<>(cfg.consentStream, new KinesisRecordSchema(), consentConsumerProperties(cfg));
    }

    static Properties consentConsumerProperties(JobConfig cfg) {
        Properties p = consumerProperties(cfg);
        p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, AqLakeOptions.InitialPosition.TRIM_HORIZON.name());
        p.remove(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP);
        return p;
    }

    static Properties consumerProperties(JobConfig cfg) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, cfg.get(AqLakeOptions.KINESIS_REGION));
        String endpoint = cfg.getOptional(AqLakeOptions.KINESIS_ENDPOINT);
        if (endpoint != null) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint);
        }
        CredentialsProvider credentials = cfg.get(AqLakeOptions.KINESIS_CREDENTIALS);
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, credentials.name());
        if (credentials == CredentialsProvider.BASIC) {
            p.setProperty(AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    cfg.getOptional(AqLakeOptions.KINESIS_ACCESS_KEY_ID));
            p.setProperty(AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    cfg.getOptional(AqLakeOptions.KINESIS_SECRET_KEY));
        }
        p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, cfg.initialPosition.name());
        if (cfg.initialPosition == AqLakeOptions.InitialPosition.AT_TIMESTAMP) {
            Instant start = cfg.initialTimestamp();
            // the connector reads a plain number as epoch seconds
            p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP,
                    String.format(java.util.Locale.ROOT, "%.3f", start.toEpochMilli() / 1000.0));
        }
        p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, cfg.recordPublisher.name());
        if (cfg.recordPublisher == AqLakeOptions.RecordPublisher.EFO) {
            p.setProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME, cfg.getOptional(AqLakeOptions.KINESIS_EFO_CONSUMER));
        }
        p.setProperty(ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                Long.toString(cfg.get(AqLakeOptions.KINESIS_SHARD_DISCOVERY).toMillis()));
        p.setProperty(ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS,
                Long.toString(cfg.get(AqLakeOptions.KINESIS_POLL_INTERVAL).toMillis()));
        return p;
    }
}
