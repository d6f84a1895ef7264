-- A tiny pipeline for SqlPipelineIT: CSV lines of "location,pm25" to Parquet with the US AQI of each,
-- and a dead letter for every line that is not a number. Only the .csv files of ${input} are read: the
-- table hint says so, and the test puts another file beside them.
CREATE TABLE lines (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}',
    'format' = 'raw'
);

CREATE TABLE aqi (
    location STRING,
    pm25 DOUBLE,
    aqi INT
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/aqi',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE errors (
    reason STRING,
    source_file STRING,
    line STRING
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/errors',
    'format' = 'json'
);

INSERT INTO aqi
SELECT SPLIT_INDEX(line, ',', 0), TRY_CAST(SPLIT_INDEX(line, ',', 1) AS DOUBLE),
       aqi_pm25(TRY_CAST(SPLIT_INDEX(line, ',', 1) AS DOUBLE))
FROM lines /*+ OPTIONS('source.path.regex-pattern' = '.*\.csv') */
WHERE TRY_CAST(SPLIT_INDEX(line, ',', 1) AS DOUBLE) IS NOT NULL;

INSERT INTO errors
SELECT '${reason}', source_file, line
FROM lines /*+ OPTIONS('source.path.regex-pattern' = '.*\.csv') */
WHERE TRY_CAST(SPLIT_INDEX(line, ',', 1) AS DOUBLE) IS NULL;
