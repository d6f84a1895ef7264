package org.aqlake.job.source;

import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.util.KinesisConfigUtil;
import org.apache.flink.util.InstantiationUtil;

import org.aqlake.job.config.InvalidConfigException;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class KinesisSourceFactoryTest {

    // the connector's property names, spelled out: they are the contract with flink-connector-kinesis
    static final String REGION = "aws.region";
    static final String ENDPOINT = "aws.endpoint";
    static final String CREDENTIALS_PROVIDER = "aws.credentials.provider";
    static final String ACCESS_KEY_ID = "aws.credentials.provider.basic.accesskeyid";
    static final String SECRET_KEY = "aws.credentials.provider.basic.secretkey";
    static final String INITIAL_POSITION = "flink.stream.initpos";
    static final String INITIAL_TIMESTAMP = "flink.stream.initpos.timestamp";
    static final String RECORD_PUBLISHER = "flink.stream.recordpublisher";
    static final String EFO_CONSUMER_NAME = "flink.stream.efo.consumername";
    static final String SHARD_DISCOVERY_MILLIS = "flink.shard.discovery.intervalmillis";
    static final String GETRECORDS_INTERVAL_MILLIS = "flink.shard.getrecords.intervalmillis";

    static final String STREAM = "aq-readings";
    static final String EMULATOR = "http://127.0.0.1:4567";
    /** A port nothing listens on: building the consumer must not need a peer. */
    static final String NOBODY_THERE = "http://127.0.0.1:1";
    static final String KEY_ID = "000000000000";
    static final String SECRET = "emulator-secret";
    /** An instant with milliseconds, so a seconds-only conversion would show. */
    static final Instant START = Instant.parse("2024-05-01T12:34:56.789Z");

    static JobConfig config(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kinesis.stream", STREAM);
        m.put("lake.transformed-path", "s3://aq-transformed");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return JobConfig.from(m);
    }

    @Test
    void pollingFromTheTrimHorizonWithTheDefaultCredentialChainSetsNoKeys() {
        Properties p = KinesisSourceFactory.consumerProperties(config().kinesis);

        assertThat(p.getProperty(REGION)).isEqualTo("us-east-1");
        assertThat(p.getProperty(CREDENTIALS_PROVIDER)).isEqualTo("AUTO");
        assertThat(p.getProperty(INITIAL_POSITION)).isEqualTo("TRIM_HORIZON");
        assertThat(p.getProperty(RECORD_PUBLISHER)).isEqualTo("POLLING");
        assertThat(p.getProperty(SHARD_DISCOVERY_MILLIS)).isEqualTo(Long.toString(Duration.ofSeconds(10).toMillis()));
        assertThat(p.getProperty(GETRECORDS_INTERVAL_MILLIS)).isEqualTo("200");
        // on AWS the IAM role is the only credential: nothing secret may travel in the job graph
        assertThat(p.stringPropertyNames())
                .doesNotContain(ACCESS_KEY_ID, SECRET_KEY, ENDPOINT, INITIAL_TIMESTAMP, EFO_CONSUMER_NAME);
    }

    @Test
    void basicCredentialsPassBothKeysToTheConnector() {
        Properties p = KinesisSourceFactory.consumerProperties(config(
                "kinesis.credentials.provider", "BASIC",
                "kinesis.credentials.access-key-id", KEY_ID,
                "kinesis.credentials.secret-key", SECRET).kinesis);

        assertThat(p.getProperty(CREDENTIALS_PROVIDER)).isEqualTo("BASIC");
        assertThat(p.getProperty(ACCESS_KEY_ID)).isEqualTo(KEY_ID);
        assertThat(p.getProperty(SECRET_KEY)).isEqualTo(SECRET);
    }

    @Test
    void atTimestampPassesTheStartAsEpochSecondsThatTheConnectorReadsBackExactly() {
        Properties p = KinesisSourceFactory.consumerProperties(config(
                "kinesis.initial-position", "AT_TIMESTAMP",
                "kinesis.initial-timestamp", START.toString()).kinesis);

        assertThat(p.getProperty(INITIAL_POSITION)).isEqualTo("AT_TIMESTAMP");
        assertThat(p.getProperty(INITIAL_TIMESTAMP)).isEqualTo("1714566896.789");
        // the connector's own parser: a plain number is epoch seconds, fractions included
        assertThat(KinesisConfigUtil.parseStreamTimestampStartingPosition(p).toInstant()).isEqualTo(START);
    }

    @Test
    void enhancedFanOutPassesThePublisherAndTheConsumerName() {
        Properties p = KinesisSourceFactory.consumerProperties(config(
                "kinesis.record-publisher", "EFO",
                "kinesis.efo.consumer-name", "aq-lake").kinesis);

        assertThat(p.getProperty(RECORD_PUBLISHER)).isEqualTo("EFO");
        assertThat(p.getProperty(EFO_CONSUMER_NAME)).isEqualTo("aq-lake");
    }

    @Test
    void anEmulatorEndpointIsPassedThrough() {
        Properties p = KinesisSourceFactory.consumerProperties(config("kinesis.endpoint", EMULATOR).kinesis);

        assertThat(p.getProperty(ENDPOINT)).isEqualTo(EMULATOR);
        assertThat(p.getProperty(REGION)).isEqualTo("us-east-1"); // the SDK still signs for a region
    }

    @Test
    void pollIntervalsAreGivenInMilliseconds() {
        Properties p = KinesisSourceFactory.consumerProperties(config(
                "kinesis.shard-discovery-interval", "1 min", "kinesis.poll-interval", "1 s").kinesis);

        assertThat(p.getProperty(SHARD_DISCOVERY_MILLIS)).isEqualTo("60000");
        assertThat(p.getProperty(GETRECORDS_INTERVAL_MILLIS)).isEqualTo("1000");
    }

    @Test
    void theConnectorsOwnValidationAcceptsEveryModeWeProduce() {
        // a property the connector rejects would only fail when the job is submitted
        List<JobConfig> modes = List.of(
                config(),
                config("kinesis.endpoint", EMULATOR, "kinesis.credentials.provider", "BASIC",
                        "kinesis.credentials.access-key-id", KEY_ID, "kinesis.credentials.secret-key", SECRET),
                config("kinesis.initial-position", "LATEST"),
                config("kinesis.initial-position", "AT_TIMESTAMP", "kinesis.initial-timestamp", START.toString()),
                config("kinesis.record-publisher", "EFO", "kinesis.efo.consumer-name", "aq-lake"));

        for (JobConfig cfg : modes) {
            Properties p = KinesisSourceFactory.consumerProperties(cfg.kinesis);
            assertThatCode(() -> KinesisConfigUtil.validateConsumerConfiguration(p, List.of(STREAM)))
                    .as(p.toString())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aLeftoverTimestampWithAnotherStartPositionIsNeverARawParseError() {
        // JobConfig only checks kinesis.initial-timestamp under AT_TIMESTAMP. A leftover bad value with
        // TRIM_HORIZON must then either be ignored or be reported by key: "the message always names the key"
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lake.transformed-path", "s3://aq-transformed");
        m.put("kinesis.initial-position", "TRIM_HORIZON");
        m.put("kinesis.initial-timestamp", "yesterday");

        assertThatCode(() -> {
            try {
                Properties p = KinesisSourceFactory.consumerProperties(JobConfig.from(m).kinesis);
                assertThat(p.getProperty(INITIAL_POSITION)).isEqualTo("TRIM_HORIZON");
                assertThat(p.stringPropertyNames()).doesNotContain(INITIAL_TIMESTAMP);
            } catch (InvalidConfigException e) {
                assertThat(e).hasMessageContaining("kinesis.initial-timestamp");
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void createBuildsASerializableConsumerWithoutContactingAws() throws Exception {
        JobConfig cfg = config("kinesis.endpoint", NOBODY_THERE);

        FlinkKinesisConsumer<KinesisRecord> consumer = KinesisSourceFactory.create(cfg.stream, cfg.kinesis);

        assertThat(consumer.getProducedType()).isInstanceOf(PojoTypeInfo.class);
        assertThat(consumer.getProducedType().getTypeClass()).isEqualTo(KinesisRecord.class);
        // Flink ships the source to the task managers by Java serialization
        assertThat(InstantiationUtil.serializeObject(consumer)).isNotEmpty();
    }

    @Test
    void theSchemaKeepsThePayloadUntouchedAndRecordsItsLineage() {
        byte[] payload = {0x1f, (byte) 0x8b, 0, (byte) 0xff};

        KinesisRecord r = new KinesisRecordSchema().deserialize(payload, "pk-1", "4959", START.toEpochMilli(),
                STREAM, "shardId-000000000001");

        assertThat(r).isEqualTo(new KinesisRecord(payload, STREAM, "shardId-000000000001", "4959", "pk-1",
                START.toEpochMilli()));
    }

    @Test
    void theConsentConsumerReadsTheWholeRegistryWhateverTheReadingsStartPosition() throws Exception {
        JobConfig cfg = config("consent.stream", "aq-consent", "kinesis.endpoint", NOBODY_THERE,
                "kinesis.initial-position", "AT_TIMESTAMP", "kinesis.initial-timestamp", START.toString());

        Properties p = KinesisSourceFactory.consentConsumerProperties(cfg.kinesis);
        FlinkKinesisConsumer<KinesisRecord> consumer = KinesisSourceFactory.createConsent(cfg.consentStream.orElseThrow(), cfg.kinesis);

        assertThat(p.getProperty(INITIAL_POSITION)).isEqualTo("TRIM_HORIZON");
        assertThat(p).doesNotContainKey(INITIAL_TIMESTAMP);
        assertThat(p.getProperty(ENDPOINT)).isEqualTo(NOBODY_THERE);
        assertThatCode(() -> KinesisConfigUtil.validateConsumerConfiguration(p, List.of("aq-consent"))).doesNotThrowAnyException();
        assertThat(InstantiationUtil.serializeObject(consumer)).isNotEmpty();
    }
}
