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
                    + " ICEBERG writes the readings table as an Apache Iceberg table in the iceberg.* catalog"
                    + " (job/README.md, \"Iceberg tables\", says what else is built yet).");

    public static final ConfigOption<CatalogType> ICEBERG_CATALOG_TYPE = ConfigOptions.key("iceberg.catalog-type")
            .enumType(CatalogType.class).defaultValue(CatalogType.JDBC)
            .withDescription("The Iceberg catalog: JDBC (Iceberg's JDBC catalog over an embedded H2 database file)."
                    + " GLUE is rejected: not built yet.");

    public static final ConfigOption<String> ICEBERG_WAREHOUSE = ConfigOptions.key("iceberg.warehouse")
            .stringType().noDefaultValue()
            .withDescription("Where the Iceberg tables' data and metadata files go; required with lake.format=ICEBERG."
                    + " A file:// URI (an s3:// warehouse is not built yet).");

    public static final ConfigOption<String> ICEBERG_JDBC_URI = ConfigOptions.key("iceberg.jdbc-uri")
            .stringType().noDefaultValue()
            .withDescription("The JDBC catalog's database, an H2 URL with AUTO_SERVER=TRUE (so that other JVMs, the"
                    + " SQL console and the local run's summary, open it while the job has it) and DATABASE_TO_UPPER=FALSE"
                    + " (Iceberg's lower-case catalog tables), such as"
                    + " jdbc:h2:file:/data/catalog;AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE; required with"
                    + " iceberg.catalog-type=JDBC.");

    public static final ConfigOption<String> ICEBERG_DATABASE = ConfigOptions.key("iceberg.database")
            .stringType().defaultValue("aq_lake")
            .withDescription("The catalog database (namespace) of the tables; created if absent.");

    public static final ConfigOption<String> ICEBERG_READINGS_PARTITION_SPEC = ConfigOptions
            .key("iceberg.readings.partition-spec")
            .stringType().defaultValue("hours(event_time)")
            .withDescription("The Iceberg readings table's partition spec, applied when the job creates the table:"
                    + " comma-separated years(col), months(col), days(col), hours(col), bucket(n, col),"
                    + " truncate(n, col) or col; empty for none.");

    private IcebergOptions() {}
}
