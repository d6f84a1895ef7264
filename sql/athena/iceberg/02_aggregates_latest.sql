-- Athena, lake.format=iceberg: the view the queries and QuickSight read (QUICKSIGHT.md), over the Iceberg
-- aggregates table that the job creates in the Glue catalog. With Iceberg a correction replaces its row
-- rather than adding a revision, so the table holds only the latest row of each place, parameter, unit and
-- window: the view is the table itself, kept so that what reads aggregates_latest reads either format.
-- Run it in the Glue database of iceberg.database (aq_lake by default) once the job has created the table.
CREATE OR REPLACE VIEW aggregates_latest AS
SELECT * FROM aggregates
