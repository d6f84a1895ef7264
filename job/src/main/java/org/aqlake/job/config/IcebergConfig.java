package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import org.aqlake.job.iceberg.AwsClients;
import org.aqlake.job.iceberg.CatalogType;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.LakeFormat;
import org.aqlake.job.iceberg.LakeTable;

import java.util.Map;
import java.util.Optional;

/** Parses and checks {@code lake.format} and the {@code iceberg.*} keys: empty with {@code lake.format=parquet}. */
final class IcebergConfig {

    /** The setting {@link IcebergTables.Builder#build()} names in its message, and its key. */
    private static final Map<String, ConfigOption<?>> KEYS = Map.of(
            "database", IcebergOptions.ICEBERG_DATABASE,
            "warehouse", IcebergOptions.ICEBERG_WAREHOUSE,
            "jdbc-uri", IcebergOptions.ICEBERG_JDBC_URI,
            "glue-endpoint", IcebergOptions.ICEBERG_GLUE_ENDPOINT,
            "readings.partition-spec", IcebergOptions.ICEBERG_READINGS_PARTITION_SPEC,
            "aggregates.partition-spec", IcebergOptions.ICEBERG_AGGREGATES_PARTITION_SPEC,
            "errors.partition-spec", IcebergOptions.ICEBERG_ERRORS_PARTITION_SPEC);

    private IcebergConfig() {}

    static Optional<IcebergTables> from(Configuration conf) {
        if (get(conf, IcebergOptions.LAKE_FORMAT) == LakeFormat.PARQUET) {
            return Optional.empty();
        }
        CatalogType type = get(conf, IcebergOptions.ICEBERG_CATALOG_TYPE);
        String warehouse = text(conf, IcebergOptions.ICEBERG_WAREHOUSE).orElseThrow(() -> new InvalidConfigException(
                "Missing required key '" + IcebergOptions.ICEBERG_WAREHOUSE.key() + "' with "
                        + IcebergOptions.LAKE_FORMAT.key() + "=iceberg: where the tables' files go, an"
                        + " s3://bucket/prefix or a file:// URI"));
        try {
            return Optional.of(IcebergTables.builder()
                    .catalog(type, warehouse, text(conf, IcebergOptions.ICEBERG_JDBC_URI))
                    .aws(aws(conf))
                    .database(get(conf, IcebergOptions.ICEBERG_DATABASE).trim())
                    .partitioning(LakeTable.READINGS, get(conf, IcebergOptions.ICEBERG_READINGS_PARTITION_SPEC))
                    .partitioning(LakeTable.AGGREGATES, get(conf, IcebergOptions.ICEBERG_AGGREGATES_PARTITION_SPEC))
                    .partitioning(LakeTable.ERRORS, get(conf, IcebergOptions.ICEBERG_ERRORS_PARTITION_SPEC))
                    .build());
        } catch (IllegalArgumentException e) {
            String setting = e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
            ConfigOption<?> key = KEYS.getOrDefault(setting, IcebergOptions.ICEBERG_CATALOG_TYPE);
            throw new InvalidConfigException("Invalid value '" + conf.toMap().get(key.key()) + "' for key '"
                    + key.key() + "': " + e.getMessage().substring(setting.length() + 1).trim(), e);
        }
    }

    /** The job's region and the emulator endpoints of the s3.* and iceberg.glue-endpoint keys; never credentials. */
    private static AwsClients aws(Configuration conf) {
        AwsClients aws = AwsClients.in(get(conf, AqLakeOptions.KINESIS_REGION).trim());
        Optional<String> s3 = text(conf, AqLakeOptions.S3_ENDPOINT);
        if (s3.isPresent()) {
            aws = aws.s3Endpoint(s3.get(), get(conf, AqLakeOptions.S3_PATH_STYLE));
        }
        Optional<String> glue = text(conf, IcebergOptions.ICEBERG_GLUE_ENDPOINT);
        return glue.isPresent() ? aws.glueEndpoint(glue.get()) : aws;
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
