-- The Iceberg readings table under the console's name: the columns of the Parquet readings table, the
-- times as TIMESTAMP_LTZ(6) (Iceberg's timestamptz), and no year, month, day or hour column: Iceberg
-- partitions by hours(event_time) itself, and a filter on event_time prunes the files.
CREATE TEMPORARY VIEW readings AS SELECT * FROM aq_lake.${database}.readings;
