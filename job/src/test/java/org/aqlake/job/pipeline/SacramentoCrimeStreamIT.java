package org.aqlake.job.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import org.aqlake.job.pipeline.ScriptLoader;
import org.aqlake.job.pipeline.SqlPipelineRunner;
import org.aqlake.job.reliability.FaultyLake;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.Polling;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming crime recipe (sql/pipelines/04_sacramento_crime_stream) on the real data: both copies of
 * ../shared/data/crime/ sent through the Kinesis emulator in records of 100 lines, on a cluster of two
 * TaskManagers, while a task fails (the parsing function throws once) and then a TaskManager is lost. Every
 * CSV row is counted once, as a typed row or a dead letter, by its Kinesis sequence number and its line
 * number in the record; DuckDB reads the Parquet and checks its types.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SacramentoCrimeStreamIT {

    static final Path CRIME = Path.of(System.getProperty("shared.data.dir", "../../shared/data"), "crime");
    static final Path WITH_HEADER = CRIME.resolve("SacramentocrimeJanuary2006.csv");
    static final Path CR_NO_HEADER = CRIME.resolve("variant_cr_noheader").resolve("SacramentocrimeJanuary2006.csv");
    static final String MAIN = "the shared copy";
    static final String VARIANT = "the CR variant without header";
    static final String STREAM = "crime-it";
    static final String RECIPE = "classpath:sql/pipelines/04_sacramento_crime_stream/pipeline.sql";
    static final String LAKE_PATH = "s3://" + LakeTestJob.TRANSFORMED_BUCKET + "/" + STREAM;
    static final int SHARDS = 2;
    static final int LINES_PER_RECORD = 100;
    static final int TASK_MANAGERS = 2;
    static final Duration CHECKPOINTS = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final ObjectMapper JSON = new ObjectMapper();
    /** The AWS SDK's system properties of its default credentials chain. */
    static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
    static final String SECRET_KEY_PROPERTY = "aws.secretKey";

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder()
            .taskManagers(TASK_MANAGERS)
            .clusterConfiguration(FaultyLake::clusterConfig)
            .kinesis()
            .s3()
            .duckDb()
            .build();

    private final Map<String, List<Line>> sentByFile = new LinkedHashMap<>();
    private Path lake;
    private List<Line> rows;
    private List<Line> deadLetters;
    private List<JsonNode> deadLetterJson;
    private long restartsAfterTaskFailure;
    private long restarts;
    private JobStatus drained;

    /** One CSV line as the lake names it: the record's sequence number and the line's number in it. */
    static final class Line {
        final String sequenceNumber;
        final int number;

        Line(String sequenceNumber, int number) {
            this.sequenceNumber = sequenceNumber;
            this.number = number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Line && ((Line) o).sequenceNumber.equals(sequenceNumber) && ((Line) o).number == number;
        }

        @Override
        public int hashCode() {
            return sequenceNumber.hashCode() * 31 + number;
        }

        @Override
        public String toString() {
            return sequenceNumber + ":" + number;
        }
    }

    @BeforeAll
    void runTheRecipeThroughFailures(@InjectMiniCluster MiniCluster cluster, @TempDir Path work) throws Exception {
        long started = System.nanoTime();
        FailOnDemandCrimeCsv.reset();
        // the recipe takes its credentials from the default AWS chain, as on Managed Flink; here, the emulator's
        System.setProperty(ACCESS_KEY_PROPERTY, KinesisEmulator.ACCESS_KEY);
        System.setProperty(SECRET_KEY_PROPERTY, KinesisEmulator.SECRET_KEY);
        List<CrimeBatches.Batch> main = CrimeBatches.of(WITH_HEADER, LINES_PER_RECORD);
        List<CrimeBatches.Batch> variant = CrimeBatches.of(CR_NO_HEADER, LINES_PER_RECORD);
        int third = main.size() / 3;
        KinesisClient kinesis = KinesisEmulator.client();
        KinesisEmulator.createStream(kinesis, STREAM, SHARDS);

        JobClient job = start(cluster);
        JobID id = job.getJobID();
        try {
            send(kinesis, MAIN, main.subList(0, third));
            awaitLines(work, "the first third");

            FailOnDemandCrimeCsv.arm();
            send(kinesis, MAIN, main.subList(third, 2 * third));
            awaitLines(work, "the second third, after a task failure");
            restartsAfterTaskFailure = FaultyLake.restarts(LAKE.metrics(), id);

            // the TaskManager goes while the rest is being read
            send(kinesis, MAIN, main.subList(2 * third, main.size()));
            send(kinesis, VARIANT, variant);
            cluster.terminateTaskManager(0).get();
            awaitLines(work, "the rest and the CR variant, after a TaskManager was lost");
            cluster.startTaskManager();
            FaultyLake.awaitCheckpoints(cluster, id, 3, TIMEOUT);
            restarts = FaultyLake.restarts(LAKE.metrics(), id);
            drained = LakeTestJob.drain(job, work.resolve("savepoints"));
        } finally {
            LakeTestJob.cancel(job);
            System.clearProperty(ACCESS_KEY_PROPERTY);
            System.clearProperty(SECRET_KEY_PROPERTY);
        }
        lake = download(work, "final");
        rows = crimeLines(lake);
        deadLetterJson = deadLetters(lake);
        deadLetters = deadLetterJson.stream()
                .map(n -> new Line(n.path("sequence_number").asText(), n.path("line_number").asInt()))
                .collect(Collectors.toList());
        // the figures of RELIABILITY.md
        System.out.printf(Locale.ROOT, "SacramentoCrimeStreamIT: %,d CSV rows sent in %d records; %,d typed rows, %,d dead"
                + " letters (%,d distinct lines); job restarts %d (%d after the task failure); records parsed with"
                + " replays %,d; %.0f s%n", sentLines(), main.size() + variant.size(), rows.size(), deadLetters.size(),
                new HashSet<>(rows).size() + new HashSet<>(deadLetters).size(), restarts, restartsAfterTaskFailure,
                FailOnDemandCrimeCsv.RECORDS.get(), (System.nanoTime() - started) / 1e9);
    }

    /**
     * The recipe as the jar holds it, run by the SQL pipeline runner on the test's cluster, with the one change
     * of the fault: {@link FailOnDemandCrimeCsv} in place of {@code parse_crime_csv}.
     */
    static JobClient start(MiniCluster cluster) throws IOException {
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(CHECKPOINTS.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        tEnv.createTemporarySystemFunction("parse_crime_csv", FailOnDemandCrimeCsv.class);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("stream", STREAM);
        params.put("region", KinesisEmulator.REGION);
        params.put("endpoint", KinesisEmulator.endpoint());
        params.put("lake", LAKE_PATH);
        return SqlPipelineRunner.run(tEnv, ScriptLoader.load(RECIPE), params).getJobClient().orElseThrow();
    }

    private void send(KinesisClient kinesis, String file, List<CrimeBatches.Batch> batches) throws InterruptedException {
        List<PutRecordsRequestEntry> entries = batches.stream().map(b -> PutRecordsRequestEntry.builder()
                .partitionKey(b.partitionKey()).data(SdkBytes.fromByteArray(b.payload)).build())
                .collect(Collectors.toList());
        List<CrimeBatches.Batch> pending = new ArrayList<>(batches);
        for (int attempt = 1; !entries.isEmpty(); attempt++) {
            assertThat(attempt).as("PutRecords attempts").isLessThanOrEqualTo(10);
            List<PutRecordsRequestEntry> sent = entries;
            PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(STREAM).records(sent));
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            List<CrimeBatches.Batch> failedBatches = new ArrayList<>();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < results.size(); i++) {
                CrimeBatches.Batch b = pending.get(i);
                if (results.get(i).errorCode() == null) {
                    List<Line> lines = sentByFile.computeIfAbsent(file, k -> new ArrayList<>());
                    for (int n : b.dataLines) {
                        lines.add(new Line(results.get(i).sequenceNumber(), n));
                    }
                } else {
                    failed.add(sent.get(i));
                    failedBatches.add(b);
                }
            }
            entries = failed;
            pending = failedBatches;
            if (!failed.isEmpty()) {
                Thread.sleep(100L * attempt);
            }
        }
    }

    private int sentLines() {
        return sentByFile.values().stream().mapToInt(List::size).sum();
    }

    private void awaitLines(Path work, String what) throws InterruptedException {
        int expected = sentLines();
        Map<String, Integer> seen = new HashMap<>();
        Polling.await(TIMEOUT, what + ": " + expected + " lines committed", () -> {
            try {
                Path copy;
                try {
                    copy = download(work, "poll");
                } catch (RuntimeException goneWhileListed) {
                    // the sink replaced an object (a _SUCCESS marker) between the listing and the read
                    return false;
                }
                int n = new HashSet<>(crimeLines(copy)).size() + new HashSet<>(deadLetterLines(copy)).size();
                seen.put("lines", n);
                return n >= expected;
            } catch (IOException | SQLException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "committed so far: " + seen);
    }

    private static Path download(Path work, String name) throws IOException {
        Path copy = Files.createTempDirectory(Files.createDirectories(work.resolve("copies")), name + "-");
        LAKE.s3().download(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/", copy);
        return copy.resolve(STREAM);
    }

    private static List<Line> crimeLines(Path lake) throws SQLException {
        if (!Files.isDirectory(lake.resolve("crime"))) {
            return List.of();
        }
        return LAKE.duckDb().rows("SELECT sequence_number, line_number FROM read_parquet(?, hive_partitioning = true)",
                        crimeGlob(lake)).stream()
                .map(r -> new Line((String) r.get("sequence_number"), (Integer) r.get("line_number")))
                .collect(Collectors.toList());
    }

    private static String crimeGlob(Path lake) {
        return lake.resolve("crime").toAbsolutePath() + "/**/part-*";
    }

    private static List<Line> deadLetterLines(Path lake) throws IOException {
        return deadLetters(lake).stream()
                .map(n -> new Line(n.path("sequence_number").asText(), n.path("line_number").asInt()))
                .collect(Collectors.toList());
    }

    private static List<JsonNode> deadLetters(Path lake) throws IOException {
        Path errors = lake.resolve("errors");
        if (!Files.isDirectory(errors)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(errors)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).collect(Collectors.toList())) {
                for (String l : Files.readAllLines(f)) {
                    if (!l.isBlank()) {
                        out.add(JSON.readTree(l));
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ the tests

    @Test
    void everyCsvRowIsATypedRowOrADeadLetterExactlyOnce() {
        List<Line> all = new ArrayList<>(rows);
        all.addAll(deadLetters);
        Set<Line> expected = sentByFile.values().stream().flatMap(List::stream).collect(Collectors.toSet());

        assertThat(all).doesNotHaveDuplicates().hasSize(expected.size());
        assertThat(new HashSet<>(all)).isEqualTo(expected);
        assertThat(drained).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void eachFileCountsItsRowsAndTheTruncatedLastLineIsTheOnlyDeadLetter() {
        Map<String, List<Line>> byFile = sentByFile;
        Set<Line> typed = new HashSet<>(rows);
        Map<String, long[]> counts = new LinkedHashMap<>();
        byFile.forEach((file, lines) -> counts.put(file, new long[] {lines.size(),
                lines.stream().filter(typed::contains).count(), lines.stream().filter(deadLetters::contains).count()}));

        assertThat(counts.get(MAIN)).containsExactly(7_358, 7_357, 1);
        assertThat(counts.get(VARIANT)).containsExactly(1_000, 1_000, 0);
        JsonNode dead = deadLetterJson.get(0);
        assertThat(dead.path("error_type").asText()).isEqualTo("schema-mismatch");
        assertThat(dead.path("reason").asText()).startsWith("longitude: '-121.'");
        assertThat(dead.path("line").asText()).startsWith("1/31/06 1:21,24TH ST / FLORIN RD,").endsWith(",-121.");
    }

    @Test
    void theTaskFailureAndTheLostTaskManagerRestartedTheJob() {
        assertThat(FailOnDemandCrimeCsv.FAILURES.get()).isEqualTo(1);
        assertThat(restartsAfterTaskFailure).isGreaterThanOrEqualTo(1);
        assertThat(restarts).isGreaterThan(restartsAfterTaskFailure);
        assertThat(FailOnDemandCrimeCsv.RECORDS.get()).as("records parsed, replays included")
                .isGreaterThan(sentByFile.size());
    }

    @Test
    void duckDbReadsTheTypesOfTheSchemaInZstdParquet() throws SQLException {
        Map<String, Object> types = new LinkedHashMap<>();
        for (Map<String, Object> c : LAKE.duckDb().rows("DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = true)",
                crimeGlob(lake))) {
            types.put((String) c.get("column_name"), c.get("column_type"));
        }

        assertThat(types).containsEntry("cdatetime", "TIMESTAMP")
                .containsEntry("district", "INTEGER")
                .containsEntry("grid", "INTEGER")
                .containsEntry("ucr_ncic_code", "INTEGER")
                .containsEntry("coordinates", "STRUCT(latitude DOUBLE, longitude DOUBLE)")
                .containsEntry("beat", "VARCHAR");
        assertThat(LAKE.duckDb().rows("SELECT DISTINCT compression FROM parquet_metadata(?)", crimeGlob(lake)))
                .extracting(r -> String.valueOf(r.get("compression"))).containsExactly("ZSTD");
    }

    @Test
    void theFirstCrimeOfTheYearReadsBackAsTheFileHasIt() throws SQLException {
        List<Map<String, Object>> r = LAKE.duckDb().rows("SELECT cdatetime, district, beat, grid, ucr_ncic_code,"
                + " coordinates.latitude AS latitude, coordinates.longitude AS longitude, year, month, day"
                + " FROM read_parquet(?, hive_partitioning = true) WHERE address = '3108 OCCIDENTAL DR'"
                + " AND crimedescr = '10851(A)VC TAKE VEH W/O OWNER'", crimeGlob(lake));

        assertThat(r).hasSize(2); // once from each file
        Map<String, Object> first = r.get(0);
        assertThat(((java.sql.Timestamp) first.get("cdatetime")).toLocalDateTime())
                .isEqualTo(LocalDateTime.of(2006, 1, 1, 0, 0));
        assertThat(first).containsEntry("district", 3).containsEntry("beat", "3C").containsEntry("grid", 1115)
                .containsEntry("ucr_ncic_code", 2404).containsEntry("latitude", 38.55042047)
                .containsEntry("longitude", -121.3914158);
        assertThat(String.valueOf(first.get("year")) + "-" + first.get("month") + "-" + first.get("day"))
                .isEqualTo("2006-01-01");
    }

    @Test
    void everyDayOfJanuary2006IsAPartitionMarkedComplete() throws IOException {
        Path crime = lake.resolve("crime");
        List<Path> days;
        try (Stream<Path> s = Files.walk(crime, 3)) {
            days = s.filter(p -> p.getFileName().toString().startsWith("day=")).collect(Collectors.toList());
        }

        assertThat(days).hasSize(31).allMatch(d -> Files.exists(d.resolve("_SUCCESS")));
        assertThat(crime.resolve("year=2006").resolve("month=01")).isDirectory();
    }
}
