-- The aggregates table: one row per location, parameter, unit and window (an hour by default), with the
-- US EPA AQI and the WHO 2021 check, Parquet, under <lake.transformed-path>/aggregates/, partitioned like
-- the readings by the window's start. A window that late readings changed has several revisions: the
-- view aggregates_latest keeps the highest of each, which is what queries should read.
CREATE TABLE aggregates (
  window_start       TIMESTAMP_LTZ(3) NOT NULL COMMENT 'start of the event-time window (UTC)',
  window_end         TIMESTAMP_LTZ(3) NOT NULL COMMENT 'end of the window, exclusive',
  location           STRING COMMENT 'null for readings without a location',
  `parameter`        STRING NOT NULL,
  unit               STRING NOT NULL COMMENT 'the unit the readings were sent in, of min, max and mean',
  `count`            BIGINT NOT NULL,
  `min`              DOUBLE NOT NULL,
  `max`              DOUBLE NOT NULL,
  mean               DOUBLE NOT NULL,
  first_time         TIMESTAMP_LTZ(3) NOT NULL,
  last_time          TIMESTAMP_LTZ(3) NOT NULL,
  reference_unit     STRING NOT NULL COMMENT 'µg/m³ for particulates, ppb for O3, NO2, SO2, NO, NOx, ppm for CO, CO2, CH4',
  mean_reference     DOUBLE COMMENT 'mean in the reference unit (25 °C, 1 atm)',
  aqi_averaging      STRING COMMENT 'nowcast, 8h, 1h or 24h',
  aqi_concentration  DOUBLE COMMENT 'the truncated concentration the AQI was computed from',
  aqi                INT COMMENT 'the pollutant''s US EPA AQI for the hour',
  aqi_category       STRING,
  location_aqi       INT COMMENT 'the highest aqi of the location''s pollutants in the hour',
  dominant_pollutant STRING,
  who_averaging      STRING COMMENT '24h, or 8h for O3',
  who_mean           DOUBLE COMMENT 'running mean over who_averaging, µg/m³ (CO: mg/m³)',
  who_guideline      DOUBLE COMMENT 'the WHO 2021 guideline level',
  who_exceeds        BOOLEAN,
  revision           INT NOT NULL COMMENT '0 for the first rows of a window, then one more per correction',
  `year`             INT,
  `month`            INT,
  `day`              INT,
  `hour`             INT
) COMMENT 'aq-lake aggregates, every revision'
PARTITIONED BY (`year`, `month`, `day`, `hour`)
WITH (
  'connector' = 'filesystem',
  'path' = '${transformed}/aggregates',
  'format' = 'parquet'
);

-- The latest revision of every row: the highest revision per location, parameter, unit and window
-- start (job/README.md, "Reading the latest revision").
CREATE VIEW aggregates_latest AS
SELECT
  window_start, window_end, location, `parameter`, unit, `count`, `min`, `max`, mean, first_time, last_time,
  reference_unit, mean_reference, aqi_averaging, aqi_concentration, aqi, aqi_category, location_aqi,
  dominant_pollutant, who_averaging, who_mean, who_guideline, who_exceeds, revision,
  `year`, `month`, `day`, `hour`
FROM (
  SELECT
    a.*,
    ROW_NUMBER() OVER (PARTITION BY location, `parameter`, unit, window_start ORDER BY revision DESC) AS newest_first
  FROM aggregates AS a
)
WHERE newest_first = 1;
