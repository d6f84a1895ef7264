-- 04 The hours above the WHO guidelines
--
-- Per place (location, city, country) and pollutant: how many hours the running mean over the WHO 2021 guideline's own
-- averaging period (24 hours, 8 for O3) ending with that hour was above the guideline level, the first
-- and last such hour, and the highest mean as a multiple of the level. A 24-hour running mean above
-- the level is an early indicator of a daily exceedance (udfs/README.md, "WHO guidelines").
-- The annual level, which needs a year of data and is never flagged on hourly rows, is shown for
-- comparison. Latest revisions only.
--
-- Reads: aggregates_latest. Uses: who_guideline() from the udfs jar.
-- Run:   ./sql/console -f sql/queries/04_hours_above_who_guidelines.sql
SELECT
  location,
  city,
  country,
  `parameter`,
  who_averaging,
  who_guideline,
  who_guideline(`parameter`, 'annual') AS annual_guideline,
  COUNT(DISTINCT window_start) AS hours_above,
  MIN(window_start) AS first_hour,
  MAX(window_start) AS last_hour,
  ROUND(MAX(who_mean) / MAX(who_guideline), 2) AS worst_multiple
FROM aggregates_latest
WHERE who_exceeds
GROUP BY location, city, country, `parameter`, who_averaging, who_guideline
ORDER BY hours_above DESC, location, city, country, `parameter`;
