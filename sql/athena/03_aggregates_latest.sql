-- Athena: the latest revision of every aggregate row (job/README.md, "Reading the latest revision"): the highest
-- revision per place (location, city, country), parameter, unit and window start, with readings_missing: the late readings of the same
-- location, parameter, unit and window that arrived after the row's arrivals_until, so that it does not count
-- them (job/README.md, "Late data and revisions"); and a row of count 0 for each window whose every reading came
-- after its seal. Create it after 02_aggregates.sql and 02_aggregates_late.sql.
CREATE OR REPLACE VIEW aggregates_latest AS
SELECT
  a.window_start, a.window_end, a.location, a.city, a.country, a.latitude, a.longitude, a."parameter", a.unit, a."count", a."min", a."max", a.mean,
  a.first_time, a.last_time, a.reference_unit, a.mean_reference, a.aqi_averaging, a.aqi_concentration, a.aqi,
  a.aqi_category, a.location_aqi, a.dominant_pollutant, a.who_averaging, a.who_mean, a.who_guideline,
  a.who_exceeds, a.revision, a.arrivals_until, a.sealed_at, coalesce(m.readings, 0) AS readings_missing,
  a."year", a."month", a."day", a."hour"
FROM (
  SELECT
    r.*,
    row_number() OVER (PARTITION BY location, city, country, "parameter", unit, window_start ORDER BY revision DESC) AS newest_first
  FROM aggregates AS r
) AS a
LEFT JOIN (
  SELECT r.location, r.city, r.country, r."parameter", r.unit, r.window_start, r.revision, sum(l.readings) AS readings
  FROM aggregates AS r
  JOIN aggregates_late AS l
    ON l.location IS NOT DISTINCT FROM r.location AND l.city IS NOT DISTINCT FROM r.city
    AND l.country IS NOT DISTINCT FROM r.country AND l."parameter" = r."parameter" AND l.unit = r.unit
    AND l.window_start = r.window_start AND (r.arrivals_until IS NULL OR l.arrival_time > r.arrivals_until)
  GROUP BY r.location, r.city, r.country, r."parameter", r.unit, r.window_start, r.revision
) AS m
  ON m.location IS NOT DISTINCT FROM a.location AND m.city IS NOT DISTINCT FROM a.city
  AND m.country IS NOT DISTINCT FROM a.country AND m."parameter" = a."parameter" AND m.unit = a.unit
  AND m.window_start = a.window_start AND m.revision = a.revision
WHERE a.newest_first = 1 AND a."count" > 0
UNION ALL
-- a window whose every reading came after its seal has no aggregate row: one row of count 0 says so
SELECT
  l.window_start, max(l.window_end), l.location, l.city, l.country, CAST(NULL AS double), CAST(NULL AS double),
  l."parameter", l.unit, CAST(0 AS bigint), CAST(NULL AS double),
  CAST(NULL AS double), CAST(NULL AS double), CAST(NULL AS timestamp), CAST(NULL AS timestamp), CAST(NULL AS varchar),
  CAST(NULL AS double), CAST(NULL AS varchar), CAST(NULL AS double), CAST(NULL AS integer), CAST(NULL AS varchar),
  CAST(NULL AS integer), CAST(NULL AS varchar), CAST(NULL AS varchar), CAST(NULL AS double), CAST(NULL AS double),
  CAST(NULL AS boolean), CAST(NULL AS integer), CAST(NULL AS timestamp), CAST(NULL AS timestamp), sum(l.readings),
  l."year", l."month", l."day", l."hour"
FROM aggregates_late AS l
LEFT JOIN (SELECT DISTINCT location, city, country, "parameter", unit, window_start FROM aggregates) AS w
  ON w.location IS NOT DISTINCT FROM l.location AND w.city IS NOT DISTINCT FROM l.city
  AND w.country IS NOT DISTINCT FROM l.country AND w."parameter" = l."parameter" AND w.unit = l.unit
  AND w.window_start = l.window_start
WHERE w.window_start IS NULL
GROUP BY l.window_start, l.location, l.city, l.country, l."parameter", l.unit, l."year", l."month", l."day", l."hour"
