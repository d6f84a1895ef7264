package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.support.DuckDb;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming crime recipe through the script a user runs: {@code ./localstack/run --pipeline
 * sql/pipelines/04_sacramento_crime_stream --replay <the shared crime CSV> --until-drained --summary OUT.json},
 * on free ports. The summary names each table's folder and rows, and DuckDB finds the same in the folders.
 */
class LocalCrimeStreamIT {

    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    static final Path RECIPE = ROOT.resolve("sql/pipelines/04_sacramento_crime_stream");
    static final Path CRIME = Path.of(System.getProperty("shared.data.dir", "../../../shared/data"), "crime",
            "SacramentocrimeJanuary2006.csv").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static final int ROWS = 7_358;
    static final int DAYS_OF_JANUARY = 31;

    @TempDir
    static Path dir;

    static Path dataDir;
    static int[] ports;
    static String output;
    static JsonNode summary;

    @BeforeAll
    static void runTheRecipeThroughTheScript() throws Exception {
        dataDir = dir.resolve("data");
        ports = LocalRunIT.freePorts(5);
        Path summaryFile = dir.resolve("out/summary.json");
        Path log = Path.of("target", "local-crime-stream-it.log").toAbsolutePath();

        int exit;
        ProcessBuilder start = new ProcessBuilder(ROOT.resolve("localstack/run").toString(), "--pipeline", RECIPE.toString(),
                "--replay", CRIME.toString(), "--until-drained", "--summary", summaryFile.toString(),
                "--kinesis-port", Integer.toString(ports[0]), "--kinesis-tls-port", Integer.toString(ports[1]),
                "--s3-port", Integer.toString(ports[2]), "--web-port", Integer.toString(ports[3]),
                "--dashboard-port", Integer.toString(ports[4]), "--data-dir", dataDir.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // a pipeline starts no dashboard, so a dashboard port someone else holds does not stop it
        try (ServerSocket dashboardPortTaken = new ServerSocket(ports[4], 1, InetAddress.getLoopbackAddress())) {
            Process run = start.start();
            if (!run.waitFor(8, TimeUnit.MINUTES)) {
                run.descendants().forEach(ProcessHandle::destroy);
                run.destroy();
                throw new AssertionError("./localstack/run did not end within 8 minutes; see " + log);
            }
            exit = run.exitValue();
        }
        output = Files.readString(log);
        assertThat(exit).as("exit code of ./localstack/run; its output:%n%s", output).isZero();
        summary = JSON.readTree(summaryFile.toFile());
    }

    static Path table(String name) {
        return Path.of(summary.path("tables").path(name).asText());
    }

    @Test
    void theSummaryCountsEveryCsvRowAsACrimeOrADeadLetter() {
        assertThat(summary.path("csv_rows_sent").asLong()).isEqualTo(ROWS);
        assertThat(summary.path("rows").path("crime").asLong()).isEqualTo(ROWS - 1);
        assertThat(summary.path("rows").path("errors").asLong()).isEqualTo(1);
        assertThat(summary.path("rows_written_twice").asLong(-1)).isZero();
        assertThat(summary.path("partitions").path("crime").asLong()).isEqualTo(DAYS_OF_JANUARY);
        assertThat(table("crime")).isDirectory()
                .isEqualTo(dataDir.resolve("s3/aq-transformed/pipelines/04_sacramento_crime_stream/crime"));
        assertThat(output).contains("CSV lines, 100 a record, the header repeated in each");
    }

    @Test
    void duckDbReadsTheRowsTheSummaryCounts() throws Exception {
        Map<String, Object> duck = DuckDb.query("SELECT count(*) AS n, count(DISTINCT (sequence_number, line_number))"
                + " AS lines, min(cdatetime) AS first FROM read_parquet(?, hive_partitioning = true)",
                table("crime").resolve("**").resolve("part-*").toString()).get(0);

        assertThat(((Number) duck.get("n")).longValue()).isEqualTo(summary.path("rows").path("crime").asLong());
        assertThat(((Number) duck.get("lines")).longValue()).isEqualTo(ROWS - 1);
        assertThat(String.valueOf(duck.get("first"))).startsWith("2006-01-01 00:00");
    }

    @Test
    void theDeadLetterIsTheTruncatedLastLineWithItsReason() throws Exception {
        List<String> lines;
        try (Stream<Path> files = Files.walk(table("errors"))) {
            lines = files.filter(p -> p.getFileName().toString().startsWith("part-")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }

        assertThat(lines).hasSize(1);
        JsonNode dead = JSON.readTree(lines.get(0));
        assertThat(dead.path("line").asText()).endsWith(",-121.");
        assertThat(dead.path("error_type").asText()).isEqualTo("schema-mismatch");
        assertThat(dead.path("reason").asText()).contains("longitude");
    }

    @Test
    void noEmulatorOrJobProcessOutlivesTheScript() throws Exception {
        for (String line : Files.readAllLines(dataDir.resolve("run/processes"))) {
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(line.split(" ")[1]));
            assertThat(p.isPresent() && p.get().isAlive()).as("%s is still running", line).isFalse();
        }
    }
}
