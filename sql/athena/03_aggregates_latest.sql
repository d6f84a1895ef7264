-- Athena: the latest revision of every aggregate row (job/README.md, "Reading the latest revision"): the highest
-- revision per location, parameter, unit and window start. Create it after 02_aggregates.sql.
CREATE OR REPLACE VIEW aggregates_latest AS
SELECT
  window_start, window_end, location, "parameter", unit, "count", "min", "max", mean, first_time, last_time,
  reference_unit, mean_reference, aqi_averaging, aqi_concentration, aqi, aqi_category, location_aqi,
  dominant_pollutant, who_averaging, who_mean, who_guideline, who_exceeds, revision,
  "year", "month", "day", "hour"
FROM (
  SELECT
    a.*,
    row_number() OVER (PARTITION BY location, "parameter", unit, window_start ORDER BY revision DESC) AS newest_first
  FROM aggregates AS a
)
WHERE newest_first = 1
