package org.aqlake.tools.local;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;

import org.aqlake.tools.ToolException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Iceberg tables of a local lake with {@code lake.format=iceberg}: the job's JDBC catalog (an embedded
 * H2 database, or any JDBC URL whose driver is on the class path), its warehouse and its database. Each
 * table is counted from its current snapshot ({@link IcebergTableStats}); a table the catalog lacks is
 * absent, and the summary says so.
 */
public final class IcebergLake {

    /**
     * The catalog name the job registers its tables under ({@code IcebergTables.CATALOG_NAME}): Iceberg's
     * JDBC catalog keeps it in every row, so a reader must use the same one to see the tables.
     */
    public static final String CATALOG_NAME = "aq_lake";
    public static final String DEFAULT_DATABASE = "aq_lake";
    /** The tables the job writes with {@code lake.format=iceberg}, in the summary's order. */
    public static final List<String> TABLES = List.of(LakeSummary.READINGS, LakeSummary.ERRORS, LakeSummary.AGGREGATES);

    static final String FORMAT = "lake.format";
    static final String JDBC_URI = "iceberg.jdbc-uri";
    static final String WAREHOUSE = "iceberg.warehouse";
    static final String DATABASE = "iceberg.database";
    static final String SCHEMA_VERSION = "jdbc.schema-version";

    public final String catalogUri;
    public final String warehouse;
    public final String database;
    private final Path s3Dir;

    public IcebergLake(String catalogUri, String warehouse, String database, Path s3Dir) {
        this.catalogUri = Objects.requireNonNull(catalogUri, "catalogUri");
        this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
        this.database = Objects.requireNonNull(database, "database");
        this.s3Dir = Objects.requireNonNull(s3Dir, "s3Dir");
        if (!catalogUri.startsWith("jdbc:")) {
            throw new ToolException("The Iceberg catalog '" + catalogUri + "' is not a jdbc: URL");
        }
    }

    /** The lake's Iceberg tables when the flattened job config says {@code lake.format=iceberg}. */
    public static Optional<IcebergLake> fromConfig(Map<String, String> flat, Path s3Dir) {
        if (!"iceberg".equalsIgnoreCase(flat.getOrDefault(FORMAT, "parquet").trim())) {
            return Optional.empty();
        }
        String uri = flat.get(JDBC_URI);
        String warehouse = flat.get(WAREHOUSE);
        if (uri == null || uri.isBlank() || warehouse == null || warehouse.isBlank()) {
            throw new ToolException("With " + FORMAT + "=iceberg the config must name " + JDBC_URI + " and " + WAREHOUSE);
        }
        String database = flat.getOrDefault(DATABASE, DEFAULT_DATABASE);
        return Optional.of(new IcebergLake(uri.trim(), warehouse.trim(),
                database.isBlank() ? DEFAULT_DATABASE : database.trim(), s3Dir));
    }

    /**
     * The tables the catalog holds now, each counted from its current snapshot, in {@link #TABLES}' order; with
     * {@code readRows}, every row is read and its key checked (see {@link IcebergTableStats#of}).
     */
    public Map<String, IcebergTableStats> read(boolean readRows) throws IOException {
        Map<String, IcebergTableStats> found = new LinkedHashMap<>();
        Catalog catalog = CatalogUtil.loadCatalog(JdbcCatalog.class.getName(), CATALOG_NAME, Map.of(
                CatalogProperties.URI, catalogUri,
                CatalogProperties.WAREHOUSE_LOCATION, warehouse,
                // the catalog schema the job creates
                SCHEMA_VERSION, "V1"), new org.apache.hadoop.conf.Configuration());
        try {
            for (String name : TABLES) {
                TableIdentifier id = TableIdentifier.of(database, name);
                if (catalog.tableExists(id)) {
                    found.put(name, IcebergTableStats.of(catalog.loadTable(id), s3Dir, readRows));
                }
            }
        } finally {
            if (catalog instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) catalog).close();
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "Iceberg catalog " + catalogUri + " (warehouse " + warehouse + ", database " + database + ")";
    }
}
