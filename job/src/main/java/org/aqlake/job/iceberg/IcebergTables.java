package org.aqlake.job.iceberg;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.PartitionField;
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
import java.util.EnumMap;
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
    static final String CATALOG_NAME = "aq_lake";
    /** Metadata files kept beside the current one: about this many commits back (minutes at 1 min checkpoints). */
    private static final int PREVIOUS_METADATA_FILES = 100;
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final CatalogType catalogType;
    private final String catalogImplementation;
    private final Map<String, String> catalogProperties;
    private final String database;
    private final EnumMap<LakeTable, String> partitioning;

    private IcebergTables(Builder b) {
        catalogType = b.catalogType;
        catalogImplementation = b.catalogImplementation.orElse(b.catalogType.implementation);
        catalogProperties = b.properties;
        database = b.database;
        partitioning = new EnumMap<>(b.partitioning);
    }

    public String database() {
        return database;
    }

    public CatalogLoader catalog() {
        return CatalogLoader.custom(CATALOG_NAME, catalogProperties, new org.apache.hadoop.conf.Configuration(),
                catalogImplementation);
    }

    /** What the catalog is built with: the warehouse, file IO, AWS clients; never credentials. */
    public Map<String, String> catalogProperties() {
        return java.util.Collections.unmodifiableMap(catalogProperties);
    }

    /** The JDBC catalog's database URL, as other JVMs (the SQL console, the local run's summary) open it. */
    public Optional<String> catalogUri() {
        return Optional.ofNullable(catalogProperties.get(CatalogProperties.URI));
    }

    /** Creates the tables the catalog lacks, and their database; a no-op for the tables it has. */
    public void createTables() {
        for (LakeTable table : LakeTable.values()) {
            createIfAbsent(table);
        }
    }

    public TableIdentifier identifier(LakeTable table) {
        return TableIdentifier.of(database, table.tableName);
    }

    /** The table's own loader: what its sink commits through, and what work on one table (maintenance) loads it by. */
    public TableLoader tableLoader(LakeTable table) {
        return TableLoader.fromCatalog(catalog(), identifier(table));
    }

    public PartitionSpec spec(LakeTable table) {
        return PartitionSpecs.parse(partitioning.get(table), table.schema);
    }

    public TableIdentifier readingsTable() {
        return identifier(LakeTable.READINGS);
    }

    public PartitionSpec readingsSpec() {
        return spec(LakeTable.READINGS);
    }

    /**
     * The sink of a table, which it creates if the catalog lacks it; rows as the table's row mapper makes them.
     * A table with an upsert key is upserted by it: the sink sends each key to one writer, which deletes the
     * key's row (an equality delete) as it writes the new one.
     */
    public FlinkSink.Builder sink(LakeTable table, DataStream<RowData> rows) {
        createIfAbsent(table);
        FlinkSink.Builder sink = FlinkSink.forRowData(rows)
                .tableLoader(tableLoader(table))
                .distributionMode(DistributionMode.NONE);
        if (!table.upsertKey.isEmpty()) {
            sink.equalityFieldColumns(table.upsertKey).upsert(true);
        }
        return sink;
    }

    private void createIfAbsent(LakeTable table) {
        createIfAbsent(identifier(table), table.schema, spec(table));
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
                // format v2: the row-level deletes of the upserted aggregates. A commit per checkpoint writes a
                // metadata file holding every snapshot: keep only the latest ones, even with maintenance off
                catalog.createTable(id, schema, spec, Map.of(
                        TableProperties.FORMAT_VERSION, "2",
                        TableProperties.DEFAULT_FILE_FORMAT, "parquet",
                        TableProperties.PARQUET_COMPRESSION, "zstd",
                        TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
                        TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, Integer.toString(PREVIOUS_METADATA_FILES)));
            }
        } catch (AlreadyExistsException raced) {
            // another job created it first, or the name is taken by a table that is not Iceberg's
            if (!catalog.tableExists(id)) {
                throw new IllegalStateException("The catalog has a table " + id + " that is not an Iceberg table (for"
                        + " example one made by the Parquet DDL of sql/athena/): drop it, or give the Iceberg tables"
                        + " another database", raced);
            }
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
                + ", database=" + database + ", partitioned: " + partitioning + "}";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings; {@link #build()} checks them. */
    public static final class Builder {
        private CatalogType catalogType = CatalogType.JDBC;
        private String warehouse;
        private Optional<String> jdbcUri = Optional.empty();
        private Optional<String> catalogImplementation = Optional.empty();
        private String database = "aq_lake";
        private final EnumMap<LakeTable, String> partitioning = new EnumMap<>(LakeTable.class);
        private Optional<AwsClients> aws = Optional.empty();
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
            for (LakeTable table : LakeTable.values()) {
                partitioning.put(table, table.defaultPartitioning);
            }
        }

        /** The catalog, the warehouse location under which its tables' files go, and the JDBC catalog's database URL. */
        public Builder catalog(CatalogType type, String warehouse, Optional<String> jdbcUri) {
            this.catalogType = Objects.requireNonNull(type, "type");
            this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
            this.jdbcUri = Objects.requireNonNull(jdbcUri, "jdbcUri");
            return this;
        }

        /** How S3FileIO (an {@code s3://} warehouse) and the Glue catalog reach AWS; needed by either. */
        public Builder aws(AwsClients aws) {
            this.aws = Optional.of(Objects.requireNonNull(aws, "aws"));
            return this;
        }

        /** A subclass of the catalog type's class in its place: how tests inject faults into the catalog. */
        public Builder catalogImplementation(String className) {
            this.catalogImplementation = Optional.of(className);
            return this;
        }

        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        public Builder readingsPartitioning(String spec) {
            return partitioning(LakeTable.READINGS, spec);
        }

        /** The table's partition spec, in Iceberg's transforms ({@link PartitionSpecs}). */
        public Builder partitioning(LakeTable table, String spec) {
            partitioning.put(table, Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /**
         * @throws IllegalArgumentException saying which setting is wrong: "database", "warehouse", "jdbc-uri",
         *     "glue-endpoint", "partition-spec"
         */
        public IcebergTables build() {
            if (warehouse == null) {
                throw new IllegalStateException("call catalog(...)");
            }
            if (!NAME.matcher(database).matches()) {
                throw new IllegalArgumentException("database: '" + database + "' is not a lower-case name of letters,"
                        + " digits and underscores (Glue and Athena fold names to lower case)");
            }
            properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
            properties.putAll(Warehouses.catalogProperties(catalogType, warehouse, aws));
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
            for (LakeTable table : LakeTable.values()) {
                checkSpec(table, partitioning.get(table));
            }
            return new IcebergTables(this);
        }

        private static void checkSpec(LakeTable table, String text) {
            PartitionSpec spec;
            try {
                spec = PartitionSpecs.parse(text, table.schema);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(table.partitionSetting() + ": " + e.getMessage(), e);
            }
            // a key's row and the delete that replaces it must fall in one partition
            for (PartitionField field : spec.fields()) {
                String column = table.schema.findColumnName(field.sourceId());
                if (!table.upsertKey.isEmpty() && !table.upsertKey.contains(column)) {
                    throw new IllegalArgumentException(table.partitionSetting() + ": '" + column + "' is not one of"
                            + " the columns that identify a row, " + table.upsertKey + ", and a correction must replace"
                            + " its row within one partition");
                }
            }
        }
    }
}
