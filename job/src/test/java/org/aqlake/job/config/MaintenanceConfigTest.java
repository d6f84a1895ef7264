package org.aqlake.job.config;

import org.aqlake.job.iceberg.MaintenanceSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.aqlake.job.config.IcebergConfigTest.JDBC_URI;
import static org.aqlake.job.config.IcebergConfigTest.iceberg;
import static org.aqlake.job.config.JobConfigTest.assertRejectedNaming;
import static org.aqlake.job.config.JobConfigTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The iceberg.maintenance.* keys: on by default with Iceberg, off otherwise, and every bad value named by its key. */
class MaintenanceConfigTest {

    static final String LOCK_URI = "jdbc:h2:file:/tmp/aq-lake-locks;AUTO_SERVER=TRUE";

    @Test
    void icebergTablesAreMaintainedByDefaultUnderTheCatalogsOwnLock() {
        MaintenanceSettings m = JobConfig.from(iceberg()).icebergMaintenance.orElseThrow();

        assertThat(m.commits()).isEqualTo(20);
        assertThat(m.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(m.minPause()).isEqualTo(Duration.ofMinutes(1));
        assertThat(m.targetFileBytes()).isEqualTo(128L << 20);
        assertThat(m.snapshotMaxAge()).isEqualTo(Duration.ofDays(1));
        assertThat(m.snapshotRetainLast()).isEqualTo(10);
        assertThat(m.orphanMinAge()).isEqualTo(Duration.ofDays(3));
        assertThat(m.orphanInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(m.lockJdbcUri()).isEqualTo(JDBC_URI);
    }

    @Test
    void everySettingComesFromItsKey() {
        MaintenanceSettings m = JobConfig.from(iceberg("pipeline.checkpoint-interval", "10 s",
                "iceberg.maintenance.commits", "5", "iceberg.maintenance.interval", "15 min",
                "iceberg.maintenance.min-pause", "2 s", "iceberg.maintenance.target-file-size", "64 mb",
                "iceberg.maintenance.snapshot-max-age", "100 s", "iceberg.maintenance.snapshot-retain-last", "3",
                "iceberg.maintenance.orphan-min-age", "2 h", "iceberg.maintenance.orphan-interval", "6 h",
                "iceberg.maintenance.lock-jdbc-uri", LOCK_URI)).icebergMaintenance.orElseThrow();

        assertThat(m.commits()).isEqualTo(5);
        assertThat(m.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(m.minPause()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.targetFileBytes()).isEqualTo(64L << 20);
        assertThat(m.snapshotMaxAge()).isEqualTo(Duration.ofSeconds(100));
        assertThat(m.snapshotRetainLast()).isEqualTo(3);
        assertThat(m.orphanMinAge()).isEqualTo(Duration.ofHours(2));
        assertThat(m.orphanInterval()).isEqualTo(Duration.ofHours(6));
        assertThat(m.lockJdbcUri()).isEqualTo(LOCK_URI);
    }

    @Test
    void parquetFoldersAndTheSwitchOffLeaveNothingMaintained() {
        assertThat(JobConfig.from(minimal()).icebergMaintenance).isEmpty();
        assertThat(JobConfig.from(iceberg("iceberg.maintenance.enabled", "false")).icebergMaintenance).isEmpty();
    }

    @Test
    void aBackfillIsNotMaintainedAndRefusesToBeWhenAskedTo() {
        Map<String, String> backfill = iceberg("backfill.enabled", "true", "backfill.paths", "/tmp/readings.ndjson");

        assertThat(JobConfig.from(backfill).icebergMaintenance).isEmpty();
        backfill.put("iceberg.maintenance.enabled", "true");
        assertThatThrownBy(() -> JobConfig.from(backfill)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'iceberg.maintenance.enabled'").hasMessageContaining("backfill.enabled");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "iceberg.maintenance.enabled              | maybe",
        "iceberg.maintenance.commits              | 0",
        "iceberg.maintenance.commits              | ten",
        "iceberg.maintenance.interval             | 0 s",
        "iceberg.maintenance.min-pause            | 500 ms",
        "iceberg.maintenance.target-file-size     | 512 kb",
        "iceberg.maintenance.snapshot-max-age     | 9 min",
        "iceberg.maintenance.snapshot-retain-last | 0",
        "iceberg.maintenance.orphan-min-age       | 59 min",
        "iceberg.maintenance.orphan-min-age       | 90 min",
        "iceberg.maintenance.orphan-interval      | 0 s",
        "iceberg.maintenance.lock-jdbc-uri        | postgres://db/locks",
    })
    void aBadValueIsRejectedNamingItsKey(String key, String value) {
        // a 10 min checkpoint interval: snapshots kept at least 100 min, orphans at least that old
        assertRejectedNaming(iceberg("pipeline.checkpoint-interval", "10 min", "iceberg.maintenance.snapshot-max-age",
                "2 h", "iceberg.maintenance.orphan-min-age", "2 h", key, value), "'" + key + "'");
    }

    @Test
    void theOrphanMinimumAgeIsAtLeastAnHourAndTenCheckpointIntervals() {
        assertThatThrownBy(() -> JobConfig.from(iceberg("iceberg.maintenance.orphan-min-age", "30 min")))
                .hasMessageContaining("at least PT1H").hasMessageContaining("checkpoint");
        assertThat(JobConfig.from(iceberg("iceberg.maintenance.orphan-min-age", "1 h")).icebergMaintenance
                .orElseThrow().orphanMinAge()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aRejectedLockDatabaseUrlIsNamedByItsKeyButNeverPrinted() {
        assertThatThrownBy(() -> JobConfig.from(iceberg("iceberg.maintenance.lock-jdbc-uri",
                "postgres://db/locks?password=hunter2")))
                .hasMessageContaining("'iceberg.maintenance.lock-jdbc-uri'")
                .hasMessageNotContaining("hunter2");
    }
}
