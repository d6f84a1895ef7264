package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;

import org.aqlake.job.aggregate.AggregationRules;
import org.aqlake.job.aggregate.RepairRange;
import org.aqlake.job.iceberg.LakeFormat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code repair.*} keys: parsed and validated here, each error naming its key. */
final class RepairConfig {

    private RepairConfig() {}

    /** Empty unless {@code repair.enabled}; then the windows to recompute, at the aggregates' window starts. */
    static Optional<RepairRange> from(Configuration conf, Optional<AggregationRules> aggregation) {
        if (!get(conf, AqLakeOptions.REPAIR_ENABLED)) {
            return Optional.empty();
        }
        if (get(conf, IcebergOptions.LAKE_FORMAT) == LakeFormat.ICEBERG) {
            throw new InvalidConfigException("Invalid value 'true' for key '" + AqLakeOptions.REPAIR_ENABLED.key()
                    + "': the repair reads and writes the Parquet tables; " + IcebergOptions.LAKE_FORMAT.key()
                    + "=ICEBERG has no repair yet");
        }
        AggregationRules rules = aggregation.orElseThrow(() -> new InvalidConfigException("Invalid value 'true' for"
                + " key '" + AqLakeOptions.REPAIR_ENABLED.key() + "': the repair recomputes the aggregates table, and "
                + AqLakeOptions.AGGREGATES_ENABLED.key() + " is false"));
        Instant from = instant(conf, AqLakeOptions.REPAIR_FROM);
        Instant to = instant(conf, AqLakeOptions.REPAIR_TO);
        try {
            return Optional.of(RepairRange.of(from, to, rules));
        } catch (IllegalArgumentException e) {
            boolean fromIsOff = rules.windowStart(from.toEpochMilli()) != from.toEpochMilli();
            ConfigOption<String> bad = fromIsOff ? AqLakeOptions.REPAIR_FROM : AqLakeOptions.REPAIR_TO;
            throw new InvalidConfigException("Invalid value '" + (fromIsOff ? from : to) + "' for key '" + bad.key()
                    + "': " + e.getMessage(), e);
        }
    }

    private static Instant instant(Configuration conf, ConfigOption<String> option) {
        String v = conf.get(option);
        if (v == null || v.isBlank()) {
            throw new InvalidConfigException("Missing required key '" + option.key() + "': "
                    + new HtmlFormatter().format(option.description()));
        }
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException("Invalid value '" + v.trim() + "' for key '" + option.key()
                    + "': not an ISO-8601 instant such as 2024-05-01T00:00:00Z", e);
        }
    }

    private static <T> T get(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new InvalidConfigException("Invalid value '" + conf.toMap().get(option.key()) + "' for key '"
                    + option.key() + "': " + root.getMessage(), e);
        }
    }
}
