package org.aqlake.job.sink;

/** The Parquet codec of the readings and aggregates tables. */
public enum Compression { ZSTD, SNAPPY, GZIP, UNCOMPRESSED }
