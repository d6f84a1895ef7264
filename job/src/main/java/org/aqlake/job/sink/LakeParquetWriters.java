package org.aqlake.job.sink;

import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.util.function.SerializableSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;


import java.util.Locale;

/**
 * The Parquet writer factory of every table. flink-parquet's {@code AvroParquetWriters} sets no codec,
 * so the writer is built here, with the codec from config and the table's {@link LakeWriteSupport}.
 */
public final class LakeParquetWriters {

    private LakeParquetWriters() {}

    /** The sink's writer factory for a table, for example {@code forCompression(codec, ReadingWriteSupport::new)}. */
    public static <T> ParquetWriterFactory<T> forCompression(Compression compression,
            SerializableSupplier<LakeWriteSupport<T>> table) {
        CompressionCodecName codec = codec(compression);
        return new ParquetWriterFactory<>(out -> builder(out, table.get()).withCompressionCodec(codec).build());
    }

    /**
     * A writer builder with the table's settings and no codec yet. Public so that the benchmark's bare
     * limit writes the very same file as the job.
     */
    public static <T> Builder<T> builder(OutputFile file, LakeWriteSupport<T> table) {
        Builder<T> builder = new Builder<>(file, table).withConf(hadoopConf());
        for (String column : table.withoutDictionary()) {
            builder.withDictionaryEncoding(column, false);
        }
        return builder;
    }

    /**
     * A Hadoop configuration that loads no resource files. The default one parses core-default.xml and
     * core-site.xml from the classpath on first use, and the file sink builds a writer for every part
     * file (every partition, on every checkpoint): the benchmark found a tenth of the pipeline's CPU
     * there. The writers read no Hadoop key: codec and settings come from the builder.
     */
    static Configuration hadoopConf() {
        return new Configuration(false);
    }

    public static CompressionCodecName codec(Compression compression) {
        return CompressionCodecName.valueOf(compression.name());
    }

    /** File name suffix, for example {@code .zstd.parquet}, so a listing shows the codec. */
    public static String suffix(Compression compression) {
        return compression == Compression.UNCOMPRESSED
                ? ".parquet"
                : "." + compression.name().toLowerCase(Locale.ROOT) + ".parquet";
    }

    /** A parquet-java builder that hands out one given WriteSupport. */
    public static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final LakeWriteSupport<T> table;

        Builder(OutputFile file, LakeWriteSupport<T> table) {
            super(file);
            this.table = table;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return table;
        }
    }
}
