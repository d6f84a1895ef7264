package org.aqlake.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import org.aqlake.job.model.Reading;
import org.aqlake.job.support.DuckDb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compactor reads a partition's writers' files with the table's row reader, sorts the rows and writes
 * them with the table's writer: every row once, in (location, parameter, event time) order, and a reader
 * filtering on a location can skip every row group but the one or two holding it, which in the writers'
 * own files it cannot (DuckDB's {@code parquet_metadata} and {@code EXPLAIN ANALYZE}).
 */
class SortedCompactorTest {

    static final Instant HOUR = Instant.parse("2024-05-01T10:00:00Z");
    static final int LOCATIONS = 40;
    static final String[] PARAMETERS = {"no2", "o3", "pm25"};
    static final int TIMES = 30;
    static final int WRITER_FILES = 3;
    /** Small row groups, so that one file has many, as a realistic hour's volume has at the default size. */
    static final int ROW_GROUP_BYTES = 16 * 1024;
    static final String WANTED = location(17);

    @TempDir
    Path dir;

    @Test
    void compactedRowsAreEveryWritersRowOnceSortedByLocationParameterAndTime() throws Exception {
        List<Reading> input = readings();
        Path compacted = compact(writeShuffled(input), SortedCompactor.MAX_ROWS_IN_MEMORY);

        List<Map<String, Object>> rows = DuckDb.query("SELECT location, parameter, epoch_ms(event_time) AS t,"
                + " sequence_number FROM read_parquet(?)", compacted.toString());

        assertThat(rows).extracting(r -> r.get("sequence_number"))
                .containsExactlyInAnyOrderElementsOf(input.stream().map(r -> r.sequenceNumber).collect(Collectors.toList()));
        List<String> order = rows.stream().map(r -> r.get("location") + "|" + r.get("parameter") + "|"
                + String.format("%015d", (Long) r.get("t"))).collect(Collectors.toList());
        assertThat(order).isSorted();
    }

    @Test
    void aFilterOnALocationSkipsTheRowGroupsOfTheOtherLocationsOfACompactedFile() throws Exception {
        List<Path> writers = writeShuffled(readings());
        Path compacted = compact(writers, SortedCompactor.MAX_ROWS_IN_MEMORY);

        int groups = rowGroups(compacted);
        assertThat(groups).as("row groups of the compacted file").isGreaterThan(10);
        assertThat(rowGroupsAdmitting(compacted, WANTED)).as("its row groups whose location range holds it")
                .isBetween(1, 2);
        for (Path w : writers) {
            // the writers' files are in arrival order: nearly every row group may hold any location
            assertThat(rowGroupsAdmitting(w, WANTED)).isGreaterThanOrEqualTo(rowGroups(w) * 3 / 4);
        }
        String plan = DuckDb.query("EXPLAIN ANALYZE SELECT count(*) AS n FROM read_parquet(?) WHERE location = ?",
                compacted.toString(), WANTED).get(0).get("explain_value").toString();
        // the filter is pushed into the Parquet scan, which reads only row groups whose statistics admit it
        assertThat(plan).contains("location='" + WANTED + "'");
        long n = (Long) DuckDb.query("SELECT count(*) AS n FROM read_parquet(?) WHERE location = ?",
                compacted.toString(), WANTED).get(0).get("n");
        assertThat(n).isEqualTo((long) PARAMETERS.length * TIMES);
    }

    @Test
    void aCompactionOfMoreRowsThanFitInMemoryWritesSortedRunsAndLosesNone() throws Exception {
        List<Reading> input = readings();
        int run = input.size() / 3;
        Path compacted = compact(writeShuffled(input), run);

        List<Map<String, Object>> rows = DuckDb.query("SELECT location, sequence_number FROM read_parquet(?)",
                compacted.toString());
        assertThat(rows).hasSize(input.size());
        assertThat(rows.stream().map(r -> r.get("sequence_number")).distinct().count()).isEqualTo(input.size());
        for (int i = 0; i < 3; i++) {
            assertThat(rows.subList(i * run, (i + 1) * run).stream().map(r -> (String) r.get("location"))
                    .collect(Collectors.toList())).isSorted();
        }
    }

    // ---------------------------------------------------------------- helpers

    static String location(int i) {
        return String.format("Station %02d", i);
    }

    static List<Reading> readings() {
        List<Reading> out = new ArrayList<>();
        for (int l = 0; l < LOCATIONS; l++) {
            for (String p : PARAMETERS) {
                for (int t = 0; t < TIMES; t++) {
                    Reading r = new Reading();
                    r.location = location(l);
                    r.parameter = p;
                    r.eventTime = HOUR.plusSeconds(t * 60L).toEpochMilli();
                    r.value = l + t / 10.0;
                    r.unit = "µg/m³";
                    r.city = "City " + (l % 7);
                    r.country = "FR";
                    r.arrivalTime = r.eventTime + 5_000;
                    r.shardId = "shardId-00000000000" + (l % 4);
                    r.sequenceNumber = l + "-" + p + "-" + t;
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The rows in arrival order (shuffled), spread over the files of several writer subtasks. */
    List<Path> writeShuffled(List<Reading> input) throws IOException {
        List<Reading> shuffled = new ArrayList<>(input);
        Collections.shuffle(shuffled, new Random(7));
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < WRITER_FILES; f++) {
            Path file = dir.resolve(".part-" + f + ".zstd.parquet");
            int from = f * shuffled.size() / WRITER_FILES;
            int to = (f + 1) * shuffled.size() / WRITER_FILES;
            write(file, shuffled.subList(from, to));
            files.add(file);
        }
        return files;
    }

    Path compact(List<Path> files, int maxRowsInMemory) throws Exception {
        Path out = dir.resolve("compacted-part-0.zstd.parquet");
        SortedCompactor<Reading> compactor = new SortedCompactor<>(TableRows.readings(), RowOrders.readings(),
                maxRowsInMemory);
        org.apache.flink.core.fs.Path path = flinkPath(out);
        try (FSDataOutputStream stream = path.getFileSystem().create(path, WriteMode.OVERWRITE)) {
            BulkWriter<Reading> writer = writerFactory().create(stream);
            compactor.compact(files.stream().map(SortedCompactorTest::flinkPath).collect(Collectors.toList()),
                    writer::addElement);
            writer.finish();
        }
        return out;
    }

    static void write(Path file, List<Reading> rows) throws IOException {
        org.apache.flink.core.fs.Path path = flinkPath(file);
        FileSystem fs = path.getFileSystem();
        try (FSDataOutputStream out = fs.create(path, WriteMode.OVERWRITE)) {
            BulkWriter<Reading> writer = writerFactory().create(out);
            for (Reading r : rows) {
                writer.addElement(r);
            }
            writer.finish();
        }
    }

    /** The table's writer (its WriteSupport and column settings) with small row groups. */
    static ParquetWriterFactory<Reading> writerFactory() {
        return new ParquetWriterFactory<>(out -> LakeParquetWriters.builder(out, new ReadingWriteSupport())
                .withCompressionCodec(CompressionCodecName.ZSTD).withRowGroupSize(ROW_GROUP_BYTES).build());
    }

    static org.apache.flink.core.fs.Path flinkPath(Path p) {
        return new org.apache.flink.core.fs.Path(p.toUri());
    }

    static int rowGroups(Path file) throws Exception {
        return ((Number) DuckDb.query("SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata(?)",
                file.toString()).get(0).get("n")).intValue();
    }

    static int rowGroupsAdmitting(Path file, String location) throws Exception {
        return ((Number) DuckDb.query("SELECT count(*) AS n FROM parquet_metadata(?) WHERE path_in_schema = 'location'"
                + " AND stats_min_value <= ? AND stats_max_value >= ?", file.toString(), location, location)
                .get(0).get("n")).intValue();
    }
}
