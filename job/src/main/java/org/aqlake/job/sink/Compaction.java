package org.aqlake.job.sink;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;

import java.io.Serializable;

/**
 * Whether, and how often, a table's part files are compacted by Flink's own {@link FileSink} compaction:
 * {@link #off()}, or {@link #every} so many checkpoints or target size. With it on, the writers' files are
 * committed under a hidden name (a leading dot, which Athena, Hive, Spark and Flink skip), the sink's one
 * compaction coordinator gathers each partition's files from every writer subtask, and a compactor reads
 * them, sorts their rows ({@link SortedCompactor}) and writes one file through the table's own Parquet
 * writer; the sink's committer publishes it and only then deletes the hidden files.
 */
public final class Compaction implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Below this a target size is a typo (a unit left out), and would compact on every file. */
    public static final long MIN_TARGET_BYTES = 1024 * 1024;
    /** The prefix Flink's compactor gives the file it writes, ahead of the first compacted file's name. */
    public static final String COMPACTED_PREFIX = "compacted-";

    private static final Compaction OFF = new Compaction(false, 0, 0);

    private final boolean on;
    private final int checkpoints;
    private final long targetBytes;

    private Compaction(boolean on, int checkpoints, long targetBytes) {
        this.on = on;
        this.checkpoints = checkpoints;
        this.targetBytes = targetBytes;
    }

    public static Compaction off() {
        return OFF;
    }

    /**
     * @param checkpoints a partition's files are compacted once this many checkpoints have passed since its
     *     first one: the delay before its rows are visible
     * @param targetBytes or as soon as they hold this many bytes
     */
    public static Compaction every(int checkpoints, long targetBytes) {
        if (checkpoints < 1) {
            throw new IllegalArgumentException("compaction every " + checkpoints + " checkpoints: at least 1");
        }
        if (targetBytes < MIN_TARGET_BYTES) {
            throw new IllegalArgumentException("compaction target of " + targetBytes + " bytes: at least "
                    + MIN_TARGET_BYTES);
        }
        return new Compaction(true, checkpoints, targetBytes);
    }

    public boolean isOn() {
        return on;
    }

    public int checkpoints() {
        return checkpoints;
    }

    public long targetBytes() {
        return targetBytes;
    }

    /** The table's sink, its files compacted by {@code compactor} when this is on. */
    <T> FileSink<T> build(FileSink.DefaultBulkFormatBuilder<T> files, RecordWiseFileCompactor<T> compactor) {
        if (!on) {
            return files.build();
        }
        FileCompactStrategy strategy = FileCompactStrategy.Builder.newBuilder()
                .enableCompactionOnCheckpoint(checkpoints)
                .setSizeThreshold(targetBytes)
                .build();
        return files.enableCompact(strategy, compactor).build();
    }

    /** Whether a file is one the compactor wrote, rather than one of the writers'. */
    static boolean isCompacted(String fileName) {
        return fileName.startsWith(COMPACTED_PREFIX);
    }

    /** Whether a file is hidden from readers: a writer's file waiting for compaction, or a marker. */
    static boolean isHidden(String fileName) {
        return fileName.startsWith(".") || fileName.startsWith("_");
    }

    @Override
    public String toString() {
        return on ? "every " + checkpoints + " checkpoints or " + targetBytes + " bytes" : "off";
    }
}
