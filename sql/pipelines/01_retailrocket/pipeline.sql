-- RetailRocket CSV lake (BATCH): events, item_properties and category_tree as partitioned, ZSTD Parquet,
-- with their columns as the CSV names them. Every line is a row or a dead letter in errors/.
-- Parameters: ${input}, the folder of events.csv, item_properties_part*.csv and category_tree.csv;
--             ${lake}, the lake's root (s3://bucket/prefix or file:///dir).
-- Run: ./localstack/aq-lake pipeline sql/pipelines/01_retailrocket --set input=$PWD/../shared/data/retailrocket --lake DIR
--      (or pipeline.script=classpath:sql/pipelines/01_retailrocket/pipeline.sql, pipeline.mode=BATCH on Managed Flink)
-- Partitions: events and item_properties by the UTC date of their timestamp (a few hundred folders a
-- year, each a day's rows), category_tree in one folder. Not by itemid: see README.md.

SET 'table.local-time-zone' = 'UTC';

-- ---------------------------------------------------------------- landing: the files' lines as they are

CREATE TEMPORARY TABLE events_landing (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}',
    'source.path.regex-pattern' = '.*/events\.csv',
    'format' = 'raw'
);

CREATE TEMPORARY TABLE item_properties_landing (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}',
    'source.path.regex-pattern' = '.*/item_properties_part[0-9]+\.csv',
    'format' = 'raw'
);

CREATE TEMPORARY TABLE category_tree_landing (
    line STRING,
    source_file STRING NOT NULL METADATA FROM 'file.path'
) WITH (
    'connector' = 'filesystem',
    'path' = '${input}',
    'source.path.regex-pattern' = '.*/category_tree\.csv',
    'format' = 'raw'
);

-- ---------------------------------------------------------------- the lake

CREATE TABLE events (
    `timestamp` BIGINT,
    visitorid BIGINT,
    event STRING,
    itemid BIGINT,
    transactionid BIGINT,
    event_date STRING
) PARTITIONED BY (event_date) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/events',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE item_properties (
    `timestamp` BIGINT,
    itemid BIGINT,
    property STRING,
    `value` STRING,
    snapshot_date STRING
) PARTITIONED BY (snapshot_date) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/item_properties',
    'format' = 'parquet',
    'parquet.compression' = 'ZSTD'
);

CREATE TABLE category_tree (
    categoryid BIGINT,
    parentid BIGINT
) WITH (
    'connector' = 'filesystem',
    'path' = '${lake}/category_tree',
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

CREATE TEMPORARY VIEW events_parsed AS
SELECT
    line,
    source_file,
    TRY_CAST(SPLIT_INDEX(line, ',', 0) AS BIGINT) AS `timestamp`,
    TRY_CAST(SPLIT_INDEX(line, ',', 1) AS BIGINT) AS visitorid,
    SPLIT_INDEX(line, ',', 2) AS event,
    TRY_CAST(SPLIT_INDEX(line, ',', 3) AS BIGINT) AS itemid,
    -- printed as a float (14418.0): an id all the same
    CAST(TRY_CAST(NULLIF(SPLIT_INDEX(line, ',', 4), '') AS DOUBLE) AS BIGINT) AS transactionid,
    CASE
        WHEN SPLIT_INDEX(line, ',', 4) IS NULL OR SPLIT_INDEX(line, ',', 5) IS NOT NULL THEN 'not-5-fields'
        WHEN TRY_CAST(SPLIT_INDEX(line, ',', 0) AS BIGINT) IS NULL THEN 'bad-timestamp'
        WHEN TRY_CAST(SPLIT_INDEX(line, ',', 1) AS BIGINT) IS NULL THEN 'bad-visitorid'
        WHEN SPLIT_INDEX(line, ',', 2) NOT IN ('view', 'addtocart', 'transaction') THEN 'unknown-event'
        WHEN TRY_CAST(SPLIT_INDEX(line, ',', 3) AS BIGINT) IS NULL THEN 'bad-itemid'
        WHEN SPLIT_INDEX(line, ',', 4) <> '' AND TRY_CAST(SPLIT_INDEX(line, ',', 4) AS DOUBLE) IS NULL
            THEN 'bad-transactionid'
    END AS error
FROM events_landing
WHERE line <> 'timestamp,visitorid,event,itemid,transactionid';

CREATE TEMPORARY VIEW item_properties_parsed AS
SELECT
    line,
    source_file,
    TRY_CAST(SPLIT_INDEX(line, ',', 0) AS BIGINT) AS `timestamp`,
    TRY_CAST(SPLIT_INDEX(line, ',', 1) AS BIGINT) AS itemid,
    SPLIT_INDEX(line, ',', 2) AS property,
    SPLIT_INDEX(line, ',', 3) AS `value`,
    CASE
        WHEN SPLIT_INDEX(line, ',', 3) IS NULL OR SPLIT_INDEX(line, ',', 4) IS NOT NULL THEN 'not-4-fields'
        WHEN TRY_CAST(SPLIT_INDEX(line, ',', 0) AS BIGINT) IS NULL THEN 'bad-timestamp'
        WHEN TRY_CAST(SPLIT_INDEX(line, ',', 1) AS BIGINT) IS NULL THEN 'bad-itemid'
        WHEN SPLIT_INDEX(line, ',', 2) = '' THEN 'no-property'
    END AS error
FROM item_properties_landing
WHERE line <> 'timestamp,itemid,property,value';

CREATE TEMPORARY VIEW category_tree_parsed AS
SELECT
    line,
    source_file,
    TRY_CAST(SPLIT_INDEX(line, ',', 0) AS BIGINT) AS categoryid,
    -- a root category has no parent
    TRY_CAST(NULLIF(SPLIT_INDEX(line, ',', 1), '') AS BIGINT) AS parentid,
    CASE
        WHEN SPLIT_INDEX(line, ',', 1) IS NULL OR SPLIT_INDEX(line, ',', 2) IS NOT NULL THEN 'not-2-fields'
        WHEN TRY_CAST(SPLIT_INDEX(line, ',', 0) AS BIGINT) IS NULL THEN 'bad-categoryid'
        WHEN SPLIT_INDEX(line, ',', 1) <> '' AND TRY_CAST(SPLIT_INDEX(line, ',', 1) AS BIGINT) IS NULL
            THEN 'bad-parentid'
    END AS error
FROM category_tree_landing
WHERE line <> 'categoryid,parentid';

-- ---------------------------------------------------------------- one job

INSERT INTO events
SELECT `timestamp`, visitorid, event, itemid, transactionid,
       DATE_FORMAT(TO_TIMESTAMP_LTZ(`timestamp`, 3), 'yyyy-MM-dd')
FROM events_parsed
WHERE error IS NULL;

INSERT INTO item_properties
SELECT `timestamp`, itemid, property, `value`, DATE_FORMAT(TO_TIMESTAMP_LTZ(`timestamp`, 3), 'yyyy-MM-dd')
FROM item_properties_parsed
WHERE error IS NULL;

INSERT INTO category_tree
SELECT categoryid, parentid
FROM category_tree_parsed
WHERE error IS NULL;

INSERT INTO errors
SELECT 'events', error, source_file, line FROM events_parsed WHERE error IS NOT NULL
UNION ALL
SELECT 'item_properties', error, source_file, line FROM item_properties_parsed WHERE error IS NOT NULL
UNION ALL
SELECT 'category_tree', error, source_file, line FROM category_tree_parsed WHERE error IS NOT NULL;
