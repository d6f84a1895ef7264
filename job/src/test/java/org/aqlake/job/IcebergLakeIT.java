package org.aqlake.job;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.CloseableIterable;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lake.format=iceberg}: one replay, run once into the Parquet folders and once into the Iceberg
 * readings table of a JDBC catalog over an H2 file, with a {@code file://} warehouse. The Iceberg run's task
 * fails once while it writes, after the table has had snapshots committed, and restarts from its last
 * checkpoint. DuckDB reads the Parquet data files of the table's current snapshot (listed through
 * Iceberg's Java API) and the Parquet folders: the same rows, each once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergLakeIT {

    static final int RECORDS = 4_000;
    static final long FAIL_AT_RECORD = 1_500;
    /** Slows the replay so that checkpoints, and Iceberg commits, happen during it. */
    static final long MILLIS_PER_RECORD = 2;
    static final long CHECKPOINT_MILLIS = 200;
    /** How often, in records, the replay looks for a committed snapshot before it fails. */
    static final long CHECK_EVERY = 50;
    static final long ARRIVAL = TestReadings.BASE_TIME + 24 * 3_600_000L;
    static final String COLUMNS = "epoch_ms(event_time::TIMESTAMP) AS event_time, parameter, value, unit, location,"
            + " city, country, latitude, longitude, averaging_period_value, averaging_period_unit, source_name,"
            + " source_type, mobile, device_id, epoch_ms(arrival_time::TIMESTAMP) AS arrival_time, shard_id,"
            + " sequence_number";

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").build();

    private List<TestRecord> input;
    private Path dir;
    private IcebergTables tables;
    private List<String> parquetRows;
    private List<String> icebergRows;
    private List<String> dataFiles;
    private List<Snapshot> snapshots;

    @BeforeAll
    void replayIntoBothFormats(@TempDir Path dir) throws Exception {
        this.dir = dir;
        input = TestReadings.mixed("ice-", RECORDS);

        run(JobConfig.from(config("parquet")), false);
        parquetRows = rows("SELECT " + COLUMNS + " FROM read_parquet(?)",
                DuckDb.parquetGlob(dir.resolve("parquet/readings")));

        Map<String, String> c = config("iceberg");
        c.put("lake.format", "iceberg");
        c.put("iceberg.warehouse", dir.resolve("warehouse").toUri().toString());
        c.put("iceberg.jdbc-uri", "jdbc:h2:file:" + dir.resolve("catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE");
        JobConfig cfg = JobConfig.from(c);
        tables = cfg.iceberg.orElseThrow();
        run(cfg, true);

        Catalog catalog = tables.catalog().loadCatalog();
        Table table = catalog.loadTable(tables.readingsTable());
        ((Closeable) catalog).close();
        snapshots = new ArrayList<>();
        table.snapshots().forEach(snapshots::add);
        dataFiles = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                assertThat(task.deletes()).as("delete files of an append-only table").isEmpty();
                dataFiles.add(Path.of(URI.create(task.file().location())).toString());
            }
        }
        icebergRows = new ArrayList<>();
        for (String file : dataFiles) {
            icebergRows.addAll(rows("SELECT " + COLUMNS + " FROM read_parquet(?)", file));
        }
        icebergRows.sort(null);
    }

    Map<String, String> config(String name) {
        Map<String, String> c = new HashMap<>();
        c.put("lake.transformed-path", dir.resolve(name).toUri().toString());
        return c;
    }

    void run(JobConfig cfg, boolean injectFailure) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(LakeTestJob.PARALLELISM);
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        AqLakeJob.configure(env, cfg); // the job's own settings (object reuse), as it runs
        List<KinesisRecord> records = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            TestRecord r = input.get(i);
            records.add(new KinesisRecord(r.payload, "local", "shardId-00000000000" + (i % 2), Integer.toString(i),
                    r.partitionKey, ARRIVAL));
        }
        DataStream<KinesisRecord> source = env.fromData(records)
                .map(injectFailure ? new SlowReplay(cfg.iceberg.orElseThrow()) : new SlowReplay()).uid("slow-replay").name("Slow replay");
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        env.execute("iceberg-lake-" + (injectFailure ? "iceberg" : "parquet"));
    }

    static List<String> rows(String sql, String file) throws Exception {
        return DuckDb.query(sql, file).stream().map(Map::toString).sorted().collect(Collectors.toList());
    }

    @Test
    void theIcebergRunFailedOnceAfterCommitsAndRecovered() {
        assertThat(SlowReplay.FAILURES.get()).isEqualTo(1);
        assertThat(SlowReplay.SEEN.get()).as("records replayed, the replay after the failure included")
                .isGreaterThan(2L * RECORDS);
        assertThat(snapshots).as("snapshots committed before the failure").filteredOn(
                snapshot -> snapshot.timestampMillis() < SlowReplay.FAILED_AT.get()).isNotEmpty();
        assertThat(snapshots).as("snapshots committed after it").filteredOn(
                snapshot -> snapshot.timestampMillis() > SlowReplay.FAILED_AT.get()).isNotEmpty();
    }

    @Test
    void theSameReplayGivesTheSameReadingsRowsInBothFormats() {
        long valid = input.stream().filter(TestRecord::rowWithoutConsent).count();

        assertThat(parquetRows).hasSize((int) valid);
        assertThat(icebergRows).hasSize((int) valid);
        assertThat(icebergRows).isEqualTo(parquetRows);
    }

    @Test
    void everyReadingIsARowOfTheCurrentSnapshotExactlyOnce() throws Exception {
        Map<String, Long> perDevice = icebergRows.stream().collect(Collectors.groupingBy(
                row -> row.replaceAll(".*device_id=([^,}]*).*", "$1"), Collectors.counting()));
        Set<String> expected = input.stream().filter(TestRecord::rowWithoutConsent).map(r -> r.id)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(perDevice.keySet()).isEqualTo(expected);
        assertThat(perDevice.values()).allMatch(n -> n == 1L);
    }

    @Test
    void theDataFilesAreZstdParquetPartitionedByTheHourOfTheEventTime() throws Exception {
        Set<String> codecs = new TreeSet<>();
        for (String file : dataFiles) {
            DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata(?)", file)
                    .forEach(r -> codecs.add(String.valueOf(r.get("compression"))));
        }
        Set<String> hours = dataFiles.stream().map(f -> Path.of(f).getParent().getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(codecs).containsExactly("ZSTD");
        // six hours of readings from 2024-05-01T00:00Z: Iceberg's hour partition folders
        assertThat(hours).containsExactly("event_time_hour=2024-05-01-00", "event_time_hour=2024-05-01-01",
                "event_time_hour=2024-05-01-02", "event_time_hour=2024-05-01-03", "event_time_hour=2024-05-01-04",
                "event_time_hour=2024-05-01-05");
    }

    /** Paces the replay, and fails the Iceberg run once when the records seen cross the threshold. */
    static final class SlowReplay extends RichMapFunction<KinesisRecord, KinesisRecord> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong SEEN = new AtomicLong();
        static final AtomicInteger FAILURES = new AtomicInteger();
        static final AtomicLong FAILED_AT = new AtomicLong(Long.MAX_VALUE);
        /** The tables of the run to fail, once its readings table has a committed snapshot; none: never fail. */
        private final List<IcebergTables> failWhenCommitted;

        SlowReplay() {
            this.failWhenCommitted = List.of();
        }

        SlowReplay(IcebergTables failWhenCommitted) {
            this.failWhenCommitted = List.of(failWhenCommitted);
        }

        @Override
        public KinesisRecord map(KinesisRecord r) throws InterruptedException {
            Thread.sleep(MILLIS_PER_RECORD);
            long seen = SEEN.incrementAndGet();
            if (!failWhenCommitted.isEmpty() && seen >= RECORDS + FAIL_AT_RECORD && seen % CHECK_EVERY == 0
                    && FAILURES.get() == 0 && committed(failWhenCommitted.get(0)) && FAILURES.compareAndSet(0, 1)) {
                FAILED_AT.set(System.currentTimeMillis());
                throw new IllegalStateException("Injected failure after " + seen + " records");
            }
            return r;
        }

        static boolean committed(IcebergTables tables) {
            Catalog catalog = tables.catalog().loadCatalog();
            try (Closeable pool = (Closeable) catalog) {
                return catalog.loadTable(tables.readingsTable()).currentSnapshot() != null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
