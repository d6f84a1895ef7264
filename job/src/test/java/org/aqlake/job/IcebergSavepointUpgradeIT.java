package org.aqlake.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.LakeTable;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.SavepointLake;
import org.aqlake.job.support.SavepointRuns;
import org.aqlake.job.support.SavepointScenario;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint of the job with {@code lake.format=iceberg} as it was before the aggregates and dead letters
 * were Iceberg tables (commit {@code d8d8874}: readings in Iceberg, aggregates and dead letters as Parquet and
 * JSON lines) restores into the job as it is now, without allowNonRestoredState, and the job goes on: the
 * records of {@link SavepointScenario} after the restore are each a row of the Iceberg tables once, the open
 * aggregation window restored from the savepoint counts the readings read before it, and the Parquet
 * aggregates' hour-0 partition that waited for its marker at the savepoint gets it from the retired sink.
 * The tables are in a new H2 catalog: the old job's catalog was SQLite, which this job no longer opens.
 */
@ExtendWith(KinesisEmulator.class)
class IcebergSavepointUpgradeIT {

    static final String SAVEPOINT = "aq-lake-d8d8874-iceberg-flink1.20";
    static final String STREAM = "iceberg-savepoint-upgrade-it";
    static final String CONSENT_STREAM = "iceberg-savepoint-upgrade-it-consent";
    static final long HOUR_1 = SavepointScenario.H1;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(LakeTestJob.PARALLELISM)
                    .setConfiguration(LakeTestJob.clusterConfig(InMemoryReporter.create(), "none"))
                    .build());

    @TempDir
    static Path work;

    static EmbeddedS3 s3;
    static SavepointLake lake;
    static List<Map<String, Object>> readings;
    static List<Map<String, Object>> aggregates;
    static List<Map<String, Object>> errors;

    @BeforeAll
    static void restoreTheSavepointIntoTheIcebergTablesAndReadOn(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        s3 = SavepointLake.startS3();
        Map<String, String> config = SavepointScenario.config(STREAM, CONSENT_STREAM);
        config.put("lake.format", "iceberg");
        config.put("iceberg.warehouse", work.resolve("warehouse").toUri().toString());
        config.put("iceberg.jdbc-uri",
                "jdbc:h2:file:" + work.resolve("catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE");
        IcebergTables tables = JobConfig.from(config).iceberg.orElseThrow();
        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, SavepointRuns.SHARDS);
            KinesisEmulator.createStream(kinesis, CONSENT_STREAM, 1);
            JobClient job = SavepointRuns.start(cluster, config, savepointDir().toUri().toString());
            try {
                KinesisEmulator.put(kinesis, STREAM, SavepointScenario.afterRestore());
                Polling.await(SavepointRuns.TIMEOUT, "the station's hour-1 aggregate and hour 0's Parquet marker", () -> {
                    SavepointRuns.assertRunning(job);
                    SavepointLake now = SavepointLake.copy(s3, work.resolve("poll-" + System.nanoTime()));
                    return !station(read(tables, LakeTable.AGGREGATES)).isEmpty()
                            && now.aggregatesMarked(SavepointScenario.PARTITION_H0);
                });
                long done = LakeTestJob.completedCheckpoints(cluster, job.getJobID());
                // more checkpoints: what was in flight is committed, and a row committed twice would be there
                Polling.await(Duration.ofSeconds(60), "more checkpoints",
                        () -> LakeTestJob.completedCheckpoints(cluster, job.getJobID())
                                >= done + SavepointRuns.QUIET_CHECKPOINTS);
            } finally {
                LakeTestJob.cancel(job);
            }
        }
        lake = SavepointLake.copy(s3, work.resolve("final"));
        readings = read(tables, LakeTable.READINGS);
        aggregates = read(tables, LakeTable.AGGREGATES);
        errors = read(tables, LakeTable.ERRORS);
        System.out.printf("IcebergSavepointUpgradeIT: readings %d rows, aggregates %d rows, errors %d rows%n",
                readings.size(), aggregates.size(), errors.size());
    }

    @AfterAll
    static void stopS3() throws Exception {
        FileSystem.initialize(new Configuration(), null);
        if (s3 != null) {
            s3.close();
        }
    }

    static List<Map<String, Object>> read(IcebergTables tables, LakeTable table) {
        Catalog catalog = tables.catalog().loadCatalog();
        try (Closeable pool = (Closeable) catalog) {
            Table t = catalog.loadTable(tables.identifier(table));
            return IcebergLakeIT.read(t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> station(List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> SavepointScenario.STATION.equals(r.get("location"))
                && Long.valueOf(HOUR_1).equals(r.get("window_start"))).collect(Collectors.toList());
    }

    static Path savepointDir() throws URISyntaxException {
        return Path.of(IcebergSavepointUpgradeIT.class.getResource("/savepoints/" + SAVEPOINT).toURI());
    }

    @Test
    void everyRecordAfterTheRestoreIsOneReadingsRowAndNoneFromBeforeItIsWrittenAgain() {
        Map<String, Long> rows = readings.stream()
                .collect(Collectors.groupingBy(SavepointScenario::rowKey, Collectors.counting()));

        // the held reading, read before the savepoint, is released by the restored consent gate; the copies of
        // readings read before it are dropped by the restored duplicate filter
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(SavepointScenario.rowsAfterRestore());
        assertThat(rows.values()).containsOnly(1L);
    }

    @Test
    void theRestoredWindowCountsTheReadingsReadBeforeTheSavepointAndAfterTheRestoreEachOnce() {
        List<Map<String, Object>> station = station(aggregates);
        Map<String, Object> legacy = station.stream().filter(r -> r.get("city") == null).findFirst().orElseThrow();

        // the window restored keys the location alone (the savepoint was taken before places); the readings
        // with a city after the restore are the place's own window
        assertThat(station).hasSize(2);
        assertThat(legacy.get("count")).isEqualTo((long) (SavepointScenario.STATION_H1_BEFORE
                + SavepointScenario.PACE_READINGS));
        assertThat(station).filteredOn(r -> r.get("city") != null).singleElement()
                .satisfies(r -> assertThat(r.get("count")).isEqualTo((long) SavepointScenario.STATION_H1_AFTER));
    }

    @Test
    void theAggregatesTableHoldsOneRowPerKey() {
        assertThat(aggregates).extracting(r -> List.of(String.valueOf(r.get("place_key")), r.get("parameter"),
                r.get("unit"), r.get("window_start"))).doesNotHaveDuplicates();
    }

    @Test
    void theMalformedRecordReadBeforeTheSavepointIsNoDeadLetterAgain() {
        assertThat(errors).isEmpty();
    }

    @Test
    void theParquetAggregatesPartitionPendingAtTheSavepointGotItsMarkerFromTheRetiredSink() {
        assertThat(lake.aggregatesMarked(SavepointScenario.PARTITION_H0)).isTrue();
        assertThat(lake.aggregates(SavepointScenario.PARTITION_H1)).as("no aggregate goes to Parquet any more")
                .isEmpty();
    }
}
