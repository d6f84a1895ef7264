package org.aqlake.job.local;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void deadLettersAreCountedByTheirTypeFolderAndUncommittedFilesAreIgnored() throws Exception {
        write("t/errors/error=schema-mismatch/2024/05/01/part-a-0.jsonl", "{}\n{}\n");
        write("t/errors/error=json-parse-failed/2024/05/01/part-b-0.jsonl", "{}\n");
        write("t/errors/error=json-parse-failed/2024/05/01/.part-c-0.jsonl.inprogress.1234", "{}\n{}\n");
        write("t/errors/error=json-parse-failed/2024/05/02/part-d-0.jsonl", "{}\n");
        writeGzip("raw/year=2024/month=05/day=01/hour=00/part-e-0.jsonl.gz", "{}\n{}\n{}\n{}\n");
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
        writeGzip("raw/year=2024/month=05/day=01/hour=00/part-b-0.jsonl.gz", "{}\n{}\n{}\n");
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
        writeGzip("raw/year=2024/month=05/day=01/hour=00/part-b-0.jsonl.gz", "{}\n{}\n{}\n");
        LakeFolders withRaw = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), dir.resolve("raw"));
        LakeFolders withoutRaw = new LakeFolders(dir.resolve("t/readings"), dir.resolve("t/errors"), null);

        assertThat(LakeSummary.read(withRaw, 3).allRead()).isTrue();
        assertThat(LakeSummary.read(withRaw, 4).allRead()).isFalse();
        assertThat(LakeSummary.read(withoutRaw, 1).allRead()).isTrue();
        assertThat(LakeSummary.read(withoutRaw, 3).allRead()).isFalse();
    }
}
