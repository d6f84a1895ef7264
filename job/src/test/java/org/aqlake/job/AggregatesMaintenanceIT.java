package org.aqlake.job;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.LakeTable;
import org.aqlake.job.iceberg.MaintenanceSettings;
import org.aqlake.job.iceberg.TableMaintenanceGraph;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.SlowRewriteFileIO;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The upserted aggregates table maintained while the job writes corrections into it: the replay runs in
 * event-time order over six hours, and from its third hour on every {@value #LATE_EVERY}th record is
 * followed by a late reading of an hour at least two behind, whose window is written already. Each batch of
 * them is a correction, which the sink commits as an equality delete of the key and the new row. The
 * maintenance ({@code iceberg/TableMaintenanceGraph}) rewrites the table's small files every few commits,
 * each rewritten file held {@link SlowRewriteFileIO#DELAY_MILLIS} ms, so that corrections are committed
 * between the snapshot a rewrite planned from and its own commit. Meanwhile a reader scans the current
 * snapshot over and over with Iceberg's generic reader, which applies the deletes. Every scan must hold each
 * key once and never an older revision than a scan before; at the end the table holds one row per key whose
 * count, min, max and mean are those of every reading of that key, the late ones included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatesMaintenanceIT {

    static final int RECORDS = 2_400;
    static final long HOUR = 3_600_000L;
    /** Event time between two readings of the replay: six hours in all. */
    static final long SPACING = 6 * HOUR / RECORDS;
    /** From the third hour of the replay on, a late reading after every this many records. */
    static final int LATE_EVERY = 16;
    static final String[][] PARAMETERS = {{"pm25", "µg/m³"}, {"pm10", "µg/m³"}, {"no2", "ppm"}, {"o3", "ppm"}};
    static final String CHECKPOINT_INTERVAL = "200 ms";
    static final long CHECKPOINT_MILLIS = 200;
    static final long MILLIS_PER_RECORD = 3;
    static final long SCAN_PAUSE_MILLIS = 50;
    /** The maintenance is taken as idle when no snapshot came for this long after every reading was counted. */
    static final long QUIET_MILLIS = 5_000;
    static final Duration TIMEOUT = Duration.ofSeconds(50);
    static final long ARRIVAL = TestReadings.BASE_TIME + 24 * HOUR;
    static final double MEAN_TOLERANCE = 1e-9;
    private static final Pattern LOCATION = Pattern.compile("\"location\":\"([^\"]*)\"");

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().restartStrategy("fixed-delay").build();

    private final List<TestRecord> input = new ArrayList<>();
    /** Per location, parameter, unit and window start: every reading's value. */
    private final Map<String, List<Double>> expected = new TreeMap<>();
    private final Set<String> corrected = new TreeSet<>();
    private int late;
    private IcebergTables tables;
    private final List<Scan> scans = new ArrayList<>();
    private final Map<Long, SeenSnapshot> snapshots = new TreeMap<>();
    private Scan last;
    private JobStatus stopped;
    private long succeededRuns;
    private long failedRuns;
    private Exception stopFailure;

    @BeforeAll
    void replayCorrectionsWhileTheMaintenanceRewritesAndTheReaderScans(@InjectMiniCluster MiniCluster cluster,
            @TempDir Path dir) throws Exception {
        buildInput();
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
        c.put("iceberg.maintenance.snapshot-max-age", "5 s");
        c.put("iceberg.maintenance.snapshot-retain-last", "10");
        c.put("iceberg.maintenance.orphan-min-age", "1 h");
        c.put("iceberg.maintenance.orphan-interval", "1 h");
        MaintenanceSettings settings = JobConfig.from(c).icebergMaintenance.orElseThrow();
        // the pipeline as the job builds it; the aggregates table's maintenance is attached below, with a slow file IO
        c.put("iceberg.maintenance.enabled", "false");
        JobConfig cfg = JobConfig.from(c);
        tables = cfg.iceberg.orElseThrow();

        // the extension's cluster, whose reporter has the maintenance's metrics
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        AqLakeJob.configure(env, cfg);
        List<KinesisRecord> records = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            TestRecord r = input.get(i);
            records.add(new KinesisRecord(r.payload, "local", "shardId-00000000000" + (i % 2), Integer.toString(i),
                    r.partitionKey, ARRIVAL));
        }
        // chained to the source at its parallelism of 1, so that no backlog of records queues before the pacing
        // and a checkpoint's barrier passes it as soon as the source emits it: a commit every checkpoint
        DataStream<KinesisRecord> source = env.fromData(records).map(new PacedReplay()).setParallelism(1)
                .uid("slow-replay").name("Slow replay");
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        TableMaintenanceGraph.attach(env, slowRewriteLoader(c), OperatorUids.AGGREGATES_ICEBERG_MAINTENANCE, settings);

        Catalog catalog = tables.catalog().loadCatalog();
        try (Closeable closing = (Closeable) catalog) {
            JobClient job = env.executeAsync("aggregates-maintenance");
            try {
                scanUntilRewrittenDuringCorrections(catalog);
                // Iceberg's maintenance metrics, per task run (a failed commit is a failed run, not a task failure)
                succeededRuns = LAKE.counter(job.getJobID(), ".succeededTasks");
                failedRuns = LAKE.counter(job.getJobID(), ".failedTasks");
                stopped = LakeTestJob.drain(job, dir.resolve("savepoints"));
            } catch (Exception e) {
                stopFailure = e;
                LakeTestJob.cancel(job);
            }
            Table table = catalog.loadTable(tables.identifier(LakeTable.AGGREGATES));
            record(table);
            last = Scan.of(table);
            scans.add(last);
        }
        // the figures RELIABILITY.md quotes
        System.out.printf("AggregatesMaintenanceIT: %d readings (%d late, correcting %d of %d keys); %d scans of %d"
                        + " snapshots; %d snapshots seen: %d commits with equality deletes, %d rewrites (%d with"
                        + " deletes in the table, %d dropping %d superseded rows, %d overlapped by a correction of"
                        + " their partitions); %d rewritten files held; most rows of one key in a scan %d;"
                        + " final rows %d of %d keys, revisions up to %d, %d delete files in the table, %d of them"
                        + " applied by the scan;"
                        + " %d scans applied deletes committed during a rewrite to its file; maintenance runs %d"
                        + " succeeded, %d failed%n",
                input.size(), late, corrected.size(), expected.size(), scans.size(),
                scans.stream().mapToLong(s -> s.snapshot).distinct().count(), snapshots.size(),
                snapshots.values().stream().filter(s -> s.addedEqualityDeletes() > 0).count(), rewrites().size(),
                rewrites().stream().filter(s -> s.totalEqualityDeletes() > 0).count(),
                rewrites().stream().filter(s -> s.droppedRows() > 0).count(),
                rewrites().stream().mapToLong(SeenSnapshot::droppedRows).sum(), overlappedRewrites().size(),
                SlowRewriteFileIO.HELD.get(), scans.stream().mapToInt(Scan::mostRowsOfAKey).max().orElse(0),
                last.rows.size(), expected.size(),
                last.rows.values().stream().mapToInt(r -> r.revision).max().orElse(-1),
                last.deleteFilesInTable, last.deleteFilesApplied, scansApplyingDeletesOfOverlappedRewrites(),
                succeededRuns, failedRuns);
    }

    /** Readings in event-time order, and from the third hour on, late readings of the hours two or more behind. */
    void buildInput() {
        for (int i = 0; i < RECORDS; i++) {
            long t = TestReadings.BASE_TIME + i * SPACING;
            add("agm-" + i, i, t);
            int hour = (int) ((t - TestReadings.BASE_TIME) / HOUR);
            if (hour >= 2 && i % LATE_EVERY == 0) {
                // hours 0 to hour - 2: the watermark (5 min behind) has passed their end, their rows are written
                long lateHour = late % (hour - 1);
                long lateTime = TestReadings.BASE_TIME + lateHour * HOUR + (late * 7_919_000L) % HOUR;
                corrected.add(add("agm-late-" + late, late, lateTime));
                late++;
            }
        }
    }

    /** Adds a reading of station i % 4 and parameter (i / 4) % 4; returns its key. */
    String add(String id, int i, long t) {
        String[] parameter = PARAMETERS[(i / 4) % PARAMETERS.length];
        double value = parameter[1].equals("ppm") ? (1 + i % 90) / 1000.0 : 1 + i % 50;
        String payload = TestReadings.openAq(id, i, t, parameter[0], value, parameter[1]);
        input.add(new TestRecord(id, payload.getBytes(StandardCharsets.UTF_8), null, t));
        Matcher location = LOCATION.matcher(payload);
        assertThat(location.find()).isTrue();
        String key = key(location.group(1), parameter[0], parameter[1], t - t % HOUR);
        expected.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        return key;
    }

    static String key(String location, String parameter, String unit, long windowStart) {
        return location + "|" + parameter + "|" + unit + "|" + windowStart;
    }

    /** The catalog of the job's tables, whose file IO holds each file the maintenance rewrites. */
    static TableLoader slowRewriteLoader(Map<String, String> c) {
        Map<String, String> properties = Map.of(
                CatalogProperties.WAREHOUSE_LOCATION, c.get("iceberg.warehouse"),
                CatalogProperties.URI, c.get("iceberg.jdbc-uri"),
                "jdbc.schema-version", "V1",
                CatalogProperties.FILE_IO_IMPL, SlowRewriteFileIO.class.getName());
        return TableLoader.fromCatalog(CatalogLoader.custom("aq_lake", properties,
                new org.apache.hadoop.conf.Configuration(), JdbcCatalog.class.getName()),
                JobConfig.from(c).iceberg.orElseThrow().identifier(LakeTable.AGGREGATES));
    }

    /**
     * Scans until every reading is counted and a rewrite committed with corrections committed during it, or
     * the maintenance fell quiet after every reading was counted, or the time is up.
     */
    void scanUntilRewrittenDuringCorrections(Catalog catalog) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
        long lastChange = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            Table table = catalog.loadTable(tables.identifier(LakeTable.AGGREGATES));
            if (table.currentSnapshot() != null) {
                if (record(table)) {
                    lastChange = System.currentTimeMillis();
                }
                Scan scan = Scan.of(table);
                scans.add(scan);
                if (scan.counted() == input.size() && (!overlappedRewrites().isEmpty()
                        || System.currentTimeMillis() - lastChange > QUIET_MILLIS)) {
                    return;
                }
            }
            Thread.sleep(SCAN_PAUSE_MILLIS);
        }
    }

    /** Notes the snapshots of the table not seen before, with the files they added; true if there were any. */
    boolean record(Table table) {
        boolean any = false;
        for (Snapshot s : table.snapshots()) {
            if (!snapshots.containsKey(s.snapshotId())) {
                snapshots.put(s.snapshotId(), SeenSnapshot.of(table, s));
                any = true;
            }
        }
        return any;
    }

    List<SeenSnapshot> rewrites() {
        List<SeenSnapshot> out = new ArrayList<>();
        snapshots.values().stream().filter(s -> DataOperations.REPLACE.equals(s.operation)).forEach(out::add);
        return out;
    }

    /**
     * The rewrites during which the sink committed an equality delete in a partition the rewrite wrote: the
     * snapshots between the one the rewrite planned from (its files' data sequence number) and its own.
     */
    List<SeenSnapshot> overlappedRewrites() {
        List<SeenSnapshot> out = new ArrayList<>();
        for (SeenSnapshot rewrite : rewrites()) {
            boolean overlapped = snapshots.values().stream().anyMatch(s -> s.sequence > rewrite.plannedAt
                    && s.sequence < rewrite.sequence
                    && s.equalityDeletePartitions.stream().anyMatch(rewrite.dataPartitions::contains));
            if (overlapped) {
                out.add(rewrite);
            }
        }
        return out;
    }

    long scansApplyingDeletesOfOverlappedRewrites() {
        return scans.stream().filter(scan -> overlappedRewrites().stream().anyMatch(r -> r.dataFiles.stream()
                .anyMatch(f -> scan.deletesApplied.getOrDefault(f, Set.of()).stream()
                        .anyMatch(seq -> seq > r.plannedAt && seq < r.sequence)))).count();
    }

    @Test
    void theSinkCommittedCorrectionsAsEqualityDeletesAcrossManyCommits() {
        assertThat(late).isGreaterThan(50);
        assertThat(snapshots.values()).filteredOn(s -> s.addedEqualityDeletes() > 0)
                .as("commits with equality deletes").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aRewriteCommittedWhileDeletesExistedAndDroppedTheRowsTheyDeleted() {
        assertThat(rewrites()).as("rewrites of the aggregates table").isNotEmpty();
        assertThat(rewrites()).filteredOn(s -> s.totalEqualityDeletes() > 0 && s.droppedRows() > 0)
                .as("rewrites that applied equality deletes (fewer rows written than read)").isNotEmpty();
    }

    @Test
    void noMaintenanceRunFailed() {
        assertThat(succeededRuns).isPositive();
        assertThat(failedRuns).isZero();
    }

    @Test
    void aRewriteCommittedAfterTheSinkHadCommittedCorrectionsInItsPartitionsDuringIt() {
        assertThat(SlowRewriteFileIO.HELD.get()).isPositive();
        assertThat(overlappedRewrites()).as("rewrites overlapped by a correction of their partitions").isNotEmpty();
    }

    @Test
    void theCorrectionsCommittedDuringARewriteApplyToTheFileItWrote() {
        List<String> applied = new ArrayList<>();
        for (SeenSnapshot rewrite : overlappedRewrites()) {
            for (Scan scan : scans) {
                for (String file : rewrite.dataFiles) {
                    scan.deletesApplied.getOrDefault(file, Set.of()).stream()
                            .filter(seq -> seq > rewrite.plannedAt && seq < rewrite.sequence)
                            .forEach(seq -> applied.add(file + " <- deletes of sequence " + seq));
                }
            }
        }
        // the rewrite's file has the sequence number of the snapshot it planned from: later deletes still apply
        assertThat(applied).as("deletes committed during a rewrite, applied to its file by a later scan").isNotEmpty();
    }

    @Test
    void everyScanHeldEachKeyOnceAndNoKeyEverWentBackToAnOlderRevision() {
        assertThat(scans.stream().map(s -> s.operation).distinct())
                .as("the reader scanned the snapshots of the sink and of the rewrites")
                .contains(DataOperations.OVERWRITE, DataOperations.REPLACE);
        Map<String, Row> before = new HashMap<>();
        for (Scan scan : scans) {
            assertThat(scan.mostRowsOfAKey()).as("rows of one key in snapshot %s (%s)", scan.snapshot, scan.operation)
                    .isLessThanOrEqualTo(1);
            for (Map.Entry<String, Row> row : scan.rows.entrySet()) {
                Row earlier = before.get(row.getKey());
                if (earlier != null) {
                    assertThat(row.getValue().revision).as("revision of %s in snapshot %s", row.getKey(), scan.snapshot)
                            .isGreaterThanOrEqualTo(earlier.revision);
                    assertThat(row.getValue().count).as("count of %s in snapshot %s", row.getKey(), scan.snapshot)
                            .isGreaterThanOrEqualTo(earlier.count);
                }
                before.put(row.getKey(), row.getValue());
            }
        }
    }

    @Test
    void theFinalSnapshotHoldsOneRowPerKeyWithEveryReadingTheLateOnesIncluded() {
        assertThat(stopFailure).isNull();
        assertThat(stopped).isEqualTo(JobStatus.FINISHED);
        assertThat(last.mostRowsOfAKey()).isEqualTo(1);
        assertThat(last.rows.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, List<Double>> e : expected.entrySet()) {
            Row row = last.rows.get(e.getKey());
            DoubleSummaryStatistics values = e.getValue().stream().mapToDouble(v -> v).summaryStatistics();
            assertThat(row.count).as("count of %s", e.getKey()).isEqualTo(values.getCount());
            assertThat(row.min).as("min of %s", e.getKey()).isEqualTo(values.getMin());
            assertThat(row.max).as("max of %s", e.getKey()).isEqualTo(values.getMax());
            assertThat(row.mean).as("mean of %s", e.getKey()).isCloseTo(values.getAverage(), within(MEAN_TOLERANCE));
        }
        assertThat(last.counted()).isEqualTo(input.size());
    }

    @Test
    void everyCorrectedKeyEndsAtARevisionAfterItsFirstRows() {
        for (String key : corrected) {
            assertThat(last.rows.get(key).revision).as("revision of %s", key).isPositive();
        }
    }

    /** Paces the replay. */
    static final class PacedReplay implements MapFunction<KinesisRecord, KinesisRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public KinesisRecord map(KinesisRecord r) throws InterruptedException {
            Thread.sleep(MILLIS_PER_RECORD);
            return r;
        }
    }

    /** One aggregates row, as the test compares it. */
    static final class Row {
        final long count;
        final double min;
        final double max;
        final double mean;
        final int revision;

        Row(Record r) {
            count = (Long) r.getField("count");
            min = (Double) r.getField("min");
            max = (Double) r.getField("max");
            mean = (Double) r.getField("mean");
            revision = (Integer) r.getField("revision");
        }
    }

    /** The rows of one snapshot of the aggregates table, deletes applied by Iceberg's generic reader. */
    static final class Scan {
        final long snapshot;
        final String operation;
        /** Per location, parameter, unit and window start: the row (the last one read, were there two). */
        final Map<String, Row> rows = new TreeMap<>();
        /** Per identifier (place_key, parameter, unit, window start): how many rows. */
        final Map<String, Integer> perIdentifier = new TreeMap<>();
        /** Per data file of the snapshot: the data sequence numbers of the delete files applied to it. */
        final Map<String, Set<Long>> deletesApplied = new TreeMap<>();
        int deleteFilesInTable;
        int deleteFilesApplied;

        private Scan(Snapshot snapshot) {
            this.snapshot = snapshot.snapshotId();
            this.operation = snapshot.operation();
        }

        static Scan of(Table table) throws Exception {
            Snapshot current = table.currentSnapshot();
            Scan scan = new Scan(current);
            try (CloseableIterable<Record> records = IcebergGenerics.read(table).useSnapshot(scan.snapshot).build()) {
                for (Record r : records) {
                    long windowStart = ((OffsetDateTime) r.getField("window_start")).toInstant().toEpochMilli();
                    String parameter = (String) r.getField("parameter");
                    String unit = (String) r.getField("unit");
                    scan.rows.put(key((String) r.getField("location"), parameter, unit, windowStart), new Row(r));
                    scan.perIdentifier.merge(key((String) r.getField("place_key"), parameter, unit, windowStart), 1,
                            Integer::sum);
                }
            }
            Set<String> applied = new TreeSet<>();
            try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(scan.snapshot).planFiles()) {
                for (FileScanTask task : tasks) {
                    task.deletes().forEach(d -> applied.add(d.location()));
                    Set<Long> sequences = new TreeSet<>();
                    task.deletes().forEach(d -> sequences.add(d.dataSequenceNumber()));
                    scan.deletesApplied.put(task.file().location(), sequences);
                }
            }
            scan.deleteFilesApplied = applied.size();
            scan.deleteFilesInTable = Integer.parseInt(
                    current.summary().getOrDefault(SnapshotSummary.TOTAL_DELETE_FILES_PROP, "0"));
            return scan;
        }

        int mostRowsOfAKey() {
            return perIdentifier.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        long counted() {
            return rows.values().stream().mapToLong(r -> r.count).sum();
        }
    }

    /** A snapshot as the reader saw it, before it could expire: its summary and the partitions of its files. */
    static final class SeenSnapshot {
        final long sequence;
        final String operation;
        final Map<String, String> summary;
        /** The partitions the snapshot added data files to. */
        final Set<String> dataPartitions = new TreeSet<>();
        final Set<String> dataFiles = new TreeSet<>();
        /** The partitions the snapshot added equality deletes to. */
        final Set<String> equalityDeletePartitions = new TreeSet<>();
        /** The lowest data sequence number of its added data files: a rewrite's is the one it planned from. */
        long plannedAt = Long.MAX_VALUE;
        boolean expired;

        private SeenSnapshot(Snapshot s) {
            sequence = s.sequenceNumber();
            operation = s.operation();
            summary = Map.copyOf(s.summary());
        }

        static SeenSnapshot of(Table table, Snapshot s) {
            SeenSnapshot seen = new SeenSnapshot(s);
            try {
                for (DataFile file : s.addedDataFiles(table.io())) {
                    seen.dataPartitions.add(partition(table, file));
                    seen.dataFiles.add(file.location());
                    seen.plannedAt = Math.min(seen.plannedAt, file.dataSequenceNumber());
                }
                for (DeleteFile file : s.addedDeleteFiles(table.io())) {
                    if (file.content() == FileContent.EQUALITY_DELETES) {
                        seen.equalityDeletePartitions.add(partition(table, file));
                    }
                }
            } catch (NotFoundException expired) {
                // expired since the table was loaded: its summary is all there is
                seen.expired = true;
            }
            return seen;
        }

        static String partition(Table table, ContentFile<?> file) {
            return table.specs().get(file.specId()).partitionToPath(file.partition());
        }

        long number(String property) {
            return Long.parseLong(summary.getOrDefault(property, "0"));
        }

        long addedEqualityDeletes() {
            return number(SnapshotSummary.ADDED_EQ_DELETES_PROP);
        }

        long totalEqualityDeletes() {
            return number(SnapshotSummary.TOTAL_EQ_DELETES_PROP);
        }

        /** Rows a rewrite read but did not write again: those the deletes had removed. */
        long droppedRows() {
            return number(SnapshotSummary.DELETED_RECORDS_PROP) - number(SnapshotSummary.ADDED_RECORDS_PROP);
        }
    }
}
