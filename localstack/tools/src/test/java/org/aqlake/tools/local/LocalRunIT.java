package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.job.support.ParquetRows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded local run end to end, through the same script a user runs:
 * {@code ./localstack/run --replay FILE --until-drained --summary OUT.json}, on ports other than the
 * defaults. The summary must match what DuckDB and our own readers find in the lake, and no emulator or
 * job process may outlive the script.
 */
class LocalRunIT {

    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Lines of the replayed file that the job must reject, with the dead-letter type each must get. */
    static final Map<String, String> BAD_LINES = Map.of(
            "{\"date\":{\"utc\":\"2014-03-30T01:00:00.000Z\"},\"parameter\":\"pm25\",\"valu", "json-parse-failed",
            "{\"date\":{\"utc\":\"2014-03-30T01:00:00.000Z\"},\"parameter\":\"pm3\",\"value\":1,\"unit\":\"ppm\"}",
            "schema-mismatch",
            "[{\"parameter\":\"pm25\"}]", "schema-mismatch",
            "{\"date\":{\"utc\":\"2014-03-30T01:00:00.000Z\"},\"parameter\":\"pm10\",\"value\":-999,\"unit\":\"µg/m³\"}",
            "value-out-of-range");

    @TempDir
    static Path dir;

    static Path dataDir;
    static Path replay;
    static List<String> goodLines;
    static int[] ports;
    static int exitCode;
    static String output;
    static JsonNode summary;
    static LakeContents lake;

    @BeforeAll
    static void runTheBoundedReplayThroughTheScript() throws Exception {
        dataDir = dir.resolve("data");
        goodLines = OpenAqSamples.realtimeLines();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (String line : goodLines) {
            file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (String line : BAD_LINES.keySet()) {
            file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        replay = Files.write(dir.resolve("replay.ndjson"), file.toByteArray());
        ports = freePorts(5);
        Path summaryFile = dir.resolve("out/summary.json");
        Path log = Path.of("target", "local-run-it.log").toAbsolutePath();

        Process run = new ProcessBuilder(ROOT.resolve("localstack/run").toString(),
                "--replay", replay.toString(), "--until-drained", "--summary", summaryFile.toString(),
                "--kinesis-port", Integer.toString(ports[0]), "--kinesis-tls-port", Integer.toString(ports[1]),
                "--s3-port", Integer.toString(ports[2]), "--web-port", Integer.toString(ports[3]),
                "--dashboard-port", Integer.toString(ports[4]), "--data-dir", dataDir.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!run.waitFor(8, TimeUnit.MINUTES)) {
            run.descendants().forEach(ProcessHandle::destroy);
            run.destroy();
            throw new AssertionError("./localstack/run did not end within 8 minutes; see " + log);
        }
        exitCode = run.exitValue();
        output = Files.readString(log);
        assertThat(exitCode).as("exit code of ./localstack/run; its output:%n%s", output).isZero();
        summary = JSON.readTree(summaryFile.toFile());
        JsonNode tables = summary.get("tables");
        lake = new LakeContents(Path.of(tables.get("readings").asText()), Path.of(tables.get("errors").asText()),
                Path.of(tables.get("raw").asText()));
    }

    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0));
                ports[i] = sockets.get(i).getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void theSummaryCountsEveryRecordSentAsARowOrADeadLetter() {
        assertThat(summary.get("records_sent").asLong()).isEqualTo(goodLines.size() + BAD_LINES.size());
        assertThat(summary.get("rows").get("readings").asLong()).isEqualTo(goodLines.size());
        assertThat(summary.get("rows").get("errors").asLong()).isEqualTo(BAD_LINES.size());
        assertThat(summary.get("rows").get("raw").asLong()).isEqualTo(goodLines.size() + BAD_LINES.size());
        assertThat(output).contains("Flink web UI: http://localhost:" + ports[3] + "; dashboard: http://localhost:"
                + ports[4]);
    }

    @Test
    void theReadingsCountsMatchWhatDuckDbReadsBack() throws Exception {
        Map<String, Object> duck = DuckDb.query(
                "SELECT count(*) AS rows, count(DISTINCT filename) AS files,"
                        + " count(DISTINCT (year, month, day, hour)) AS partitions"
                        + " FROM read_parquet(?, hive_partitioning = true, filename = true)",
                DuckDb.parquetGlob(lake.readingsDir)).get(0);
        long bytes = 0;
        for (Path f : ParquetRows.files(lake.readingsDir, ".parquet")) {
            bytes += Files.size(f);
        }

        assertThat(((Number) duck.get("rows")).longValue()).isEqualTo(summary.get("rows").get("readings").asLong());
        assertThat(((Number) duck.get("files")).longValue()).isEqualTo(summary.get("files").get("readings").asLong());
        assertThat(((Number) duck.get("partitions")).longValue())
                .isEqualTo(summary.get("partitions").get("readings").asLong());
        assertThat(bytes).isEqualTo(summary.get("bytes").get("readings").asLong());
    }

    @Test
    void theAggregatesTableIsInTheSummaryWithTheRowsDuckDbReadsBack() throws Exception {
        Path aggregates = Path.of(summary.get("tables").get("aggregates").asText());
        Map<String, Object> duck = DuckDb.query(
                "SELECT count(*) AS rows, count(DISTINCT location) AS locations"
                        + " FROM read_parquet(?, hive_partitioning = true)",
                DuckDb.parquetGlob(aggregates)).get(0);

        assertThat(((Number) duck.get("rows")).longValue())
                .isPositive()
                .isEqualTo(summary.get("rows").get("aggregates").asLong());
        assertThat(((Number) duck.get("locations")).longValue()).isPositive();
    }

    @Test
    void duckDbFindsEveryReplayedReadingOnce() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (String line : goodLines) {
            expected.merge(OpenAqSamples.expected(line).key(), 1L, Long::sum);
        }

        Map<String, Long> found = DuckDb.query(
                "SELECT location, epoch_ms(event_time) AS t, parameter, value FROM read_parquet(?, hive_partitioning = true)",
                DuckDb.parquetGlob(lake.readingsDir)).stream()
                .collect(Collectors.groupingBy(
                        r -> r.get("location") + "|" + r.get("t") + "|" + r.get("parameter") + "|" + r.get("value"),
                        Collectors.counting()));

        assertThat(found).isEqualTo(expected);
    }

    @Test
    void deadLettersByTypeMatchTheLinesInTheErrorsTable() throws Exception {
        Map<String, Long> expected = BAD_LINES.values().stream()
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        Map<String, Long> inTheFiles = lake.deadLetters().stream()
                .collect(Collectors.groupingBy(d -> (String) d.get("error_type"), Collectors.counting()));

        assertThat(inTheFiles).isEqualTo(expected);
        summary.get("dead_letters").fields().forEachRemaining(e ->
                assertThat(e.getValue().asLong()).as(e.getKey()).isEqualTo(expected.getOrDefault(e.getKey(), 0L)));
        // none of the bad lines names an exempt source type, so each keeps only its skeleton, if any
        Set<String> skeletons = new HashSet<>();
        for (String line : BAD_LINES.keySet()) {
            byte[] skeleton = ConsentRedaction.skeleton(line.getBytes(StandardCharsets.UTF_8));
            skeletons.add(skeleton == null ? null : new String(skeleton, StandardCharsets.UTF_8));
        }
        assertThat(lake.deadLetters().stream().map(d -> (String) d.get("payload")).collect(Collectors.toSet()))
                .isEqualTo(skeletons);
        assertThat(lake.deadLetters()).allSatisfy(d -> assertThat(d.get("partition_key")).isNull());
    }

    @Test
    void theRawArchiveHoldsEveryLineOfTheFileOnce() throws Exception {
        List<String> payloads = lake.raw().stream().map(r -> (String) r.get("payload")).sorted()
                .collect(Collectors.toList());
        List<String> lines = new ArrayList<>(goodLines);
        lines.addAll(BAD_LINES.keySet());

        assertThat(payloads).containsExactlyElementsOf(lines.stream().sorted().collect(Collectors.toList()));
        assertThat(summary.get("files").get("raw").asLong()).isEqualTo(ParquetRows.files(lake.rawDir, ".jsonl.gz").size());
    }

    @Test
    void theJobRanFromItsOwnJarSubmittedToTheLocalClusterAsOnAnyCluster() throws Exception {
        String jobLog = Files.readString(dataDir.resolve("logs/job.log"));

        assertThat(jobLog).contains("local: Flink web UI on http://localhost:" + ports[3]);
        // the executor of Flink's jar-run handler (/jars/:id/run); a job run in-process goes through another
        assertThat(jobLog).contains("EmbeddedExecutor").contains("Submitting Job with JobId=");
    }

    @Test
    void theJobRanWithAProductionLikeRestartStrategyAndTheSummarySaysItNeverRestarted() throws Exception {
        String jobLog = Files.readString(dataDir.resolve("logs/job.log"));

        assertThat(jobLog).contains("ExponentialDelayRestartBackoffTimeStrategy")
                .contains("maxBackoffMS=" + LocalCluster.MAX_RESTART_BACKOFF.toMillis());
        assertThat(summary.path("restarts").asLong(-1)).isZero();
        assertThat(summary.path("duplicates_in_stream").asLong(-1)).isZero();
        assertThat(output).doesNotContain("restarted");
    }

    @Test
    void noEmulatorOrJobProcessOutlivesTheScript() throws Exception {
        List<String> started = Files.readAllLines(dataDir.resolve("run/processes"));
        assertThat(started).extracting(l -> l.split(" ")[0]).contains("kinesis", "s3proxy", "job");

        for (String line : started) {
            long pid = Long.parseLong(line.split(" ")[1]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            assertThat(p.isPresent() && p.get().isAlive()).as("%s is still running", line).isFalse();
        }
        String data = dataDir.toString();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(data)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
                .as("processes that mention %s", data).isEmpty();
        for (int port : ports) {
            try (ServerSocket free = new ServerSocket(port)) {
                assertThat(free.getLocalPort()).isEqualTo(port);
            }
        }
        assertThat(new File(dataDir.toFile(), "run/run.pid")).doesNotExist();
    }
}
