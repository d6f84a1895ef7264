package org.aqlake.job.sink;

import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Flink's record-wise compactor, reading a partition's part files with the table's own Parquet row reader
 * ({@link TableRowsFormat}) and sorting their rows before the table's writer writes them: rows of one
 * location and parameter sit together, so ZSTD finds their repeated values and each row group's min/max
 * statistics let a reader skip it. The rows are sorted in runs of at most {@code maxRowsInMemory}, which
 * bounds the compactor's memory; a compaction of more rows writes several sorted runs.
 */
public final class SortedCompactor<T> extends RecordWiseFileCompactor<T> {

    private static final long serialVersionUID = 1L;
    /** About 80 MB of readings on the heap. */
    public static final int MAX_ROWS_IN_MEMORY = 100_000;

    private final TableRowsFormat<T> rows;
    private final SerializableComparator<T> order;
    private final int maxRowsInMemory;

    /** An order that can travel with the job graph. */
    public interface SerializableComparator<T> extends Comparator<T>, Serializable {}

    public SortedCompactor(TableRowsFormat<T> rows, SerializableComparator<T> order, int maxRowsInMemory) {
        super(path -> {
            throw new UnsupportedOperationException("SortedCompactor reads its files itself");
        });
        if (maxRowsInMemory < 1) {
            throw new IllegalArgumentException("at least one row in memory, not " + maxRowsInMemory);
        }
        this.rows = rows;
        this.order = order;
        this.maxRowsInMemory = maxRowsInMemory;
    }

    @Override
    public void compact(List<Path> inputFiles, Writer<T> writer) throws Exception {
        List<T> run = new ArrayList<>();
        for (Path file : inputFiles) {
            FileStatus status = file.getFileSystem().getFileStatus(file);
            FSDataInputStream in = file.getFileSystem().open(file);
            try (StreamFormat.Reader<T> reader = rows.createReader(new Configuration(), in, status.getLen(),
                    status.getLen())) {
                for (T row = reader.read(); row != null; row = reader.read()) {
                    run.add(row);
                    if (run.size() >= maxRowsInMemory) {
                        write(run, writer);
                    }
                }
            }
        }
        write(run, writer);
    }

    private void write(List<T> run, Writer<T> writer) throws IOException {
        run.sort(order);
        for (T row : run) {
            writer.write(row);
        }
        run.clear();
    }
}
