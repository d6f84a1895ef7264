package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;

import org.aqlake.job.model.ErrorType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary counts committed files only, and says whether every record sent is in the lake once. */
class LakeSummaryTest {

    @TempDir
    Path dir;

    Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    void writeGzip(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Raw archive lines of distinct records: each its own partition key and payload, its own sequence number. */
    static String rawLines(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(rawLine("station-" + i, i));
        }
        return b.toString();
    }

    static String rawLine(String partitionKey, int sequence) {
        return "{\"shard_id\":\"shardId-000000000000\",\"sequence_number\":\"" + sequence + "\",\"partition_key\":\""
                + partitionKey + "\",\"payload\":\"{\\\"value\\\":1}\",\"payload_encoding\":\"utf-8\"}\n";
    }

    @Test
    void copiesOfARecordPutTwiceByAProducerRetryAreRawLinesButOneRecordSent() throws Exception {
        write("t/errors/error=schema-mismatch/2024/05/01/part-a-0.jsonl", "{}\n{}\n");
        // station-0 put a second time: same key and payload, a later sequence number
        writeGzip("raw/year=2024/month=05/day=01/hour=00/part-b-0.jsonl.gz", rawLines(2) + rawLine("station-0", 7));
        LakeFolders folders = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), dir.resolve("raw"));

        LakeSummary s = LakeSummary.read(folders, 2);

        assertThat(s.allRead()).isTrue();
        assertThat(s.complete()).isTrue();
        assertThat(s.toJson().get("rows").get("raw").asLong()).isEqualTo(3);
        assertThat(s.toJson().get("duplicates_in_stream").asLong()).isEqualTo(1);
        assertThat(LakeSummary.read(folders, 3).allRead()).as("a record sent but never read").isFalse();
    }

    @Test
    void aCompactedFileCountsAndTheHiddenFilesItWasWrittenFromDoNot() throws Exception {
        write("t/errors/error=schema-mismatch/2024/05/01/compacted-part-a-0.jsonl", "{}\n{}\n");
        write("t/errors/error=schema-mismatch/2024/05/01/.part-a-0.jsonl", "{}\n");
        write("t/errors/error=schema-mismatch/2024/05/01/.part-a-1.jsonl", "{}\n");
        writeGzip("raw/year=2024/month=05/day=01/hour=00/part-e-0.jsonl.gz", rawLines(2));
        LakeFolders folders = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), dir.resolve("raw"));

        JsonNode json = LakeSummary.read(folders, 2).toJson();

        assertThat(json.get("rows").get("errors").asLong()).isEqualTo(2);
        assertThat(json.get("files").get("errors").asLong()).isEqualTo(1);
    }

    @Test
    void deadLettersAreCountedByTheirTypeFolderAndUncommittedFilesAreIgnored() throws Exception {
        write("t/errors/error=schema-mismatch/2024/05/01/part-a-0.jsonl", "{}\n{}\n");
        write("t/errors/error=json-parse-failed/2024/05/01/part-b-0.jsonl", "{}\n");
        write("t/errors/error=json-parse-failed/2024/05/01/.part-c-0.jsonl.inprogress.1234", "{}\n{}\n");
        write("t/errors/error=json-parse-failed/2024/05/02/part-d-0.jsonl", "{}\n");
        writeGzip("raw/year=2024/month=05/day=01/hour=00/part-e-0.jsonl.gz", rawLines(4));
        LakeFolders folders = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), dir.resolve("raw"));

        LakeSummary s = LakeSummary.read(folders, 4);
        JsonNode json = s.toJson();

        assertThat(json.get("records_sent").asLong()).isEqualTo(4);
        assertThat(json.get("rows").get("readings").asLong()).isZero();
        assertThat(json.get("rows").get("errors").asLong()).isEqualTo(4);
        assertThat(json.get("rows").get("raw").asLong()).isEqualTo(4);
        assertThat(json.get("dead_letters").get("schema-mismatch").asLong()).isEqualTo(2);
        assertThat(json.get("dead_letters").get("json-parse-failed").asLong()).isEqualTo(2);
        assertThat(json.get("dead_letters").get("value-out-of-range").asLong()).isZero();
        assertThat(json.get("files").get("errors").asLong()).isEqualTo(3);
        assertThat(json.get("partitions").get("errors").asLong()).isEqualTo(3);
        assertThat(json.get("tables").get("readings").asText()).isEqualTo(dir.resolve("t/readings").toString());
        assertThat(s.complete()).isTrue();
    }

    @Test
    void aMissingOrDuplicatedRecordMeansTheLakeIsNotComplete() throws Exception {
        write("t/errors/error=schema-mismatch/2024/05/01/part-a-0.jsonl", "{}\n{}\n");
        LakeFolders folders = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), null);

        assertThat(LakeSummary.read(folders, 2).complete()).isTrue();
        assertThat(LakeSummary.read(folders, 3).complete()).isFalse();
        assertThat(LakeSummary.read(folders, 1).complete()).isFalse();
        assertThat(LakeSummary.read(folders, 2).toJson().get("rows").has("raw")).isFalse();
    }

    @Test
    void readingsTheConsentGateDeniedAreCountedAsNotInTheLakeOnceTheRawArchiveHoldsEveryRecord() throws Exception {
        write("t/errors/error=schema-mismatch/2024/05/01/part-a-0.jsonl", "{}\n");
        writeGzip("raw/year=2024/month=05/day=01/hour=00/part-b-0.jsonl.gz", rawLines(3));
        LakeFolders folders = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), dir.resolve("raw"));

        LakeSummary allRead = LakeSummary.read(folders, 3);
        assertThat(allRead.complete()).isTrue();
        assertThat(allRead.notInLake()).isEqualTo(2);
        assertThat(allRead.toJson().get("consent_denied").asLong()).isEqualTo(2);
        assertThat(LakeSummary.read(folders, 4).complete()).as("a record the raw archive never got").isFalse();
    }

    @Test
    void everyRecordIsReadOnceTheRawArchiveHoldsItEvenBeforeHeldReadingsAreRows() throws Exception {
        write("t/errors/error=schema-mismatch/2024/05/01/part-a-0.jsonl", "{}\n");
        writeGzip("raw/year=2024/month=05/day=01/hour=00/part-b-0.jsonl.gz", rawLines(3));
        LakeFolders withRaw = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), dir.resolve("raw"));
        LakeFolders withoutRaw = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), null);

        assertThat(LakeSummary.read(withRaw, 3).allRead()).isTrue();
        assertThat(LakeSummary.read(withRaw, 4).allRead()).isFalse();
        assertThat(LakeSummary.read(withoutRaw, 1).allRead()).isTrue();
        assertThat(LakeSummary.read(withoutRaw, 3).allRead()).isFalse();
    }

    @Test
    void theSummaryNamesEveryDeadLetterTypeTheJobWritesInTheJobsOrder() {
        assertThat(LakeSummary.DEAD_LETTER_TYPES)
                .isEqualTo(Arrays.stream(ErrorType.values()).map(ErrorType::id).collect(Collectors.toList()));
    }
}
