package org.aqlake.job.sink;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;

/**
 * Refuses a bounded read of a table while a partition it reads holds a hidden Parquet file (a name starting
 * with {@code .}): with compaction on, the stream's newest rows of a partition stay in such files until it
 * compacts and publishes them, and a read that skipped them would miss those rows (for the repair: a
 * window's latest revision, whose number it would then write again).
 */
public final class UnpublishedFiles {

    private static final String PARQUET = ".parquet";

    private UnpublishedFiles() {}

    /**
     * @param table what the table is called in the message
     * @throws IllegalStateException naming the partition and the file, if a partition the filter reads has one
     */
    public static void requireNone(String tablePath, PartitionFilter partitions, String table) throws IOException {
        Path root = new Path(tablePath);
        FileSystem fs = root.getFileSystem();
        if (fs.exists(root)) {
            check(fs, root, tablePath, partitions, table);
        }
    }

    /**
     * A writer's committed file the compactor has not yet merged and published. Not an in-progress file
     * ({@code .inprogress.}): its rows are in no checkpoint yet, and a cancelled job leaves such files behind
     * on a file system for good; nor a checksum beside a visible file.
     */
    private static boolean isHiddenData(String name) {
        return name.startsWith(".") && name.endsWith(PARQUET);
    }

    private static void check(FileSystem fs, Path folder, String tablePath, PartitionFilter partitions, String table)
            throws IOException {
        boolean read = partitions.readsFolder(folder);
        for (FileStatus f : fs.listStatus(folder)) {
            String name = f.getPath().getName();
            if (f.isDir()) {
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    check(fs, f.getPath(), tablePath, partitions, table);
                }
            } else if (read && isHiddenData(name)) {
                String partition = folder.toUri().getPath().substring(new Path(tablePath).toUri().getPath().length())
                        .replaceAll("^/+", "");
                throw new IllegalStateException("The " + table + " partition '" + partition + "' holds " + name
                        + ", rows the stream has not published yet (with compaction on, they stay hidden for up to"
                        + " lake.compaction.checkpoints + 1 checkpoints): wait until the stream has compacted it,"
                        + " then start the repair again");
            }
        }
    }
}
