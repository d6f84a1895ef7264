package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;

import org.aqlake.job.aggregate.AggregationRules;
import org.aqlake.job.aggregate.RepairRange;
import org.aqlake.job.backfill.BackfillSettings;
import org.aqlake.job.consent.ConsentRules;
import org.aqlake.job.decode.ValidationRules;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.MaintenanceSettings;
import org.aqlake.job.sink.Compaction;
import org.aqlake.job.sink.Compression;
import org.aqlake.job.sink.PartitionTime;
import org.aqlake.job.sink.ReadingColumns;
import org.aqlake.job.source.CredentialsProvider;
import org.aqlake.job.source.InitialPosition;
import org.aqlake.job.source.KinesisSettings;
import org.aqlake.job.source.RecordPublisher;
import org.aqlake.udfs.partition.PartitionTemplate;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one typed, validated configuration of the job, built once at start from flattened property
 * groups ({@code group.key -> value}). Every problem is reported with the key that causes it. What the
 * configuration switches off is an empty {@link Optional}.
 */
public final class JobConfig {
    private static final Set<String> KNOWN_KEYS =
            AqLakeOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> LAKE_SCHEMES = Set.of("s3", "s3a", "file");
    /** Ten years: more is a typo, and would overflow event-time arithmetic. */
    private static final Duration MAX_HISTORY_RETENTION = Duration.ofDays(3650);

    private final Configuration conf;
    public final String stream;
    /** How both Kinesis consumers connect: the readings stream's and the consent stream's. */
    public final KinesisSettings kinesis;
    public final String transformedPath;
    /** The raw archive's path; empty when the archive is off. */
    public final Optional<String> rawPath;
    public final boolean rawArchiveEnabled;
    public final PartitionTemplate partitionTemplate;
    public final PartitionTemplate rawPartitionTemplate;
    public final PartitionTime partitionTime;
    public final Compression compression;
    public final Duration checkpointInterval;
    public final Duration outOfOrderness;
    public final Duration idleness;
    /** How far apart in arrival time two copies of one record may be and still be one row. */
    public final Duration dedupHorizon;
    public final ValidationRules validation;
    /** The Kinesis consent stream, if any. */
    public final Optional<String> consentStream;
    /** The consent bootstrap snapshot, if any. */
    public final Optional<String> consentBootstrapPath;
    public final ConsentRules consent;
    /** Empty when the aggregates table is off. */
    public final Optional<AggregationRules> aggregation;
    /** Whether complete readings and aggregates partitions get a _SUCCESS file. */
    public final boolean successFiles;
    /** How long after the watermark passes a partition's end its _SUCCESS file waits. */
    public final Duration partitionCommitDelay;
    /** Most partitions a readings writer subtask writes into between two checkpoints; at least 1. */
    public final int maxOpenPartitions;
    public final Compaction compaction; // of the readings and aggregates files, or Compaction.off()
    /** The windows a bounded repair recomputes; empty when the job runs as the stream. */
    public final Optional<RepairRange> repair;
    /** The files a bounded backfill reads instead of Kinesis; empty when the job runs as the stream. */
    public final Optional<BackfillSettings> backfill;
    /** An S3 endpoint other than AWS's (an emulator), with its keys; empty on AWS. */
    public final Optional<S3Endpoint> s3Endpoint;
    public final Optional<IcebergTables> iceberg; // lake.format=iceberg; empty: Parquet folders
    public final Optional<MaintenanceSettings> icebergMaintenance; // empty: the Iceberg tables are not maintained

    private JobConfig(Configuration conf) {
        this.conf = conf;
        stream = required(AqLakeOptions.KINESIS_STREAM);
        transformedPath = lakePath(AqLakeOptions.LAKE_TRANSFORMED_PATH, true).orElseThrow();
        rawArchiveEnabled = get(AqLakeOptions.LAKE_RAW_ENABLED);
        Optional<String> raw = lakePath(AqLakeOptions.LAKE_RAW_PATH, rawArchiveEnabled);
        rawPath = rawArchiveEnabled ? raw : Optional.empty();
        partitionTemplate = template(AqLakeOptions.LAKE_PARTITION_TEMPLATE, ReadingColumns.PARTITION_KEYS);
        rawPartitionTemplate = template(AqLakeOptions.LAKE_RAW_PARTITION_TEMPLATE, Set.of());
        partitionTime = get(AqLakeOptions.LAKE_PARTITION_TIME);
        compression = get(AqLakeOptions.LAKE_COMPRESSION);
        checkpointInterval = positive(AqLakeOptions.CHECKPOINT_INTERVAL);
        outOfOrderness = nonNegative(AqLakeOptions.WATERMARK_OUT_OF_ORDERNESS);
        idleness = positive(AqLakeOptions.WATERMARK_IDLENESS);
        dedupHorizon = positive(AqLakeOptions.DEDUP_HORIZON);
        validation = validationRules();
        consentStream = optional(AqLakeOptions.CONSENT_STREAM);
        consentBootstrapPath = lakePath(AqLakeOptions.CONSENT_BOOTSTRAP_PATH, false);
        consent = consentRules();
        aggregation = aggregationRules();
        repair = RepairConfig.from(conf, aggregation);
        backfill = BackfillConfig.from(conf, repair.isPresent());
        successFiles = successFiles();
        partitionCommitDelay = nonNegative(AqLakeOptions.LAKE_PARTITION_COMMIT_DELAY);
        maxOpenPartitions = atLeastOne(AqLakeOptions.LAKE_MAX_OPEN_PARTITIONS);
        compaction = CompactionConfig.from(conf, partitionTemplate);
        kinesis = kinesis();
        s3Endpoint = s3Endpoint();
        iceberg = IcebergConfig.from(conf);
        icebergMaintenance = MaintenanceConfig.from(conf, iceberg, backfill.isPresent(), checkpointInterval);
    }

    /** Builds and validates the config; unknown keys are rejected so that typos do not pass silently. */
    public static JobConfig from(Map<String, String> flat) {
        Set<String> unknown = new TreeSet<>(flat.keySet());
        unknown.removeAll(KNOWN_KEYS);
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException("Unknown configuration key(s) " + unknown
                    + ". Known keys: " + new TreeSet<>(KNOWN_KEYS));
        }
        return new JobConfig(Configuration.fromMap(flat));
    }

    /** The option's value; its key is named if the value does not parse. */
    private <T> T get(ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid value '" + conf.toMap().get(option.key())
                    + "' for key '" + option.key() + "': " + rootMessage(e), e);
        }
    }

    /** The trimmed value; empty when the key is not set or blank. */
    private Optional<String> optional(ConfigOption<String> option) {
        String v = conf.get(option);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String readingsPath() {
        return child(transformedPath, "readings");
    }

    public String aggregatesPath() {
        return child(transformedPath, "aggregates");
    }

    /** The late-readings table, next to the aggregates it completes. */
    public String aggregatesLatePath() {
        return child(transformedPath, "aggregates_late");
    }

    public String errorsPath() {
        return child(transformedPath, "errors");
    }

    private static String child(String root, String name) {
        return root.endsWith("/") ? root + name : root + "/" + name;
    }

    private String required(ConfigOption<String> option) {
        return optional(option).orElseThrow(() -> new InvalidConfigException("Missing required key '"
                + option.key() + "': " + new HtmlFormatter().format(option.description())));
    }

    private Optional<String> lakePath(ConfigOption<String> option, boolean required) {
        Optional<String> value = required ? Optional.of(required(option)) : optional(option);
        return value.map(v -> checkedLakePath(option, v));
    }

    private static String checkedLakePath(ConfigOption<String> option, String v) {
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || !LAKE_SCHEMES.contains(uri.getScheme())) {
                throw new InvalidConfigException("Invalid value '" + v + "' for key '" + option.key()
                        + "': use an s3://, s3a:// or file:// URI");
            }
            if (uri.getRawUserInfo() != null) {
                throw new InvalidConfigException("Invalid value for key '" + option.key()
                        + "': credentials do not belong in a path; use the s3.* keys or the IAM role");
            }
            if (!uri.getScheme().equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw new InvalidConfigException("Invalid value '" + v + "' for key '" + option.key()
                        + "': the URI names no bucket");
            }
        } catch (URISyntaxException e) {
            throw new InvalidConfigException("Invalid value '" + v + "' for key '" + option.key() + "': "
                    + e.getMessage(), e);
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    private PartitionTemplate template(ConfigOption<String> option, Set<String> allowedKeys) {
        try {
            return PartitionTemplate.compile(get(option), allowedKeys);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid value for key '" + option.key() + "': " + e.getMessage(), e);
        }
    }

    private Duration positive(ConfigOption<Duration> option) {
        Duration d = get(option);
        if (d.isZero() || d.isNegative()) {
            throw new InvalidConfigException("Invalid value '" + d + "' for key '" + option.key()
                    + "': must be positive");
        }
        return d;
    }

    private Duration nonNegative(ConfigOption<Duration> option) {
        Duration d = get(option);
        if (d.isNegative()) {
            throw new InvalidConfigException("Invalid value '" + d + "' for key '" + option.key()
                    + "': must not be negative");
        }
        return d;
    }

    private ValidationRules validationRules() {
        double min = get(AqLakeOptions.VALIDATION_MIN_VALUE);
        double max = get(AqLakeOptions.VALIDATION_MAX_VALUE);
        if (!(min < max)) {
            throw new InvalidConfigException("Invalid value '" + max + "' for key '"
                    + AqLakeOptions.VALIDATION_MAX_VALUE.key() + "': must be above "
                    + AqLakeOptions.VALIDATION_MIN_VALUE.key() + " (" + min + ")");
        }
        return new ValidationRules(min, max, nonNegative(AqLakeOptions.VALIDATION_MAX_FUTURE).toMillis(),
                minEventTime());
    }

    private long minEventTime() {
        String v = get(AqLakeOptions.VALIDATION_MIN_EVENT_TIME).trim();
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidConfigException("Invalid value '" + v + "' for key '"
                    + AqLakeOptions.VALIDATION_MIN_EVENT_TIME.key() + "': not an ISO-8601 instant such as"
                    + " 2010-01-01T00:00:00Z", e);
        }
    }

    private ConsentRules consentRules() {
        Set<String> exempt = ConsentRules.sourceTypes(get(AqLakeOptions.CONSENT_EXEMPT_SOURCE_TYPES));
        if (exempt.contains(ConsentRules.COMMUNITY)) {
            throw new InvalidConfigException("Invalid value '" + get(AqLakeOptions.CONSENT_EXEMPT_SOURCE_TYPES)
                    + "' for key '" + AqLakeOptions.CONSENT_EXEMPT_SOURCE_TYPES.key() + "': community sensors are"
                    + " privately owned and always need their owner's consent");
        }
        Duration retention = positive(AqLakeOptions.CONSENT_HISTORY_RETENTION);
        if (retention.compareTo(MAX_HISTORY_RETENTION) > 0) {
            throw new InvalidConfigException("Invalid value '" + retention + "' for key '"
                    + AqLakeOptions.CONSENT_HISTORY_RETENTION.key() + "': at most " + MAX_HISTORY_RETENTION.toDays()
                    + " days");
        }
        return new ConsentRules(exempt, positive(AqLakeOptions.CONSENT_MAX_WAIT), retention);
    }

    /**
     * A partition is complete when the watermark passes its end, which the job reads from the partition's
     * path: the template's folders must name the time, from the year down.
     */
    private boolean successFiles() {
        boolean on = get(AqLakeOptions.LAKE_SUCCESS_FILE);
        if (on && !partitionTemplate.isTimeReadable()) {
            throw new InvalidConfigException("Invalid value '" + partitionTemplate.template() + "' for key '"
                    + AqLakeOptions.LAKE_PARTITION_TEMPLATE.key() + "' with " + AqLakeOptions.LAKE_SUCCESS_FILE.key()
                    + "=true: a _SUCCESS file marks a partition whose time has passed, so the template's folders must"
                    + " name the time from the 4-digit year down to its finest unit, unambiguously (a partition key"
                    + " value followed by '/' or the end, a one-digit field not followed by a digit). Use such a"
                    + " template or set " + AqLakeOptions.LAKE_SUCCESS_FILE.key() + "=false");
        }
        return on;
    }

    private Optional<AggregationRules> aggregationRules() {
        Duration window = positive(AqLakeOptions.AGGREGATES_WINDOW);
        if (Duration.ofDays(1).toMillis() % window.toMillis() != 0) {
            throw new InvalidConfigException("Invalid value '" + window + "' for key '"
                    + AqLakeOptions.AGGREGATES_WINDOW.key() + "': must divide a day (for example 15 min, 1 h, 3 h),"
                    + " so that windows start at UTC midnight");
        }
        AggregationRules rules = new AggregationRules(window, nonNegative(AqLakeOptions.AGGREGATES_ALLOWED_LATENESS),
                nonNegative(AqLakeOptions.AGGREGATES_REVISION_RETENTION));
        return get(AqLakeOptions.AGGREGATES_ENABLED) ? Optional.of(rules) : Optional.empty();
    }

    private KinesisSettings kinesis() {
        String region = get(AqLakeOptions.KINESIS_REGION);
        Duration shardDiscovery = get(AqLakeOptions.KINESIS_SHARD_DISCOVERY);
        Duration poll = get(AqLakeOptions.KINESIS_POLL_INTERVAL);
        InitialPosition position = get(AqLakeOptions.KINESIS_INITIAL_POSITION);
        RecordPublisher publisher = get(AqLakeOptions.KINESIS_RECORD_PUBLISHER);
        Optional<String> ts = position == InitialPosition.AT_TIMESTAMP
                ? Optional.of(required(AqLakeOptions.KINESIS_INITIAL_TIMESTAMP))
                : optional(AqLakeOptions.KINESIS_INITIAL_TIMESTAMP);
        Optional<Instant> start = ts.map(JobConfig::initialTimestamp);
        Optional<String> efo = publisher == RecordPublisher.EFO
                ? Optional.of(required(AqLakeOptions.KINESIS_EFO_CONSUMER)) : Optional.empty();
        Optional<KinesisSettings.KeyPair> keys = get(AqLakeOptions.KINESIS_CREDENTIALS) == CredentialsProvider.BASIC
                ? Optional.of(new KinesisSettings.KeyPair(required(AqLakeOptions.KINESIS_ACCESS_KEY_ID),
                        required(AqLakeOptions.KINESIS_SECRET_KEY)))
                : Optional.empty();
        return KinesisSettings.builder()
                .region(region)
                .endpoint(endpoint(AqLakeOptions.KINESIS_ENDPOINT))
                .keys(keys)
                .initialPosition(position, position == InitialPosition.AT_TIMESTAMP ? start : Optional.empty())
                .efoConsumer(efo)
                .shardDiscoveryInterval(shardDiscovery)
                .pollInterval(poll)
                .build();
    }

    private static Instant initialTimestamp(String ts) {
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException("Invalid value '" + ts + "' for key '"
                    + AqLakeOptions.KINESIS_INITIAL_TIMESTAMP.key() + "': not an ISO-8601 instant such as"
                    + " 2024-05-01T00:00:00Z", e);
        }
    }

    private Optional<S3Endpoint> s3Endpoint() {
        Optional<String> endpoint = endpoint(AqLakeOptions.S3_ENDPOINT);
        boolean pathStyle = get(AqLakeOptions.S3_PATH_STYLE);
        return endpoint.map(e -> new S3Endpoint(e, pathStyle, required(AqLakeOptions.S3_ACCESS_KEY),
                required(AqLakeOptions.S3_SECRET_KEY)));
    }

    private int atLeastOne(ConfigOption<Integer> option) {
        int v = get(option);
        if (v < 1) {
            throw new InvalidConfigException("Invalid value '" + v + "' for key '" + option.key()
                    + "': must be at least 1");
        }
        return v;
    }

    private Optional<String> endpoint(ConfigOption<String> option) {
        Optional<String> v = optional(option);
        if (v.isPresent() && !(v.get().startsWith("http://") || v.get().startsWith("https://"))) {
            throw new InvalidConfigException("Invalid value '" + v.get() + "' for key '" + option.key()
                    + "': an endpoint is an http:// or https:// URL");
        }
        return v;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        Set<Throwable> seen = new HashSet<>();
        while (t.getCause() != null && seen.add(t)) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public String toString() {
        // a summary, not the whole config: no secrets, no endpoints with credentials
        return "JobConfig{stream=" + stream + ", transformed=" + transformedPath + ", raw="
                + rawPath.orElse("off") + ", partitions=" + partitionTemplate.template()
                + " by " + partitionTime + ", compression=" + compression + ", success files="
                + (successFiles ? "after " + partitionCommitDelay : "off") + ", aggregates="
                + aggregation.map(AggregationRules::toString).orElse("off") + ", consent stream="
                + consentStream.orElse("none") + ", consent bootstrap="
                + consentBootstrapPath.orElse("none") + ", consent " + consent
                + repair.map(r -> ", repair " + r).orElse("") + "}";
    }
}
