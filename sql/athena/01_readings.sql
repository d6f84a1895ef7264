-- Athena: the readings table, the same as the Glue table the CloudFormation stack creates
-- (config/cloudformation/aq-lake.json, ReadingsTable), for a lake outside the stack. Partition projection
-- computes the partitions from the query's filters and storage.location.template: no crawler and no
-- MSCK REPAIR TABLE, and an hour is queryable as soon as the job commits its first file. The projection
-- covers the default lake.partition-template (year=/month=/day=/hour= of the UTC event time).
-- Replace ${transformed} with the job's lake.transformed-path (s3://bucket[/prefix]) before running it;
-- ${year}, ${month}, ${day} and ${hour} are Athena's own placeholders and stay.
CREATE EXTERNAL TABLE IF NOT EXISTS readings (
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
COMMENT 'One row per valid reading, partitioned by its UTC event hour'
PARTITIONED BY (
  `year` int COMMENT 'UTC year of event_time',
  `month` int COMMENT 'UTC month',
  `day` int COMMENT 'UTC day',
  `hour` int COMMENT 'UTC hour'
)
STORED AS PARQUET
LOCATION '${transformed}/readings/'
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
  'storage.location.template' = '${transformed}/readings/year=${year}/month=${month}/day=${day}/hour=${hour}/'
)
