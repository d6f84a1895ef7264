package org.aqlake.job;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.CloseableIterable;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.GlueEmulator;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetTableResponse;

import java.io.Closeable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lake.format=iceberg} with an {@code s3://} warehouse in the in-process S3Proxy, written through
 * Iceberg's S3FileIO with the job's {@code s3.*} emulator keys and credentials from the AWS SDK's default chain
 * (here the {@code aws.accessKeyId} system properties, never the job's configuration): once with the JDBC
 * catalog, once with the Glue catalog of moto's emulator. DuckDB reads the data files of each table's current
 * snapshot, downloaded from S3Proxy: every valid reading once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergS3WarehouseIT {

    static final int RECORDS = 1_200;
    /** Paces the replay so that several checkpoints, and so several Iceberg commits, happen during it. */
    static final long MILLIS_PER_RECORD = 1;
    static final long CHECKPOINT_MILLIS = 200;
    /** Per replay subtask: the records it maps before it waits for checkpoints. */
    static final int RECORDS_BEFORE_HOLD = 200;
    static final long CHECKPOINTS_BEFORE_SECOND_HALF = 3;
    /** Up to 20 s of held records per subtask: time for three checkpoints on a loaded machine. */
    static final long HOLD_MILLIS_PER_RECORD = 50;
    static final long ARRIVAL = TestReadings.BASE_TIME + 24 * 3_600_000L;
    static final String REGION = "us-east-1";
    static final String BUCKET = LakeTestJob.TRANSFORMED_BUCKET;
    static final String STACKS_DATABASE = "created before the job, as by the CloudFormation stack";
    static final List<String> CREDENTIAL_PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey");

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().s3().duckDb().build();

    private final Map<String, String> savedProperties = new HashMap<>();
    private GlueEmulator glue;
    private List<TestRecord> input;

    @BeforeAll
    void startTheGlueEmulatorAndGiveTheSdkChainTheEmulatorsKeys() throws Exception {
        glue = GlueEmulator.start();
        CREDENTIAL_PROPERTIES.forEach(p -> savedProperties.put(p, System.getProperty(p)));
        // the default chain's first provider: how the job's S3FileIO and Glue client find credentials here
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
        input = TestReadings.mixed("s3w-", RECORDS);
    }

    @AfterAll
    void stopTheGlueEmulatorAndRestoreTheProperties() throws Exception {
        savedProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        if (glue != null) {
            glue.close();
        }
    }

    Map<String, String> config(String name) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("lake.transformed-path", "s3://" + BUCKET + "/" + name);
        c.put("lake.format", "iceberg");
        // a bounded replay awaited to its end, which the maintenance's source never reaches
        c.put("iceberg.maintenance.enabled", "false");
        c.put("iceberg.warehouse", "s3://" + BUCKET + "/" + name + "/warehouse");
        c.put("kinesis.region", REGION);
        // the keys the job's Parquet folders already reach S3Proxy with; S3FileIO takes the endpoint only
        c.put("s3.endpoint", LAKE.s3().endpoint());
        c.put("s3.path-style-access", "true");
        c.put("s3.access-key", EmbeddedS3.ACCESS_KEY);
        c.put("s3.secret-key", EmbeddedS3.SECRET_KEY);
        return c;
    }

    @Test
    void theJdbcCatalogsTableKeepsItsDataAndMetadataInS3AndHoldsEveryReadingOnce(@TempDir Path dir) throws Exception {
        Map<String, String> c = config("jdbc");
        c.put("iceberg.jdbc-uri", "jdbc:h2:file:" + dir.resolve("catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE");
        IcebergTables tables = run(JobConfig.from(c));

        Catalog catalog = tables.catalog().loadCatalog();
        try (Closeable closing = (Closeable) catalog) {
            Table table = catalog.loadTable(tables.readingsTable());
            assertThat(table.location()).startsWith("s3://" + BUCKET + "/jdbc/warehouse/");
            assertThat(table.io().getClass().getName()).isEqualTo("org.apache.iceberg.aws.s3.S3FileIO");
            try (var local = Files.list(dir)) {
                assertThat(local.map(p -> p.getFileName().toString())).as("nothing but the catalog on the local disk")
                        .allMatch(f -> f.startsWith("catalog."));
            }
            assertEveryReadingOnceInTheCurrentSnapshot(table, "jdbc", dir);
        }
    }

    @Test
    void theGlueCatalogsTableKeepsItsDataInS3AndGlueNamesItsCurrentMetadata(@TempDir Path dir) throws Exception {
        Map<String, String> c = config("glue");
        c.put("iceberg.catalog-type", "GLUE");
        c.put("iceberg.glue-endpoint", glue.endpoint());
        try (GlueClient client = glue.client(REGION)) {
            // as on AWS, where the stack creates the database and the role may not (no glue:CreateDatabase)
            client.createDatabase(b -> b.databaseInput(d -> d.name("aq_lake").description(STACKS_DATABASE)));
        }
        IcebergTables tables = run(JobConfig.from(c));

        Catalog catalog = tables.catalog().loadCatalog();
        try (Closeable closing = (Closeable) catalog; GlueClient client = glue.client(REGION)) {
            Table table = catalog.loadTable(tables.readingsTable());
            assertThat(table.location()).isEqualTo("s3://" + BUCKET + "/glue/warehouse/aq_lake.db/readings");
            assertEveryReadingOnceInTheCurrentSnapshot(table, "glue", dir);

            assertThat(client.getDatabase(b -> b.name("aq_lake")).database().description()).isEqualTo(STACKS_DATABASE);
            GetTableResponse t = client.getTable(b -> b.databaseName("aq_lake").name("readings"));
            String current = ((HasTableOperations) table).operations().current().metadataFileLocation();
            assertThat(t.table().parameters()).containsEntry("table_type", "ICEBERG")
                    .containsEntry("metadata_location", current);
            List<Snapshot> snapshots = new ArrayList<>();
            table.snapshots().forEach(snapshots::add);
            assertThat(snapshots).as("commits during the replay").hasSizeGreaterThan(1);
            // created once, then one UpdateTable per commit, each with the VersionId Iceberg had read
            assertThat(Integer.parseInt(t.table().versionId())).isEqualTo(1 + snapshots.size());
        }
    }

    IcebergTables run(JobConfig cfg) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(LakeTestJob.PARALLELISM);
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        AqLakeJob.configure(env, cfg);
        List<KinesisRecord> records = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            TestRecord r = input.get(i);
            records.add(new KinesisRecord(r.payload, "local", "shardId-00000000000" + (i % 2), Integer.toString(i),
                    r.partitionKey, ARRIVAL));
        }
        DataStream<KinesisRecord> source = env.fromData(records).map(new Paced()).uid("paced-replay")
                .name("Paced replay");
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        Paced.LATEST_COMPLETED.set(0);
        env.execute("iceberg-s3-warehouse");
        return cfg.iceberg.orElseThrow();
    }

    /** Downloads the current snapshot's data files from S3Proxy and counts their rows per reading with DuckDB. */
    void assertEveryReadingOnceInTheCurrentSnapshot(Table table, String name, Path dir) throws Exception {
        Path files = Files.createDirectories(dir.resolve("data"));
        Set<String> listed = new TreeSet<>(LAKE.s3().list(BUCKET, name + "/warehouse/"));
        List<String> keys = new ArrayList<>();
        // planned on a thread of the test's own: Iceberg's shared worker threads were started by the tasks of
        // earlier jobs in this JVM and keep their closed class loaders, which the AWS SDK's HTTP client asks
        ExecutorService planner = Executors.newSingleThreadExecutor();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planWith(planner).planFiles()) {
            for (FileScanTask task : tasks) {
                URI location = URI.create(task.file().location());
                assertThat(location.getScheme() + "://" + location.getHost()).isEqualTo("s3://" + BUCKET);
                keys.add(location.getPath().substring(1));
            }
        } finally {
            planner.shutdownNow();
        }
        assertThat(keys).isNotEmpty();
        assertThat(listed).as("the data files are objects in S3Proxy").containsAll(keys);
        assertThat(listed).as("the table's metadata is in S3Proxy too").anyMatch(k -> k.endsWith(".metadata.json"));
        for (String key : keys) {
            LAKE.s3().download(BUCKET, key, files);
        }
        Map<String, Long> perReading = LAKE.duckDb().rows(
                "SELECT device_id, count(*) AS n FROM read_parquet(?) GROUP BY device_id",
                DuckDb.parquetGlob(files)).stream()
                .collect(Collectors.toMap(r -> String.valueOf(r.get("device_id")), r -> ((Number) r.get("n")).longValue()));
        Set<String> expected = input.stream().filter(TestRecord::rowWithoutConsent).map(r -> r.id)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(new TreeSet<>(perReading.keySet())).isEqualTo(expected);
        assertThat(perReading.values()).allMatch(n -> n == 1L);
    }

    /**
     * Slows the replay a little, and holds the rest back until the third checkpoint has completed, so that
     * the table gets commits during the replay however slow the machine is.
     */
    static final class Paced extends RichMapFunction<KinesisRecord, KinesisRecord> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        /** The latest checkpoint any replay subtask saw complete (all subtasks are in this JVM). */
        static final AtomicLong LATEST_COMPLETED = new AtomicLong();
        private int mapped;

        @Override
        public KinesisRecord map(KinesisRecord r) throws InterruptedException {
            Thread.sleep(MILLIS_PER_RECORD);
            // short sleeps between records, not one long wait: the task must stay free to take the barriers
            if (++mapped > RECORDS_BEFORE_HOLD && LATEST_COMPLETED.get() < CHECKPOINTS_BEFORE_SECOND_HALF) {
                Thread.sleep(HOLD_MILLIS_PER_RECORD);
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            LATEST_COMPLETED.accumulateAndGet(checkpointId, Math::max);
        }
    }
}
