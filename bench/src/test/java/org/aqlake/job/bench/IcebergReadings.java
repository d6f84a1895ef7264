package org.aqlake.job.bench;

import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.CloseableIterable;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Iceberg readings table ({@code lake.format=ICEBERG}) of a JDBC catalog in a local H2 file, with a
 * {@code file://} warehouse: a reader refreshes the table through the catalog and reads each data file of its
 * current snapshot that it has not read yet. A reading is visible once a snapshot that holds it is committed.
 * The other tables (aggregates, dead letters) are Parquet and JSON-lines folders under {@code lake}.
 */
final class IcebergReadings implements VisibleReadings {

    private final Map<String, String> config;
    private final Set<String> seen = new HashSet<>();
    private final IcebergTables tables;

    IcebergReadings(Path lake) throws Exception {
        Files.createDirectories(lake);
        config = config(lake);
        tables = JobConfig.from(config).iceberg.orElseThrow();
    }

    /** The keys of an Iceberg lake under {@code lake}: the readings table in {@code warehouse/}, its catalog in a file. */
    static Map<String, String> config(Path lake) {
        return Map.of(
                "lake.transformed-path", lake.toUri().toString(),
                "lake.format", "ICEBERG",
                // the format alone; IcebergMaintenanceBench measures what maintenance adds
                "iceberg.maintenance.enabled", "false",
                "iceberg.warehouse", lake.resolve("warehouse").toUri().toString(),
                // the first JVM to open the file serves it to the others, as the local run's catalog does
                "iceberg.jdbc-uri", "jdbc:h2:file:" + lake.resolve("catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE");
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    /** Loads the table through a catalog opened for this call, as a query engine's reader does for a query. */
    @Override
    public List<String> newlyVisible() throws Exception {
        List<String> ids = new ArrayList<>();
        Catalog catalog = tables.catalog().loadCatalog();
        try (AutoCloseable closing = (AutoCloseable) catalog) {
            if (!catalog.tableExists(tables.readingsTable())) {
                return ids; // the job creates it when its graph is built
            }
            Table table = catalog.loadTable(tables.readingsTable());
            if (table.currentSnapshot() == null) {
                return ids;
            }
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    String file = task.file().location();
                    if (seen.add(file)) {
                        ids.addAll(VisibleReadings.deviceIds(file));
                    }
                }
            }
        }
        return ids;
    }

    @Override
    public void close() {
        // nothing held between calls
    }
}
