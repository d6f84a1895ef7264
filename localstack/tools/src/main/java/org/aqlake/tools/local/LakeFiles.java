package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Counts what the committed files of a table hold, reading the files themselves: Parquet row counts from
 * the footers (parquet-java), JSON lines by counting lines. Only committed part files count: a sink's
 * in-progress files are hidden (their names start with a dot).
 */
public final class LakeFiles {

    public static final String PARQUET = ".parquet";
    public static final String JSON_LINES = ".jsonl";
    public static final String GZIP_JSON_LINES = ".jsonl.gz";
    private static final String ERROR_PARTITION = "error=";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LakeFiles() {}

    /** The committed part files under a table folder, sorted; none when the folder does not exist yet. */
    public static List<Path> partFiles(Path table, String suffix) throws IOException {
        if (table == null || !Files.isDirectory(table)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(table)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> committedPart(table.relativize(p), suffix))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    static boolean committedPart(Path relative, String suffix) {
        for (Path segment : relative) {
            if (segment.toString().startsWith(".")) {
                return false;
            }
        }
        String name = relative.getFileName().toString();
        // a writer's file, or one the job's compaction wrote from them (the writers' are hidden until then)
        return (name.startsWith("part-") || name.startsWith("compacted-part-")) && name.endsWith(suffix);
    }

    public static TableStats parquet(Path table) throws IOException {
        Configuration conf = new Configuration();
        long rows = 0;
        List<Path> files = partFiles(table, PARQUET);
        for (Path f : files) {
            try (ParquetFileReader reader = ParquetFileReader.open(
                    HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), conf))) {
                rows += reader.getRecordCount();
            }
        }
        return stats(table, files, rows);
    }

    public static TableStats jsonLines(Path table, String suffix) throws IOException {
        long rows = 0;
        List<Path> files = partFiles(table, suffix);
        for (Path f : files) {
            rows += lines(f, suffix.endsWith(".gz"));
        }
        return stats(table, files, rows);
    }

    /**
     * Distinct records in the raw archive: lines that differ only in lineage (sequence number, shard, arrival
     * time) are one record put twice, as a producer's retry does; the job writes such a record once.
     */
    public static long distinctRawRecords(Path raw) throws IOException {
        Set<String> seen = new HashSet<>();
        for (Path f : partFiles(raw, GZIP_JSON_LINES)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f));
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        JsonNode n = JSON.readTree(line);
                        seen.add(n.path("partition_key").asText() + '\n' + n.path("payload_encoding").asText()
                                + '\n' + n.path("payload").asText());
                    }
                }
            }
        }
        return seen.size();
    }

    /** Dead-letter lines by type, from the {@code error=<type>} partition each file is in. */
    public static Map<String, Long> deadLettersByType(Path errors) throws IOException {
        Map<String, Long> byType = new TreeMap<>();
        for (Path f : partFiles(errors, JSON_LINES)) {
            String first = errors.relativize(f).getName(0).toString();
            String type = first.startsWith(ERROR_PARTITION) ? first.substring(ERROR_PARTITION.length()) : "unknown";
            byType.merge(type, lines(f, false), Long::sum);
        }
        return byType;
    }

    private static long lines(Path f, boolean gzip) throws IOException {
        try (InputStream raw = Files.newInputStream(f);
                InputStream in = gzip ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            long n = 0;
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    n++;
                }
            }
            return n;
        }
    }

    private static TableStats stats(Path table, List<Path> files, long rows) throws IOException {
        long bytes = 0;
        Set<Path> partitions = new HashSet<>();
        for (Path f : files) {
            bytes += Files.size(f);
            partitions.add(table.relativize(f).getParent());
        }
        return new TableStats(rows, files.size(), bytes, partitions.size());
    }
}
