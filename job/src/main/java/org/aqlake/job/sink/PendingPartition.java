package org.aqlake.job.sink;

import java.util.Arrays;

/**
 * A partition that has files and no up-to-date {@code _SUCCESS} file yet: the state of {@link
 * PartitionCommitter}, one per partition between its first file and its marker. A Flink POJO (an array,
 * not a list, so that no field falls back to Kryo).
 */
public class PendingPartition {

    /** What stands for a file whose final path the writer did not give (committables of older Flink versions). */
    static final String UNKNOWN_PATH = "?";

    /** The file sink's bucket id: the partition's path under the table. */
    public String bucket;
    /** The end (exclusive, epoch millis, UTC) of the partition's time bucket. */
    public long end;
    /** The final paths of the files the writers produced for the partition that are not known to be committed. */
    public String[] uncommittedFiles = new String[0];
    /**
     * Commits seen before the file they commit, which only happens when a checkpoint's files are restored
     * from channel state (unaligned checkpoints): they cancel the file when it comes.
     */
    public String[] committedEarly = new String[0];

    public PendingPartition() {}

    PendingPartition(String bucket, long end) {
        this.bucket = bucket;
        this.end = end;
    }

    /**
     * A file the writers produced. Files are matched by name, unique within a partition: the committer's
     * clean-up of a compacted file names it in another encoding of its folders than the writer's committable.
     */
    void produced(String path) {
        int i = indexOfName(committedEarly, path);
        if (i >= 0) {
            committedEarly = without(committedEarly, i);
        } else {
            uncommittedFiles = with(uncommittedFiles, path);
        }
    }

    /** A file now committed, or, with compaction, one whose rows are in a committed compacted file. */
    void committed(String path) {
        int i = indexOfName(uncommittedFiles, path);
        if (i >= 0) {
            uncommittedFiles = without(uncommittedFiles, i);
        } else {
            committedEarly = with(committedEarly, path);
        }
    }

    boolean allCommitted() {
        return uncommittedFiles.length == 0;
    }

    private static int indexOfName(String[] paths, String path) {
        String name = nameOf(path);
        for (int i = 0; i < paths.length; i++) {
            if (nameOf(paths[i]).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String[] with(String[] a, String s) {
        String[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = s;
        return b;
    }

    private static String[] without(String[] a, int i) {
        String[] b = new String[a.length - 1];
        System.arraycopy(a, 0, b, 0, i);
        System.arraycopy(a, i + 1, b, i, a.length - i - 1);
        return b;
    }

    @Override
    public String toString() {
        return bucket + " (end " + end + ", " + uncommittedFiles.length + " uncommitted)";
    }
}
