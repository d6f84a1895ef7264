-- 02 The hourly trend of one pollutant in one city
--
-- Hour by hour (UTC): how many readings and stations, the mean and the highest value in the
-- pollutant's reference unit (readings sent in other units are converted), and the city's AQI for the
-- pollutant (the highest of its stations' AQIs, latest revisions) with its category.
--
-- Change the city and the pollutant in `chosen` below (pollutant ids: pm25, pm10, o3, no2, so2, co, ...).
--
-- Reads: readings, aggregates_latest. Uses: to_reference_unit(), aqi_category() from the udfs jar.
-- Run:   ./sql/console -f sql/queries/02_hourly_trend_for_one_city_and_pollutant.sql
WITH chosen AS (
  -- a VALUES row: Flink 1.20's planner fails on this query with SELECT 'Beijing' AS city, ... instead
  SELECT * FROM (VALUES ('Beijing', 'pm25')) AS t (city, pollutant)
),
city_readings AS (
  SELECT
    FLOOR(r.event_time TO HOUR) AS hour_start,
    r.location,
    to_reference_unit(r.`parameter`, r.`value`, r.unit) AS reference_value
  FROM readings AS r
  JOIN chosen AS c ON r.city = c.city AND r.`parameter` = c.pollutant
),
hourly_readings AS (
  SELECT
    hour_start,
    COUNT(*) AS readings,
    COUNT(DISTINCT location) AS stations,
    AVG(reference_value) AS mean_value,
    MAX(reference_value) AS max_value
  FROM city_readings
  GROUP BY hour_start
),
hourly_aqi AS (
  SELECT a.window_start AS hour_start, MAX(a.reference_unit) AS reference_unit, MAX(a.aqi) AS aqi
  FROM aggregates_latest AS a
  JOIN chosen AS c ON a.city = c.city AND a.`parameter` = c.pollutant
  GROUP BY a.window_start
)
SELECT
  h.hour_start,
  h.readings,
  h.stations,
  ROUND(h.mean_value, 2) AS mean_value,
  ROUND(h.max_value, 2) AS max_value,
  q.reference_unit,
  q.aqi,
  aqi_category(q.aqi) AS category
FROM hourly_readings AS h
LEFT JOIN hourly_aqi AS q ON h.hour_start = q.hour_start
ORDER BY h.hour_start;
