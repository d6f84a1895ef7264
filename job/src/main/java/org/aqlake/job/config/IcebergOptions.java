package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import org.aqlake.job.iceberg.CatalogType;
import org.aqlake.job.iceberg.LakeFormat;

/**
 * The lake's table format and the keys of its Iceberg catalog.
 * Listed in {@link AqLakeOptions#ALL} with every other key.
 */
public final class IcebergOptions {

    // ---------------------------------------------------------------- lake.format and Iceberg

    public static final ConfigOption<LakeFormat> LAKE_FORMAT = ConfigOptions.key("lake.format")
            .enumType(LakeFormat.class).defaultValue(LakeFormat.PARQUET)
            .withDescription("PARQUET writes Hive-style folders of Parquet files under lake.transformed-path;"
                    + " ICEBERG writes the readings, aggregates and errors tables as Apache Iceberg tables in the iceberg.* catalog"
                    + " (job/README.md, \"Iceberg tables\", says what else is built yet).");

    public static final ConfigOption<CatalogType> ICEBERG_CATALOG_TYPE = ConfigOptions.key("iceberg.catalog-type")
            .enumType(CatalogType.class).defaultValue(CatalogType.JDBC)
            .withDescription("The Iceberg catalog: JDBC (Iceberg's JDBC catalog over an embedded H2 database file), or"
                    + " GLUE (the AWS Glue Data Catalog of the account, in kinesis.region; needs an s3:// warehouse).");

    public static final ConfigOption<String> ICEBERG_WAREHOUSE = ConfigOptions.key("iceberg.warehouse")
            .stringType().noDefaultValue()
            .withDescription("Where the Iceberg tables' data and metadata files go; required with lake.format=ICEBERG."
                    + " An s3://bucket/prefix URI, written through Iceberg's S3FileIO in kinesis.region (with s3.endpoint"
                    + " and s3.path-style-access for an emulator, credentials from the AWS SDK's default chain), or a"
                    + " file:// URI with the JDBC catalog.");

    public static final ConfigOption<String> ICEBERG_JDBC_URI = ConfigOptions.key("iceberg.jdbc-uri")
            .stringType().noDefaultValue()
            .withDescription("The JDBC catalog's database, an H2 URL with AUTO_SERVER=TRUE (so that other JVMs, the"
                    + " SQL console and the local run's summary, open it while the job has it) and DATABASE_TO_UPPER=FALSE"
                    + " (Iceberg's lower-case catalog tables), such as"
                    + " jdbc:h2:file:/data/catalog;AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE; required with"
                    + " iceberg.catalog-type=JDBC.");

    public static final ConfigOption<String> ICEBERG_GLUE_ENDPOINT = ConfigOptions.key("iceberg.glue-endpoint")
            .stringType().noDefaultValue()
            .withDescription("Glue endpoint override, for an emulator; only with iceberg.catalog-type=GLUE. Unset on AWS.");

    public static final ConfigOption<String> ICEBERG_DATABASE = ConfigOptions.key("iceberg.database")
            .stringType().defaultValue("aq_lake")
            .withDescription("The catalog database (namespace) of the tables; created if absent.");

    public static final ConfigOption<String> ICEBERG_READINGS_PARTITION_SPEC = ConfigOptions
            .key("iceberg.readings.partition-spec")
            .stringType().defaultValue("hours(event_time)")
            .withDescription("The Iceberg readings table's partition spec, applied when the job creates the table:"
                    + " comma-separated years(col), months(col), days(col), hours(col), bucket(n, col),"
                    + " truncate(n, col) or col; empty for none.");

    public static final ConfigOption<String> ICEBERG_AGGREGATES_PARTITION_SPEC = ConfigOptions
            .key("iceberg.aggregates.partition-spec")
            .stringType().defaultValue("hours(window_start)")
            .withDescription("The Iceberg aggregates table's partition spec, applied when the job creates the table,"
                    + " in the form of iceberg.readings.partition-spec, over the columns that identify a row"
                    + " (window_start, parameter, unit, place_key): a correction replaces its row in its partition.");

    public static final ConfigOption<String> ICEBERG_ERRORS_PARTITION_SPEC = ConfigOptions
            .key("iceberg.errors.partition-spec")
            .stringType().defaultValue("days(arrival_time)")
            .withDescription("The Iceberg errors (dead letters) table's partition spec, applied when the job creates"
                    + " the table, in the form of iceberg.readings.partition-spec; by the day of arrival, like the"
                    + " JSON-lines errors folders (a bad record may have no event time).");

    private IcebergOptions() {}
}
