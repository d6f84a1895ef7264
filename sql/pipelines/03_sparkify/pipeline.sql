-- Sparkify star schema (BATCH): song_data and log_data JSON to the songplays fact table and the users,
-- songs, artists and time dimensions, as ZSTD Parquet. Every line is a row's source or a dead letter.
-- Parameters: ${input}, the folder holding song_data/ and log_data/;
--             ${lake}, the lake's root (s3://bucket/prefix or file:///dir).
-- Run: ./localstack/aq-lake pipeline sql/pipelines/03_sparkify --set input=$PWD/../shared/data/sparkify --lake DIR
--      (or pipeline.script=classpath:sql/pipelines/03_sparkify/pipeline.sql, pipeline.mode=BATCH on Managed Flink)

SET 'table.local-time-zone' = 'UTC';

-- ---------------------------------------------------------------- landing: the lines as they are

CREATE TEMPORARY TABLE song_landing (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}/song_data',
    'format' = 'raw'
);

CREATE TEMPORARY TABLE log_landing (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}/log_data',
    'format' = 'raw'
);

-- ---------------------------------------------------------------- the star

CREATE TABLE songplays (
    songplay_id STRING,
    start_time TIMESTAMP(3),
    user_id STRING,
    level STRING,
    song_id STRING,
    artist_id STRING,
    session_id BIGINT,
    location STRING,
    user_agent STRING,
    `year` INT,
    `month` INT
) PARTITIONED BY (`year`, `month`) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/songplays',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE users (
    user_id STRING,
    first_name STRING,
    last_name STRING,
    gender STRING,
    level STRING
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/users',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE songs (
    song_id STRING,
    title STRING,
    duration DOUBLE,
    `year` INT,
    artist_id STRING
) PARTITIONED BY (`year`, artist_id) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/songs',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE artists (
    artist_id STRING,
    name STRING,
    location STRING,
    latitude DOUBLE,
    longitude DOUBLE
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/artists',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE `time` (
    start_time TIMESTAMP(3),
    `hour` INT,
    `day` INT,
    `week` INT,
    `month` INT,
    `year` INT,
    weekday INT
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/time',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE errors (
    source_table STRING,
    reason STRING,
    source_file STRING,
    line STRING
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/errors',
    'format' = 'json'
);

-- ---------------------------------------------------------------- parsing: a typed row, or the reason it is none

CREATE TEMPORARY VIEW songs_parsed AS
SELECT
    line,
    source_file,
    JSON_VALUE(line, '$.song_id') AS song_id,
    JSON_VALUE(line, '$.title') AS title,
    TRY_CAST(JSON_VALUE(line, '$.duration') AS DOUBLE) AS duration,
    TRY_CAST(JSON_VALUE(line, '$.year') AS INT) AS `year`,
    JSON_VALUE(line, '$.artist_id') AS artist_id,
    JSON_VALUE(line, '$.artist_name') AS artist_name,
    NULLIF(JSON_VALUE(line, '$.artist_location'), '') AS artist_location,
    TRY_CAST(JSON_VALUE(line, '$.artist_latitude') AS DOUBLE) AS artist_latitude,
    TRY_CAST(JSON_VALUE(line, '$.artist_longitude') AS DOUBLE) AS artist_longitude,
    CASE
        WHEN line IS NOT JSON OBJECT THEN 'not-a-json-object'
        WHEN JSON_VALUE(line, '$.song_id') IS NULL THEN 'no-song-id'
        WHEN JSON_VALUE(line, '$.artist_id') IS NULL THEN 'no-artist-id'
        WHEN TRY_CAST(JSON_VALUE(line, '$.year') AS INT) IS NULL THEN 'bad-year'
    END AS error
FROM song_landing;

CREATE TEMPORARY VIEW events_parsed AS
SELECT
    line,
    source_file,
    JSON_VALUE(line, '$.page') AS page,
    NULLIF(JSON_VALUE(line, '$.userId'), '') AS user_id,
    JSON_VALUE(line, '$.firstName') AS first_name,
    JSON_VALUE(line, '$.lastName') AS last_name,
    JSON_VALUE(line, '$.gender') AS gender,
    JSON_VALUE(line, '$.level') AS level,
    JSON_VALUE(line, '$.song') AS song,
    JSON_VALUE(line, '$.artist') AS artist,
    TRY_CAST(JSON_VALUE(line, '$.ts') AS BIGINT) AS ts,
    TRY_CAST(JSON_VALUE(line, '$.sessionId') AS BIGINT) AS session_id,
    TRY_CAST(JSON_VALUE(line, '$.itemInSession') AS BIGINT) AS item_in_session,
    JSON_VALUE(line, '$.location') AS location,
    JSON_VALUE(line, '$.userAgent') AS user_agent,
    CASE
        WHEN line IS NOT JSON OBJECT THEN 'not-a-json-object'
        WHEN JSON_VALUE(line, '$.page') IS NULL THEN 'no-page'
        WHEN TRY_CAST(JSON_VALUE(line, '$.ts') AS BIGINT) IS NULL THEN 'bad-ts'
        -- a song play belongs to a user and a session
        WHEN JSON_VALUE(line, '$.page') = 'NextSong' AND NULLIF(JSON_VALUE(line, '$.userId'), '') IS NULL
            THEN 'song-play-without-user'
        WHEN JSON_VALUE(line, '$.page') = 'NextSong' AND TRY_CAST(JSON_VALUE(line, '$.sessionId') AS BIGINT) IS NULL
            THEN 'song-play-without-session'
    END AS error
FROM log_landing;

CREATE TEMPORARY VIEW plays AS
SELECT *, CAST(TO_TIMESTAMP_LTZ(ts, 3) AS TIMESTAMP(3)) AS start_time
FROM events_parsed
WHERE error IS NULL AND page = 'NextSong';

-- ---------------------------------------------------------------- one job

-- a play's song and artist, where the song catalogue has the title by that artist
INSERT INTO songplays
SELECT
    CONCAT_WS('-', p.user_id, CAST(p.session_id AS STRING), CAST(p.item_in_session AS STRING)),
    p.start_time, p.user_id, p.level, s.song_id, s.artist_id, p.session_id, p.location, p.user_agent,
    CAST(EXTRACT(YEAR FROM p.start_time) AS INT), CAST(EXTRACT(MONTH FROM p.start_time) AS INT)
FROM plays AS p
LEFT JOIN (SELECT * FROM songs_parsed WHERE error IS NULL) AS s
    ON p.song = s.title AND p.artist = s.artist_name;

-- each user as of their latest event: a free user who upgraded is paid
INSERT INTO users
SELECT user_id, first_name, last_name, gender, level
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC, item_in_session DESC) AS latest
    FROM events_parsed
    WHERE error IS NULL AND user_id IS NOT NULL
)
WHERE latest = 1;

INSERT INTO songs
SELECT song_id, title, duration, `year`, artist_id
FROM songs_parsed
WHERE error IS NULL;

-- one row per artist, from the song file with the most that it says about them
INSERT INTO artists
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY artist_id
        ORDER BY artist_latitude IS NULL, artist_location IS NULL, song_id) AS pick
    FROM songs_parsed
    WHERE error IS NULL
)
WHERE pick = 1;

INSERT INTO `time`
SELECT DISTINCT
    start_time,
    CAST(EXTRACT(HOUR FROM start_time) AS INT),
    CAST(EXTRACT(DAY FROM start_time) AS INT),
    CAST(EXTRACT(WEEK FROM start_time) AS INT),
    CAST(EXTRACT(MONTH FROM start_time) AS INT),
    CAST(EXTRACT(YEAR FROM start_time) AS INT),
    CAST(DAYOFWEEK(start_time) AS INT)
FROM plays;

INSERT INTO errors
SELECT 'song_data', error, source_file, line FROM songs_parsed WHERE error IS NOT NULL
UNION ALL
SELECT 'log_data', error, source_file, line FROM events_parsed WHERE error IS NOT NULL;
