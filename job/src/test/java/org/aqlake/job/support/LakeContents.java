package org.aqlake.job.support;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** What a reader finds in a local copy of the lake: readings rows, dead-letter lines, raw lines. */
public final class LakeContents {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path readingsDir;
    public final Path errorsDir;
    public final Path rawDir;

    public LakeContents(Path readingsDir, Path errorsDir, Path rawDir) {
        this.readingsDir = readingsDir;
        this.errorsDir = errorsDir;
        this.rawDir = rawDir;
    }

    public List<Map<String, Object>> readings() throws IOException {
        return ParquetRows.read(readingsDir);
    }

    /** Each dead-letter line, plus {@code _partition}, the folder it was found in. */
    public List<Map<String, Object>> deadLetters() throws IOException {
        return jsonLines(errorsDir, ".jsonl", false);
    }

    public List<Map<String, Object>> raw() throws IOException {
        return jsonLines(rawDir, ".jsonl.gz", true);
    }

    /**
     * The record each dead letter stands for, as the producer's partition key (tests key by record id):
     * its own, or, for a redacted letter that carries none, the raw line's with the same shard and sequence
     * number, as a user would find the original.
     */
    public List<String> deadLetterIds() throws IOException {
        Map<String, String> rawKeys = new HashMap<>();
        for (Map<String, Object> r : raw()) {
            rawKeys.putIfAbsent(r.get("shard_id") + "/" + r.get("sequence_number"), (String) r.get("partition_key"));
        }
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> d : deadLetters()) {
            String key = (String) d.get("partition_key");
            ids.add(key != null ? key : rawKeys.get(d.get("shard_id") + "/" + d.get("sequence_number")));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> jsonLines(Path dir, String suffix, boolean gzip) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (dir == null) {
            return rows;
        }
        for (Path file : ParquetRows.files(dir, suffix)) {
            try (InputStream raw = Files.newInputStream(file);
                    InputStream in = gzip ? new GZIPInputStream(raw) : raw;
                    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Map<String, Object> row = JSON.readValue(line, Map.class);
                    row.put(ParquetRows.PARTITION, dir.relativize(file.getParent()).toString());
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
