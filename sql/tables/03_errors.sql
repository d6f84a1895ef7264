-- The dead letters: one JSON object per line for every record that could not become a reading, under
-- <lake.transformed-path>/errors/error=<type>/yyyy/MM/dd/part-....jsonl. Only error=<type> is a Hive-style
-- folder, so it is the one partition column; the yyyy/MM/dd folders below it are read recursively and
-- are the UTC date of arrival_time: group by CAST(arrival_time AS DATE) for a day.
CREATE TABLE errors (
  error_type       STRING COMMENT 'decompression-failed, json-parse-failed, schema-mismatch, value-out-of-range, consent-schema-mismatch or too-many-open-partitions',
  reason           STRING COMMENT 'what was wrong, naming the field and the value',
  field            STRING COMMENT 'the field at fault, for example date.utc; null for the payload as a whole',
  `stream`         STRING,
  shard_id         STRING,
  sequence_number  STRING,
  partition_key    STRING,
  arrival_time     TIMESTAMP_LTZ(3) COMMENT 'Kinesis approximate arrival time',
  payload          STRING COMMENT 'the original bytes (text when valid UTF-8, else base64), or a redacted skeleton',
  payload_encoding STRING COMMENT 'utf-8, base64, redacted (keys and value types only), or null (withheld)',
  `error`          STRING COMMENT 'the error=<type> folder, equal to error_type'
) COMMENT 'aq-lake dead letters'
PARTITIONED BY (`error`)
WITH (
  'connector' = 'filesystem',
  'path' = '${transformed}/errors',
  'format' = 'json',
  -- arrival_time is written as an ISO-8601 instant, such as 2024-05-01T10:00:00.123Z
  'json.timestamp-format.standard' = 'ISO-8601'
);
