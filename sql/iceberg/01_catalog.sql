-- ./sql/console --format iceberg: the job's Iceberg catalog (lake.format=iceberg), Iceberg's JDBC catalog
-- over the embedded H2 database that ./localstack/run --format iceberg keeps in <data dir>/iceberg/. The
-- catalog is named aq_lake as the job names it: Iceberg's JDBC catalog keeps that name in every row, and
-- a catalog of another name sees none of the job's tables. ${catalog_uri} and ${warehouse} are the job's
-- iceberg.jdbc-uri and iceberg.warehouse; the console fills them in (--catalog-uri, --warehouse).
-- The tables are then aq_lake.<iceberg.database>.readings and so on; the files that follow make each one
-- readable under the name the queries use.
CREATE CATALOG aq_lake WITH (
  'type' = 'iceberg',
  'catalog-impl' = 'org.apache.iceberg.jdbc.JdbcCatalog',
  'uri' = '${catalog_uri}',
  'warehouse' = '${warehouse}',
  -- the catalog schema the job creates (Iceberg 1.5 on)
  'jdbc.schema-version' = 'V1'
);
