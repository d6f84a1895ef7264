-- Athena: the dead letters, JSON lines under <lake.transformed-path>/errors/error=<type>/yyyy/MM/dd/.
-- Partition projection also names the date folders, which are not Hive-style (no key=), so Athena can
-- prune by day where Flink SQL cannot: WHERE error = 'schema-mismatch' AND year = 2024 AND month = 5.
-- The date is that of arrival_time, in UTC. arrival_time is an ISO-8601 string such as
-- 2024-05-01T10:00:00.123Z: from_iso8601_timestamp(arrival_time) makes it a timestamp.
-- Replace ${transformed} with the job's lake.transformed-path; ${error}, ${year}, ${month} and ${day} are
-- Athena's own placeholders.
CREATE EXTERNAL TABLE IF NOT EXISTS errors (
  error_type string COMMENT 'the dead-letter type, as the error folder',
  reason string COMMENT 'what was wrong, naming the field and the value',
  field string COMMENT 'the field at fault, null for the payload as a whole',
  stream string COMMENT 'Kinesis stream, or the consent bootstrap path',
  shard_id string COMMENT 'Kinesis shard (lineage)',
  sequence_number string COMMENT 'Kinesis sequence number (lineage)',
  partition_key string COMMENT 'Kinesis partition key',
  arrival_time string COMMENT 'Kinesis approximate arrival time, ISO-8601 UTC',
  payload string COMMENT 'the original bytes (text when valid UTF-8, else base64), or a redacted skeleton',
  payload_encoding string COMMENT 'utf-8, base64, redacted (keys and value types only), or null (withheld)'
)
COMMENT 'Dead letters: every record that could not become a reading, with the reason and the original bytes'
PARTITIONED BY (
  error string COMMENT 'dead-letter type',
  `year` int COMMENT 'UTC year of arrival_time',
  `month` int COMMENT 'UTC month',
  `day` int COMMENT 'UTC day'
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION '${transformed}/errors/'
TBLPROPERTIES (
  'classification' = 'json',
  'projection.enabled' = 'true',
  'projection.error.type' = 'enum',
  'projection.error.values' = 'decompression-failed,json-parse-failed,schema-mismatch,value-out-of-range,consent-schema-mismatch,too-many-open-partitions',
  'projection.year.type' = 'integer',
  'projection.year.range' = '2000,2099',
  'projection.month.type' = 'integer',
  'projection.month.range' = '1,12',
  'projection.month.digits' = '2',
  'projection.day.type' = 'integer',
  'projection.day.range' = '1,31',
  'projection.day.digits' = '2',
  'storage.location.template' = '${transformed}/errors/error=${error}/${year}/${month}/${day}/'
)
