-- The raw archive: every original payload as it arrived, one JSON object per line, gzip-compressed, under
-- <lake.raw-path>/year=YYYY/month=MM/day=dd/hour=HH/part-....jsonl.gz, partitioned by arrival time (UTC).
-- ${raw} is the job's lake.raw-path; ./sql/console fills it in (--raw). Flink's filesystem source
-- inflates .gz files itself (it picks the codec by the file extension), so the json format reads them
-- as they are.
CREATE TABLE raw_archive (
  `stream`         STRING,
  shard_id         STRING,
  sequence_number  STRING,
  partition_key    STRING,
  arrival_time     TIMESTAMP_LTZ(3) COMMENT 'Kinesis approximate arrival time',
  payload          STRING COMMENT 'the original bytes: text when valid UTF-8, else base64',
  payload_encoding STRING COMMENT 'utf-8 or base64',
  `year`           INT,
  `month`          INT,
  `day`            INT,
  `hour`           INT
) COMMENT 'aq-lake raw archive'
PARTITIONED BY (`year`, `month`, `day`, `hour`)
WITH (
  'connector' = 'filesystem',
  'path' = '${raw}',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);
