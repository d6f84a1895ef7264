package org.aqlake.job.sink;

import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import org.aqlake.job.model.Reading;

/**
 * The Parquet writer factory of the readings table. flink-parquet's {@code AvroParquetWriters} sets no
 * codec, so the writer is built here, with the codec from config.
 */
public final class ReadingParquetWriters {

    private ReadingParquetWriters() {}

    public static ParquetWriterFactory<Reading> forCompression(Compression compression) {
        CompressionCodecName codec = codec(compression);
        return new ParquetWriterFactory<>(out -> columns(new Builder(out)).withConf(hadoopConf())
                .withCompressionCodec(codec).build());
    }

    /**
     * Per-column settings of the readings table. Public so that the benchmark's bare limit writes the
     * very same file. {@code sequence_number} is unique per record, so a dictionary for it only costs:
     * parquet-java would hash every value into one until the page gives up and falls back to plain
     * encoding (the benchmark's profile showed that hashing among the writer's top costs).
     */
    public static <B extends ParquetWriter.Builder<Reading, B>> B columns(B builder) {
        return builder.withDictionaryEncoding("sequence_number", false);
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
                : "." + compression.name().toLowerCase(java.util.Locale.ROOT) + ".parquet";
    }

    private static final class Builder extends ParquetWriter.Builder<Reading, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Reading> getWriteSupport(Configuration conf) {
            return new ReadingWriteSupport();
        }
    }
}
