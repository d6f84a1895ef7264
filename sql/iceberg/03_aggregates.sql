-- The Iceberg aggregates table under the console's name. With Iceberg a correction replaces its row
-- instead of adding a revision, so the table holds only the latest of each place, parameter, unit and
-- window, and aggregates_latest is the table itself.
CREATE TEMPORARY VIEW aggregates AS SELECT * FROM aq_lake.${database}.aggregates;

CREATE TEMPORARY VIEW aggregates_latest AS SELECT * FROM aggregates;
