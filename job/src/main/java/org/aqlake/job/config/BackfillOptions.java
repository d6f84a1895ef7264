package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * The keys of the bounded backfill over files.
 * Listed in {@link AqLakeOptions#ALL} with every other key.
 */
public final class BackfillOptions {

    // ---------------------------------------------------------------- backfill

    public static final ConfigOption<Boolean> BACKFILL_ENABLED = ConfigOptions
            .key("backfill.enabled")
            .booleanType().defaultValue(false)
            .withDescription("Run the bounded backfill instead of the stream: read backfill.paths instead of Kinesis,"
                    + " through the same pipeline into the same tables, then finish. Each file is loaded into a lake"
                    + " once.");

    public static final ConfigOption<String> BACKFILL_PATHS = ConfigOptions
            .key("backfill.paths")
            .stringType().noDefaultValue()
            .withDescription("Comma-separated files, folders, S3 prefixes or globs (such as"
                    + " s3://openaq-fetches/daily/2017-09-*.csv), read in the order given; a folder's or glob's files"
                    + " by name. Required with backfill.enabled.");

    public static final ConfigOption<String> BACKFILL_FORMAT = ConfigOptions
            .key("backfill.format")
            .stringType().defaultValue("auto")
            .withDescription("auto (per file, from its first line), openaq-csv (daily CSV, header optional),"
                    + " openaq-ndjson (realtime JSON lines) or raw-archive (the lake's raw archive). Files ending in"
                    + " .gz are decompressed.");

    public static final ConfigOption<MemorySize> BACKFILL_MAX_LINE = ConfigOptions
            .key("backfill.max-line-bytes")
            .memoryType().defaultValue(MemorySize.parse("1 mb"))
            .withDescription("A longer line is a dead letter holding its first this many bytes.");

    public static final ConfigOption<MemorySize> BACKFILL_MAX_FILE = ConfigOptions
            .key("backfill.max-file-bytes")
            .memoryType().defaultValue(MemorySize.parse("16 gb"))
            .withDescription("A file that decompresses to more (a gzip bomb) is read no further; a dead letter names"
                    + " the file and the line.");

    public static final ConfigOption<String> BACKFILL_CSV_SOURCE_TYPE = ConfigOptions
            .key("backfill.csv-source-type")
            .stringType().noDefaultValue()
            .withDescription("The sourceType given to each OpenAQ daily CSV row, whose layout has none (for example"
                    + " government for reference networks); unset: none, and the consent gate fails closed on them.");

    private BackfillOptions() {}
}
