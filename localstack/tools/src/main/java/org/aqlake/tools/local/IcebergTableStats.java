package org.aqlake.tools.local;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the current snapshot of one Iceberg table holds: its rows as a reader sees them (delete files
 * applied), its data files, their bytes and partitions, and the rows' keys. Every row carries a key that
 * no other row may share: a reading or a dead letter the Kinesis record it came from, an aggregate its
 * place, parameter, unit and window (a correction replaces its row). A key seen twice is a row written
 * twice, which a row lost elsewhere would hide from a count.
 */
public final class IcebergTableStats {

    /** The key columns of each table, by table; a table without all of them has no key to check. */
    static final Map<String, List<String>> KEYS = Map.of(
            LakeSummary.READINGS, List.of("shard_id", "sequence_number"),
            LakeSummary.ERRORS, List.of("stream", "shard_id", "sequence_number"),
            LakeSummary.AGGREGATES, List.of("location", "city", "country", "parameter", "unit", "window_start"));
    static final String ERROR_TYPE = "error_type";

    public final TableStats stats;
    /** The table's folder (its location) on this machine. */
    public final Path folder;
    /** The current snapshot's id; absent (-1) while the table has none. */
    public final long snapshotId;
    public final List<String> keyColumns;
    /** Rows with a key: a dead letter whose record left no lineage (every key column null) has none. */
    public final long rowsWithKey;
    public final long distinctKeys;
    /** By {@code error_type}, for a table that has the column. */
    public final Map<String, Long> byErrorType;

    private IcebergTableStats(TableStats stats, Path folder, long snapshotId, List<String> keyColumns,
            long rowsWithKey, long distinctKeys, Map<String, Long> byErrorType) {
        this.stats = stats;
        this.folder = folder;
        this.snapshotId = snapshotId;
        this.keyColumns = keyColumns;
        this.rowsWithKey = rowsWithKey;
        this.distinctKeys = distinctKeys;
        this.byErrorType = byErrorType;
    }

    /** Rows whose key another row has too: zero when every row is in the table once. */
    public long writtenTwice() {
        return rowsWithKey - distinctKeys;
    }

    /**
     * The table's current snapshot. With {@code readRows}, its rows are read (their keys only) as a reader sees
     * them; without, they are counted from the data files' metadata, unless delete files make a read necessary,
     * and the keys are not checked: the drain's cheap poll, which the summary's full read then checks.
     */
    static IcebergTableStats of(Table table, Path s3Dir, boolean readRows) throws IOException {
        Path folder = LakeFolders.local(table.location(), s3Dir);
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return new IcebergTableStats(TableStats.EMPTY, folder, -1, List.of(), 0, 0, Map.of());
        }
        long files = 0;
        long bytes = 0;
        long recorded = 0;
        boolean deletes = false;
        Set<String> partitions = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(current.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile f = task.file();
                files++;
                bytes += f.fileSizeInBytes();
                recorded += f.recordCount();
                deletes |= !task.deletes().isEmpty();
                partitions.add(f.specId() + "/" + table.specs().get(f.specId()).partitionToPath(f.partition()));
            }
        }
        if (!readRows && !deletes) {
            return new IcebergTableStats(new TableStats(recorded, files, bytes, partitions.size()), folder,
                    current.snapshotId(), List.of(), 0, 0, Map.of());
        }
        Schema schema = table.schema();
        String name = table.name().substring(table.name().lastIndexOf('.') + 1);
        List<String> keys = KEYS.getOrDefault(name, List.of()).stream().allMatch(c -> schema.findField(c) != null)
                ? KEYS.getOrDefault(name, List.of()) : List.of();
        boolean typed = schema.findField(ERROR_TYPE) != null;
        List<String> columns = new ArrayList<>(keys);
        if (typed) {
            columns.add(ERROR_TYPE);
        }
        long rows = 0;
        long withKey = 0;
        Set<List<Object>> seen = new HashSet<>();
        Map<String, Long> byType = new TreeMap<>();
        // the rows as a reader sees them: equality and position deletes of replaced rows applied
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).useSnapshot(current.snapshotId())
                .select(columns.isEmpty() ? List.of(schema.columns().get(0).name()) : columns).build()) {
            for (Record r : records) {
                rows++;
                List<Object> key = keys.stream().map(r::getField).collect(Collectors.toList());
                if (!keys.isEmpty() && key.stream().anyMatch(java.util.Objects::nonNull)) {
                    seen.add(key);
                    withKey++;
                }
                if (typed) {
                    byType.merge(String.valueOf(r.getField(ERROR_TYPE)), 1L, Long::sum);
                }
            }
        }
        return new IcebergTableStats(new TableStats(rows, files, bytes, partitions.size()), folder,
                current.snapshotId(), keys, withKey, seen.size(), byType);
    }
}
