-- Athena: the raw archive, gzip JSON lines under <lake.raw-path>/year=/month=/day=/hour=/ by UTC arrival
-- time (the default lake.raw-partition-template). Athena reads .gz files as gzip by their extension.
-- arrival_time is an ISO-8601 string: from_iso8601_timestamp(arrival_time) makes it a timestamp.
-- Replace ${raw} with the job's lake.raw-path (s3://bucket[/prefix]); ${year}, ${month}, ${day} and
-- ${hour} are Athena's own placeholders.
CREATE EXTERNAL TABLE IF NOT EXISTS raw_archive (
  stream string COMMENT 'Kinesis stream',
  shard_id string COMMENT 'Kinesis shard',
  sequence_number string COMMENT 'Kinesis sequence number',
  partition_key string COMMENT 'Kinesis partition key',
  arrival_time string COMMENT 'Kinesis approximate arrival time, ISO-8601 UTC',
  payload string COMMENT 'the original bytes: text when valid UTF-8, else base64',
  payload_encoding string COMMENT 'utf-8 or base64'
)
COMMENT 'Every original payload as it arrived'
PARTITIONED BY (
  `year` int COMMENT 'UTC year of arrival_time',
  `month` int COMMENT 'UTC month',
  `day` int COMMENT 'UTC day',
  `hour` int COMMENT 'UTC hour'
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION '${raw}/'
TBLPROPERTIES (
  'classification' = 'json',
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
  'storage.location.template' = '${raw}/year=${year}/month=${month}/day=${day}/hour=${hour}/'
)
