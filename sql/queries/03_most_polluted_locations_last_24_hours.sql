-- 03 The most polluted locations over the last 24 hours
--
-- The ten places (location, city, country) with the highest mean hourly AQI over the 24 hours before the newest data in the
-- lake (not before now: the query answers the same on an old sample), with their peak hour and how
-- many hours were at least "Unhealthy for Sensitive Groups" (AQI above 100). Latest revisions only.
--
-- Reads: aggregates_latest. Uses: aqi_category() from the udfs jar.
-- Run:   ./sql/console -f sql/queries/03_most_polluted_locations_last_24_hours.sql
WITH last_day AS (
  -- one row per place and hour: every row of a place's hour carries its location_aqi
  SELECT DISTINCT location, city, country, window_start, location_aqi
  FROM aggregates_latest
  WHERE location_aqi IS NOT NULL
    AND window_start >= (SELECT MAX(window_end) FROM aggregates_latest) - INTERVAL '24' HOUR
)
SELECT
  d.location,
  d.city,
  d.country,
  COUNT(*) AS hours,
  ROUND(AVG(CAST(d.location_aqi AS DOUBLE)), 1) AS mean_aqi,
  MAX(d.location_aqi) AS peak_aqi,
  aqi_category(MAX(d.location_aqi)) AS peak_category,
  SUM(CASE WHEN d.location_aqi > 100 THEN 1 ELSE 0 END) AS hours_above_100
FROM last_day AS d
GROUP BY d.location, d.city, d.country
ORDER BY mean_aqi DESC, d.location
LIMIT 10;
