package org.aqlake.job.source;

import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;

import org.aqlake.job.model.KinesisRecord;

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

    public static FlinkKinesisConsumer<KinesisRecord> create(String stream, KinesisSettings settings) {
        return new FlinkKinesisConsumer<>(stream, new KinesisRecordSchema(), consumerProperties(settings));
    }

    /**
     * The consumer of the consent registry stream, with the same connection settings. It always starts a
     * fresh run at TRIM_HORIZON, whatever {@code kinesis.initial-position} says: the registry is only
     * complete from its beginning, and a missing grant or revocation would decide readings wrongly.
     */
    public static FlinkKinesisConsumer<KinesisRecord> createConsent(String stream, KinesisSettings settings) {
        return new FlinkKinesisConsumer<>(stream, new KinesisRecordSchema(), consentConsumerProperties(settings));
    }

    static Properties consentConsumerProperties(KinesisSettings settings) {
        Properties p = consumerProperties(settings);
        p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, InitialPosition.TRIM_HORIZON.name());
        p.remove(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP);
        return p;
    }

    static Properties consumerProperties(KinesisSettings settings) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, settings.region);
        settings.endpoint.ifPresent(endpoint -> p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint));
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, settings.credentials().name());
        settings.keys.ifPresent(keys -> {
            p.setProperty(AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    keys.accessKeyId);
            p.setProperty(AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    keys.secretKey);
        });
        p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, settings.initialPosition.name());
        // the connector reads a plain number as epoch seconds
        settings.initialTimestamp.ifPresent(start -> p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP,
                String.format(java.util.Locale.ROOT, "%.3f", start.toEpochMilli() / 1000.0)));
        p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, settings.recordPublisher().name());
        settings.efoConsumer.ifPresent(name -> p.setProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME, name));
        p.setProperty(ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                Long.toString(settings.shardDiscoveryInterval.toMillis()));
        p.setProperty(ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS,
                Long.toString(settings.pollInterval.toMillis()));
        return p;
    }
}
