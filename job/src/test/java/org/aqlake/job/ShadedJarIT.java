package org.aqlake.job;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar that goes to Managed Service for Apache Flink, checked after {@code package} built it.
 *
 * <p>What the runtime already has (Flink itself, a logging backend, the S3 file system) must not be in
 * it: a second copy either shadows the runtime's or loses to it, depending on class-loading order,
 * and both fail in ways that only show on AWS. What the runtime lacks (the Kinesis connector, Parquet,
 * the Hadoop classes Parquet needs) must be in it, or the job dies at start with a
 * NoClassDefFoundError.
 */
class ShadedJarIT {

    static final String MAIN_CLASS = "org.aqlake.job.AqLakeJob";

    /**
     * The Flink packages the jar may hold: connectors and formats that are not part of the runtime
     * (flink-dist), plus the Kinesis connector's relocated AWS SDK. Anything else under org/apache/flink/
     * is a runtime class that slipped in, for example through a dependency that lost its provided scope.
     */
    static final List<String> BUNDLED_FLINK_PACKAGES = List.of(
            "org/apache/flink/connector/file/",
            "org/apache/flink/connector/base/",
            "org/apache/flink/connector/kinesis/",
            "org/apache/flink/connector/aws/",
            "org/apache/flink/streaming/connectors/kinesis/",
            // flink-connector-files' own part of the legacy file sink package (bucket assigners, rolling policies)
            "org/apache/flink/streaming/api/functions/sink/filesystem/",
            "org/apache/flink/formats/parquet/",
            // SQL pipelines: the CSV and JSON formats, and Flink's SQL parser, which the runtime's planner keeps
            // in a class loader of its own
            "org/apache/flink/formats/csv/",
            "org/apache/flink/formats/json/",
            "org/apache/flink/formats/common/",
            "org/apache/flink/sql/parser/",
            "org/apache/flink/table/calcite/ExtendedRelTypeFactory",
            "org/apache/flink/kinesis/shaded/",
            // flink-metrics-dropwizard, which Iceberg's Flink runtime jar (lake.format=iceberg) bundles for its
            // writer and committer histograms; not part of flink-dist
            "org/apache/flink/dropwizard/");

    static Path jar;
    static List<String> entries;
    static Manifest manifest;

    @BeforeAll
    static void openTheShadedJar() throws IOException {
        String location = System.getProperty("shaded.jar");
        assertThat(location).as("system property shaded.jar (set by the failsafe configuration)").isNotBlank();
        jar = Path.of(location);
        assertThat(jar).as("the shaded jar; run `mvn verify` so that `package` builds it first").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
            List<String> names = new ArrayList<>();
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
            entries = Collections.unmodifiableList(names);
        }
        // the size matters on AWS: every start and restart copies the jar from S3 (the limit is 512 MB)
        System.out.printf(Locale.ROOT, "Shaded job jar %s: %.1f MB, %d entries%n",
                jar.getFileName(), Files.size(jar) / 1_000_000.0, entries.size());
    }

    // ---------------------------------------------------------------- how it starts

    @Test
    void theManifestNamesTheJobAsItsMainClass() {
        assertThat(manifest).isNotNull();
        assertThat(manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS)).isEqualTo(MAIN_CLASS);
        assertThat(entries).contains(MAIN_CLASS.replace('.', '/') + ".class");
    }

    @Test
    void theJarIsSmallEnoughForManagedFlink() throws IOException {
        // Managed Flink rejects application code above 512 MB; far below it, a bigger jar only starts slower
        assertThat(Files.size(jar)).isLessThan(512L * 1024 * 1024);
    }

    // ---------------------------------------------------------------- what the runtime provides

    @Test
    void noFlinkRuntimeClassIsBundled() {
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/runtime/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/environment/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/datastream/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/api/common/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/api/java/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/core/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/configuration/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/shaded/"));
    }

    @Test
    void everyBundledFlinkClassBelongsToAConnectorOrFormatThatTheRuntimeLacks() {
        List<String> strays = entries.stream()
                .filter(e -> e.startsWith("org/apache/flink/") && e.endsWith(".class"))
                .filter(e -> BUNDLED_FLINK_PACKAGES.stream().noneMatch(e::startsWith))
                .collect(Collectors.toList());

        assertThat(strays).isEmpty();
    }

    @Test
    void theS3FileSystemIsNotBundledBecauseManagedFlinkProvidesIt() {
        // see README "Deploy to AWS": the runtime installs the S3 file system (its checkpoints live on S3);
        // locally and in tests it is a plugin under target/plugins/
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/fs/"))
                .noneMatch(e -> e.startsWith("org/apache/hadoop/fs/s3a/"))
                .noneMatch(e -> e.startsWith("com/amazonaws/services/s3/"));
    }

    @Test
    void noLoggingBackendOrSecondSlf4jBindingIsBundled() {
        // the runtime's log4j2 writes to CloudWatch; a bundled binding would compete with it
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/logging/log4j/"))
                .noneMatch(e -> e.startsWith("org/slf4j/"))
                .noneMatch(e -> e.startsWith("ch/qos/logback/"))
                .noneMatch(e -> e.startsWith("org/apache/log4j/"))
                .noneMatch(e -> e.equals("log4j2.xml") || e.equals("log4j2.properties") || e.equals("logback.xml"))
                .noneMatch(e -> e.startsWith("META-INF/services/org.slf4j."));
    }

    @Test
    void noSignatureFileIsLeftFromASignedDependency() {
        // a signature copied from one signed jar no longer matches the merged jar: the JVM refuses to load it
        assertThat(entries).noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
    }

    @Test
    void theKinesisProducerNativeBinariesAreLeftOut() {
        assertThat(entries).noneMatch(e -> e.startsWith("amazon-kinesis-producer-native-binaries/"));
    }

    // ---------------------------------------------------------------- what only the local tools need

    @Test
    void theLocalToolsAndWhatOnlyTheyUseAreNotInTheDeployedJar() {
        // the producer, drain, summary and local runner live in localstack/tools, with their own jar
        assertThat(entries).noneMatch(e -> e.startsWith("org/aqlake/tools/"))
                .noneMatch(e -> e.startsWith("org/aqlake/job/cli/"))
                .noneMatch(e -> e.startsWith("org/aqlake/job/produce/"))
                .noneMatch(e -> e.startsWith("org/aqlake/job/local/"))
                .noneMatch(e -> e.startsWith("picocli/"))
                // the producer's SDK client: the connector's own copy of the SDK is relocated (see below)
                .noneMatch(e -> e.startsWith("software/amazon/awssdk/services/kinesis/"));
    }

    // ---------------------------------------------------------------- what the job needs

    @Test
    void theKinesisConnectorIsBundledWithItsRelocatedAwsSdk() {
        assertThat(entries).contains(
                "org/apache/flink/streaming/connectors/kinesis/FlinkKinesisConsumer.class",
                "org/apache/flink/kinesis/shaded/software/amazon/awssdk/services/kinesis/KinesisAsyncClient.class");
    }

    @Test
    void icebergsS3FileIoAndGlueCatalogAreBundledWithTheAwsSdkClientsTheyCall() {
        // iceberg-flink-runtime has Iceberg's AWS classes but not the SDK; the job adds the clients unrelocated,
        // beside the Kinesis connector's relocated copy, with the Apache HTTP client and without Netty
        assertThat(entries).contains(
                "org/apache/iceberg/aws/s3/S3FileIO.class",
                "org/apache/iceberg/aws/glue/GlueCatalog.class",
                "software/amazon/awssdk/services/s3/S3Client.class",
                "software/amazon/awssdk/services/glue/GlueClient.class",
                "software/amazon/awssdk/services/kms/KmsClient.class",
                "software/amazon/awssdk/http/apache/ApacheHttpClient.class",
                "org/aqlake/job/iceberg/EmulatorS3ClientFactory.class");
        assertThat(entries).noneMatch(e -> e.startsWith("software/amazon/awssdk/http/nio/netty/"));
    }

    @Test
    void theFileSinkAndParquetWriterAreBundled() {
        assertThat(entries).contains(
                "org/apache/flink/connector/file/sink/FileSink.class",
                "org/apache/flink/connector/base/sink/writer/AsyncSinkWriter.class",
                "org/apache/flink/formats/parquet/ParquetWriterFactory.class",
                "org/apache/parquet/hadoop/ParquetWriter.class",
                "org/apache/parquet/hadoop/api/WriteSupport.class",
                "com/github/luben/zstd/Zstd.class");
    }

    @Test
    void theHadoopClassesParquetNeedsAreBundled() {
        assertThat(entries).contains(
                "org/apache/hadoop/conf/Configuration.class",
                // hadoop-client-api relocates its own dependencies into hadoop-client-runtime
                "org/apache/hadoop/shaded/com/ctc/wstx/stax/WstxInputFactory.class");
    }

    @Test
    void parquetIsWrittenByOurOwnWriteSupportSoNoAvroIsBundled() {
        // a deliberate decision (README, design notes): the schema is explicit and no Avro record is built per
        // reading. The writer classes are present; Avro and parquet-avro are not (Hadoop's relocated copy under
        // org/apache/hadoop/shaded/ is Hadoop's own business).
        assertThat(entries).contains(
                "org/aqlake/job/sink/ReadingWriteSupport.class",
                "org/aqlake/job/sink/LakeParquetWriters.class");
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/avro/"))
                .noneMatch(e -> e.startsWith("org/apache/parquet/avro/"));
    }

    @Test
    void theCrimeRecipesCsvParserIsBundledWithTheUdfsThatCallIt() {
        // parse_crime_csv (udfs) splits each line with Jackson's CSV parser: the job jar runs the recipe, so it
        // carries the parser; the producer's own copy is in the tools' jar
        assertThat(entries).contains("org/aqlake/udfs/sql/ParseCrimeCsv.class",
                "com/fasterxml/jackson/dataformat/csv/CsvParser.class",
                "sql/pipelines/04_sacramento_crime_stream/pipeline.sql");
    }

    @Test
    void theSqlPipelineRunnerHasItsParserFormatsAndRecipes() {
        assertThat(entries).contains(
                "org/aqlake/job/AqLakeSqlPipeline.class",
                "org/apache/flink/sql/parser/impl/FlinkSqlParserImpl.class",
                "org/apache/calcite/sql/parser/SqlParser.class",
                "org/apache/flink/formats/csv/CsvFormatFactory.class",
                "org/apache/flink/formats/json/JsonFormatFactory.class");
        // the planner and the Table API are the runtime's
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/table/api/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/table/planner/"));
    }

    @Test
    void theManagedFlinkRuntimePropertiesLibraryIsBundled() {
        assertThat(entries).contains(
                "com/amazonaws/services/kinesisanalytics/runtime/KinesisAnalyticsRuntime.class");
    }
}
