package org.aqlake.tools.dashboard;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The committed files of a lake's tables, on any Flink file system ({@code file://}, or {@code s3://} with the
 * S3 plugin): the part files a sink has committed (in-progress ones are hidden, their names start with a dot),
 * Parquet rows read with parquet-java over Flink's input stream, and JSON lines counted.
 */
final class LakeTables {

    static final String SUCCESS = "_SUCCESS";

    private final Path lake;
    private final FileSystem fs;

    LakeTables(Path lake) throws IOException {
        this.lake = lake;
        this.fs = lake.getFileSystem();
    }

    Path table(String name) {
        return new Path(lake, name);
    }

    /** A committed file: its path, relative folder (the partition, e.g. {@code year=2024/month=05/…}) and length. */
    static final class Part {
        final Path path;
        final String partition;
        final long length;

        Part(Path path, String partition, long length) {
            this.path = path;
            this.partition = partition;
            this.length = length;
        }
    }

    /** Committed part files with the suffix under a table, and the partitions holding a {@code _SUCCESS} marker. */
    List<Part> parts(String table, String suffix, List<String> committedPartitions) throws IOException {
        List<Part> found = new ArrayList<>();
        Path root = table(table);
        if (fs.exists(root)) {
            walk(root, "", suffix, found, committedPartitions);
        }
        return found;
    }

    private void walk(Path dir, String partition, String suffix, List<Part> found, List<String> committed)
            throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return;
        }
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (name.startsWith(".")) {
                continue;
            }
            if (child.isDir()) {
                walk(child.getPath(), partition.isEmpty() ? name : partition + "/" + name, suffix, found, committed);
            } else if (name.equals(SUCCESS) && committed != null) {
                committed.add(partition);
            } else if (!name.startsWith("_") && name.endsWith(suffix)) {
                // a sink's part-… file, or a compaction's compacted-part-… file
                found.add(new Part(child.getPath(), partition, child.getLen()));
            }
        }
    }

    /** Every row of a Parquet file, as parquet-java's generic groups. */
    void rows(Part part, Consumer<Group> row) throws IOException {
        try (FSDataInputStream in = fs.open(part.path);
                ParquetFileReader reader = ParquetFileReader.open(new FlinkInputFile(in, part.length))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO columns = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore group;
            while ((group = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = columns.getRecordReader(group, new GroupRecordConverter(schema));
                for (long i = 0; i < group.getRowCount(); i++) {
                    row.accept(records.read());
                }
            }
        }
    }

    /** The rows a Parquet file holds, from its footer. */
    long rowCount(Part part) throws IOException {
        try (FSDataInputStream in = fs.open(part.path);
                ParquetFileReader reader = ParquetFileReader.open(new FlinkInputFile(in, part.length))) {
            return reader.getRecordCount();
        }
    }

    long lines(Part part) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.path), StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).count();
        }
    }

    /** Flink's stream as parquet-java's file: its length is known, and it seeks. */
    private static final class FlinkInputFile implements InputFile {
        private final FSDataInputStream in;
        private final long length;

        FlinkInputFile(FSDataInputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        @Override
        public long getLength() {
            return length;
        }

        @Override
        public SeekableInputStream newStream() {
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() throws IOException {
                    return in.getPos();
                }

                @Override
                public void seek(long newPos) throws IOException {
                    in.seek(newPos);
                }
            };
        }
    }
}
