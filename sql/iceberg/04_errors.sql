-- The Iceberg dead-letter table under the console's name.
CREATE TEMPORARY VIEW errors AS SELECT * FROM aq_lake.${database}.errors;
