package org.aqlake.tools.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.tools.cli.AqLakeCli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer subcommand against the real Kinesis emulator, read back with GetRecords. */
@ExtendWith(KinesisEmulator.class)
class ProducerIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static KinesisClient kinesis;

    @BeforeAll
    static void credentialsAsTheAwsChainFindsThem() {
        // the producer takes credentials from the default AWS chain; system properties are part of it
        System.setProperty("aws.accessKeyId", KinesisEmulator.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", KinesisEmulator.SECRET_KEY);
        kinesis = KinesisEmulator.client();
    }

    @AfterAll
    static void forgetThem() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        kinesis.close();
    }

    static int produce(String stream, String... args) {
        List<String> all = new ArrayList<>(List.of("produce", "--endpoint", KinesisEmulator.endpoint(),
                "--stream", stream, "--rate", "0", "--progress-every", "1s"));
        all.addAll(List.of(args));
        return AqLakeCli.execute(all.toArray(new String[0]));
    }

    /** Every record on every shard of the stream, from the oldest. */
    static List<Record> readAll(String stream) {
        List<Record> out = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
            String it = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (it != null) {
                String current = it;
                GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(current).limit(1000));
                out.addAll(r.records());
                if (r.records().isEmpty() && r.millisBehindLatest() != null && r.millisBehindLatest() == 0) {
                    break;
                }
                it = r.nextShardIterator();
            }
        }
        return out;
    }

    static String text(Record r) {
        return r.data().asString(StandardCharsets.UTF_8);
    }

    @Test
    void replayingTheRealNdjsonPutsEveryLineOnTheStreamOnceKeyedByLocation() throws Exception {
        KinesisEmulator.createStream(kinesis, "replay-ndjson", 2);
        Path report = dir.resolve("ndjson-report.json");

        int code = produce("replay-ndjson", "--replay", OpenAqSamples.dataDir().resolve(OpenAqSamples.NDJSON).toString(),
                "--report", report.toString());

        List<Record> records = readAll("replay-ndjson");
        assertThat(code).isZero();
        assertThat(records.stream().map(ProducerIT::text).sorted())
                .containsExactlyElementsOf(OpenAqSamples.realtimeLines().stream().sorted().collect(Collectors.toList()));
        for (Record r : records) {
            assertThat(r.partitionKey()).isEqualTo(JSON.readTree(text(r)).get("location").asText());
        }
        JsonNode sent = JSON.readTree(report.toFile());
        assertThat(sent.get("records_sent").asLong()).isEqualTo(64);
        assertThat(sent.get("records_failed").asLong()).isZero();
    }

    @Test
    void replayingADailyCsvWithAHeaderSendsEveryRowAsARealtimeReading() throws Exception {
        KinesisEmulator.createStream(kinesis, "replay-csv", 2);
        List<String> rows = Files.readAllLines(OpenAqSamples.dataDir().resolve(OpenAqSamples.CSV));
        List<String> withHeader = new ArrayList<>();
        withHeader.add(String.join(",", OpenAqCsvReplay.COLUMNS));
        withHeader.addAll(rows);
        Path csv = Files.write(dir.resolve("daily-with-header.csv"), withHeader);

        int code = produce("replay-csv", "--replay", csv.toString());

        List<Record> records = readAll("replay-csv");
        assertThat(code).isZero();
        assertThat(records).hasSize(82);
        Map<String, Long> expected = OpenAqSamples.csvAsRealtimeJson().stream()
                .collect(Collectors.groupingBy(ProducerIT::key, Collectors.counting()));
        assertThat(records.stream().map(r -> key(text(r))).collect(Collectors.groupingBy(k -> k, Collectors.counting())))
                .isEqualTo(expected);
    }

    static String key(String json) {
        try {
            return OpenAqSamples.expected(json).key();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void syntheticReadingsStopAfterTheCountAndTheReportSaysHowManyWereSent() throws Exception {
        KinesisEmulator.createStream(kinesis, "synthetic", 2);
        Path report = dir.resolve("synthetic-report.json");

        int code = produce("synthetic", "--count", "600", "--start", "2024-05-01T00:00:00Z", "--interval", "10min",
                "--bad-fraction", "0.1", "--report", report.toString());

        List<Record> records = readAll("synthetic");
        assertThat(code).isZero();
        assertThat(records).hasSize(600);
        assertThat(records.stream().map(Record::partitionKey).distinct().count()).isEqualTo(Stations.ALL_STATIONS.size());
        long bad = records.stream().filter(r -> Decoding.of(
                new ProducerRecord(r.partitionKey(), r.data().asByteArray()), r.approximateArrivalTimestamp().toEpochMilli())
                .error != null).count();
        assertThat(bad).isBetween(30L, 100L);
        assertThat(JSON.readTree(report.toFile()).get("records_sent").asLong()).isEqualTo(600);
    }

    @Test
    void aStreamThatDoesNotExistIsAClearFailure() {
        int code = produce("no-such-stream", "--count", "3");

        assertThat(code).isEqualTo(1);
    }
}
