package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the lake of a streaming SQL pipeline holds (its {@code ${lake}}: one folder per table), counted from
 * the committed files, beside the CSV rows the producer sent. Every row sent must be a row of exactly one
 * table: a typed row or a dead letter, and no line twice: the rows' lineage ({@code sequence_number},
 * {@code line_number}, in the tables that carry it) must be distinct, or a duplicate would hide a loss from
 * the count. Parquet files are counted from their footers, other files (JSON
 * lines) by their lines; Flink's filesystem connector names committed files {@code part-…}, with no
 * extension, and hides the rest.
 */
public final class PipelineLake {

    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    public final Path root;
    public final long rowsSent;
    /** By table (folder) name, sorted; the declared tables included. */
    public final Map<String, TableStats> tables;
    /** Rows that carry a lineage key, and how many distinct keys they carry. */
    public final long rowsWithLineage;
    public final long distinctLineage;

    private PipelineLake(Path root, long rowsSent, Map<String, TableStats> tables, long rowsWithLineage,
            long distinctLineage) {
        this.root = root;
        this.rowsSent = rowsSent;
        this.tables = tables;
        this.rowsWithLineage = rowsWithLineage;
        this.distinctLineage = distinctLineage;
    }

    public static PipelineLake read(Path root, long rowsSent) throws IOException {
        return read(root, rowsSent, List.of());
    }

    /**
     * As {@link #read(Path, long)}, with the tables the recipe declares: one without a committed file yet (no
     * dead letter at all, say) is listed with 0 rows rather than left out.
     */
    public static PipelineLake read(Path root, long rowsSent, List<String> declared) throws IOException {
        Map<String, TableStats> tables = new java.util.TreeMap<>();
        declared.forEach(t -> tables.put(t, TableStats.EMPTY));
        java.util.Set<String> lineage = new java.util.HashSet<>();
        long rowsWithLineage = 0;
        if (Files.isDirectory(root)) {
            List<Path> folders;
            try (Stream<Path> s = Files.list(root)) {
                folders = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().collect(Collectors.toList());
            }
            for (Path table : folders) {
                tables.put(table.getFileName().toString(), stats(table));
                List<Path> files = LakeFiles.partFiles(table, "");
                rowsWithLineage += LineageKeys.addTo(lineage, files, !files.isEmpty() && parquet(files.get(0)));
            }
        }
        return new PipelineLake(root, rowsSent, tables, rowsWithLineage, lineage.size());
    }

    private static TableStats stats(Path table) throws IOException {
        List<Path> files = LakeFiles.partFiles(table, "");
        if (!files.isEmpty() && parquet(files.get(0))) {
            return LakeFiles.parquet(table, "");
        }
        return LakeFiles.jsonLines(table, "");
    }

    private static boolean parquet(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(PARQUET_MAGIC.length), PARQUET_MAGIC);
        }
    }

    /** Rows of every table: each CSV row sent is one, as a typed row or a dead letter. */
    public long committed() {
        return tables.values().stream().mapToLong(t -> t.rows).sum();
    }

    /** Rows whose lineage key another row has too: lines written twice. */
    public long writtenTwice() {
        return rowsWithLineage - distinctLineage;
    }

    public boolean complete() {
        return committed() == rowsSent && writtenTwice() == 0;
    }

    /** One line, for progress and errors. */
    public String counts() {
        return String.format(Locale.ROOT, "%,d of %,d rows in the lake (%s)", committed(), rowsSent,
                tables.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue().rows))
                        .collect(Collectors.joining(", ")))
                + (writtenTwice() > 0 ? String.format(Locale.ROOT, "; %,d written twice (the same"
                        + " sequence_number and line_number)", writtenTwice()) : "");
    }

    public ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("csv_rows_sent", rowsSent);
        o.put("rows_written_twice", writtenTwice());
        measure(o.putObject("rows"), t -> t.rows);
        measure(o.putObject("partitions"), t -> t.partitions);
        measure(o.putObject("files"), t -> t.files);
        measure(o.putObject("bytes"), t -> t.bytes);
        ObjectNode folders = o.putObject("tables");
        tables.keySet().forEach(name -> folders.put(name, root.resolve(name).toString()));
        return o;
    }

    private void measure(ObjectNode node, ToLongFunction<TableStats> f) {
        tables.forEach((name, stats) -> node.put(name, f.applyAsLong(stats)));
    }
}
