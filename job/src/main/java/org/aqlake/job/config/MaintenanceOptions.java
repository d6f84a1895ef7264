package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;

/**
 * The keys of the Iceberg tables' maintenance in the job: small files rewritten, snapshots expired, orphan
 * files removed. Listed in {@link AqLakeOptions#ALL} with every other key; parsed by {@code MaintenanceConfig}.
 */
public final class MaintenanceOptions {

    public static final ConfigOption<Boolean> ENABLED = ConfigOptions.key("iceberg.maintenance.enabled")
            .booleanType().defaultValue(true)
            .withDescription("With lake.format=ICEBERG, the job maintains its tables: rewrites small files,"
                    + " expires snapshots and removes orphan files, with Iceberg's Flink TableMaintenance."
                    + " Off (and refused if set) with backfill.enabled, whose bounded job would never end.");

    public static final ConfigOption<Integer> COMMITS = ConfigOptions.key("iceberg.maintenance.commits")
            .intType().defaultValue(20)
            .withDescription("Small files are rewritten and snapshots expired once the table has had this many"
                    + " commits since the last time. At least 1.");

    public static final ConfigOption<Duration> INTERVAL = ConfigOptions.key("iceberg.maintenance.interval")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Small files are also rewritten and snapshots expired this long after the last time,"
                    + " when the table had fewer than iceberg.maintenance.commits commits since.");

    public static final ConfigOption<Duration> MIN_PAUSE = ConfigOptions.key("iceberg.maintenance.min-pause")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("How often the job looks for new commits, and the least time between two maintenance"
                    + " runs of a table. At least 1 s.");

    public static final ConfigOption<MemorySize> TARGET_FILE_SIZE = ConfigOptions
            .key("iceberg.maintenance.target-file-size")
            .memoryType().defaultValue(MemorySize.parse("128 mb"))
            .withDescription("The size small data files are rewritten to; a file under three quarters of it is"
                    + " small. At least 1 MB.");

    public static final ConfigOption<Duration> SNAPSHOT_MAX_AGE = ConfigOptions
            .key("iceberg.maintenance.snapshot-max-age")
            .durationType().defaultValue(Duration.ofDays(1))
            .withDescription("Snapshots older than this expire (time travel reaches back this far), but for the last"
                    + " iceberg.maintenance.snapshot-retain-last. At least 10 checkpoint intervals.");

    public static final ConfigOption<Integer> SNAPSHOT_RETAIN_LAST = ConfigOptions
            .key("iceberg.maintenance.snapshot-retain-last")
            .intType().defaultValue(10)
            .withDescription("The newest snapshots kept whatever their age. At least 1.");

    public static final ConfigOption<Duration> ORPHAN_MIN_AGE = ConfigOptions
            .key("iceberg.maintenance.orphan-min-age")
            .durationType().defaultValue(Duration.ofDays(3))
            .withDescription("A file under the table's location that no snapshot references is removed once it is"
                    + " this old. An in-flight commit's data files are unreferenced until it commits, so at least"
                    + " 1 h and at least 10 checkpoint intervals.");

    public static final ConfigOption<Duration> ORPHAN_INTERVAL = ConfigOptions
            .key("iceberg.maintenance.orphan-interval")
            .durationType().defaultValue(Duration.ofDays(1))
            .withDescription("How often orphan files are looked for: it lists every file under the table's location.");

    public static final ConfigOption<String> LOCK_JDBC_URI = ConfigOptions
            .key("iceberg.maintenance.lock-jdbc-uri")
            .stringType().noDefaultValue()
            .withDescription("The database of Iceberg's JDBC maintenance lock, which keeps two runs off one table;"
                    + " unset: the JDBC catalog's own (iceberg.jdbc-uri). Required with the GLUE catalog, else set"
                    + " iceberg.maintenance.enabled=false there (job/README.md, \"Table maintenance\").");

    private MaintenanceOptions() {}
}
