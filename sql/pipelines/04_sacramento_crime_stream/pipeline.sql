-- Sacramento crime CSV through Kinesis (STREAMING): typed crimes as ZSTD Parquet partitioned by the day
-- they happened, and every line that is not a crime in errors/ (sql/pipelines/README.md says why and how).
-- Each Kinesis record holds a batch of CSV lines, as a Firehose delivery stream with a decoding Lambda
-- receives them; parse_crime_csv (udfs) turns each line into a typed row or a dead letter.
-- Parameters: ${stream}, its ${region} and ${endpoint} (https://kinesis.<region>.amazonaws.com on AWS, the
--             emulator locally); ${lake}, the lake's root (s3://bucket/prefix or file:///dir). Credentials
--             come from the default AWS chain: the application's role on Managed Flink, the environment
--             (or the aws.accessKeyId property) elsewhere; never from the script.
-- Run: ./localstack/run --pipeline sql/pipelines/04_sacramento_crime_stream --replay FILE.csv --until-drained
--      (or pipeline.script=classpath:sql/pipelines/04_sacramento_crime_stream/pipeline.sql on Managed Flink,
--      pipeline.mode=STREAMING, the application's checkpoints committing the files)
-- Partitions: crime by year/month/day of cdatetime, the city's calendar (31 folders for January 2006);
-- errors by type and arrival day.

-- the crimes' partitions are the city's calendar days; arrival times are kept in UTC
SET 'table.local-time-zone' = 'UTC';
-- a Kinesis shard (or a consumer subtask without one) that is quiet this long holds no watermark back
SET 'table.exec.source.idle-timeout' = '1 min';

CREATE TEMPORARY FUNCTION parse_crime_csv AS 'org.aqlake.udfs.sql.ParseCrimeCsv';

CREATE TEMPORARY TABLE crime_stream (
  payload BYTES,
  shard_id STRING NOT NULL METADATA FROM 'shard-id' VIRTUAL,
  sequence_number STRING NOT NULL METADATA FROM 'sequence-number' VIRTUAL,
  arrival_time TIMESTAMP_LTZ(3) NOT NULL METADATA FROM 'timestamp' VIRTUAL,
  WATERMARK FOR arrival_time AS arrival_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kinesis',
  'stream' = '${stream}',
  'aws.region' = '${region}',
  'aws.endpoint' = '${endpoint}',
  'aws.credentials.provider' = 'AUTO',
  'scan.stream.initpos' = 'TRIM_HORIZON',
  'scan.shard.discovery.intervalmillis' = '1000',
  'scan.shard.getrecords.intervalmillis' = '200',
  'format' = 'raw'
);

-- typed crimes, partitioned by the day they happened (event time), ZSTD Parquet
CREATE TEMPORARY TABLE crime (
  cdatetime TIMESTAMP(3) NOT NULL,
  address STRING,
  district INT,
  beat STRING,
  grid INT,
  crimedescr STRING,
  ucr_ncic_code INT,
  coordinates ROW<latitude DOUBLE, longitude DOUBLE>,
  shard_id STRING NOT NULL,
  sequence_number STRING NOT NULL,
  line_number INT NOT NULL,
  arrival_time TIMESTAMP_LTZ(3) NOT NULL,
  `year` STRING,
  `month` STRING,
  `day` STRING
) PARTITIONED BY (`year`, `month`, `day`) WITH (
  'connector' = 'filesystem',
  'path' = '${lake}/crime',
  'format' = 'parquet',
  'parquet.compression' = 'ZSTD',
  'parquet.write.int64.timestamp' = 'true',
  'parquet.timestamp.time.unit' = 'millis',
  'sink.partition-commit.trigger' = 'partition-time',
  'partition.time-extractor.timestamp-pattern' = '$year-$month-$day 00:00:00',
  'sink.partition-commit.delay' = '1 d',
  'sink.partition-commit.watermark-time-zone' = 'America/Los_Angeles',
  'sink.partition-commit.policy.kind' = 'success-file'
);

-- one JSON line per dead letter, with its type, the reason and the original line, in folders by type (as the
-- main job's error=<type>) and arrival day
CREATE TEMPORARY TABLE errors (
  error_type STRING NOT NULL,
  reason STRING NOT NULL,
  line STRING NOT NULL,
  line_number INT NOT NULL,
  shard_id STRING NOT NULL,
  sequence_number STRING NOT NULL,
  arrival_time TIMESTAMP_LTZ(3) NOT NULL,
  `error` STRING,
  dt STRING
) PARTITIONED BY (`error`, dt) WITH (
  'connector' = 'filesystem',
  'path' = '${lake}/errors',
  'format' = 'json',
  -- JSON lines are a row format, whose files roll by size and time rather than on each checkpoint: a file
  -- that took no dead letter for 10 s is closed and committed by the next checkpoint
  'sink.rolling-policy.inactivity-interval' = '10 s',
  'sink.rolling-policy.rollover-interval' = '1 min',
  'sink.rolling-policy.check-interval' = '5 s'
);

CREATE TEMPORARY VIEW crime_lines AS
SELECT k.shard_id, k.sequence_number, k.arrival_time, c.*
FROM crime_stream AS k, LATERAL TABLE(parse_crime_csv(k.payload)) AS c;

-- the two INSERTs run as one job: one read of the stream, one parse of each record
INSERT INTO crime
SELECT cdatetime, address, district, beat, grid, crimedescr, ucr_ncic_code, coordinates,
       shard_id, sequence_number, line_number, arrival_time,
       DATE_FORMAT(cdatetime, 'yyyy'), DATE_FORMAT(cdatetime, 'MM'), DATE_FORMAT(cdatetime, 'dd')
FROM crime_lines
WHERE error_type IS NULL;

INSERT INTO errors
SELECT error_type, reason, line, line_number, shard_id, sequence_number, arrival_time, error_type,
       DATE_FORMAT(arrival_time, 'yyyy-MM-dd')
FROM crime_lines
WHERE error_type IS NOT NULL;
