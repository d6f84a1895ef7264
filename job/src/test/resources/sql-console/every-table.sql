-- SqlConsoleIT: one answer from every function jar, table and view the console creates, to compare
-- with what DuckDB and the test's own readers find in the same files.
SELECT aqi_pm25(35.4) AS aqi, aqi_category(aqi_pm25(35.4)) AS category;
SELECT COUNT(*) AS n, COUNT(DISTINCT device_id) AS devices, MIN(event_time) AS first_event, MAX(arrival_time) AS last_arrival,
  COUNT(DISTINCT CONCAT_WS('/', CAST(`year` AS STRING), CAST(`month` AS STRING), CAST(`day` AS STRING), CAST(`hour` AS STRING))) AS partitions
FROM readings;
SELECT COUNT(*) AS n, SUM(CASE WHEN revision > 0 THEN 1 ELSE 0 END) AS corrections, MIN(window_start) AS first_window FROM aggregates;
SELECT COUNT(*) AS n, MAX(revision) AS highest_revision FROM aggregates_latest;
SELECT COUNT(*) AS n, COUNT(DISTINCT `error`) AS types, SUM(CASE WHEN `error` = error_type THEN 1 ELSE 0 END) AS in_their_folder, MIN(arrival_time) AS first_arrival FROM errors;
SELECT COUNT(*) AS n, COUNT(DISTINCT sequence_number) AS sequence_numbers, MAX(arrival_time) AS last_arrival FROM raw_archive;
