package org.aqlake.job.iceberg;

/** How the job writes its tables: {@code lake.format}. */
public enum LakeFormat {
    /** Hive-style folders of Parquet files, as Firehose writes them: the default. */
    PARQUET,
    /** Apache Iceberg tables in a catalog. */
    ICEBERG
}
