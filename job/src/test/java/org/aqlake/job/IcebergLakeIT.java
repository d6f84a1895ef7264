package org.aqlake.job;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.CatalogType;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.LakeTable;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.CommitFailingCatalog;
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
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lake.format=iceberg}: one replay, run once into the Parquet folders and once into the Iceberg
 * readings, aggregates and errors tables of a JDBC catalog over an H2 file, with a {@code file://}
 * warehouse. The replay ends with late readings that correct an hour's aggregates. The Iceberg run fails
 * twice: a task throws after the readings table has committed snapshots, and later a commit of the
 * aggregates table fails after the catalog recorded it (the committer is told its state is unknown). Each
 * time the job restarts from its last checkpoint. DuckDB reads the Parquet side and the readings table's
 * data files; Iceberg's generic reader, which applies the upserts' deletes, reads the aggregates and errors.
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
    /** Late readings of the first hour, at the end of the replay: they revise that hour's aggregates. */
    static final int LATE = 3;
    static final long LATE_EVENT_TIME = TestReadings.BASE_TIME + 10 * 60_000L;
    static final int SIGNIFICANT_DIGITS = 12;
    static final String COLUMNS = "epoch_ms(event_time::TIMESTAMP) AS event_time, parameter, value, unit, location,"
            + " city, country, latitude, longitude, averaging_period_value, averaging_period_unit, source_name,"
            + " source_type, mobile, device_id, epoch_ms(arrival_time::TIMESTAMP) AS arrival_time, shard_id,"
            + " sequence_number";
    /**
     * Every column of the Parquet table but sealed_at and revision: the watermark at which a window was first
     * written, and how many corrections its late readings were written in, depend on the run's timing. What the
     * latest revision counts does not.
     */
    static final String AGGREGATE_COLUMNS = "epoch_ms(window_start::TIMESTAMP) AS window_start,"
            + " epoch_ms(window_end::TIMESTAMP) AS window_end, location, city, country, latitude, longitude,"
            + " parameter, unit, count, min, max, mean, epoch_ms(first_time::TIMESTAMP) AS first_time,"
            + " epoch_ms(last_time::TIMESTAMP) AS last_time, reference_unit, mean_reference, aqi_averaging,"
            + " aqi_concentration, aqi, aqi_category, location_aqi, dominant_pollutant, who_averaging, who_mean,"
            + " who_guideline, who_exceeds, epoch_ms(arrivals_until::TIMESTAMP) AS arrivals_until";
    static final String LATEST_AGGREGATES = "SELECT " + AGGREGATE_COLUMNS + " FROM (SELECT *, max(revision) OVER"
            + " (PARTITION BY location, city, country, parameter, unit, window_start) AS latest FROM read_parquet(?))"
            + " WHERE revision = latest";
    static final String ERRORS = "SELECT * FROM read_json(?, format = 'newline_delimited', hive_partitioning = false, columns = {"
            + "error_type: 'VARCHAR', reason: 'VARCHAR', field: 'VARCHAR', stream: 'VARCHAR', shard_id: 'VARCHAR',"
            + " sequence_number: 'VARCHAR', partition_key: 'VARCHAR', arrival_time: 'VARCHAR', payload: 'VARCHAR',"
            + " payload_encoding: 'VARCHAR'})";

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").build();

    private List<TestRecord> input;
    private Path dir;
    private IcebergTables tables;
    private List<String> parquetRows;
    private List<String> icebergRows;
    private List<String> dataFiles;
    /** The data and delete files of the aggregates and errors tables' current snapshots. */
    private List<String> otherTablesFiles;
    private List<Snapshot> snapshots;
    private List<String> parquetAggregates;
    private int parquetAggregateRevisions;
    private List<Map<String, Object>> icebergAggregates;
    private List<Integer> icebergRevisions;
    private List<String> parquetErrors;
    private List<String> icebergErrors;
    private Snapshot failedCommit;

    @BeforeAll
    void replayIntoBothFormats(@TempDir Path dir) throws Exception {
        this.dir = dir;
        // in event-time order, so that only the late readings at the end are late, whatever the interleaving of
        // the parallel subtasks: each window's latest revision is then the same in both runs
        input = new ArrayList<>(TestReadings.mixed("ice-", RECORDS));
        input.sort(Comparator.comparingLong(r -> r.eventTime));
        for (int i = 0; i < LATE; i++) {
            String id = "ice-late-" + i;
            // station 0 (Beijing) reports pm25 in the first hour: a correction of its rows, not new ones
            input.add(new TestRecord(id, TestReadings.utf8(TestReadings.openAq(id, 0, LATE_EVENT_TIME + i,
                    "pm25", 500 + i, "µg/m³")), null, LATE_EVENT_TIME + i));
        }

        run(JobConfig.from(config("parquet")), false);
        parquetRows = rows("SELECT " + COLUMNS + " FROM read_parquet(?)",
                DuckDb.parquetGlob(dir.resolve("parquet/readings")));
        parquetAggregates = sorted(DuckDb.query(LATEST_AGGREGATES, DuckDb.parquetGlob(dir.resolve("parquet/aggregates"))));
        parquetAggregateRevisions = DuckDb.query("SELECT * FROM read_parquet(?)",
                DuckDb.parquetGlob(dir.resolve("parquet/aggregates"))).size();
        parquetErrors = rows(ERRORS, dir.resolve("parquet/errors") + "/**/*.jsonl");

        Map<String, String> c = config("iceberg");
        c.put("lake.format", "iceberg");
        // the replay is bounded and the job is awaited to its end, which the maintenance's source never reaches
        c.put("iceberg.maintenance.enabled", "false");
        String warehouse = dir.resolve("warehouse").toUri().toString();
        c.put("iceberg.warehouse", warehouse);
        c.put("iceberg.jdbc-uri", "jdbc:h2:file:" + dir.resolve("catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE");
        JobConfig cfg = withCommitFailingCatalog(JobConfig.from(c), warehouse);
        tables = cfg.iceberg.orElseThrow();
        run(cfg, true);

        Catalog catalog = tables.catalog().loadCatalog();
        Table table = catalog.loadTable(tables.readingsTable());
        Table aggregates = catalog.loadTable(tables.identifier(LakeTable.AGGREGATES));
        Table errors = catalog.loadTable(tables.identifier(LakeTable.ERRORS));
        ((Closeable) catalog).close();
        snapshots = new ArrayList<>();
        table.snapshots().forEach(snapshots::add);
        failedCommit = aggregates.snapshot(CommitFailingCatalog.FAILED_SNAPSHOT.get());
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
        otherTablesFiles = new ArrayList<>();
        for (Table other : List.of(aggregates, errors)) {
            try (CloseableIterable<FileScanTask> tasks = other.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    otherTablesFiles.add(Path.of(URI.create(task.file().location())).toString());
                    task.deletes().forEach(d -> otherTablesFiles.add(Path.of(URI.create(d.location())).toString()));
                }
            }
        }
        icebergAggregates = read(aggregates, "sealed_at", "place_key", "revision");
        icebergRevisions = read(aggregates).stream().map(a -> (Integer) a.get("revision"))
                .collect(Collectors.toList());
        icebergErrors = read(errors).stream().map(Map::toString).sorted().collect(Collectors.toList());
        // the figures RELIABILITY.md quotes
        System.out.printf("IcebergLakeIT: %d records, readings %d/%d rows (Parquet/Iceberg), aggregates %d revisions"
                        + " and %d latest rows (Parquet), %d rows (Iceberg), dead letters %d/%d, failures %d task, %d commit%n",
                input.size(), parquetRows.size(), icebergRows.size(), parquetAggregateRevisions, parquetAggregates.size(),
                icebergAggregates.size(), parquetErrors.size(), icebergErrors.size(), SlowReplay.FAILURES.get(),
                CommitFailingCatalog.FAILURES.get());
    }

    /**
     * The configuration with its tables in a catalog that fails one commit when armed: the job takes its tables
     * only from the configuration, so they are put in its place.
     */
    static JobConfig withCommitFailingCatalog(JobConfig cfg, String warehouse) throws ReflectiveOperationException {
        IcebergTables tables = cfg.iceberg.orElseThrow();
        IcebergTables failing = IcebergTables.builder()
                .catalog(CatalogType.JDBC, warehouse, tables.catalogUri())
                .catalogImplementation(CommitFailingCatalog.class.getName())
                .database(tables.database())
                .build();
        Field iceberg = JobConfig.class.getField("iceberg");
        iceberg.setAccessible(true);
        iceberg.set(cfg, Optional.of(failing));
        return cfg;
    }

    Map<String, String> config(String name) {
        Map<String, String> c = new HashMap<>();
        c.put("lake.transformed-path", dir.resolve(name).toUri().toString());
        return c;
    }

    void run(JobConfig cfg, boolean injectFailures) throws Exception {
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
                .map(injectFailures ? new SlowReplay(cfg.iceberg.orElseThrow()) : new SlowReplay())
                .uid("slow-replay").name("Slow replay");
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        env.execute("iceberg-lake-" + (injectFailures ? "iceberg" : "parquet"));
    }

    static List<String> rows(String sql, String file) throws Exception {
        return DuckDb.query(sql, file).stream().map(Map::toString).sorted().collect(Collectors.toList());
    }

    /** The table's current rows, deletes applied, as DuckDB gives them: times as epoch milliseconds. */
    static List<Map<String, Object>> read(Table table, String... leaveOut) throws IOException {
        Set<String> without = Set.of(leaveOut);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record r : records) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Types.NestedField column : table.schema().columns()) {
                    if (!without.contains(column.name())) {
                        row.put(column.name(), duckDbValue(table, column, r.getField(column.name())));
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static Object duckDbValue(Table table, Types.NestedField column, Object v) {
        if (!(v instanceof OffsetDateTime)) {
            return v;
        }
        long millis = ((OffsetDateTime) v).toInstant().toEpochMilli();
        // the errors' JSON lines hold the arrival time as an ISO-8601 instant
        return table.name().endsWith(LakeTable.ERRORS.tableName) ? Instant.ofEpochMilli(millis).toString() : millis;
    }

    /**
     * The rows as text, sorted, their doubles to 12 significant digits: a mean's last digits depend on the
     * order in which the parallel pre-aggregations' partial sums were added.
     */
    static List<String> sorted(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> {
            Map<String, Object> rounded = new LinkedHashMap<>(row);
            rounded.replaceAll((column, v) -> v instanceof Double
                    ? new BigDecimal((Double) v).round(new MathContext(SIGNIFICANT_DIGITS)).stripTrailingZeros().toPlainString() : v);
            return rounded.toString();
        }).sorted().collect(Collectors.toList());
    }

    @Test
    void theIcebergRunFailedOnceInATaskAndOnceInACommitAndRecovered() {
        assertThat(SlowReplay.FAILURES.get()).isEqualTo(1);
        assertThat(CommitFailingCatalog.FAILURES.get()).as("aggregates commits failed after the catalog recorded them")
                .isEqualTo(1);
        assertThat(failedCommit).as("the snapshot of the failed commit is in the table's history").isNotNull();
        assertThat(SlowReplay.SEEN.get()).as("records replayed, the replay after the failure included")
                .isGreaterThan(2L * input.size());
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
    void everyReadingIsARowOfTheCurrentSnapshotExactlyOnce() {
        Map<String, Long> perDevice = icebergRows.stream().collect(Collectors.groupingBy(
                row -> row.replaceAll(".*device_id=([^,}]*).*", "$1"), Collectors.counting()));
        Set<String> expected = input.stream().filter(TestRecord::rowWithoutConsent).map(r -> r.id)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(perDevice.keySet()).isEqualTo(expected);
        assertThat(perDevice.values()).allMatch(n -> n == 1L);
    }

    @Test
    void theAggregatesTableHoldsOneRowPerKeyTheLatestRevisionTheParquetTableGives() {
        assertThat(parquetAggregateRevisions).as("the late readings made a revision in the Parquet table")
                .isGreaterThan(parquetAggregates.size());
        assertThat(icebergAggregates).extracting(a -> List.of(String.valueOf(a.get("location")),
                String.valueOf(a.get("city")), String.valueOf(a.get("country")), a.get("parameter"), a.get("unit"),
                a.get("window_start"))).doesNotHaveDuplicates();
        assertThat(icebergRevisions).as("the corrected rows replaced their first revision").anyMatch(r -> r > 0);

        assertThat(sorted(icebergAggregates)).isEqualTo(parquetAggregates);
    }

    @Test
    void theAggregatesCountEveryReadingOnce() {
        long counted = icebergAggregates.stream().mapToLong(a -> (Long) a.get("count")).sum();

        assertThat(counted).isEqualTo(icebergRows.size());
    }

    @Test
    void theSameReplayGivesTheSameDeadLettersInBothFormatsEachOnce() {
        long invalid = input.stream().filter(r -> !r.valid()).count();

        assertThat(parquetErrors).hasSize((int) invalid);
        assertThat(icebergErrors).hasSize((int) invalid).doesNotHaveDuplicates();
        assertThat(icebergErrors).isEqualTo(parquetErrors);
    }

    @Test
    void theDataFilesOfEveryTableAreZstdParquetTheReadingsPartitionedByTheHourOfTheEventTime() throws Exception {
        Set<String> codecs = new TreeSet<>();
        for (String file : dataFiles) {
            DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata(?)", file)
                    .forEach(r -> codecs.add(String.valueOf(r.get("compression"))));
        }
        Set<String> hours = dataFiles.stream().map(f -> Path.of(f).getParent().getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(codecs).containsExactly("ZSTD");
        assertThat(otherTablesFiles).filteredOn(f -> f.contains("/aggregates/")).isNotEmpty();
        assertThat(otherTablesFiles).filteredOn(f -> f.contains("/errors/")).isNotEmpty();
        for (String file : otherTablesFiles) {
            assertThat(DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata(?)", file))
                    .as(file).extracting(r -> String.valueOf(r.get("compression"))).containsOnly("ZSTD");
        }
        // six hours of readings from 2024-05-01T00:00Z: Iceberg's hour partition folders
        assertThat(hours).containsExactly("event_time_hour=2024-05-01-00", "event_time_hour=2024-05-01-01",
                "event_time_hour=2024-05-01-02", "event_time_hour=2024-05-01-03", "event_time_hour=2024-05-01-04",
                "event_time_hour=2024-05-01-05");
    }

    /**
     * Paces the replay; in the Iceberg run, fails once when the records seen cross the threshold, and then
     * arms the catalog to fail the next commit of the aggregates table that adds rows.
     */
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
            if (!failWhenCommitted.isEmpty() && seen >= RECORDS + LATE + FAIL_AT_RECORD && seen % CHECK_EVERY == 0
                    && FAILURES.get() == 0 && committed(failWhenCommitted.get(0)) && FAILURES.compareAndSet(0, 1)) {
                FAILED_AT.set(System.currentTimeMillis());
                CommitFailingCatalog.ARMED.set(LakeTable.AGGREGATES.tableName);
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
