package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A streaming SQL pipeline's lake: each table's committed rows, Parquet or JSON lines, against the rows sent. */
class PipelineLakeTest {

    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message crime { required int32 district; }");

    static final MessageType LINEAGE = MessageTypeParser.parseMessageType(
            "message crime { required binary sequence_number (STRING); required int32 line_number; }");

    @TempDir
    Path dir;

    void parquet(String relative, int rows) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<org.apache.parquet.example.data.Group> w = ExampleParquetWriter
                .builder(new org.apache.hadoop.fs.Path(p.toUri())).withType(SCHEMA).withConf(new Configuration()).build()) {
            for (int i = 0; i < rows; i++) {
                w.write(groups.newGroup().append("district", i));
            }
        }
    }

    void parquetLines(String relative, String sequenceNumber, int... lines) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(LINEAGE);
        try (ParquetWriter<org.apache.parquet.example.data.Group> w = ExampleParquetWriter
                .builder(new org.apache.hadoop.fs.Path(p.toUri())).withType(LINEAGE).withConf(new Configuration()).build()) {
            for (int line : lines) {
                w.write(groups.newGroup().append("sequence_number", sequenceNumber).append("line_number", line));
            }
        }
    }

    void write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void everyTableFolderIsCountedFromItsCommittedFilesOnly() throws IOException {
        parquet("lake/crime/year=2006/month=01/day=01/part-a-0-0", 3);
        parquet("lake/crime/year=2006/month=01/day=02/part-a-1-0", 2);
        write("lake/crime/year=2006/month=01/day=01/_SUCCESS", "");
        write("lake/crime/year=2006/month=01/day=01/.part-b-0-1.inprogress.x", "not yet");
        write("lake/errors/error=schema-mismatch/dt=2026-12-05/part-c-0-0", "{\"a\":1}\n{\"a\":2}\n");

        PipelineLake lake = PipelineLake.read(dir.resolve("lake"), 7);

        assertThat(lake.tables.keySet()).containsExactly("crime", "errors");
        assertThat(lake.tables.get("crime").rows).isEqualTo(5);
        assertThat(lake.tables.get("crime").partitions).isEqualTo(2);
        assertThat(lake.tables.get("errors").rows).isEqualTo(2);
        assertThat(lake.complete()).isTrue();
        JsonNode json = lake.toJson();
        assertThat(json.path("rows").path("crime").asLong()).isEqualTo(5);
        assertThat(json.path("tables").path("errors").asText())
                .isEqualTo(dir.resolve("lake").resolve("errors").toString());
        assertThat(json.path("csv_rows_sent").asLong()).isEqualTo(7);
    }

    @Test
    void aRowMissingOrCountedTwiceLeavesTheLakeIncomplete() throws IOException {
        parquet("lake/crime/part-a-0-0", 3);

        assertThat(PipelineLake.read(dir.resolve("lake"), 4).complete()).isFalse();
        assertThat(PipelineLake.read(dir.resolve("lake"), 2).complete()).isFalse();
        assertThat(PipelineLake.read(dir.resolve("lake"), 4).counts()).isEqualTo("3 of 4 rows in the lake (crime 3)");
    }

    @Test
    void aDeclaredTableWithoutAFileYetIsListedWithNoRows() throws IOException {
        parquet("lake/crime/part-a-0-0", 3);

        PipelineLake lake = PipelineLake.read(dir.resolve("lake"), 3, java.util.List.of("errors", "crime"));

        assertThat(lake.tables.keySet()).containsExactly("crime", "errors");
        assertThat(lake.toJson().path("rows").path("errors").asLong(-1)).isZero();
        assertThat(lake.toJson().path("tables").path("errors").asText()).endsWith("errors");
        assertThat(lake.complete()).isTrue();
    }

    @Test
    void aLakeNotWrittenYetHoldsNothing() throws IOException {
        assertThat(PipelineLake.read(dir.resolve("none"), 1).committed()).isZero();
    }

    @Test
    void aLineWrittenTwiceIsNotHiddenByALineLostWhenTheTotalsAgree() throws IOException {
        // lines 1-4 of record 49 and line 1 of record 50 were sent; line 3 is lost and line 2 written twice
        parquetLines("lake/crime/day=01/part-a-0-0", "49", 1, 2);
        parquetLines("lake/crime/day=02/part-a-1-0", "49", 2);
        write("lake/errors/error=csv-parse-failed/dt=2026-12-05/part-c-0-0",
                "{\"sequence_number\":\"49\",\"line_number\":4}\n{\"sequence_number\":\"50\",\"line_number\":1}\n");

        PipelineLake lake = PipelineLake.read(dir.resolve("lake"), 5);

        assertThat(lake.committed()).isEqualTo(5);
        assertThat(lake.rowsWithLineage).isEqualTo(5);
        assertThat(lake.distinctLineage).isEqualTo(4);
        assertThat(lake.writtenTwice()).isEqualTo(1);
        assertThat(lake.complete()).isFalse();
        assertThat(lake.counts()).endsWith("; 1 written twice (the same sequence_number and line_number)");
        assertThat(lake.toJson().path("rows_written_twice").asLong()).isEqualTo(1);
    }

    @Test
    void theSameLineNumberInAnotherRecordIsAnotherLine() throws IOException {
        parquetLines("lake/crime/part-a-0-0", "49", 1, 2);
        write("lake/errors/part-c-0-0", "{\"sequence_number\":\"50\",\"line_number\":2}\n");

        PipelineLake lake = PipelineLake.read(dir.resolve("lake"), 3);

        assertThat(lake.distinctLineage).isEqualTo(3);
        assertThat(lake.complete()).isTrue();
    }
}
