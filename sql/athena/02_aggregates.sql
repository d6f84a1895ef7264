-- Athena: the aggregates table (every revision; query aggregates_latest, 03_aggregates_latest.sql),
-- partitioned like the readings by the window's UTC start, with partition projection: no crawler, no
-- MSCK REPAIR TABLE. Replace ${transformed} with the job's lake.transformed-path; ${year}, ${month},
-- ${day} and ${hour} are Athena's own placeholders.
CREATE EXTERNAL TABLE IF NOT EXISTS aggregates (
  window_start timestamp COMMENT 'start of the event-time window (UTC)',
  window_end timestamp COMMENT 'end of the window, exclusive',
  location string COMMENT 'null for readings without a location',
  city string COMMENT 'the place''s city: with location and country, the key of a place',
  country string COMMENT 'the place''s country code',
  latitude double COMMENT 'where the place was at its latest reading with coordinates in the window',
  longitude double COMMENT 'idem',
  `parameter` string COMMENT 'pollutant id',
  unit string COMMENT 'the unit the readings were sent in, of min, max and mean',
  `count` bigint COMMENT 'readings in the window',
  `min` double COMMENT 'lowest value',
  `max` double COMMENT 'highest value',
  mean double COMMENT 'arithmetic mean',
  first_time timestamp COMMENT 'event time of the earliest reading',
  last_time timestamp COMMENT 'event time of the latest reading',
  reference_unit string COMMENT 'the pollutant''s reference unit',
  mean_reference double COMMENT 'mean in the reference unit (25 °C, 1 atm)',
  aqi_averaging string COMMENT 'nowcast, 8h, 1h or 24h',
  aqi_concentration double COMMENT 'the truncated concentration the AQI was computed from',
  aqi int COMMENT 'the pollutant''s US EPA AQI for the hour',
  aqi_category string COMMENT 'EPA category of aqi',
  location_aqi int COMMENT 'the highest aqi of the location''s pollutants in the hour',
  dominant_pollutant string COMMENT 'whose sub-index location_aqi is',
  who_averaging string COMMENT '24h, or 8h for O3',
  who_mean double COMMENT 'running mean over who_averaging, µg/m³ (CO: mg/m³)',
  who_guideline double COMMENT 'the WHO 2021 guideline level',
  who_exceeds boolean COMMENT 'who_mean above who_guideline',
  revision int COMMENT '0 for the first rows of a window, then one more per correction',
  arrivals_until timestamp COMMENT 'latest Kinesis arrival among the readings counted; null when unknown',
  sealed_at timestamp COMMENT 'watermark from which the window takes no more corrections'
)
COMMENT 'Aggregates per place (location, city, country), parameter, unit and window, with AQI and WHO checks; every revision'
PARTITIONED BY (
  `year` int COMMENT 'UTC year of window_start',
  `month` int COMMENT 'UTC month',
  `day` int COMMENT 'UTC day',
  `hour` int COMMENT 'UTC hour'
)
STORED AS PARQUET
LOCATION '${transformed}/aggregates/'
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
  'storage.location.template' = '${transformed}/aggregates/year=${year}/month=${month}/day=${day}/hour=${hour}/'
)
