-- 06 Arrivals by hour and what became of them
--
-- Every record the job received, from the raw archive, by UTC hour of arrival: how many became
-- readings, how many dead letters, and how many neither. A record is matched by its Kinesis shard and
-- sequence number, which rows and dead letters carry as lineage. A record that is neither was denied
-- by the consent gate, which writes denied readings nowhere (or, in a running job, is still held by
-- it): this is the lake's only trace of consent denials. Their reasons are in the job's consentDenied
-- metric (job/README.md, "Metrics"), not in the lake.
--
-- Reads: raw_archive, readings, errors (needs the raw archive on: lake.raw-archive.enabled).
-- Run:   ./sql/console -f sql/queries/06_arrivals_by_hour_and_outcome.sql
WITH outcomes AS (
  SELECT shard_id, sequence_number, 'reading' AS outcome FROM readings
  UNION ALL
  SELECT shard_id, sequence_number, 'dead letter' AS outcome FROM errors
)
SELECT
  FLOOR(r.arrival_time TO HOUR) AS arrival_hour,
  COUNT(*) AS received,
  SUM(CASE WHEN o.outcome = 'reading' THEN 1 ELSE 0 END) AS readings,
  SUM(CASE WHEN o.outcome = 'dead letter' THEN 1 ELSE 0 END) AS dead_letters,
  SUM(CASE WHEN o.outcome IS NULL THEN 1 ELSE 0 END) AS consent_denied
FROM raw_archive AS r
LEFT JOIN outcomes AS o ON r.shard_id = o.shard_id AND r.sequence_number = o.sequence_number
GROUP BY FLOOR(r.arrival_time TO HOUR)
ORDER BY arrival_hour;
