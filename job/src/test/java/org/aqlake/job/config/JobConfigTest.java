package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;

import org.aqlake.job.sink.Compression;
import org.aqlake.job.source.CredentialsProvider;
import org.aqlake.job.source.InitialPosition;
import org.aqlake.job.sink.PartitionTime;
import org.aqlake.job.source.RecordPublisher;
import org.aqlake.job.decode.ValidationRules;
import org.aqlake.udfs.partition.PartitionTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobConfigTest {

    /** The repository's config folder; surefire runs in the job module, one level below the root. */
    static final Path CONFIG_DIR = Path.of("..", "config");

    static final String TRANSFORMED = "s3://aq-transformed/prefix";
    static final String MAY_FIRST_2024 = "2024-05-01T00:00:00Z";

    // distinctive values, so a leak in toString() cannot hide behind a common word
    static final String KINESIS_KEY_ID = "AKIA-KINESIS-KEY-ID-0001";
    static final String KINESIS_SECRET = "kinesis-secret-value-do-not-log";
    static final String S3_KEY_ID = "s3-access-key-id-0002";
    static final String S3_SECRET = "s3-secret-value-do-not-log";

    /** The smallest valid config: only the one required key. */
    static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lake.transformed-path", TRANSFORMED);
        return m;
    }

    static Map<String, String> minimalWith(String... keyValues) {
        Map<String, String> m = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static void assertRejectedNaming(Map<String, String> flat, String key) {
        assertThatThrownBy(() -> JobConfig.from(flat))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(key);
    }

    /**
     * The property-group files: the top level of config/ only. config/cloudformation/ holds the deployment
     * template, which CloudFormationTemplateTest parses; ConfigFolderTest fails on any file neither reads.
     */
    static List<Path> configFiles() throws IOException {
        try (Stream<Path> files = Files.list(CONFIG_DIR)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    // ---------------------------------------------------------------- the shipped files

    @Test
    void everyShippedConfigFileLoadsAndValidates() throws IOException {
        List<Path> files = configFiles();

        // local.json and managed-flink.json at least: an empty folder must not pass as "all files load"
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        for (Path file : files) {
            JobConfig cfg = JobConfig.from(PropertyGroups.fromFile(file));
            assertThat(cfg.transformedPath).as(file.toString()).isNotBlank();
        }
    }

    @Test
    void theLocalConfigPointsEverythingAtTheEmulators() {
        JobConfig cfg = JobConfig.from(PropertyGroups.fromFile(CONFIG_DIR.resolve("local.json")));

        assertThat(cfg.stream).isEqualTo("aq-readings");
        assertThat(cfg.kinesis.endpoint).contains("http://127.0.0.1:4567");
        assertThat(cfg.kinesis.credentials()).isEqualTo(CredentialsProvider.BASIC);
        assertThat(cfg.s3Endpoint).hasValueSatisfying(s3 -> assertThat(s3.url).isEqualTo("http://127.0.0.1:9090"));
        assertThat(cfg.rawArchiveEnabled).isTrue();
        assertThat(cfg.rawPath).contains("s3://aq-raw");
        assertThat(cfg.checkpointInterval).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theManagedFlinkConfigUsesTheIamRoleAndNoEmulator() {
        JobConfig cfg = JobConfig.from(PropertyGroups.fromFile(CONFIG_DIR.resolve("managed-flink.json")));

        assertThat(cfg.kinesis.credentials()).isEqualTo(CredentialsProvider.AUTO);
        assertThat(cfg.kinesis.endpoint).isEmpty();
        assertThat(cfg.s3Endpoint).isEmpty();
        assertThat(cfg.kinesis.keys).isEmpty();
        assertThat(cfg.rawArchiveEnabled).isTrue();
    }

    // ---------------------------------------------------------------- the key catalogue

    @Test
    void everyDeclaredOptionIsListedSoThatItIsAKnownKey() throws IllegalAccessException {
        // an option missing from ALL would be rejected as an unknown key the first time someone sets it
        List<String> declared = new ArrayList<>();
        for (Class<?> holder : List.of(AqLakeOptions.class, PipelineOptions.class, BackfillOptions.class,
                IcebergOptions.class, MaintenanceOptions.class)) {
            for (Field f : holder.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    declared.add(((ConfigOption<?>) f.get(null)).key());
                }
            }
        }

        assertThat(AqLakeOptions.ALL).extracting(ConfigOption::key)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(declared);
        assertThat(declared).containsAll(AqLakeOptions.SECRET_KEYS);
    }

    @Test
    void everyKeyIsAPropertyGroupAndANameSoThatManagedFlinkCanHoldIt() {
        // Managed Flink stores PropertyGroupId -> PropertyMap; the flattening joins them with the first dot
        for (ConfigOption<?> option : AqLakeOptions.ALL) {
            String group = option.key().substring(0, Math.max(0, option.key().indexOf('.')));
            assertThat(group).as(option.key()).isIn("kinesis", "lake", "s3", "pipeline", "validation", "consent",
                    "aggregates", "repair", "backfill", "iceberg");
            assertThat(option.description().getBlocks()).as(option.key()).isNotEmpty();
        }
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void onlyTheTransformedPathIsRequiredAndEverythingElseHasADefault() {
        JobConfig cfg = JobConfig.from(minimal());

        assertThat(cfg.stream).isEqualTo("aq-readings");
        assertThat(cfg.kinesis.region).isEqualTo("us-east-1");
        assertThat(cfg.kinesis.credentials()).isEqualTo(CredentialsProvider.AUTO);
        assertThat(cfg.kinesis.initialPosition).isEqualTo(InitialPosition.TRIM_HORIZON);
        assertThat(cfg.kinesis.initialTimestamp).isEmpty();
        assertThat(cfg.kinesis.recordPublisher()).isEqualTo(RecordPublisher.POLLING);
        assertThat(cfg.transformedPath).isEqualTo(TRANSFORMED);
        assertThat(cfg.readingsPath()).isEqualTo(TRANSFORMED + "/readings");
        assertThat(cfg.errorsPath()).isEqualTo(TRANSFORMED + "/errors");
        assertThat(cfg.rawArchiveEnabled).isFalse();
        assertThat(cfg.rawPath).isEmpty();
        assertThat(cfg.partitionTemplate.template()).isEqualTo(PartitionTemplate.DEFAULT_TEMPLATE);
        assertThat(cfg.rawPartitionTemplate.template()).isEqualTo(PartitionTemplate.DEFAULT_TEMPLATE);
        assertThat(cfg.partitionTime).isEqualTo(PartitionTime.EVENT);
        assertThat(cfg.compression).isEqualTo(Compression.ZSTD);
        assertThat(cfg.checkpointInterval).isEqualTo(Duration.ofSeconds(60));
        assertThat(cfg.outOfOrderness).isEqualTo(Duration.ofMinutes(5));
        assertThat(cfg.idleness).isEqualTo(Duration.ofMinutes(1));
        assertThat(cfg.validation.minValue).isEqualTo(ValidationRules.DEFAULT_MIN_VALUE);
        assertThat(cfg.validation.maxValue).isEqualTo(ValidationRules.DEFAULT_MAX_VALUE);
        assertThat(cfg.validation.maxFutureMillis).isEqualTo(ValidationRules.DEFAULT_MAX_FUTURE_MILLIS);
        assertThat(cfg.consentStream).isEmpty();
        assertThat(cfg.consentBootstrapPath).isEmpty();
        assertThat(cfg.consent.exemptSourceTypes).containsExactly("government", "research");
        assertThat(cfg.consent.maxWaitMillis).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(cfg.consent.historyRetentionMillis).isEqualTo(Duration.ofDays(1).toMillis());
    }

    @Test
    void aTrailingSlashOnALakePathIsDroppedSoChildPathsHaveNoDoubleSlash() {
        JobConfig cfg = JobConfig.from(minimalWith("lake.transformed-path", "s3://aq-transformed/"));

        assertThat(cfg.readingsPath()).isEqualTo("s3://aq-transformed/readings");
    }

    // ---------------------------------------------------------------- every problem names its key

    @Test
    void aMissingTransformedPathNamesTheKey() {
        assertRejectedNaming(new LinkedHashMap<>(), "lake.transformed-path");
    }

    @Test
    void aMissingRequiredKeyExplainsWhatTheKeyIsFor() {
        // JobConfig.required() appends the option's description; it must read as text, not as an object id
        assertThatThrownBy(() -> JobConfig.from(new LinkedHashMap<>()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Root of the transformed bucket")
                .hasMessageNotContaining("Description@");
    }

    @Test
    void aBlankTransformedPathCountsAsMissing() {
        assertRejectedNaming(minimalWith("lake.transformed-path", "  "), "lake.transformed-path");
    }

    @Test
    void anUnknownEnumValueNamesTheKey() {
        assertThatThrownBy(() -> JobConfig.from(minimalWith("kinesis.initial-position", "SOMETIMES")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("kinesis.initial-position")
                .hasMessageContaining("SOMETIMES");
    }

    @Test
    void aTypoInAKeyIsRejectedRatherThanSilentlyIgnored() {
        assertRejectedNaming(minimalWith("lake.parquet-compresion", "SNAPPY"), "lake.parquet-compresion");
    }

    @Test
    void atTimestampWithoutATimestampNamesTheTimestampKey() {
        assertRejectedNaming(minimalWith("kinesis.initial-position", "AT_TIMESTAMP"), "kinesis.initial-timestamp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-05-01", "2024-05-01 00:00:00", "1714521600"})
    void atTimestampWithAnUnparseableTimestampNamesTheTimestampKey(String timestamp) {
        assertThatThrownBy(() -> JobConfig.from(minimalWith(
                        "kinesis.initial-position", "AT_TIMESTAMP", "kinesis.initial-timestamp", timestamp)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("kinesis.initial-timestamp")
                .hasMessageContaining(timestamp);
    }

    @Test
    void atTimestampWithAnIsoInstantIsAccepted() {
        JobConfig cfg = JobConfig.from(minimalWith(
                "kinesis.initial-position", "AT_TIMESTAMP", "kinesis.initial-timestamp", MAY_FIRST_2024));

        assertThat(cfg.kinesis.initialTimestamp).contains(Instant.parse(MAY_FIRST_2024));
    }

    @Test
    void enhancedFanOutWithoutAConsumerNameNamesTheKey() {
        assertRejectedNaming(minimalWith("kinesis.record-publisher", "EFO"), "kinesis.efo.consumer-name");
    }

    @Test
    void basicCredentialsWithoutAnAccessKeyIdNameThatKey() {
        assertRejectedNaming(minimalWith("kinesis.credentials.provider", "BASIC",
                "kinesis.credentials.secret-key", KINESIS_SECRET), "kinesis.credentials.access-key-id");
    }

    @Test
    void basicCredentialsWithoutASecretKeyNameThatKey() {
        assertRejectedNaming(minimalWith("kinesis.credentials.provider", "BASIC",
                "kinesis.credentials.access-key-id", KINESIS_KEY_ID), "kinesis.credentials.secret-key");
    }

    @Test
    void anS3EndpointWithoutAnAccessKeyNamesThatKey() {
        assertRejectedNaming(minimalWith("s3.endpoint", "http://127.0.0.1:9090", "s3.secret-key", S3_SECRET),
                "s3.access-key");
    }

    @Test
    void anS3EndpointWithoutASecretKeyNamesThatKey() {
        assertRejectedNaming(minimalWith("s3.endpoint", "http://127.0.0.1:9090", "s3.access-key", S3_KEY_ID),
                "s3.secret-key");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlNamesTheKey() {
        assertRejectedNaming(minimalWith("kinesis.endpoint", "127.0.0.1:4567"), "kinesis.endpoint");
    }

    @Test
    void aBadPartitionTemplateNamesTheKey() {
        assertRejectedNaming(minimalWith("lake.partition-template", "year=!{timestamp:yyyy}/!{partitionKey:nope}/"),
                "lake.partition-template");
    }

    @Test
    void aPartitionTemplateMayUseTheReadingColumns() {
        String template = "parameter=!{partitionKey:parameter}/year=!{timestamp:yyyy}/";

        JobConfig cfg = JobConfig.from(minimalWith("lake.partition-template", template));

        assertThat(cfg.partitionTemplate.partitionKeys()).containsExactly("parameter");
    }

    @Test
    void theRawArchiveTemplateMayNotUseAPartitionKeyBecauseRawRecordsHaveNoColumns() {
        assertRejectedNaming(minimalWith("lake.raw-partition-template",
                "parameter=!{partitionKey:parameter}/year=!{timestamp:yyyy}/"), "lake.raw-partition-template");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs://namenode/lake", "gs://bucket/lake", "/tmp/lake", "aq-transformed", "s3://",
            "s3:///no-bucket", "https://aq-transformed.s3.amazonaws.com/"})
    void aLakePathThatIsNotAnS3OrFileUriNamesTheKey(String path) {
        assertRejectedNaming(minimalWith("lake.transformed-path", path), "lake.transformed-path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket", "s3a://bucket/prefix", "file:///tmp/lake"})
    void s3S3aAndFileUrisAreLakePaths(String path) {
        assertThat(JobConfig.from(minimalWith("lake.transformed-path", path)).transformedPath).isEqualTo(path);
    }

    @Test
    void theRawArchiveNeedsARawPathOnlyWhenItIsOn() {
        assertRejectedNaming(minimalWith("lake.raw-archive.enabled", "true"), "lake.raw-path");
        assertThat(JobConfig.from(minimalWith("lake.raw-archive.enabled", "false")).rawPath).isEmpty();
    }

    @Test
    void aRawPathWithAnotherSchemeNamesTheKey() {
        assertRejectedNaming(minimalWith("lake.raw-archive.enabled", "true", "lake.raw-path", "hdfs://nn/raw"),
                "lake.raw-path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 s", "-1 s"})
    void aCheckpointIntervalMustBePositive(String interval) {
        assertRejectedNaming(minimalWith("pipeline.checkpoint-interval", interval), "pipeline.checkpoint-interval");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "many"})
    void theOpenPartitionBoundMustBeAPositiveNumber(String bound) {
        assertRejectedNaming(minimalWith("lake.max-open-partitions", bound), "lake.max-open-partitions");
    }

    @Test
    void theOpenPartitionBoundIsReadAndDefaultsToAThousand() {
        assertThat(JobConfig.from(minimalWith("lake.max-open-partitions", "3")).maxOpenPartitions).isEqualTo(3);
        assertThat(JobConfig.from(minimal()).maxOpenPartitions).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 s", "-1 min"})
    void aDeduplicationHorizonMustBePositive(String horizon) {
        assertRejectedNaming(minimalWith("pipeline.dedup.horizon", horizon), "pipeline.dedup.horizon");
    }

    @Test
    void theDeduplicationHorizonIsTenMinutesUnlessSet() {
        assertThat(JobConfig.from(minimalWith()).dedupHorizon).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(JobConfig.from(minimalWith("pipeline.dedup.horizon", "30 min")).dedupHorizon)
                .isEqualTo(java.time.Duration.ofMinutes(30));
    }

    @Test
    void anUnparseableDurationNamesTheKey() {
        assertRejectedNaming(minimalWith("pipeline.watermark.idleness", "a while"), "pipeline.watermark.idleness");
    }

    @Test
    void theEventTimeFloorDefaultsTo2010AndCanBeLowered() {
        assertThat(JobConfig.from(minimalWith()).validation.minEventTimeMillis)
                .isEqualTo(Instant.parse("2010-01-01T00:00:00Z").toEpochMilli());
        assertThat(JobConfig.from(minimalWith("validation.min-event-time", "1990-01-01T00:00:00Z"))
                .validation.minEventTimeMillis).isEqualTo(Instant.parse("1990-01-01T00:00:00Z").toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2010", "2010-01-01", "last year"})
    void anUnparseableEventTimeFloorNamesItsKey(String floor) {
        assertThatThrownBy(() -> JobConfig.from(minimalWith("validation.min-event-time", floor)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("validation.min-event-time")
                .hasMessageContaining(floor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "50000", "100000"})
    void theMinimumValueMustLieBelowTheMaximum(String min) {
        assertThatThrownBy(() -> JobConfig.from(minimalWith("validation.min-value", min, "validation.max-value", "100")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("validation.min-value")
                .hasMessageContaining("validation.max-value");
    }

    @Test
    void validationBoundsReachTheRules() {
        JobConfig cfg = JobConfig.from(minimalWith(
                "validation.min-value", "0", "validation.max-value", "1000", "validation.max-future", "5 min"));

        assertThat(cfg.validation.minValue).isEqualTo(0.0);
        assertThat(cfg.validation.maxValue).isEqualTo(1000.0);
        assertThat(cfg.validation.maxFutureMillis).isEqualTo(Duration.ofMinutes(5).toMillis());
    }

    // ---------------------------------------------------------------- loading and overrides

    @Test
    void commandLineOverridesWinOverTheFile(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("c.json"), "{\"PropertyGroups\":["
                + "{\"PropertyGroupId\":\"lake\",\"PropertyMap\":{\"transformed-path\":\"" + TRANSFORMED + "\","
                + "\"parquet-compression\":\"GZIP\"}}]}");

        JobConfig fromFile = JobConfigLoader.load(new String[] {"--config", file.toString()});
        JobConfig overridden = JobConfigLoader.load(
                new String[] {"--config", file.toString(), "--lake.parquet-compression=SNAPPY"});

        assertThat(fromFile.compression).isEqualTo(Compression.GZIP);
        assertThat(overridden.compression).isEqualTo(Compression.SNAPPY);
        assertThat(overridden.transformedPath).isEqualTo(TRANSFORMED);
    }

    @Test
    void theConfigFlagAlsoTakesItsFileAfterAnEqualsSign() throws IOException {
        JobConfig cfg = JobConfigLoader.load(new String[] {"--config=" + CONFIG_DIR.resolve("local.json")});

        assertThat(cfg.stream).isEqualTo("aq-readings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lake.parquet-compression=SNAPPY", "--lake.parquet-compression", "--compression=SNAPPY",
            "-lake.parquet-compression=SNAPPY"})
    void aMalformedOverrideArgumentIsRejected(String argument) {
        assertThatThrownBy(() -> JobConfigLoader.load(
                        new String[] {"--config", CONFIG_DIR.resolve("local.json").toString(), argument}))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(argument);
    }

    @Test
    void anOverrideOfAnUnknownKeyIsRejected() {
        assertThatThrownBy(() -> JobConfigLoader.load(new String[] {
                        "--config", CONFIG_DIR.resolve("local.json").toString(), "--lake.compression=SNAPPY"}))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("lake.compression");
    }

    @Test
    void aMissingConfigFileIsReportedByName(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> JobConfigLoader.load(new String[] {"--config", missing.toString()}))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void theBareArrayShapeOfTheAwsRuntimeLibraryAlsoLoads(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("bare.json"), "[{\"PropertyGroupId\":\"lake\",\"PropertyMap\":"
                + "{\"transformed-path\":\"" + TRANSFORMED + "\"}},"
                + "{\"PropertyGroupId\":\"kinesis\",\"PropertyMap\":{\"stream\":\"other-stream\"}}]");

        Map<String, String> flat = PropertyGroups.fromFile(file);

        assertThat(flat).containsOnly(Map.entry("lake.transformed-path", TRANSFORMED),
                Map.entry("kinesis.stream", "other-stream"));
        assertThat(JobConfig.from(flat).stream).isEqualTo("other-stream");
    }

    @Test
    void aFileOfAnotherShapeIsRejectedByName(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("flat.json"), "{\"lake.transformed-path\":\"" + TRANSFORMED + "\"}");

        assertThatThrownBy(() -> PropertyGroups.fromFile(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("PropertyGroups");
    }

    @Test
    void aNestedValueInAPropertyMapNamesTheKey(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("nested.json"), "{\"PropertyGroups\":[{\"PropertyGroupId\":\"lake\","
                + "\"PropertyMap\":{\"transformed-path\":{\"bucket\":\"b\"}}}]}");

        assertThatThrownBy(() -> PropertyGroups.fromFile(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("lake.transformed-path");
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void toStringNeverShowsTheSecrets() {
        JobConfig cfg = JobConfig.from(minimalWith(
                "kinesis.credentials.provider", "BASIC",
                "kinesis.credentials.access-key-id", KINESIS_KEY_ID,
                "kinesis.credentials.secret-key", KINESIS_SECRET,
                "s3.endpoint", "http://127.0.0.1:9090",
                "s3.access-key", S3_KEY_ID,
                "s3.secret-key", S3_SECRET));

        assertThat(cfg.toString())
                .contains(TRANSFORMED) // it is a useful summary...
                .doesNotContain(KINESIS_KEY_ID, KINESIS_SECRET, S3_KEY_ID, S3_SECRET); // ...without the keys
    }

    @Test
    void theLocalConfigsToStringDoesNotShowItsSecrets() {
        Map<String, String> flat = PropertyGroups.fromFile(CONFIG_DIR.resolve("local.json"));

        String shown = JobConfig.from(flat).toString();

        for (String secretKey : AqLakeOptions.SECRET_KEYS) {
            if (flat.containsKey(secretKey)) {
                assertThat(shown).as(secretKey).doesNotContain(flat.get(secretKey));
            }
        }
    }

    private static Path write(Path file, String json) throws IOException {
        return Files.write(file, json.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- consent

    @Test
    void consentSourcesAndRulesAreRead() {
        JobConfig cfg = JobConfig.from(minimalWith(
                "consent.stream", "aq-consent",
                "consent.bootstrap-path", "s3://aq-registry/customer/landing/",
                "consent.exempt-source-types", " Government , research,other,",
                "consent.max-wait", "90 s",
                "consent.history-retention", "2 h"));

        assertThat(cfg.consentStream).contains("aq-consent");
        assertThat(cfg.consentBootstrapPath).contains("s3://aq-registry/customer/landing");
        assertThat(cfg.consent.exemptSourceTypes).containsExactly("government", "other", "research");
        assertThat(cfg.consent.maxWaitMillis).isEqualTo(90_000L);
        assertThat(cfg.consent.historyRetentionMillis).isEqualTo(7_200_000L);
        assertThat(cfg.toString()).contains("aq-consent").contains("s3://aq-registry/customer/landing");
    }

    @Test
    void anEmptyExemptListMakesEveryReadingNeedConsent() {
        assertThat(JobConfig.from(minimalWith("consent.exempt-source-types", "")).consent.exemptSourceTypes).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"community", "government,Community"})
    void communitySensorsCanNeverBeExemptFromConsent(String types) {
        assertThatThrownBy(() -> JobConfig.from(minimalWith("consent.exempt-source-types", types)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("consent.exempt-source-types")
                .hasMessageContaining("community");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://registry/consent.json", "/tmp/consent.json", "s3:///no-bucket"})
    void aBootstrapPathThatIsNotAnS3OrFileUriNamesTheKey(String path) {
        assertRejectedNaming(minimalWith("consent.bootstrap-path", path), "consent.bootstrap-path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"consent.max-wait", "consent.history-retention"})
    void consentDurationsMustBePositive(String key) {
        assertRejectedNaming(minimalWith(key, "0 s"), key);
    }

    @Test
    void anAbsurdHistoryRetentionIsRejectedBeforeItOverflowsEventTime() {
        assertRejectedNaming(minimalWith("consent.history-retention", "100000 d"), "consent.history-retention");
    }

    @Test
    void completePartitionsGetASuccessFileWithoutDelayByDefault() {
        JobConfig cfg = JobConfig.from(minimal());

        assertThat(cfg.successFiles).isTrue();
        assertThat(cfg.partitionCommitDelay).isEqualTo(Duration.ZERO);
    }

    @Test
    void theSuccessFileDelayAndSwitchAreRead() {
        JobConfig cfg = JobConfig.from(minimalWith("lake.partition-commit.delay", "15 min",
                "lake.partition-commit.success-file", "false"));

        assertThat(cfg.successFiles).isFalse();
        assertThat(cfg.partitionCommitDelay).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aNegativeSuccessFileDelayNamesTheKey() {
        assertRejectedNaming(minimalWith("lake.partition-commit.delay", "-1 s"), "lake.partition-commit.delay");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hour=!{timestamp:HH}/", "parameter=!{partitionKey:parameter}/",
        "!{partitionKey:city}-!{timestamp:yyyy-MM-dd}/"})
    void successFilesNeedATemplateWhoseFoldersNameTheTimeAndTheMessageNamesBothKeys(String template) {
        assertThatThrownBy(() -> JobConfig.from(minimalWith("lake.partition-template", template)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("lake.partition-template")
                .hasMessageContaining("lake.partition-commit.success-file=false");
    }

    @Test
    void aTemplateWhoseFoldersDoNotNameTheTimeIsFineWithoutSuccessFiles() {
        JobConfig cfg = JobConfig.from(minimalWith("lake.partition-template", "hour=!{timestamp:HH}/",
                "lake.partition-commit.success-file", "false"));

        assertThat(cfg.partitionTemplate.template()).isEqualTo("hour=!{timestamp:HH}/");
    }
}
