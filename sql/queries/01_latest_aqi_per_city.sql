-- 01 The latest AQI per city
--
-- For every city (a city name with its country: one name can be a city of several countries), the newest hour that has an AQI, the city's AQI in that hour and what it means.
-- A city's AQI is the highest AQI among its stations in the hour, as AirNow reports an area; the
-- pollutant responsible and the station it was measured at are named. The AQI is the US EPA AQI of the
-- aggregates (NowCast for PM, 8-hour means for O3 and CO, see udfs/README.md, "AQI"),
-- latest revisions only. Each aggregate row names its place's city (a location seen in two cities is
-- two places, job/README.md, "Aggregates").
--
-- Reads: aggregates_latest. Uses: aqi_category() from the udfs jar.
-- Run:   ./sql/console -f sql/queries/01_latest_aqi_per_city.sql
WITH location_hours AS (
  -- every row of a place's hour carries the same location_aqi and dominant_pollutant
  SELECT DISTINCT city, country, location, window_start, location_aqi, dominant_pollutant
  FROM aggregates_latest
  WHERE location_aqi IS NOT NULL AND city IS NOT NULL
),
newest_first AS (
  SELECT
    city, country, location, window_start, location_aqi, dominant_pollutant,
    ROW_NUMBER() OVER (
      PARTITION BY city, country
      ORDER BY window_start DESC, location_aqi DESC, location
    ) AS row_num
  FROM location_hours
)
SELECT
  city,
  country,
  window_start AS aqi_hour,
  location_aqi AS aqi,
  aqi_category(location_aqi) AS category,
  dominant_pollutant,
  location AS worst_location
FROM newest_first
WHERE row_num = 1
ORDER BY aqi DESC, city, country;
