package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What a local lake holds, counted from its files, beside what the producer sent. Its JSON form is the
 * summary of {@code ./localstack/run --until-drained --summary OUT.json}: each measure is an object keyed
 * by table, so that new tables (aggregates) add keys rather than change the shape.
 */
public final class LakeSummary {

    public static final String READINGS = "readings";
    public static final String ERRORS = "errors";
    public static final String RAW = "raw";
    public static final String AGGREGATES = "aggregates";
    /**
     * The {@code error=<type>} partitions the job writes, in the order of its {@code ErrorType}, so that the
     * summary names every type, zero or not; {@code LakeSummaryTest} holds the list to the job's.
     */
    static final List<String> DEAD_LETTER_TYPES = List.of("decompression-failed", "json-parse-failed",
            "schema-mismatch", "value-out-of-range", "consent-schema-mismatch", "too-many-open-partitions");

    public final long recordsSent;
    public final LakeFolders folders;
    /** By table name, in a stable order; raw is absent when the raw archive is off. */
    public final Map<String, TableStats> tables;
    /** Dead letters by type id; every type is present, zero or not. */
    public final Map<String, Long> deadLetters;
    /**
     * Distinct records in the raw archive, which keeps what the stream delivered, copies put by producer
     * retries included; equal to its lines when the raw archive is off.
     */
    public final long rawDistinct;
    /** With {@code lake.format=iceberg}: the tables the catalog holds, counted from their current snapshots. */
    public final Map<String, IcebergTableStats> iceberg;

    private LakeSummary(long recordsSent, LakeFolders folders, Map<String, TableStats> tables,
            Map<String, Long> deadLetters, long rawDistinct, Map<String, IcebergTableStats> iceberg) {
        this.recordsSent = recordsSent;
        this.folders = folders;
        this.tables = tables;
        this.deadLetters = deadLetters;
        this.rawDistinct = rawDistinct;
        this.iceberg = iceberg;
    }

    public static LakeSummary read(LakeFolders folders, long recordsSent) throws IOException {
        return read(folders, recordsSent, true);
    }

    /**
     * As {@link #read}, but the Iceberg tables' rows are counted from their files' metadata where no delete
     * file applies, and their keys are not checked: the drain's poll, every half second while the job writes.
     */
    public static LakeSummary count(LakeFolders folders, long recordsSent) throws IOException {
        return read(folders, recordsSent, false);
    }

    private static LakeSummary read(LakeFolders folders, long recordsSent, boolean readRows) throws IOException {
        Map<String, IcebergTableStats> iceberg = folders.iceberg.isPresent() ? folders.iceberg.get().read(readRows)
                : Map.of();
        Map<String, TableStats> tables = new LinkedHashMap<>();
        tables.put(READINGS, iceberg.containsKey(READINGS) ? iceberg.get(READINGS).stats
                : LakeFiles.parquet(folders.readings));
        tables.put(ERRORS, iceberg.containsKey(ERRORS) ? iceberg.get(ERRORS).stats
                : LakeFiles.jsonLines(folders.errors, LakeFiles.JSON_LINES));
        long rawDistinct = 0;
        if (folders.raw != null) {
            tables.put(RAW, LakeFiles.jsonLines(folders.raw, LakeFiles.GZIP_JSON_LINES));
            rawDistinct = LakeFiles.distinctRawRecords(folders.raw);
        }
        if (iceberg.containsKey(AGGREGATES)) {
            // one row per place, parameter, unit and window: a correction replaces its row
            tables.put(AGGREGATES, iceberg.get(AGGREGATES).stats);
        } else if (folders.aggregates != null) {
            // every revision is a row: a reader picks the latest per place, parameter, unit and window
            tables.put(AGGREGATES, LakeFiles.parquet(folders.aggregates));
        }
        Map<String, Long> deadLetters = new LinkedHashMap<>();
        for (String type : DEAD_LETTER_TYPES) {
            deadLetters.put(type, 0L);
        }
        deadLetters.putAll(iceberg.containsKey(ERRORS) ? iceberg.get(ERRORS).byErrorType
                : LakeFiles.deadLettersByType(folders.errors));
        return new LakeSummary(recordsSent, folders, tables, deadLetters, rawDistinct, iceberg);
    }

    /** Records that reached the lake: each one is a row or a dead letter. */
    public long recordsCommitted() {
        return tables.get(READINGS).rows + tables.get(ERRORS).rows;
    }

    /**
     * True when the job has read and checkpointed every record sent: the raw archive, committed on
     * checkpoints that every operator has passed, holds each once. The consent gate holds gated readings
     * until the watermark passes them, which at the end of a bounded input only a drain brings, so the
     * rows cannot be the signal to drain. Without the raw archive, rows and dead letters are all there is.
     */
    public boolean allRead() {
        return tables.containsKey(RAW) ? rawDistinct == recordsSent : complete();
    }

    /**
     * True when the lake adds up. With the raw archive on, it holds every record sent (and any copies a
     * producer's retries put in the stream as well), and rows plus
     * dead letters account for all of them but the readings the consent gate denied (those are written
     * nowhere, by design). Without it, every record sent must be a row or a dead letter.
     */
    public boolean complete() {
        if (writtenTwice() > 0) {
            return false;
        }
        if (tables.containsKey(RAW)) {
            return rawDistinct == recordsSent && recordsCommitted() <= recordsSent;
        }
        return recordsCommitted() == recordsSent;
    }

    /**
     * Records sent that are neither a row nor a dead letter: with the raw archive proving they were all
     * read, these are the readings the consent gate denied.
     */
    public long notInLake() {
        return Math.max(0, recordsSent - recordsCommitted());
    }

    /** Copies of records that the stream delivered twice (producer retries); the tables hold them once. */
    public long duplicatesInStream() {
        return tables.containsKey(RAW) ? tables.get(RAW).rows - rawDistinct : 0;
    }

    /**
     * Rows of the Iceberg tables whose key another row of the same table has too (a Kinesis record's
     * lineage, an aggregate's place and window): rows written twice, which a count alone would not show.
     */
    public long writtenTwice() {
        return iceberg.values().stream().mapToLong(IcebergTableStats::writtenTwice).sum();
    }

    /** The Iceberg tables the job writes that the catalog lacks: those are counted from their folders. */
    public List<String> icebergTablesAbsent() {
        List<String> absent = new java.util.ArrayList<>();
        if (folders.iceberg.isPresent()) {
            for (String name : IcebergLake.TABLES) {
                if (!iceberg.containsKey(name) && (!name.equals(AGGREGATES) || folders.aggregates != null)) {
                    absent.add(name);
                }
            }
        }
        return absent;
    }

    /** One line, for progress and errors. */
    public String counts() {
        String s = String.format(java.util.Locale.ROOT, "%,d of %,d records in the lake (%,d rows, %,d dead letters",
                recordsCommitted(), recordsSent, tables.get(READINGS).rows, tables.get(ERRORS).rows);
        if (notInLake() > 0) {
            s += String.format(java.util.Locale.ROOT, ", %,d not in the lake (consent denied)", notInLake());
        }
        if (writtenTwice() > 0) {
            s += String.format(java.util.Locale.ROOT, ", %,d Iceberg rows written twice", writtenTwice());
        }
        if (duplicatesInStream() > 0) {
            s += String.format(java.util.Locale.ROOT, ", %,d copies from producer retries written once", duplicatesInStream());
        }
        return tables.containsKey(RAW) ? s + String.format(java.util.Locale.ROOT, ", %,d raw lines)", tables.get(RAW).rows)
                : s + ")";
    }

    public ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("format", folders.iceberg.isPresent() ? "iceberg" : "parquet");
        o.put("records_sent", recordsSent);
        measure(o.putObject("rows"), t -> t.rows);
        ObjectNode dl = o.putObject("dead_letters");
        deadLetters.forEach(dl::put);
        // denied readings are never written: derived from what was sent and what the raw archive read
        o.put("consent_denied", notInLake());
        if (tables.containsKey(RAW)) {
            // the stream's copies of one record (producer retries): each raw line kept, one row or dead letter
            o.put("duplicates_in_stream", duplicatesInStream());
        }
        measure(o.putObject("partitions"), t -> t.partitions);
        measure(o.putObject("files"), t -> t.files);
        measure(o.putObject("bytes"), t -> t.bytes);
        ObjectNode folders = o.putObject("tables");
        folders.put(READINGS, folder(READINGS, this.folders.readings));
        folders.put(ERRORS, folder(ERRORS, this.folders.errors));
        if (this.folders.raw != null) {
            folders.put(RAW, this.folders.raw.toString());
        }
        if (iceberg.containsKey(AGGREGATES) || this.folders.aggregates != null) {
            folders.put(AGGREGATES, folder(AGGREGATES, this.folders.aggregates));
        }
        if (this.folders.iceberg.isPresent()) {
            icebergJson(o);
        }
        return o;
    }

    /** The Iceberg table's location (its data and metadata folders) where the catalog has it, else the folder. */
    private String folder(String table, Path otherwise) {
        return iceberg.containsKey(table) ? iceberg.get(table).folder.toString() : String.valueOf(otherwise);
    }

    private void icebergJson(ObjectNode o) {
        IcebergLake lake = folders.iceberg.get();
        ObjectNode catalog = o.putObject("iceberg");
        catalog.put("catalog", lake.catalogUri);
        catalog.put("warehouse", lake.warehouse);
        catalog.put("database", lake.database);
        ObjectNode snapshots = catalog.putObject("snapshots");
        ObjectNode twice = catalog.putObject("rows_written_twice");
        ObjectNode keys = catalog.putObject("distinct_keys");
        iceberg.forEach((name, t) -> {
            snapshots.put(name, t.snapshotId);
            if (!t.keyColumns.isEmpty()) {
                keys.put(name, t.distinctKeys);
                twice.put(name, t.writtenTwice());
            }
        });
        icebergTablesAbsent().forEach(catalog.putArray("tables_absent")::add);
        o.put("rows_written_twice", writtenTwice());
    }

    private void measure(ObjectNode node, ToLongFunction<TableStats> f) {
        tables.forEach((name, stats) -> node.put(name, f.applyAsLong(stats)));
    }
}
