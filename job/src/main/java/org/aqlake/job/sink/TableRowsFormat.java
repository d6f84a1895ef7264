package org.aqlake.job.sink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.util.function.SerializableFunction;
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

import java.io.IOException;

/**
 * Reads a table's Parquet files back into its records, for a bounded {@code FileSource}: parquet-java's
 * file reader over Flink's input stream (any Flink file system, {@code s3://} included), row group by row
 * group, each row converted by the table's {@link TableRows} function. A file is one split: the footer
 * at its end is needed before the first row.
 */
public final class TableRowsFormat<T> implements StreamFormat<T> {

    private static final long serialVersionUID = 1L;

    private final SerializableFunction<Group, T> row;
    private final TypeInformation<T> type;

    public TableRowsFormat(SerializableFunction<Group, T> row, TypeInformation<T> type) {
        this.row = row;
        this.type = type;
    }

    @Override
    public Reader<T> createReader(Configuration config, FSDataInputStream stream, long fileLen, long splitEnd)
            throws IOException {
        return new RowReader<>(ParquetFileReader.open(new FlinkInputFile(stream, fileLen)), row);
    }

    /** Bounded runs take no checkpoint; after a failover the source reads the file again from its start. */
    @Override
    public Reader<T> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset, long fileLen,
            long splitEnd) throws IOException {
        stream.seek(0);
        return createReader(config, stream, fileLen, splitEnd);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    private static final class RowReader<T> implements StreamFormat.Reader<T> {
        private final ParquetFileReader file;
        private final SerializableFunction<Group, T> row;
        private final MessageColumnIO columns;
        private final MessageType schema;
        private RecordReader<Group> records;
        private long left;

        RowReader(ParquetFileReader file, SerializableFunction<Group, T> row) {
            this.file = file;
            this.row = row;
            this.schema = file.getFooter().getFileMetaData().getSchema();
            this.columns = new ColumnIOFactory().getColumnIO(schema);
        }

        @Override
        public T read() throws IOException {
            while (left == 0) {
                PageReadStore group = file.readNextRowGroup();
                if (group == null) {
                    return null;
                }
                left = group.getRowCount();
                records = columns.getRecordReader(group, new GroupRecordConverter(schema));
            }
            left--;
            return row.apply(records.read());
        }

        @Override
        public void close() throws IOException {
            file.close();
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
