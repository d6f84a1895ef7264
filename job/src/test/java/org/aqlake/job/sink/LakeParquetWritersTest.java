package org.aqlake.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.util.InstantiationUtil;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.aqlake.job.model.Reading;
import org.aqlake.job.support.DuckDb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one writer factory and the WriteSupport base every table's Parquet files go through. */
class LakeParquetWritersTest {

    static final int ROWS = 1000;
    static final int DISTINCT_SEQUENCE_NUMBERS = 10;

    @TempDir
    Path dir;

    <T> Path write(ParquetWriterFactory<T> factory, List<T> rows) throws IOException {
        Path file = dir.resolve("part-0.parquet");
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
        try (FSDataOutputStream out = path.getFileSystem().create(path, WriteMode.NO_OVERWRITE)) {
            BulkWriter<T> writer = factory.create(out);
            for (T row : rows) {
                writer.addElement(row);
            }
            writer.finish();
        }
        return file;
    }

    @Test
    void theFactoryStillWritesTheTableAfterTheJavaSerializationThatShipsItToTheTaskManagers() throws Exception {
        ParquetWriterFactory<Reading> shipped = InstantiationUtil.clone(
                LakeParquetWriters.forCompression(Compression.ZSTD, ReadingWriteSupport::new));

        Path file = write(shipped, List.of(ReadingParquetFilesTest.full()));

        assertThat(DuckDb.query("SELECT sequence_number FROM read_parquet(?)", file.toString()))
                .containsExactly(Map.of("sequence_number", ReadingParquetFilesTest.full().sequenceNumber));
    }

    @Test
    void aTablesColumnsWithoutDictionaryAreWrittenPlainAndTheOthersWithADictionary() throws Exception {
        // few distinct values in both columns, so a dictionary would pay off in each: only the setting differs
        List<Reading> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Reading r = ReadingParquetFilesTest.full();
            r.sequenceNumber = String.valueOf(i % DISTINCT_SEQUENCE_NUMBERS);
            rows.add(r);
        }
        Path file = write(LakeParquetWriters.forCompression(Compression.ZSTD, ReadingWriteSupport::new), rows);

        List<Map<String, Object>> encodings = DuckDb.query("SELECT path_in_schema AS col, encodings"
                + " FROM parquet_metadata(?) WHERE path_in_schema IN ('parameter', 'sequence_number')"
                + " ORDER BY col", file.toString());

        assertThat(encodings).hasSize(2);
        assertThat((String) encodings.get(0).get("encodings")).as("parameter").contains("DICTIONARY");
        assertThat((String) encodings.get(1).get("encodings")).as("sequence_number").doesNotContain("DICTIONARY");
    }

    @Test
    void aTableThatWritesFewerColumnsThanItsSchemaFailsTheRecordInsteadOfShiftingTheRest() {
        ParquetWriterFactory<Reading> factory =
                LakeParquetWriters.forCompression(Compression.UNCOMPRESSED, OneColumnShort::new);

        assertThatThrownBy(() -> write(factory, List.of(ReadingParquetFilesTest.full())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("wrote 1 of the 2 columns of short");
    }

    /** A table whose writer forgets its second column. */
    static final class OneColumnShort extends LakeWriteSupport<Reading> {
        static final MessageType SCHEMA = Types.buildMessage()
                .required(PrimitiveTypeName.INT64).as(timestamp()).named("event_time")
                .required(PrimitiveTypeName.DOUBLE).named("value")
                .named("short");

        OneColumnShort() {
            super(SCHEMA);
        }

        @Override
        protected void writeColumns(Reading r) {
            longColumn(r.eventTime);
        }
    }
}
