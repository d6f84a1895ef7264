-- The readings table: one row per valid reading, Parquet, under <lake.transformed-path>/readings/.
-- ${transformed} is the job's lake.transformed-path (file:///... or s3://bucket[/prefix]); ./sql/console
-- fills it in (--lake). The partition columns are the folders of the default lake.partition-template,
-- year=YYYY/month=MM/day=dd/hour=HH of the reading's UTC event time; with another template, change
-- PARTITIONED BY to its folders. Timestamps are UTC instants (Parquet TIMESTAMP(MILLIS, UTC)), shown in
-- the session's time zone, which the console sets to UTC.
CREATE TABLE readings (
  event_time             TIMESTAMP_LTZ(3) NOT NULL COMMENT 'UTC time of the measurement',
  `parameter`            STRING NOT NULL COMMENT 'pollutant id: pm1, pm25, pm10, o3, no2, no, nox, so2, co, bc, co2, ch4',
  `value`                DOUBLE NOT NULL COMMENT 'measured value, as sent, in unit',
  unit                   STRING NOT NULL COMMENT 'µg/m³, mg/m³, ppm or ppb',
  location               STRING,
  city                   STRING,
  country                STRING,
  latitude               DOUBLE,
  longitude              DOUBLE,
  averaging_period_value DOUBLE,
  averaging_period_unit  STRING,
  source_name            STRING,
  source_type            STRING,
  mobile                 BOOLEAN,
  device_id              STRING,
  arrival_time           TIMESTAMP_LTZ(3) NOT NULL COMMENT 'Kinesis approximate arrival time (lineage)',
  shard_id               STRING NOT NULL,
  sequence_number        STRING NOT NULL,
  `year`                 INT,
  `month`                INT,
  `day`                  INT,
  `hour`                 INT
) COMMENT 'aq-lake readings'
PARTITIONED BY (`year`, `month`, `day`, `hour`)
WITH (
  'connector' = 'filesystem',
  'path' = '${transformed}/readings',
  'format' = 'parquet'
);
