package org.aqlake.job;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.MaintenanceSettings;
import org.aqlake.job.iceberg.TableMaintenanceGraph;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.RewriteFaultFileIO;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readings table maintained while the job writes it ({@code iceberg/TableMaintenanceGraph}): the replay
 * commits a snapshot every checkpoint, so every hour partition gets many small files, which the maintenance
 * rewrites, while a reader scans the table's current snapshot over and over (DuckDB reading the data files
 * Iceberg's API lists). The first rewrite fails after writing its file ({@link RewriteFaultFileIO}), and its
 * task restarts from its last checkpoint. Old snapshots expire; an orphan file older than the minimum age is
 * removed, a young one kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableMaintenanceIT {

    static final int RECORDS = 3_000;
    /** Slows the replay so that the sink commits, and the maintenance rewrites, while the reader scans. */
    static final long MILLIS_PER_RECORD = 6;
    static final String CHECKPOINT_INTERVAL = "200 ms";
    static final long CHECKPOINT_MILLIS = 200;
    static final String SNAPSHOT_MAX_AGE = "5 s";
    static final int SNAPSHOT_RETAIN_LAST = 5;
    static final String ORPHAN_MIN_AGE = "1 h";
    static final Duration OLD_ORPHAN_AGE = Duration.ofDays(1);
    static final long SCAN_PAUSE_MILLIS = 50;
    static final Duration TIMEOUT = Duration.ofSeconds(75);
    static final long ARRIVAL = TestReadings.BASE_TIME + 24 * 3_600_000L;

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").build();

    private Set<String> expected;
    private IcebergTables tables;
    private final List<TableScan> scans = new ArrayList<>();
    private TableScan last;
    private Path oldOrphan;
    private Path youngOrphan;
    private long firstSnapshot;
    private Set<Long> snapshotsAtTheEnd;
    private long rewritesAfterTheFailure;
    private JobStatus stopped;
    private Exception stopFailure;

    @BeforeAll
    void replayWhileTheMaintenanceRewritesAndTheReaderScans(@TempDir Path dir) throws Exception {
        List<TestRecord> input = TestReadings.valid("mnt-", RECORDS);
        expected = input.stream().map(r -> r.id).collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> c = new HashMap<>();
        c.put("lake.transformed-path", dir.resolve("parquet").toUri().toString());
        c.put("lake.format", "iceberg");
        c.put("iceberg.warehouse", dir.resolve("warehouse").toUri().toString());
        c.put("iceberg.jdbc-uri", "jdbc:h2:file:" + dir.resolve("catalog")
                + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE");
        c.put("pipeline.checkpoint-interval", CHECKPOINT_INTERVAL);
        c.put("iceberg.maintenance.commits", "5");
        c.put("iceberg.maintenance.interval", "2 s");
        c.put("iceberg.maintenance.min-pause", "1 s");
        c.put("iceberg.maintenance.target-file-size", "8 mb");
        c.put("iceberg.maintenance.snapshot-max-age", SNAPSHOT_MAX_AGE);
        c.put("iceberg.maintenance.snapshot-retain-last", Integer.toString(SNAPSHOT_RETAIN_LAST));
        c.put("iceberg.maintenance.orphan-min-age", ORPHAN_MIN_AGE);
        c.put("iceberg.maintenance.orphan-interval", "2 s");
        MaintenanceSettings settings = JobConfig.from(c).icebergMaintenance.orElseThrow();
        // the pipeline as the job builds it, but for the maintenance, attached below with a faulty file IO
        c.put("iceberg.maintenance.enabled", "false");
        JobConfig cfg = JobConfig.from(c);
        tables = cfg.iceberg.orElseThrow();

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
        DataStream<KinesisRecord> source = env.fromData(records).map(new SlowReplay()).uid("slow-replay")
                .name("Slow replay");
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        TableMaintenanceGraph.attach(env, faultyLoader(c), OperatorUids.READINGS_ICEBERG_MAINTENANCE, settings);

        Catalog catalog = tables.catalog().loadCatalog();
        try (Closeable closing = (Closeable) catalog) {
            plantOrphans(catalog.loadTable(tables.readingsTable()));
            JobClient job = env.executeAsync("table-maintenance");
            try {
                scanUntilMaintained(catalog);
                // as the local run stops the job: a final savepoint, draining the sources
                stopped = LakeTestJob.drain(job, dir.resolve("savepoints"));
            } catch (Exception e) {
                stopFailure = e;
                LakeTestJob.cancel(job);
            }
            Table table = catalog.loadTable(tables.readingsTable());
            snapshotsAtTheEnd = new TreeSet<>();
            table.snapshots().forEach(s -> snapshotsAtTheEnd.add(s.snapshotId()));
            last = TableScan.of(table);
        }
        System.out.printf("TableMaintenanceIT: %d scans of %d snapshots (%d of them rewrites), most rows twice in a"
                        + " scan: %d; most files in a partition %d during the run, %d at the end; final rows %d of %d;"
                        + " rewrite failures %d, rewrites after it %d; %d snapshots left%n", scans.size(),
                scans.stream().mapToLong(x -> x.snapshot).distinct().count(),
                scans.stream().filter(x -> DataOperations.REPLACE.equals(x.operation)).mapToLong(x -> x.snapshot)
                        .distinct().count(),
                scans.stream().mapToLong(x -> x.duplicates().size()).max().orElse(0),
                scans.stream().mapToInt(TableScan::mostFilesInAPartition).max().orElse(0),
                last.mostFilesInAPartition(), last.rows.size(), expected.size(), RewriteFaultFileIO.FAILURES.get(),
                rewritesAfterTheFailure, snapshotsAtTheEnd.size());
    }

    /** The catalog of the job's tables, whose file IO fails the first rewrite. */
    static TableLoader faultyLoader(Map<String, String> c) {
        Map<String, String> properties = Map.of(
                CatalogProperties.WAREHOUSE_LOCATION, c.get("iceberg.warehouse"),
                CatalogProperties.URI, c.get("iceberg.jdbc-uri"),
                CatalogProperties.FILE_IO_IMPL, RewriteFaultFileIO.class.getName());
        return TableLoader.fromCatalog(CatalogLoader.custom("aq_lake", properties,
                new org.apache.hadoop.conf.Configuration(), JdbcCatalog.class.getName()),
                JobConfig.from(c).iceberg.orElseThrow().readingsTable());
    }

    void plantOrphans(Table table) throws Exception {
        Path data = Files.createDirectories(Path.of(URI.create(table.location())).resolve("data"));
        oldOrphan = Files.writeString(data.resolve("old-orphan.parquet"), "left by a crashed writer long ago");
        Files.setLastModifiedTime(oldOrphan, FileTime.from(Instant.now().minus(OLD_ORPHAN_AGE)));
        youngOrphan = Files.writeString(data.resolve("young-orphan.parquet"), "an in-flight commit's data file");
    }

    /** Scans until all rows are in, a rewrite followed the failed one, a snapshot expired and the old orphan went. */
    void scanUntilMaintained(Catalog catalog) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
        firstSnapshot = -1;
        while (System.currentTimeMillis() < deadline) {
            Table table = catalog.loadTable(tables.readingsTable());
            if (table.currentSnapshot() != null) {
                TableScan scan = TableScan.of(table);
                scans.add(scan);
                if (firstSnapshot < 0) {
                    firstSnapshot = firstSnapshotOf(table);
                }
                rewritesAfterTheFailure = 0;
                for (Snapshot s : table.snapshots()) {
                    if (DataOperations.REPLACE.equals(s.operation())
                            && s.timestampMillis() > RewriteFaultFileIO.FAILED_AT.get()) {
                        rewritesAfterTheFailure++;
                    }
                }
                boolean expired = table.snapshot(firstSnapshot) == null;
                if (scan.rows.size() >= expected.size() && rewritesAfterTheFailure > 0 && expired
                        && !Files.exists(oldOrphan)) {
                    return;
                }
            }
            Thread.sleep(SCAN_PAUSE_MILLIS);
        }
    }

    static long firstSnapshotOf(Table table) {
        long first = table.currentSnapshot().snapshotId();
        for (Snapshot s = table.currentSnapshot(); s != null;
                s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            first = s.snapshotId();
        }
        return first;
    }

    @Test
    void everyScanDuringTheRewritesSawEveryRowOfItsSnapshotOnceAndNoneThatAnEarlierScanSaw() {
        assertThat(scans.stream().map(s -> s.operation).distinct())
                .as("the reader scanned while the sink appended and the maintenance rewrote")
                .contains(DataOperations.APPEND, DataOperations.REPLACE);
        int before = 0;
        for (TableScan scan : scans) {
            assertThat(scan.duplicates()).as("rows twice in snapshot %s (%s)", scan.snapshot, scan.operation).isEmpty();
            assertThat(scan.rows.size()).as("rows in snapshot %s, never fewer than before", scan.snapshot)
                    .isGreaterThanOrEqualTo(before);
            before = scan.rows.size();
        }
    }

    @Test
    void theRewriteFailedOnceAndEveryReadingIsARowOfTheFinalSnapshotExactlyOnce() {
        assertThat(RewriteFaultFileIO.FAILURES.get()).isEqualTo(1);
        assertThat(rewritesAfterTheFailure).as("rewrites committed after the failed one").isPositive();

        assertThat(last.duplicates()).as("duplicated rows").isEmpty();
        assertThat(new TreeSet<>(last.rows)).as("every reading, none lost").isEqualTo(expected);
        assertThat(last.rows).hasSize(RECORDS);
    }

    @Test
    void theRewriteLeftFewerFilesPerHourPartitionThanTheSinkHadWritten() {
        int mostBefore = scans.stream().mapToInt(TableScan::mostFilesInAPartition).max().orElseThrow();

        assertThat(last.filesPerPartition).hasSize(6);
        assertThat(last.mostFilesInAPartition()).isLessThan(mostBefore);
    }

    @Test
    void theJobWithItsMaintenanceStopsWithADrainingSavepointAsTheLocalRunStopsIt() {
        assertThat(stopFailure).isNull();
        assertThat(stopped).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void oldSnapshotsExpired() {
        assertThat(snapshotsAtTheEnd).as("the table's first snapshot expired").doesNotContain(firstSnapshot);
        assertThat(snapshotsAtTheEnd).contains(last.snapshot);
    }

    @Test
    void anOrphanOlderThanTheMinimumAgeIsRemovedAndYoungOnesAreKept() {
        Path leftByTheFailedRewrite = Path.of(URI.create(RewriteFaultFileIO.LEFT_BEHIND.get()));

        assertThat(oldOrphan).doesNotExist();
        assertThat(youngOrphan).exists();
        assertThat(leftByTheFailedRewrite).as("the failed rewrite's file, younger than %s", ORPHAN_MIN_AGE).exists();
        assertThat(last.files).doesNotContain(leftByTheFailedRewrite.toString());
    }

    /** The rows of a table's current snapshot, read by DuckDB from the data files Iceberg's API lists. */
    static final class TableScan {
        final long snapshot;
        final String operation;
        final List<String> files = new ArrayList<>();
        final Map<String, Integer> filesPerPartition = new TreeMap<>();
        final List<String> rows = new ArrayList<>();

        private TableScan(Snapshot snapshot) {
            this.snapshot = snapshot.snapshotId();
            this.operation = snapshot.operation();
        }

        static TableScan of(Table table) throws Exception {
            TableScan scan = new TableScan(table.currentSnapshot());
            try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(scan.snapshot).planFiles();
                 DuckDb duckDb = DuckDb.open()) {
                for (FileScanTask task : tasks) {
                    String file = Path.of(URI.create(task.file().location())).toString();
                    scan.files.add(file);
                    scan.filesPerPartition.merge(task.file().partition().toString(), 1, Integer::sum);
                    for (Map<String, Object> row : duckDb.rows("SELECT device_id FROM read_parquet(?)", file)) {
                        scan.rows.add(String.valueOf(row.get("device_id")));
                    }
                }
            }
            return scan;
        }

        Map<String, Long> duplicates() {
            return rows.stream().collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()))
                    .entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        int mostFilesInAPartition() {
            return filesPerPartition.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    /** Paces the replay. */
    static final class SlowReplay implements MapFunction<KinesisRecord, KinesisRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public KinesisRecord map(KinesisRecord r) throws InterruptedException {
            Thread.sleep(MILLIS_PER_RECORD);
            return r;
        }
    }
}
