-- The aggregates table: one row per place (location, city and country), parameter, unit and window (an hour by default), with the
-- US EPA AQI and the WHO 2021 check, Parquet, under <lake.transformed-path>/aggregates/, partitioned like
-- the readings by the window's start. A window that late readings changed has several revisions: the
-- view aggregates_latest keeps the highest of each, which is what queries should read, and says how many
-- readings each row lacks (readings_missing, from aggregates_late).
CREATE TABLE aggregates (
  window_start       TIMESTAMP_LTZ(3) NOT NULL COMMENT 'start of the event-time window (UTC)',
  window_end         TIMESTAMP_LTZ(3) NOT NULL COMMENT 'end of the window, exclusive',
  location           STRING COMMENT 'null for readings without a location',
  city               STRING COMMENT 'the place''s city: with location and country, the key of a place',
  country            STRING COMMENT 'the place''s country code',
  latitude           DOUBLE COMMENT 'where the place was at its latest reading with coordinates in the window',
  longitude          DOUBLE,
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
  arrivals_until     TIMESTAMP_LTZ(3) COMMENT 'latest Kinesis arrival among the readings counted; null when unknown',
  sealed_at          TIMESTAMP_LTZ(3) COMMENT 'watermark from which the window takes no more corrections',
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

-- Readings that reached the aggregation after their window was sealed (sealed_at), so that no aggregate row of
-- the stream counts them: one row per location, parameter, unit, window and batch; sum readings per window.
-- Under <lake.transformed-path>/aggregates_late/, partitioned like the aggregates by the window's start.
CREATE TABLE aggregates_late (
  location           STRING COMMENT 'null for readings without a location',
  city               STRING,
  country            STRING,
  `parameter`        STRING NOT NULL,
  unit               STRING NOT NULL,
  window_start       TIMESTAMP_LTZ(3) NOT NULL COMMENT 'the window the readings belong to (UTC)',
  window_end         TIMESTAMP_LTZ(3) NOT NULL COMMENT 'end of the window, exclusive',
  readings           BIGINT NOT NULL COMMENT 'readings in the batch',
  arrival_time       TIMESTAMP_LTZ(3) NOT NULL COMMENT 'the latest Kinesis arrival among them',
  `year`             INT,
  `month`            INT,
  `day`              INT,
  `hour`             INT
) COMMENT 'aq-lake readings that came after their aggregates were sealed'
PARTITIONED BY (`year`, `month`, `day`, `hour`)
WITH (
  'connector' = 'filesystem',
  'path' = '${transformed}/aggregates_late',
  'format' = 'parquet'
);

-- The latest revision of every row: the highest revision per place (location, city, country), parameter, unit
-- and window start (job/README.md, "Reading the latest revision"), with readings_missing: the late readings of the same
-- location, parameter, unit and window that arrived after the row's arrivals_until, so that it does not count
-- them (job/README.md, "Late data and revisions").
CREATE VIEW aggregates_latest AS
SELECT
  a.window_start, a.window_end, a.location, a.city, a.country, a.latitude, a.longitude, a.`parameter`, a.unit, a.`count`, a.`min`, a.`max`, a.mean,
  a.first_time, a.last_time, a.reference_unit, a.mean_reference, a.aqi_averaging, a.aqi_concentration, a.aqi,
  a.aqi_category, a.location_aqi, a.dominant_pollutant, a.who_averaging, a.who_mean, a.who_guideline,
  a.who_exceeds, a.revision, a.arrivals_until, a.sealed_at, COALESCE(m.readings, 0) AS readings_missing,
  a.`year`, a.`month`, a.`day`, a.`hour`
FROM (
  SELECT
    r.*,
    ROW_NUMBER() OVER (PARTITION BY location, city, country, `parameter`, unit, window_start ORDER BY revision DESC) AS newest_first
  FROM aggregates AS r
) AS a
LEFT JOIN (
  -- per revision, so that the latest one's is a join on the key: a repair's revision counts what it read
  SELECT r.location, r.city, r.country, r.`parameter`, r.unit, r.window_start, r.revision, SUM(l.readings) AS readings
  FROM aggregates AS r
  JOIN aggregates_late AS l
    ON l.location IS NOT DISTINCT FROM r.location AND l.city IS NOT DISTINCT FROM r.city
    AND l.country IS NOT DISTINCT FROM r.country AND l.`parameter` = r.`parameter` AND l.unit = r.unit
    AND l.window_start = r.window_start AND (r.arrivals_until IS NULL OR l.arrival_time > r.arrivals_until)
  GROUP BY r.location, r.city, r.country, r.`parameter`, r.unit, r.window_start, r.revision
) AS m
  ON m.location IS NOT DISTINCT FROM a.location AND m.city IS NOT DISTINCT FROM a.city
  AND m.country IS NOT DISTINCT FROM a.country AND m.`parameter` = a.`parameter` AND m.unit = a.unit
  AND m.window_start = a.window_start AND m.revision = a.revision
WHERE a.newest_first = 1 AND a.`count` > 0
UNION ALL
-- a window whose every reading came after its seal has no aggregate row: one row of count 0 says so
SELECT
  l.window_start, MAX(l.window_end), l.location, l.city, l.country, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE),
  l.`parameter`, l.unit, CAST(0 AS BIGINT), CAST(NULL AS DOUBLE),
  CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS TIMESTAMP_LTZ(3)), CAST(NULL AS TIMESTAMP_LTZ(3)),
  CAST(NULL AS STRING), CAST(NULL AS DOUBLE), CAST(NULL AS STRING), CAST(NULL AS DOUBLE), CAST(NULL AS INT),
  CAST(NULL AS STRING), CAST(NULL AS INT), CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS DOUBLE),
  CAST(NULL AS DOUBLE), CAST(NULL AS BOOLEAN), CAST(NULL AS INT), CAST(NULL AS TIMESTAMP_LTZ(3)),
  CAST(NULL AS TIMESTAMP_LTZ(3)), SUM(l.readings), l.`year`, l.`month`, l.`day`, l.`hour`
FROM aggregates_late AS l
LEFT JOIN (SELECT DISTINCT location, city, country, `parameter`, unit, window_start FROM aggregates) AS w
  ON w.location IS NOT DISTINCT FROM l.location AND w.city IS NOT DISTINCT FROM l.city
  AND w.country IS NOT DISTINCT FROM l.country AND w.`parameter` = l.`parameter` AND w.unit = l.unit
  AND w.window_start = l.window_start
WHERE w.window_start IS NULL
GROUP BY l.window_start, l.location, l.city, l.country, l.`parameter`, l.unit, l.`year`, l.`month`, l.`day`, l.`hour`;
