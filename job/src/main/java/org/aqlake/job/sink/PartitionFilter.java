package org.aqlake.job.sink;

import org.apache.flink.core.fs.Path;

import org.aqlake.udfs.partition.PartitionTemplate;

import java.io.Serializable;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Which files of a table a bounded read takes: committed Parquet files only (a name starting with
 * {@code .} or {@code _} is a file sink's in-progress file or a {@code _SUCCESS} marker), and, when the
 * table's partitions name their time, only the partitions that overlap {@code [from, to)}. Folders are
 * always entered; the time is read from a file's folder relative to the table.
 */
public final class PartitionFilter implements Predicate<Path>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String PARQUET = ".parquet";

    private final String tablePath;
    private final PartitionTemplate template;
    private final boolean byTime;
    private final long from;
    private final long to;

    private PartitionFilter(String tablePath, PartitionTemplate template, boolean byTime, long from, long to) {
        this.tablePath = new Path(tablePath).toUri().getPath();
        this.template = template;
        this.byTime = byTime && template.isTimeReadable();
        this.from = from;
        this.to = to;
    }

    /** Prunes by the partitions' time: for a table partitioned by the time its rows are filtered on. */
    public static PartitionFilter overlapping(String tablePath, PartitionTemplate template, long from, long to) {
        return new PartitionFilter(tablePath, template, true, from, to);
    }

    /** Every committed Parquet file: for a table partitioned by another time (arrival). */
    public static PartitionFilter everyFile(String tablePath, PartitionTemplate template) {
        return new PartitionFilter(tablePath, template, false, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public boolean test(Path path) {
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) {
            return false;
        }
        return !name.endsWith(PARQUET) || readsFolder(path.getParent());
    }

    /** Whether the files of this folder are read, by its partition's time (hidden files aside). */
    public boolean readsFolder(Path folderPath) {
        String folder = folderPath.toUri().getPath();
        if (!byTime || !folder.startsWith(tablePath)) {
            return true;
        }
        String partition = folder.substring(tablePath.length()).replaceAll("^/+|/+$", "");
        OptionalLong start = template.bucketStartOf(partition);
        // a folder the template did not render is read: pruning must never lose a row
        return start.isEmpty() || (start.getAsLong() < to && template.bucketEnd(start.getAsLong()) > from);
    }
}
