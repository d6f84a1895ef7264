package org.aqlake.job.sink;

import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import org.aqlake.job.model.Aggregate;

/** The Parquet writer factory of the aggregates table, with the lake's codec (see {@link ReadingParquetWriters}). */
public final class AggregateParquetWriters {

    private AggregateParquetWriters() {}

    public static ParquetWriterFactory<Aggregate> forCompression(Compression compression) {
        CompressionCodecName codec = ReadingParquetWriters.codec(compression);
        return new ParquetWriterFactory<>(out -> new Builder(out).withConf(ReadingParquetWriters.hadoopConf())
                .withCompressionCodec(codec).build());
    }

    private static final class Builder extends ParquetWriter.Builder<Aggregate, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Aggregate> getWriteSupport(Configuration conf) {
            return new AggregateWriteSupport();
        }
    }
}
