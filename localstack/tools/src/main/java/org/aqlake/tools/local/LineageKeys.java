package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The lineage of a streaming recipe's rows: the Kinesis record ({@code sequence_number}) and the line in it
 * ({@code line_number}) each typed row and each dead letter came from. Every line sent is one row of one
 * table, so a key seen twice is a row written twice, which a row lost elsewhere would hide from a count.
 */
final class LineageKeys {

    static final String SEQUENCE_NUMBER = "sequence_number";
    static final String LINE_NUMBER = "line_number";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineageKeys() {}

    /**
     * Adds the keys of a table's committed files to {@code seen}; returns the rows that carry one (none in a
     * table without the two columns, which has no lineage to check).
     */
    static long addTo(Set<String> seen, List<Path> files, boolean parquet) throws IOException {
        long rows = 0;
        for (Path f : files) {
            rows += parquet ? fromParquet(seen, f) : fromJsonLines(seen, f);
        }
        return rows;
    }

    private static long fromParquet(Set<String> seen, Path f) throws IOException {
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(f.toUri());
        MessageType schema;
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
            schema = footer.getFooter().getFileMetaData().getSchema();
        }
        if (!schema.containsField(SEQUENCE_NUMBER) || !schema.containsField(LINE_NUMBER)) {
            return 0;
        }
        // only the two columns are read, with the file's own types
        conf.set(ReadSupport.PARQUET_READ_SCHEMA, new MessageType("lineage", schema.getType(SEQUENCE_NUMBER),
                schema.getType(LINE_NUMBER)).toString());
        long rows = 0;
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), path).withConf(conf).build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                seen.add(g.getString(SEQUENCE_NUMBER, 0) + '#' + g.getInteger(LINE_NUMBER, 0));
                rows++;
            }
        }
        return rows;
    }

    private static long fromJsonLines(Set<String> seen, Path f) throws IOException {
        long rows = 0;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (!n.hasNonNull(SEQUENCE_NUMBER) || !n.hasNonNull(LINE_NUMBER)) {
                    continue;
                }
                seen.add(n.get(SEQUENCE_NUMBER).asText() + '#' + n.get(LINE_NUMBER).asInt());
                rows++;
            }
        }
        return rows;
    }
}
