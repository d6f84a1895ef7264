-- STEDI step-trainer lakehouse (BATCH): landing JSON lines to trusted and curated Parquet zones.
-- Parameters: ${input}, the folder holding customer/landing/, accelerometer/landing/ and step_trainer/landing/;
--             ${lake}, the lake's root (s3://bucket/prefix or file:///dir).
-- Run: ./localstack/aq-lake pipeline sql/pipelines/02_stedi --set input=$PWD/../shared/data/stedi --lake DIR
--      (or pipeline.script=classpath:sql/pipelines/02_stedi/pipeline.sql, pipeline.mode=BATCH on Managed Flink)
-- Consent is decided as the main job decides it: a reading passes when its owner's research consent
-- (shareWithResearchAsOfDate) was in force at the reading's own time; a customer without the key never
-- consented. The curated tables and the dead letters hold no name, email, phone or birthday.

-- ---------------------------------------------------------------- landing: the lines as they are

CREATE TEMPORARY TABLE customer_landing (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}/customer/landing',
    'format' = 'raw'
);

CREATE TEMPORARY TABLE accelerometer_landing (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}/accelerometer/landing',
    'format' = 'raw'
);

CREATE TEMPORARY TABLE step_trainer_landing (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}/step_trainer/landing',
    'format' = 'raw'
);

-- ---------------------------------------------------------------- trusted zone

CREATE TABLE customer_trusted (
    customerName STRING,
    email STRING,
    phone STRING,
    birthDay STRING,
    serialNumber STRING,
    registrationDate BIGINT,
    lastUpdateDate BIGINT,
    shareWithResearchAsOfDate BIGINT,
    shareWithPublicAsOfDate BIGINT,
    shareWithFriendsAsOfDate BIGINT
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/trusted/customer_trusted',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE accelerometer_trusted (
    `user` STRING,
    `timestamp` BIGINT,
    x DOUBLE,
    y DOUBLE,
    z DOUBLE
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/trusted/accelerometer_trusted',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE step_trainer_trusted (
    sensorReadingTime BIGINT,
    serialNumber STRING,
    distanceFromObject INT
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/trusted/step_trainer_trusted',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

-- ---------------------------------------------------------------- curated zone: nothing personal

CREATE TABLE customer_curated (
    serialNumber STRING,
    registrationDate BIGINT,
    lastUpdateDate BIGINT,
    shareWithResearchAsOfDate BIGINT,
    shareWithPublicAsOfDate BIGINT,
    shareWithFriendsAsOfDate BIGINT
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/curated/customer_curated',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE machine_learning_curated (
    serialNumber STRING,
    sensorReadingTime BIGINT,
    distanceFromObject INT,
    x DOUBLE,
    y DOUBLE,
    z DOUBLE
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/curated/machine_learning_curated',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

-- a customer line holds a name, email, phone and birthday, an accelerometer line its owner's email: their
-- dead letters keep the reason, the file and the line's SHA-256 (hash each line of the file to find it), never
-- the line; a step-trainer line holds nothing personal and is kept whole
CREATE TABLE errors (
    source_table STRING,
    reason STRING,
    source_file STRING,
    line STRING,
    line_sha256 STRING
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/errors',
    'format' = 'json'
);

-- ---------------------------------------------------------------- parsing: a typed row, or the reason it is none

CREATE TEMPORARY VIEW customer_parsed AS
SELECT
    line,
    source_file,
    JSON_VALUE(line, '$.customerName') AS customerName,
    JSON_VALUE(line, '$.email') AS email,
    JSON_VALUE(line, '$.phone') AS phone,
    JSON_VALUE(line, '$.birthDay') AS birthDay,
    JSON_VALUE(line, '$.serialNumber') AS serialNumber,
    TRY_CAST(JSON_VALUE(line, '$.registrationDate') AS BIGINT) AS registrationDate,
    TRY_CAST(JSON_VALUE(line, '$.lastUpdateDate') AS BIGINT) AS lastUpdateDate,
    TRY_CAST(JSON_VALUE(line, '$.shareWithResearchAsOfDate') AS BIGINT) AS shareWithResearchAsOfDate,
    TRY_CAST(JSON_VALUE(line, '$.shareWithPublicAsOfDate') AS BIGINT) AS shareWithPublicAsOfDate,
    TRY_CAST(JSON_VALUE(line, '$.shareWithFriendsAsOfDate') AS BIGINT) AS shareWithFriendsAsOfDate,
    CASE
        WHEN line IS NOT JSON OBJECT THEN 'not-a-json-object'
        WHEN JSON_VALUE(line, '$.email') IS NULL THEN 'no-email'
        WHEN JSON_VALUE(line, '$.serialNumber') IS NULL THEN 'no-serial-number'
        WHEN JSON_EXISTS(line, '$.shareWithResearchAsOfDate')
            AND TRY_CAST(JSON_VALUE(line, '$.shareWithResearchAsOfDate') AS BIGINT) IS NULL
            THEN 'bad-share-with-research-date'
    END AS error
FROM customer_landing;

CREATE TEMPORARY VIEW accelerometer_parsed AS
SELECT
    line,
    source_file,
    JSON_VALUE(line, '$.user') AS `user`,
    TRY_CAST(JSON_VALUE(line, '$.timestamp') AS BIGINT) AS `timestamp`,
    TRY_CAST(JSON_VALUE(line, '$.x') AS DOUBLE) AS x,
    TRY_CAST(JSON_VALUE(line, '$.y') AS DOUBLE) AS y,
    TRY_CAST(JSON_VALUE(line, '$.z') AS DOUBLE) AS z,
    CASE
        WHEN line IS NOT JSON OBJECT THEN 'not-a-json-object'
        WHEN JSON_VALUE(line, '$.user') IS NULL THEN 'no-user'
        WHEN TRY_CAST(JSON_VALUE(line, '$.timestamp') AS BIGINT) IS NULL THEN 'bad-timestamp'
        WHEN TRY_CAST(JSON_VALUE(line, '$.x') AS DOUBLE) IS NULL OR TRY_CAST(JSON_VALUE(line, '$.y') AS DOUBLE) IS NULL
            OR TRY_CAST(JSON_VALUE(line, '$.z') AS DOUBLE) IS NULL THEN 'bad-xyz'
    END AS error
FROM accelerometer_landing;

CREATE TEMPORARY VIEW step_trainer_parsed AS
SELECT
    line,
    source_file,
    TRY_CAST(JSON_VALUE(line, '$.sensorReadingTime') AS BIGINT) AS sensorReadingTime,
    JSON_VALUE(line, '$.serialNumber') AS serialNumber,
    TRY_CAST(JSON_VALUE(line, '$.distanceFromObject') AS INT) AS distanceFromObject,
    CASE
        WHEN line IS NOT JSON OBJECT THEN 'not-a-json-object'
        WHEN TRY_CAST(JSON_VALUE(line, '$.sensorReadingTime') AS BIGINT) IS NULL THEN 'bad-sensor-reading-time'
        WHEN JSON_VALUE(line, '$.serialNumber') IS NULL THEN 'no-serial-number'
        WHEN TRY_CAST(JSON_VALUE(line, '$.distanceFromObject') AS INT) IS NULL THEN 'bad-distance'
    END AS error
FROM step_trainer_landing;

-- ---------------------------------------------------------------- the zones' rules

CREATE TEMPORARY VIEW trusted_customers AS
SELECT * FROM customer_parsed
WHERE error IS NULL AND shareWithResearchAsOfDate IS NOT NULL;

-- in event time: a reading measured before its owner's consent stays out, as the main job's gate decides
CREATE TEMPORARY VIEW trusted_readings AS
SELECT a.`user`, a.`timestamp`, a.x, a.y, a.z, c.serialNumber
FROM accelerometer_parsed AS a
JOIN trusted_customers AS c ON a.`user` = c.email
WHERE a.error IS NULL AND a.`timestamp` >= c.shareWithResearchAsOfDate;

CREATE TEMPORARY VIEW curated_customers AS
SELECT * FROM trusted_customers
WHERE email IN (SELECT `user` FROM trusted_readings);

CREATE TEMPORARY VIEW trusted_steps AS
SELECT sensorReadingTime, serialNumber, distanceFromObject
FROM step_trainer_parsed
WHERE error IS NULL AND serialNumber IN (SELECT serialNumber FROM curated_customers);

-- ---------------------------------------------------------------- one job

INSERT INTO customer_trusted
SELECT customerName, email, phone, birthDay, serialNumber, registrationDate, lastUpdateDate,
       shareWithResearchAsOfDate, shareWithPublicAsOfDate, shareWithFriendsAsOfDate
FROM trusted_customers;

INSERT INTO accelerometer_trusted
SELECT `user`, `timestamp`, x, y, z FROM trusted_readings;

INSERT INTO step_trainer_trusted
SELECT sensorReadingTime, serialNumber, distanceFromObject FROM trusted_steps;

INSERT INTO customer_curated
SELECT serialNumber, registrationDate, lastUpdateDate, shareWithResearchAsOfDate, shareWithPublicAsOfDate,
       shareWithFriendsAsOfDate
FROM curated_customers;

-- a step-trainer reading and an accelerometer reading of the same customer at the same millisecond
INSERT INTO machine_learning_curated
SELECT s.serialNumber, s.sensorReadingTime, s.distanceFromObject, r.x, r.y, r.z
FROM trusted_steps AS s
JOIN trusted_readings AS r ON s.serialNumber = r.serialNumber AND s.sensorReadingTime = r.`timestamp`;

INSERT INTO errors
SELECT 'customer', error, source_file, CAST(NULL AS STRING), SHA256(line) FROM customer_parsed WHERE error IS NOT NULL
UNION ALL
SELECT 'accelerometer', error, source_file, CAST(NULL AS STRING), SHA256(line) FROM accelerometer_parsed
WHERE error IS NOT NULL
UNION ALL
SELECT 'step_trainer', error, source_file, line, SHA256(line) FROM step_trainer_parsed WHERE error IS NOT NULL;
