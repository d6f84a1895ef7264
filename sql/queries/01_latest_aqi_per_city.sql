-- 01 The latest AQI per city
--
-- For every city, the newest hour that has an AQI, the city's AQI in that hour and what it means.
-- A city's AQI is the highest AQI among its stations in the hour, as AirNow reports an area; the
-- pollutant responsible and the station it was measured at are named. The AQI is the US EPA AQI of the
-- aggregates (NowCast for PM, 8-hour means for O3 and CO, see udfs/README.md, "AQI"),
-- latest revisions only. The aggregates name the location, not the city: the city comes from the
-- readings of that location.
--
-- Reads: aggregates_latest, readings. Uses: aqi_category() from the udfs jar.
-- Run:   ./sql/console -f sql/queries/01_latest_aqi_per_city.sql
WITH location_city AS (
  SELECT location, MAX(city) AS city
  FROM readings
  WHERE location IS NOT NULL AND city IS NOT NULL
  GROUP BY location
),
location_hours AS (
  -- every row of a location's hour carries the same location_aqi and dominant_pollutant
  SELECT DISTINCT c.city, a.location, a.window_start, a.location_aqi, a.dominant_pollutant
  FROM aggregates_latest AS a
  JOIN location_city AS c ON a.location = c.location
  WHERE a.location_aqi IS NOT NULL
),
newest_first AS (
  SELECT
    city, location, window_start, location_aqi, dominant_pollutant,
    ROW_NUMBER() OVER (
      PARTITION BY city
      ORDER BY window_start DESC, location_aqi DESC, location
    ) AS row_num
  FROM location_hours
)
SELECT
  city,
  window_start AS aqi_hour,
  location_aqi AS aqi,
  aqi_category(location_aqi) AS category,
  dominant_pollutant,
  location AS worst_location
FROM newest_first
WHERE row_num = 1
ORDER BY aqi DESC, city;
