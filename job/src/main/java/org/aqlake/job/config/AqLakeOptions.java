package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import org.aqlake.job.sink.Compression;
import org.aqlake.job.sink.OpenPartitionBound;
import org.aqlake.job.sink.PartitionTime;
import org.aqlake.job.source.CredentialsProvider;
import org.aqlake.job.source.InitialPosition;
import org.aqlake.job.source.RecordPublisher;
import org.aqlake.udfs.partition.PartitionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Every configuration key of the job. A key is {@code <property group>.<name>}: on Managed Flink
 * the group is a runtime property group, locally it is a group of the JSON file in {@code config/}
 * and {@code --<group>.<name>=<value>} overrides it. The README's key table lists the same keys (a
 * test keeps the two in step).
 */
public final class AqLakeOptions {

    // ---------------------------------------------------------------- kinesis

    public static final ConfigOption<String> KINESIS_STREAM = ConfigOptions.key("kinesis.stream")
            .stringType().defaultValue("aq-readings")
            .withDescription("Name of the Kinesis data stream that carries the readings.");

    public static final ConfigOption<String> KINESIS_REGION = ConfigOptions.key("kinesis.region")
            .stringType().defaultValue("us-east-1")
            .withDescription("AWS region of the stream.");

    public static final ConfigOption<String> KINESIS_ENDPOINT = ConfigOptions.key("kinesis.endpoint")
            .stringType().noDefaultValue()
            .withDescription("Endpoint override, for an emulator (for example http://127.0.0.1:4567). Unset on AWS.");

    public static final ConfigOption<CredentialsProvider> KINESIS_CREDENTIALS = ConfigOptions
            .key("kinesis.credentials.provider")
            .enumType(CredentialsProvider.class).defaultValue(CredentialsProvider.AUTO)
            .withDescription("AUTO uses the default AWS chain (the application's IAM role on Managed Flink);"
                    + " BASIC uses the two keys below, for emulators.");

    public static final ConfigOption<String> KINESIS_ACCESS_KEY_ID = ConfigOptions
            .key("kinesis.credentials.access-key-id")
            .stringType().noDefaultValue()
            .withDescription("Access key id for BASIC credentials. Never logged.");

    public static final ConfigOption<String> KINESIS_SECRET_KEY = ConfigOptions
            .key("kinesis.credentials.secret-key")
            .stringType().noDefaultValue()
            .withDescription("Secret key for BASIC credentials. Never logged.");

    public static final ConfigOption<InitialPosition> KINESIS_INITIAL_POSITION = ConfigOptions
            .key("kinesis.initial-position")
            .enumType(InitialPosition.class).defaultValue(InitialPosition.TRIM_HORIZON)
            .withDescription("Where a fresh start (no checkpoint or snapshot) begins: TRIM_HORIZON, LATEST or"
                    + " AT_TIMESTAMP.");

    public static final ConfigOption<String> KINESIS_INITIAL_TIMESTAMP = ConfigOptions
            .key("kinesis.initial-timestamp")
            .stringType().noDefaultValue()
            .withDescription("ISO-8601 instant (for example 2024-05-01T00:00:00Z); required with AT_TIMESTAMP.");

    public static final ConfigOption<RecordPublisher> KINESIS_RECORD_PUBLISHER = ConfigOptions
            .key("kinesis.record-publisher")
            .enumType(RecordPublisher.class).defaultValue(RecordPublisher.POLLING)
            .withDescription("POLLING (GetRecords) or EFO (enhanced fan-out, a dedicated 2 MB/s per shard).");

    public static final ConfigOption<String> KINESIS_EFO_CONSUMER = ConfigOptions
            .key("kinesis.efo.consumer-name")
            .stringType().noDefaultValue()
            .withDescription("EFO consumer name; required with EFO.");

    public static final ConfigOption<Duration> KINESIS_SHARD_DISCOVERY = ConfigOptions
            .key("kinesis.shard-discovery-interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How often new shards (after resharding) are looked for.");

    public static final ConfigOption<Duration> KINESIS_POLL_INTERVAL = ConfigOptions
            .key("kinesis.poll-interval")
            .durationType().defaultValue(Duration.ofMillis(200))
            .withDescription("Pause between GetRecords calls on a shard (POLLING).");

    // ---------------------------------------------------------------- lake

    public static final ConfigOption<String> LAKE_TRANSFORMED_PATH = ConfigOptions
            .key("lake.transformed-path")
            .stringType().noDefaultValue()
            .withDescription("Required. Root of the transformed bucket: s3://bucket[/prefix] or file:///dir."
                    + " Tables go to readings/, aggregates/ and errors/ under it.");

    public static final ConfigOption<String> LAKE_RAW_PATH = ConfigOptions
            .key("lake.raw-path")
            .stringType().noDefaultValue()
            .withDescription("Root of the raw archive (s3:// or file://); required when the raw archive is on.");

    public static final ConfigOption<Boolean> LAKE_RAW_ENABLED = ConfigOptions
            .key("lake.raw-archive.enabled")
            .booleanType().defaultValue(false)
            .withDescription("Keep every original payload as gzip JSON lines under the raw path.");

    public static final ConfigOption<String> LAKE_PARTITION_TEMPLATE = ConfigOptions
            .key("lake.partition-template")
            .stringType().defaultValue(PartitionTemplate.DEFAULT_TEMPLATE)
            .withDescription("Firehose-style prefix template of the readings table: !{timestamp:<pattern>} and"
                    + " !{partitionKey:<column>}.");

    public static final ConfigOption<PartitionTime> LAKE_PARTITION_TIME = ConfigOptions
            .key("lake.partition-time")
            .enumType(PartitionTime.class).defaultValue(PartitionTime.EVENT)
            .withDescription("EVENT partitions by the reading's own UTC timestamp; ARRIVAL by Kinesis arrival time,"
                    + " as Firehose does.");

    public static final ConfigOption<String> LAKE_RAW_PARTITION_TEMPLATE = ConfigOptions
            .key("lake.raw-partition-template")
            .stringType().defaultValue(PartitionTemplate.DEFAULT_TEMPLATE)
            .withDescription("Prefix template of the raw archive, by arrival time; timestamp placeholders only.");

    public static final ConfigOption<Compression> LAKE_COMPRESSION = ConfigOptions
            .key("lake.parquet-compression")
            .enumType(Compression.class).defaultValue(Compression.ZSTD)
            .withDescription("Parquet codec: ZSTD, SNAPPY, GZIP or UNCOMPRESSED.");

    public static final ConfigOption<Boolean> LAKE_SUCCESS_FILE = ConfigOptions
            .key("lake.partition-commit.success-file")
            .booleanType().defaultValue(true)
            .withDescription("Write an empty _SUCCESS file into a readings or aggregates partition once it is"
                    + " complete: its files are committed and the watermark has passed the partition's end plus"
                    + " lake.partition-commit.delay. Needs a lake.partition-template whose folders name the time"
                    + " (the default does).");

    public static final ConfigOption<Duration> LAKE_PARTITION_COMMIT_DELAY = ConfigOptions
            .key("lake.partition-commit.delay")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("How long after the watermark passes a partition's end its _SUCCESS file waits, on top"
                    + " of pipeline.watermark.out-of-orderness (aggregates partitions also wait"
                    + " aggregates.allowed-lateness).");

    public static final ConfigOption<Integer> LAKE_MAX_OPEN_PARTITIONS = ConfigOptions
            .key(OpenPartitionBound.MAX_OPEN_PARTITIONS_KEY)
            .intType().defaultValue(1000)
            .withDescription("Most readings partitions one writer subtask of a readings sink writes into between two"
                    + " checkpoints (each one an open Parquet file). A reading for a further partition becomes a"
                    + " too-many-open-partitions dead letter; the count starts again at each checkpoint.");

    public static final ConfigOption<Boolean> LAKE_COMPACTION_ENABLED = ConfigOptions
            .key("lake.compaction.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Compact the readings and aggregates tables with Flink's FileSink compaction: each"
                    + " checkpoint's part files stay hidden (a leading dot) until the compactor has written them,"
                    + " sorted, into one file per partition, which the committer then publishes. Off: a visible file"
                    + " per checkpoint, writer subtask and partition. Off, and refused if set, with partition keys in"
                    + " lake.partition-template.");

    public static final ConfigOption<Integer> LAKE_COMPACTION_CHECKPOINTS = ConfigOptions
            .key("lake.compaction.checkpoints")
            .intType().defaultValue(10)
            .withDescription("The freshness knob: a partition's hidden files are compacted once this many"
                    + " checkpoints have passed since its first one (or sooner at lake.compaction.target-size), so"
                    + " rows become visible one to two checkpoints after that. 1 is the freshest.");

    public static final ConfigOption<MemorySize> LAKE_COMPACTION_TARGET_SIZE = ConfigOptions
            .key("lake.compaction.target-size")
            .memoryType().defaultValue(MemorySize.ofMebiBytes(128))
            .withDescription("A partition's hidden files are compacted as soon as they hold this many bytes, so a"
                    + " busy partition gets files of about this size.");

    // ---------------------------------------------------------------- s3 (outside AWS only)

    public static final ConfigOption<String> S3_ENDPOINT = ConfigOptions.key("s3.endpoint")
            .stringType().noDefaultValue()
            .withDescription("S3 endpoint override for an emulator. Unset on AWS, where the IAM role is used.");

    public static final ConfigOption<Boolean> S3_PATH_STYLE = ConfigOptions.key("s3.path-style-access")
            .booleanType().defaultValue(true)
            .withDescription("Path-style bucket addressing; emulators need it. Only used with s3.endpoint.");

    public static final ConfigOption<String> S3_ACCESS_KEY = ConfigOptions.key("s3.access-key")
            .stringType().noDefaultValue()
            .withDescription("Access key for the S3 emulator. Never logged.");

    public static final ConfigOption<String> S3_SECRET_KEY = ConfigOptions.key("s3.secret-key")
            .stringType().noDefaultValue()
            .withDescription("Secret key for the S3 emulator. Never logged.");

    // ---------------------------------------------------------------- pipeline

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions
            .key("pipeline.checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("Checkpoint interval for local runs; files are committed on each checkpoint. On Managed"
                    + " Flink the application's CheckpointConfiguration wins.");

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS = ConfigOptions
            .key("pipeline.watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("How far behind the highest event time seen the watermark trails.");

    public static final ConfigOption<Duration> WATERMARK_IDLENESS = ConfigOptions
            .key("pipeline.watermark.idleness")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("A source split (Kinesis shard) with no data for this long stops holding the watermark back.");

    public static final ConfigOption<Duration> DEDUP_HORIZON = ConfigOptions
            .key("pipeline.dedup.horizon")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("A record identical to one already read (same partition key, same payload bytes) whose"
                    + " Kinesis arrival time is within this of the first copy's is dropped as a producer retry and"
                    + " counted in duplicateRecords. It must outlast a producer's retries; the state kept is one"
                    + " entry per distinct record of the last horizon or two.");

    // ---------------------------------------------------------------- validation

    public static final ConfigOption<Double> VALIDATION_MIN_VALUE = ConfigOptions
            .key("validation.min-value")
            .doubleType().defaultValue(-10.0)
            .withDescription("Lowest accepted value, in µg/m³ or ppb (ppm and mg/m³ are scaled by 1000). Slightly"
                    + " negative values are instrument noise and are kept; sentinels such as -999 are rejected.");

    public static final ConfigOption<Double> VALIDATION_MAX_VALUE = ConfigOptions
            .key("validation.max-value")
            .doubleType().defaultValue(50_000.0)
            .withDescription("Highest accepted value, on the same scale; rejects sentinels such as 99999.");

    public static final ConfigOption<Duration> VALIDATION_MAX_FUTURE = ConfigOptions
            .key("validation.max-future")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("How far a reading's timestamp may lie after its arrival (clock skew) before it is"
                    + " rejected.");

    public static final ConfigOption<String> VALIDATION_MIN_EVENT_TIME = ConfigOptions
            .key("validation.min-event-time")
            .stringType().defaultValue("2010-01-01T00:00:00Z")
            .withDescription("Earliest accepted reading timestamp, an ISO-8601 instant. An earlier one comes from a"
                    + " device whose clock reset (to 1970, 1980 or 2000) and becomes a value-out-of-range dead letter"
                    + " rather than a partition of its own. Lower it to backfill older archives.");

    // ---------------------------------------------------------------- consent

    public static final ConfigOption<String> CONSENT_STREAM = ConfigOptions.key("consent.stream")
            .stringType().noDefaultValue()
            .withDescription("Kinesis stream of consent registry records (STEDI customer records), conventionally"
                    + " aq-consent. Read from TRIM_HORIZON with the kinesis.* connection settings. Unset: no stream.");

    public static final ConfigOption<String> CONSENT_BOOTSTRAP_PATH = ConfigOptions.key("consent.bootstrap-path")
            .stringType().noDefaultValue()
            .withDescription("A snapshot of consent registry records as JSON lines, read once at start: a file, or"
                    + " every file under a folder or S3 prefix (s3://, s3a:// or file://; .gz files are inflated)."
                    + " Unset: no snapshot.");

    public static final ConfigOption<String> CONSENT_EXEMPT_SOURCE_TYPES = ConfigOptions
            .key("consent.exempt-source-types")
            .stringType().defaultValue("government,research")
            .withDescription("Comma-separated sourceType values whose readings pass without consent (public"
                    + " reference stations). community can never be exempt.");

    public static final ConfigOption<Duration> CONSENT_MAX_WAIT = ConfigOptions.key("consent.max-wait")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Longest a reading waits (processing time) for the consent input's watermark to pass"
                    + " its time; then it is decided with the consent known by then.");

    public static final ConfigOption<Duration> CONSENT_HISTORY_RETENTION = ConfigOptions
            .key("consent.history-retention")
            .durationType().defaultValue(Duration.ofDays(1))
            .withDescription("How far behind the watermark consent history is kept, so that late readings are"
                    + " decided exactly; older readings can only be denied.");

    // ---------------------------------------------------------------- aggregates

    public static final ConfigOption<Boolean> AGGREGATES_ENABLED = ConfigOptions
            .key("aggregates.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Write the aggregates table (window statistics, AQI, WHO checks) under aggregates/.");

    public static final ConfigOption<Duration> AGGREGATES_WINDOW = ConfigOptions
            .key("aggregates.window")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Event-time window of the aggregates; must divide a day. The AQI and WHO columns are"
                    + " only filled with 1 h windows.");

    public static final ConfigOption<Duration> AGGREGATES_ALLOWED_LATENESS = ConfigOptions
            .key("aggregates.allowed-lateness")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("How long after the watermark passes a window's end its first rows wait for stragglers.");

    public static final ConfigOption<Duration> AGGREGATES_REVISION_RETENTION = ConfigOptions
            .key("aggregates.revision-retention")
            .durationType().defaultValue(Duration.ofHours(72))
            .withDescription("How long after its first rows a window is still corrected by late readings; later"
                    + " readings reach the readings table and, counted per window, the late-readings table.");

    // ---------------------------------------------------------------- repair

    public static final ConfigOption<Boolean> REPAIR_ENABLED = ConfigOptions
            .key("repair.enabled")
            .booleanType().defaultValue(false)
            .withDescription("Run the bounded repair instead of the stream: recompute the aggregates of the closed"
                    + " windows in [repair.from, repair.to) from the readings table, in BATCH mode, and write a new"
                    + " revision of each window whose rows changed.");

    public static final ConfigOption<String> REPAIR_FROM = ConfigOptions
            .key("repair.from")
            .stringType().noDefaultValue()
            .withDescription("ISO-8601 instant, a window start: the first window repaired. Required with"
                    + " repair.enabled.");

    public static final ConfigOption<String> REPAIR_TO = ConfigOptions
            .key("repair.to")
            .stringType().noDefaultValue()
            .withDescription("ISO-8601 instant, a window start: the end of the windows repaired, exclusive. Required"
                    + " with repair.enabled.");

    /** Every option, in README order. */
    public static final List<ConfigOption<?>> ALL = List.of(
            KINESIS_STREAM, KINESIS_REGION, KINESIS_ENDPOINT, KINESIS_CREDENTIALS, KINESIS_ACCESS_KEY_ID,
            KINESIS_SECRET_KEY, KINESIS_INITIAL_POSITION, KINESIS_INITIAL_TIMESTAMP, KINESIS_RECORD_PUBLISHER,
            KINESIS_EFO_CONSUMER, KINESIS_SHARD_DISCOVERY, KINESIS_POLL_INTERVAL,
            LAKE_TRANSFORMED_PATH, LAKE_RAW_PATH, LAKE_RAW_ENABLED, LAKE_PARTITION_TEMPLATE, LAKE_PARTITION_TIME,
            LAKE_RAW_PARTITION_TEMPLATE, LAKE_COMPRESSION, LAKE_SUCCESS_FILE, LAKE_PARTITION_COMMIT_DELAY,
            LAKE_MAX_OPEN_PARTITIONS, LAKE_COMPACTION_ENABLED, LAKE_COMPACTION_CHECKPOINTS, LAKE_COMPACTION_TARGET_SIZE,
            S3_ENDPOINT, S3_PATH_STYLE, S3_ACCESS_KEY, S3_SECRET_KEY,
            CHECKPOINT_INTERVAL, WATERMARK_OUT_OF_ORDERNESS, WATERMARK_IDLENESS, DEDUP_HORIZON,
            VALIDATION_MIN_VALUE, VALIDATION_MAX_VALUE, VALIDATION_MAX_FUTURE,
            VALIDATION_MIN_EVENT_TIME,
            CONSENT_STREAM, CONSENT_BOOTSTRAP_PATH, CONSENT_EXEMPT_SOURCE_TYPES, CONSENT_MAX_WAIT,
            CONSENT_HISTORY_RETENTION,
            AGGREGATES_ENABLED, AGGREGATES_WINDOW, AGGREGATES_ALLOWED_LATENESS, AGGREGATES_REVISION_RETENTION,
            REPAIR_ENABLED, REPAIR_FROM, REPAIR_TO,
            PipelineOptions.PIPELINE_SCRIPT, PipelineOptions.PIPELINE_MODE, PipelineOptions.PIPELINE_PARAMS,
            BackfillOptions.BACKFILL_ENABLED, BackfillOptions.BACKFILL_PATHS, BackfillOptions.BACKFILL_FORMAT,
            BackfillOptions.BACKFILL_MAX_LINE, BackfillOptions.BACKFILL_MAX_FILE,
            BackfillOptions.BACKFILL_CSV_SOURCE_TYPE,
            IcebergOptions.LAKE_FORMAT, IcebergOptions.ICEBERG_CATALOG_TYPE, IcebergOptions.ICEBERG_WAREHOUSE,
            IcebergOptions.ICEBERG_JDBC_URI, IcebergOptions.ICEBERG_DATABASE,
            IcebergOptions.ICEBERG_READINGS_PARTITION_SPEC, IcebergOptions.ICEBERG_AGGREGATES_PARTITION_SPEC,
            IcebergOptions.ICEBERG_ERRORS_PARTITION_SPEC,
            IcebergOptions.ICEBERG_GLUE_ENDPOINT,
            MaintenanceOptions.ENABLED, MaintenanceOptions.COMMITS, MaintenanceOptions.INTERVAL,
            MaintenanceOptions.MIN_PAUSE, MaintenanceOptions.TARGET_FILE_SIZE, MaintenanceOptions.SNAPSHOT_MAX_AGE,
            MaintenanceOptions.SNAPSHOT_RETAIN_LAST, MaintenanceOptions.ORPHAN_MIN_AGE,
            MaintenanceOptions.ORPHAN_INTERVAL, MaintenanceOptions.LOCK_JDBC_URI);

    /** Keys whose values are never printed. */
    public static final Set<String> SECRET_KEYS = Set.of(
            KINESIS_ACCESS_KEY_ID.key(), KINESIS_SECRET_KEY.key(), S3_ACCESS_KEY.key(), S3_SECRET_KEY.key(),
            // a remote lock database's URL may carry its password
            MaintenanceOptions.LOCK_JDBC_URI.key());

    private AqLakeOptions() {}
}
