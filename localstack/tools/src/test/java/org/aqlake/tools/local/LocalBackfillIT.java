package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.OpenAqSamples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded local backfill end to end, through the script a user runs: {@code ./localstack/run --backfill
 * PATH... --until-drained --summary OUT.json} over the real OpenAQ samples (daily CSV, gzipped NDJSON) and a
 * file of bad lines. The summary must count them as the replay's does, DuckDB must find the rows, and no
 * process may outlive the script.
 */
class LocalBackfillIT {

    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    /** The daily CSV sample's rows and the realtime sample's lines. */
    static final int SAMPLE_RECORDS = 82 + 64;
    static final List<String> BAD_LINES = List.of(
            "{\"date\":{\"utc\":\"2014-03-30T01:00:00.000Z\"},\"parameter\":\"pm25\",\"valu",
            "{\"date\":{\"utc\":\"2014-03-30T01:00:00.000Z\"},\"parameter\":\"pm3\",\"value\":1,\"unit\":\"ppm\"}");

    @TempDir
    static Path dir;

    static Path dataDir;
    static int[] ports;
    static String output;
    static JsonNode summary;

    @BeforeAll
    static void runTheBoundedBackfillThroughTheScript() throws Exception {
        dataDir = dir.resolve("data");
        Path bad = Files.write(dir.resolve("bad.ndjson"), BAD_LINES, StandardCharsets.UTF_8);
        ports = LocalRunIT.freePorts(5);
        Path summaryFile = dir.resolve("out/summary.json");
        Path log = Path.of("target", "local-backfill-it.log").toAbsolutePath();

        Process run = new ProcessBuilder(ROOT.resolve("localstack/run").toString(),
                "--backfill", OpenAqSamples.dataDir().resolve(OpenAqSamples.NDJSON).toAbsolutePath().toString(),
                OpenAqSamples.dataDir().resolve(OpenAqSamples.CSV).toAbsolutePath().toString(), bad.toString(),
                "--until-drained", "--summary", summaryFile.toString(),
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
        output = Files.readString(log);
        assertThat(run.exitValue()).as("exit code of ./localstack/run; its output:%n%s", output).isZero();
        summary = JSON.readTree(summaryFile.toFile());
    }

    @Test
    void theSummaryCountsEveryLineOfTheFilesAsARowOrADeadLetter() {
        assertThat(summary.get("records_sent").asLong()).isEqualTo(SAMPLE_RECORDS + BAD_LINES.size());
        assertThat(summary.get("rows").get("readings").asLong()).isEqualTo(SAMPLE_RECORDS);
        assertThat(summary.get("rows").get("errors").asLong()).isEqualTo(BAD_LINES.size());
        assertThat(summary.get("rows").has("raw")).as("a backfill writes no raw archive").isFalse();
        assertThat(output).contains("run: backfill: ").contains("backfilled in");
    }

    @Test
    void duckDbFindsEachReadingOnceWithTheFileAndLineItCameFrom() throws Exception {
        String glob = DuckDb.parquetGlob(Path.of(summary.get("tables").get("readings").asText()));
        List<Map<String, Object>> rows = DuckDb.query("SELECT count(*) AS n, count(DISTINCT shard_id || ':'"
                + " || sequence_number) AS distinct_lines FROM read_parquet(?)", glob);
        List<Map<String, Object>> files = DuckDb.query("SELECT DISTINCT shard_id FROM read_parquet(?)", glob);

        assertThat(((Number) rows.get(0).get("n")).longValue()).isEqualTo(SAMPLE_RECORDS);
        assertThat(((Number) rows.get(0).get("distinct_lines")).longValue()).isEqualTo(SAMPLE_RECORDS);
        assertThat(files).extracting(f -> Path.of((String) f.get("shard_id")).getFileName().toString())
                .containsExactlyInAnyOrder(OpenAqSamples.NDJSON, OpenAqSamples.CSV);
    }

    @Test
    void noProcessOutlivesTheScript() throws Exception {
        List<String> started = Files.readAllLines(dataDir.resolve("run/processes"));
        assertThat(started).extracting(l -> l.split(" ")[0]).contains("s3proxy", "job");
        for (String line : started) {
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(line.split(" ")[1]));
            assertThat(p.isPresent() && p.get().isAlive()).as("%s is still running", line).isFalse();
        }
    }
}
