package org.aqlake.job.iceberg;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Iceberg tables of {@code lake.format=iceberg}: their catalog, database and partitioning, and the
 * Flink sink that writes each one. A table that is not in the catalog yet is created when the sink is
 * built, with ZSTD Parquet data files.
 */
public final class IcebergTables implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final String READINGS = "readings";
    static final String CATALOG_NAME = "aq_lake";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final CatalogType catalogType;
    private final Map<String, String> catalogProperties;
    private final String database;
    private final String readingsPartitioning;

    private IcebergTables(Builder b) {
        catalogType = b.catalogType;
        catalogProperties = b.properties;
        database = b.database;
        readingsPartitioning = b.readingsPartitioning;
    }

    public String database() {
        return database;
    }

    public CatalogLoader catalog() {
        return CatalogLoader.custom(CATALOG_NAME, catalogProperties, new org.apache.hadoop.conf.Configuration(),
                catalogType.implementation);
    }

    /** The JDBC catalog's database URL, as other JVMs (the SQL console, the local run's summary) open it. */
    public Optional<String> catalogUri() {
        return Optional.ofNullable(catalogProperties.get(CatalogProperties.URI));
    }

    /** Creates the tables the catalog lacks, and their database; a no-op for the tables it has. */
    public void createTables() {
        createIfAbsent(readingsTable(), ReadingRows.SCHEMA, readingsSpec());
    }

    public TableIdentifier readingsTable() {
        return TableIdentifier.of(database, READINGS);
    }

    public PartitionSpec readingsSpec() {
        return PartitionSpecs.parse(readingsPartitioning, ReadingRows.SCHEMA);
    }

    /** The sink of the readings table, which it creates if the catalog lacks it; rows as {@link ReadingRows}. */
    public FlinkSink.Builder readings(DataStream<RowData> rows) {
        createIfAbsent(readingsTable(), ReadingRows.SCHEMA, readingsSpec());
        return FlinkSink.forRowData(rows)
                .tableLoader(TableLoader.fromCatalog(catalog(), readingsTable()))
                .distributionMode(org.apache.iceberg.DistributionMode.NONE);
    }

    private void createIfAbsent(TableIdentifier id, Schema schema, PartitionSpec spec) {
        Catalog catalog = catalog().loadCatalog();
        try {
            if (catalog instanceof SupportsNamespaces
                    && !((SupportsNamespaces) catalog).namespaceExists(Namespace.of(database))) {
                ((SupportsNamespaces) catalog).createNamespace(Namespace.of(database));
            }
        } catch (AlreadyExistsException raced) {
            // another job created it first
        }
        try {
            if (!catalog.tableExists(id)) {
                catalog.createTable(id, schema, spec, Map.of(
                        TableProperties.DEFAULT_FILE_FORMAT, "parquet",
                        TableProperties.PARQUET_COMPRESSION, "zstd"));
            }
        } catch (AlreadyExistsException raced) {
            // another job created it first
        } finally {
            if (catalog instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) catalog).close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "iceberg{" + catalogType + " catalog, warehouse=" + catalogProperties.get(CatalogProperties.WAREHOUSE_LOCATION)
                + ", database=" + database + ", readings partitioned by " + readingsPartitioning + "}";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings; {@link #build()} checks them. */
    public static final class Builder {
        private CatalogType catalogType = CatalogType.JDBC;
        private String warehouse;
        private Optional<String> jdbcUri = Optional.empty();
        private String database = "aq_lake";
        private String readingsPartitioning = "hours(event_time)";
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {}

        /** The catalog, the warehouse location under which its tables' files go, and the JDBC catalog's database URL. */
        public Builder catalog(CatalogType type, String warehouse, Optional<String> jdbcUri) {
            this.catalogType = Objects.requireNonNull(type, "type");
            this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
            this.jdbcUri = Objects.requireNonNull(jdbcUri, "jdbcUri");
            return this;
        }

        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        public Builder readingsPartitioning(String spec) {
            this.readingsPartitioning = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /** @throws IllegalArgumentException saying which setting is wrong: "database", "jdbc-uri", "partition-spec" */
        public IcebergTables build() {
            if (warehouse == null) {
                throw new IllegalStateException("call catalog(...)");
            }
            if (!NAME.matcher(database).matches()) {
                throw new IllegalArgumentException("database: '" + database + "' is not a lower-case name of letters,"
                        + " digits and underscores (Glue and Athena fold names to lower case)");
            }
            properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
            if (catalogType == CatalogType.JDBC) {
                String uri = H2CatalogUri.check(jdbcUri.orElseThrow(() -> new IllegalArgumentException(
                        "jdbc-uri: the JDBC catalog needs the URL of its database, for example " + H2CatalogUri.EXAMPLE)));
                properties.put(CatalogProperties.URI, uri);
                properties.put("jdbc.schema-version", "V1"); // the catalog schema of Iceberg 1.5 on, with views
            } else {
                jdbcUri.ifPresent(u -> {
                    throw new IllegalArgumentException("jdbc-uri: set only with the JDBC catalog");
                });
            }
            try {
                readingsSpec(readingsPartitioning);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("partition-spec: " + e.getMessage(), e);
            }
            return new IcebergTables(this);
        }

        private static void readingsSpec(String spec) {
            PartitionSpecs.parse(spec, ReadingRows.SCHEMA);
        }
    }
}
