package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

import org.aqlake.job.sink.Compaction;
import org.aqlake.udfs.partition.PartitionTemplate;

/** Parses and checks the {@code lake.compaction.*} keys into a {@link Compaction}. */
final class CompactionConfig {

    private CompactionConfig() {}

    /**
     * @param template the tables' partition template: with partition keys (a location, say) a folder name may
     *     need URI escaping, and Flink's compactor reads a file back by a path it got escaped once more, so
     *     compaction is off unless asked for, and then refused
     */
    static Compaction from(Configuration conf, PartitionTemplate template) {
        if (!get(conf, AqLakeOptions.LAKE_COMPACTION_ENABLED)) {
            return Compaction.off();
        }
        if (!template.partitionKeys().isEmpty()) {
            if (conf.contains(AqLakeOptions.LAKE_COMPACTION_ENABLED)) {
                throw new InvalidConfigException("Invalid value 'true' for key '"
                        + AqLakeOptions.LAKE_COMPACTION_ENABLED.key() + "' with the partition keys "
                        + template.partitionKeys() + " in '" + AqLakeOptions.LAKE_PARTITION_TEMPLATE.key() + "': Flink's"
                        + " compactor cannot read back files in folders whose names need URI escaping (a space in a"
                        + " location); use a template of time placeholders only, or set it to false");
            }
            return Compaction.off();
        }
        int checkpoints = get(conf, AqLakeOptions.LAKE_COMPACTION_CHECKPOINTS);
        if (checkpoints < 1) {
            throw new InvalidConfigException("Invalid value '" + checkpoints + "' for key '"
                    + AqLakeOptions.LAKE_COMPACTION_CHECKPOINTS.key() + "': must be at least 1 (1 compacts on every"
                    + " checkpoint; to write without compaction set " + AqLakeOptions.LAKE_COMPACTION_ENABLED.key()
                    + "=false)");
        }
        MemorySize target = get(conf, AqLakeOptions.LAKE_COMPACTION_TARGET_SIZE);
        if (target.getBytes() < Compaction.MIN_TARGET_BYTES) {
            throw new InvalidConfigException("Invalid value '" + target.toHumanReadableString() + "' for key '"
                    + AqLakeOptions.LAKE_COMPACTION_TARGET_SIZE.key() + "': must be at least "
                    + MemorySize.parse(Compaction.MIN_TARGET_BYTES + "b").toHumanReadableString());
        }
        return Compaction.every(checkpoints, target.getBytes());
    }

    private static <T> T get(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid value '" + conf.toMap().get(option.key()) + "' for key '"
                    + option.key() + "': " + e.getMessage(), e);
        }
    }
}
