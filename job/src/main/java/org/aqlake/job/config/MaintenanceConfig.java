package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import org.aqlake.job.iceberg.CatalogType;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.MaintenanceSettings;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Parses and checks the {@code iceberg.maintenance.*} keys: empty when the job does not maintain its tables. */
final class MaintenanceConfig {

    /** The setting {@link MaintenanceSettings.Builder#build()} names in its message, and its key. */
    private static final Map<String, ConfigOption<?>> KEYS = Map.of(
            "commits", MaintenanceOptions.COMMITS,
            "interval", MaintenanceOptions.INTERVAL,
            "min-pause", MaintenanceOptions.MIN_PAUSE,
            "target-file-size", MaintenanceOptions.TARGET_FILE_SIZE,
            "snapshot-max-age", MaintenanceOptions.SNAPSHOT_MAX_AGE,
            "snapshot-retain-last", MaintenanceOptions.SNAPSHOT_RETAIN_LAST,
            "orphan-min-age", MaintenanceOptions.ORPHAN_MIN_AGE,
            "orphan-interval", MaintenanceOptions.ORPHAN_INTERVAL,
            "lock-jdbc-uri", MaintenanceOptions.LOCK_JDBC_URI);

    private MaintenanceConfig() {}

    /**
     * @param tables the Iceberg tables; empty with Parquet folders, and then nothing to maintain
     * @param bounded a backfill: its job ends when its files are read, which the maintenance's source never is
     */
    static Optional<MaintenanceSettings> from(Configuration conf, Optional<IcebergTables> tables, boolean bounded,
                                              Duration checkpointInterval) {
        if (tables.isEmpty() || !get(conf, MaintenanceOptions.ENABLED)) {
            return MaintenanceSettings.off();
        }
        if (bounded) {
            if (conf.contains(MaintenanceOptions.ENABLED)) {
                throw new InvalidConfigException("Invalid value 'true' for key '" + MaintenanceOptions.ENABLED.key()
                        + "' with " + BackfillOptions.BACKFILL_ENABLED.key() + "=true: the maintenance watches the"
                        + " table for ever, so the bounded backfill would never end; set it to false");
            }
            return MaintenanceSettings.off();
        }
        Optional<String> lock = text(conf, MaintenanceOptions.LOCK_JDBC_URI);
        if (lock.isEmpty() && get(conf, IcebergOptions.ICEBERG_CATALOG_TYPE) == CatalogType.JDBC) {
            lock = text(conf, IcebergOptions.ICEBERG_JDBC_URI);
        }
        String lockUri = lock.orElseThrow(() -> new InvalidConfigException("Missing required key '"
                + MaintenanceOptions.LOCK_JDBC_URI.key() + "' with the "
                + get(conf, IcebergOptions.ICEBERG_CATALOG_TYPE)
                + " catalog: Iceberg's maintenance lock needs a database every TaskManager reaches; or set "
                + MaintenanceOptions.ENABLED.key() + "=false"));
        try {
            return Optional.of(MaintenanceSettings.builder(lockUri, checkpointInterval)
                    .schedule(get(conf, MaintenanceOptions.COMMITS), get(conf, MaintenanceOptions.INTERVAL),
                            get(conf, MaintenanceOptions.MIN_PAUSE))
                    .targetFileBytes(get(conf, MaintenanceOptions.TARGET_FILE_SIZE).getBytes())
                    .snapshots(get(conf, MaintenanceOptions.SNAPSHOT_MAX_AGE),
                            get(conf, MaintenanceOptions.SNAPSHOT_RETAIN_LAST))
                    .orphans(get(conf, MaintenanceOptions.ORPHAN_MIN_AGE),
                            get(conf, MaintenanceOptions.ORPHAN_INTERVAL))
                    .build());
        } catch (IllegalArgumentException e) {
            String setting = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            ConfigOption<?> key = KEYS.getOrDefault(setting, MaintenanceOptions.ENABLED);
            // a database URL may carry its password: named, never printed
            String value = key == MaintenanceOptions.LOCK_JDBC_URI ? ""
                    : " '" + conf.toMap().getOrDefault(key.key(), String.valueOf(key.defaultValue())) + "'";
            throw new InvalidConfigException("Invalid value" + value + " for key '" + key.key() + "': "
                    + e.getMessage().substring(setting.length() + 1).trim(), e);
        }
    }

    private static Optional<String> text(Configuration conf, ConfigOption<String> option) {
        String v = conf.get(option);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static <T> T get(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid value '" + conf.toMap().get(option.key()) + "' for key '"
                    + option.key() + "': " + e.getMessage(), e);
        }
    }
}
