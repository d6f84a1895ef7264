-- 05 Dead letters by type and day
--
-- Every record that could not become a reading, counted by dead-letter type and UTC day of arrival,
-- with the first and last arrival and one reason as an example. The types are those of the "Dead letters"
-- table of job/README.md; `error` is the error=<type> folder, so a filter on it reads only that folder.
--
-- Reads: errors.
-- Run:   ./sql/console -f sql/queries/05_dead_letters_by_type_and_day.sql
SELECT
  CAST(arrival_time AS DATE) AS arrival_day,
  error_type,
  COUNT(*) AS dead_letters,
  MIN(arrival_time) AS first_arrival,
  MAX(arrival_time) AS last_arrival,
  MIN(reason) AS example_reason
FROM errors
GROUP BY CAST(arrival_time AS DATE), error_type
ORDER BY arrival_day, error_type;
