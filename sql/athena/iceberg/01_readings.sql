-- Athena, lake.format=iceberg: the readings table, for a team that creates its tables from Athena before the
-- job first runs. Otherwise there is nothing to run: with the Glue catalog the job creates its tables itself
-- (iceberg.catalog-type=GLUE), and Athena reads them as they are, with no partition projection, crawler or
-- MSCK REPAIR TABLE; Iceberg's hidden partitioning prunes the files on event_time.
-- The columns, their order and the partition spec are the job's (iceberg/ReadingRows,
-- iceberg.readings.partition-spec, default hours(event_time)), and the data files ZSTD Parquet, as the job
-- creates the table. One difference: Athena's DDL creates Iceberg timestamp columns without a time zone only,
-- where the job creates timestamptz; the job writes the same UTC instants into either, and Athena shows both
-- as UTC. The LOCATION is where the Glue catalog puts a table it creates: <warehouse>/<database>.db/<table>.
-- Replace ${warehouse} with the job's iceberg.warehouse (s3://bucket[/prefix]) and run it in the Glue database
-- of iceberg.database (aq_lake by default) before the job's first run; run again, it fails on the existing table.
CREATE TABLE readings (
  event_time timestamp COMMENT 'UTC time of the measurement',
  `parameter` string COMMENT 'pollutant id: pm1, pm25, pm10, o3, no2, no, nox, so2, co, bc, co2, ch4',
  `value` double COMMENT 'measured value, as sent',
  unit string COMMENT 'µg/m³, mg/m³, ppm or ppb',
  location string COMMENT 'station or sensor location',
  city string COMMENT 'city',
  country string COMMENT 'country code',
  latitude double COMMENT 'latitude',
  longitude double COMMENT 'longitude',
  averaging_period_value double COMMENT 'averaging period',
  averaging_period_unit string COMMENT 'unit of the averaging period',
  source_name string COMMENT 'data source',
  source_type string COMMENT 'government, research or community',
  mobile boolean COMMENT 'mobile sensor',
  device_id string COMMENT 'sensor id or serial number',
  arrival_time timestamp COMMENT 'Kinesis approximate arrival time (lineage)',
  shard_id string COMMENT 'Kinesis shard (lineage)',
  sequence_number string COMMENT 'Kinesis sequence number (lineage)'
)
PARTITIONED BY (hour(event_time))
LOCATION '${warehouse}/aq_lake.db/readings/'
TBLPROPERTIES (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'zstd'
)
