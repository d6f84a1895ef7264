package org.aqlake.job.iceberg;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local JDBC catalog over an embedded H2 file, as {@link IcebergTables} configures it: the tables are
 * found again by a new catalog, two tables' committers commit at the same time without failing, and
 * another JVM opens the database while the job holds it.
 */
class H2CatalogTest {

    static final int COMMITS_PER_TABLE = 25;
    static final long PROCESS_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    IcebergTables tables() {
        return IcebergTables.builder()
                .catalog(CatalogType.JDBC, dir.resolve("warehouse").toUri().toString(),
                        Optional.of("jdbc:h2:file:" + dir.resolve("catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE"))
                .build();
    }

    static DataFile file(Table table, String name) {
        return DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/" + name + ".parquet")
                .withFileSizeInBytes(100)
                .withRecordCount(1)
                .build();
    }

    @Test
    void aNewCatalogFindsTheTablesTheJobCreated() throws Exception {
        tables().createTables();

        Catalog again = tables().catalog().loadCatalog();
        try (Closeable pool = (Closeable) again) {
            assertThat(again.tableExists(tables().readingsTable())).isTrue();
        }
        tables().createTables(); // a restarted job finds them rather than creating them twice
    }

    @Test
    void twoTablesCommittersCommitAtTheSameTimeAndEveryCommitLands() throws Exception {
        IcebergTables tables = tables();
        tables.createTables();
        List<TableIdentifier> two = List.of(TableIdentifier.of(tables.database(), "one"),
                TableIdentifier.of(tables.database(), "two"));
        Catalog setup = tables.catalog().loadCatalog();
        try (Closeable pool = (Closeable) setup) {
            for (TableIdentifier id : two) {
                setup.createTable(id, ReadingRows.SCHEMA, PartitionSpec.unpartitioned());
            }
        }

        ExecutorService committers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (TableIdentifier id : two) {
                done.add(committers.submit(() -> {
                    // each committer its own catalog and connection pool, as each Iceberg sink's has
                    Catalog catalog = tables.catalog().loadCatalog();
                    try (Closeable pool = (Closeable) catalog) {
                        for (int i = 0; i < COMMITS_PER_TABLE; i++) {
                            Table table = catalog.loadTable(id);
                            table.newFastAppend().appendFile(file(table, id.name() + "-" + i)).commit();
                        }
                    }
                    return COMMITS_PER_TABLE;
                }));
            }
            for (Future<Integer> f : done) {
                f.get(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            committers.shutdownNow();
        }

        Catalog reader = tables.catalog().loadCatalog();
        try (Closeable pool = (Closeable) reader) {
            for (TableIdentifier id : two) {
                List<Object> snapshots = new ArrayList<>();
                reader.loadTable(id).snapshots().forEach(snapshots::add);
                assertThat(snapshots).as(id.toString()).hasSize(COMMITS_PER_TABLE);
            }
        }
    }

    @Test
    void anotherJvmReadsTheCatalogWhileTheJobHoldsIt() throws Exception {
        IcebergTables tables = tables();
        tables.createTables();
        Catalog job = tables.catalog().loadCatalog();
        try (Closeable pool = (Closeable) job) {
            assertThat(job.tableExists(tables.readingsTable())).isTrue(); // holds a connection, so the file

            Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", h2.toString(), "org.h2.tools.Shell",
                    "-url", tables.catalogUri().orElseThrow(), "-user", "", "-password", "",
                    "-sql", "SELECT table_namespace, table_name FROM iceberg_tables")
                    .redirectErrorStream(true).start();
            assertThat(other.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            String out = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(other.exitValue()).as(out).isZero();
            assertThat(out).contains("aq_lake").contains("readings");
        }
    }
}
