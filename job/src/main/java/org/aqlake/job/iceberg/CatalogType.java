package org.aqlake.job.iceberg;

/** The Iceberg catalog the tables are registered in: {@code iceberg.catalog-type}. */
public enum CatalogType {
    /** Iceberg's JDBC catalog, here over an embedded H2 database file: the local catalog. */
    JDBC("org.apache.iceberg.jdbc.JdbcCatalog"),
    /** The AWS Glue Data Catalog. */
    GLUE("org.apache.iceberg.aws.glue.GlueCatalog");

    /** The Iceberg catalog class. */
    public final String implementation;

    CatalogType(String implementation) {
        this.implementation = implementation;
    }
}
