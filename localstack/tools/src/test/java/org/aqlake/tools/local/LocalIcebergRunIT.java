package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;

import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.OpenAqSamples;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./localstack/run --format iceberg --replay FILE --until-drained --summary OUT.json}, end to end
 * through the script: the job writes its Iceberg tables into a JDBC catalog over an embedded H2 file in the
 * run's data folder, and the summary counts each from its current snapshot. DuckDB reads the data files of
 * that snapshot (listed through Iceberg's own API, opened here independently of the summary) and must find
 * every reading of the file once.
 */
class LocalIcebergRunIT {

    static final int MINUTES_TO_RUN = 8;

    @TempDir
    static Path dir;

    static Path dataDir;
    static List<String> goodLines;
    static int[] ports;
    static String output;
    static JsonNode summary;

    @BeforeAll
    static void runTheBoundedReplayIntoIcebergTablesThroughTheScript() throws Exception {
        dataDir = dir.resolve("data");
        goodLines = new ArrayList<>(OpenAqSamples.realtimeLines());
        goodLines.addAll(OpenAqSamples.csvAsRealtimeJson());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (String line : goodLines) {
            file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (String line : LocalRunIT.BAD_LINES.keySet()) {
            file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path replay = Files.write(dir.resolve("replay.ndjson"), file.toByteArray());
        ports = LocalRunIT.freePorts(5);
        Path summaryFile = dir.resolve("out/summary.json");
        Path log = Path.of("target", "local-iceberg-run-it.log").toAbsolutePath();

        Process run = new ProcessBuilder(LocalRunIT.ROOT.resolve("localstack/run").toString(), "--format", "iceberg",
                "--replay", replay.toString(), "--until-drained", "--summary", summaryFile.toString(),
                "--kinesis-port", Integer.toString(ports[0]), "--kinesis-tls-port", Integer.toString(ports[1]),
                "--s3-port", Integer.toString(ports[2]), "--web-port", Integer.toString(ports[3]),
                "--dashboard-port", Integer.toString(ports[4]), "--data-dir", dataDir.toString())
                .directory(LocalRunIT.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!run.waitFor(MINUTES_TO_RUN, TimeUnit.MINUTES)) {
            run.descendants().forEach(ProcessHandle::destroy);
            run.destroy();
            throw new AssertionError("./localstack/run did not end within " + MINUTES_TO_RUN + " minutes; see " + log);
        }
        output = Files.readString(log);
        assertThat(run.exitValue()).as("exit code of ./localstack/run; its output:%n%s", output).isZero();
        summary = LocalRunIT.JSON.readTree(summaryFile.toFile());
    }

    @Test
    void theSummaryCountsTheReadingsFromTheIcebergTablesCurrentSnapshotEachOnce() {
        assertThat(summary.get("format").asText()).isEqualTo("iceberg");
        assertThat(summary.get("records_sent").asLong()).isEqualTo(goodLines.size() + LocalRunIT.BAD_LINES.size());
        assertThat(summary.get("rows").get("readings").asLong()).isEqualTo(goodLines.size());
        assertThat(summary.get("rows").get("errors").asLong()).isEqualTo(LocalRunIT.BAD_LINES.size());
        JsonNode iceberg = summary.get("iceberg");
        assertThat(iceberg.get("distinct_keys").get("readings").asLong()).isEqualTo(goodLines.size());
        for (String table : IcebergLake.TABLES) {
            assertThat(iceberg.get("snapshots").get(table)).as("snapshot of %s", table).isNotNull();
            assertThat(iceberg.get("snapshots").get(table).asLong()).as("snapshot of %s", table).isNotEqualTo(-1);
            assertThat(iceberg.get("rows_written_twice").get(table)).as("rows of %s written twice", table).isNotNull();
            assertThat(iceberg.get("rows_written_twice").get(table).asLong()).as("rows of %s written twice", table)
                    .isZero();
        }
        assertThat(summary.get("rows_written_twice").asLong()).isZero();
    }

    @Test
    void theCatalogIsAnH2FileInTheRunsDataFolderAndTheSummaryNamesTheTablesFolders() {
        assertThat(dataDir.resolve("iceberg/catalog.mv.db")).isRegularFile();
        Path readings = Path.of(summary.get("tables").get("readings").asText());
        assertThat(readings).startsWith(dataDir.resolve("iceberg/warehouse"));
        assertThat(readings.resolve("metadata")).isDirectory();
        assertThat(readings.resolve("data")).isDirectory();
        // the job writes all three tables to the catalog: none is counted from a folder
        assertThat(summary.get("iceberg").get("tables_absent")).isEmpty();
        for (String table : IcebergLake.TABLES) {
            assertThat(Path.of(summary.get("tables").get(table).asText())).as("folder of %s", table)
                    .startsWith(dataDir.resolve("iceberg/warehouse"));
        }
    }

    @Test
    void duckDbFindsEveryReplayedReadingOnceInTheDataFilesOfTheCurrentSnapshot() throws Exception {
        List<String> files = new ArrayList<>();
        long bytes = 0;
        Catalog catalog = CatalogUtil.loadCatalog(JdbcCatalog.class.getName(), IcebergLake.CATALOG_NAME, Map.of(
                CatalogProperties.URI, "jdbc:h2:file:" + dataDir.resolve("iceberg/catalog") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE",
                "jdbc.schema-version", "V1",
                CatalogProperties.WAREHOUSE_LOCATION, dataDir.resolve("iceberg/warehouse").toUri().toString()),
                new org.apache.hadoop.conf.Configuration());
        try {
            Table table = catalog.loadTable(TableIdentifier.of(IcebergLake.DEFAULT_DATABASE, "readings"));
            assertThat(table.currentSnapshot().snapshotId()).isEqualTo(
                    summary.get("iceberg").get("snapshots").get("readings").asLong());
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask t : tasks) {
                    assertThat(t.deletes()).isEmpty();
                    files.add(Path.of(URI.create(t.file().location())).toString());
                    bytes += t.file().fileSizeInBytes();
                }
            }
        } finally {
            ((AutoCloseable) catalog).close();
        }
        Map<String, Long> expected = new HashMap<>();
        for (String line : goodLines) {
            expected.merge(OpenAqSamples.expected(line).key(), 1L, Long::sum);
        }

        Map<String, Long> found = new HashMap<>();
        for (String f : files) {
            DuckDb.query("SELECT location, epoch_ms(event_time) AS t, parameter, value FROM read_parquet(?)", f)
                    .forEach(r -> found.merge(r.get("location") + "|" + r.get("t") + "|" + r.get("parameter") + "|"
                            + r.get("value"), 1L, Long::sum));
        }

        assertThat(found).isEqualTo(expected);
        assertThat((long) files.size()).isEqualTo(summary.get("files").get("readings").asLong());
        assertThat(bytes).isEqualTo(summary.get("bytes").get("readings").asLong());
    }

    @Test
    void noEmulatorOrJobProcessOutlivesTheScript() throws Exception {
        for (String line : Files.readAllLines(dataDir.resolve("run/processes"))) {
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(line.split(" ")[1]));
            assertThat(p.isPresent() && p.get().isAlive()).as("%s is still running", line).isFalse();
        }
        for (int port : ports) {
            try (ServerSocket free = new ServerSocket(port)) {
                assertThat(free.getLocalPort()).isEqualTo(port);
            }
        }
        assertThat(output).contains("Iceberg table aq_lake.readings");
    }

    @Test
    void aFormatThatIsNeitherParquetNorIcebergIsRefusedNamingTheFlag() throws Exception {
        Process run = new ProcessBuilder(LocalRunIT.ROOT.resolve("localstack/run").toString(), "--format", "orc")
                .redirectErrorStream(true).start();
        String said = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(run.waitFor()).isEqualTo(2);
        assertThat(said).contains("--format: 'orc' is neither parquet nor iceberg");
        assertThat(said.lines().collect(Collectors.toList())).hasSize(1);
    }
}
