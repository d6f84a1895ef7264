-- Athena: the late-readings table: readings that reached the aggregation after their window was sealed, so that
-- no aggregate row of the stream counts them; one row per location, parameter, unit, window and batch (sum
-- readings per window). Partitioned like the aggregates by the window's UTC start, with partition projection.
-- Create it before 03_aggregates_latest.sql, whose readings_missing reads it. Replace ${transformed} with the
-- job's lake.transformed-path.
CREATE EXTERNAL TABLE IF NOT EXISTS aggregates_late (
  location string COMMENT 'null for readings without a location',
  city string COMMENT 'the place''s city, as in the aggregates',
  country string COMMENT 'the place''s country code',
  `parameter` string COMMENT 'pollutant id',
  unit string COMMENT 'the unit the readings were sent in',
  window_start timestamp COMMENT 'the window the readings belong to (UTC)',
  window_end timestamp COMMENT 'end of the window, exclusive',
  readings bigint COMMENT 'readings in the batch',
  arrival_time timestamp COMMENT 'the latest Kinesis arrival among them'
)
COMMENT 'Readings that came after their aggregates were sealed'
PARTITIONED BY (
  `year` int COMMENT 'UTC year of window_start',
  `month` int COMMENT 'UTC month',
  `day` int COMMENT 'UTC day',
  `hour` int COMMENT 'UTC hour'
)
STORED AS PARQUET
LOCATION '${transformed}/aggregates_late/'
TBLPROPERTIES (
  'classification' = 'parquet',
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer',
  'projection.year.range' = '2000,2099',
  'projection.month.type' = 'integer',
  'projection.month.range' = '1,12',
  'projection.month.digits' = '2',
  'projection.day.type' = 'integer',
  'projection.day.range' = '1,31',
  'projection.day.digits' = '2',
  'projection.hour.type' = 'integer',
  'projection.hour.range' = '0,23',
  'projection.hour.digits' = '2',
  'storage.location.template' = '${transformed}/aggregates_late/year=${year}/month=${month}/day=${day}/hour=${hour}/'
)
