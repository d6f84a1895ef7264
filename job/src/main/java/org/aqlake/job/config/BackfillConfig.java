package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

import org.aqlake.job.backfill.BackfillFormat;
import org.aqlake.job.backfill.BackfillSettings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code backfill.*} keys: parsed and validated here, each error naming its key. */
final class BackfillConfig {

    private BackfillConfig() {}

    /** Empty unless {@code backfill.enabled}; the repair and the backfill are different runs of the jar. */
    static Optional<BackfillSettings> from(Configuration conf, boolean repair) {
        if (!value(conf, BackfillOptions.BACKFILL_ENABLED)) {
            return Optional.empty();
        }
        if (repair) {
            throw new InvalidConfigException("Invalid value 'true' for key '" + BackfillOptions.BACKFILL_ENABLED.key()
                    + "': " + AqLakeOptions.REPAIR_ENABLED.key() + " is true as well; a run is one or the other");
        }
        String raw = conf.get(BackfillOptions.BACKFILL_PATHS);
        List<String> paths = raw == null ? List.of() : Arrays.stream(raw.split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).collect(Collectors.toList());
        if (paths.isEmpty()) {
            throw new InvalidConfigException("Missing required key '" + BackfillOptions.BACKFILL_PATHS.key()
                    + "' with backfill.enabled: the files, folders, S3 prefixes or globs to read, comma-separated");
        }
        for (String p : paths) {
            if (p.contains("@") && p.contains("://") && p.indexOf('@') < p.indexOf('/', p.indexOf("://") + 3)) {
                throw new InvalidConfigException("Invalid value for key '" + BackfillOptions.BACKFILL_PATHS.key()
                        + "': credentials do not belong in a path; use the s3.* keys or the IAM role");
            }
        }
        BackfillFormat format;
        try {
            format = BackfillFormat.of(conf.get(BackfillOptions.BACKFILL_FORMAT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid value for key '" + BackfillOptions.BACKFILL_FORMAT.key() + "': "
                    + e.getMessage(), e);
        }
        MemorySize line = value(conf, BackfillOptions.BACKFILL_MAX_LINE);
        MemorySize file = value(conf, BackfillOptions.BACKFILL_MAX_FILE);
        if (line.getBytes() < 1 || line.getBytes() > Integer.MAX_VALUE / 2) {
            throw new InvalidConfigException("Invalid value '" + line + "' for key '"
                    + BackfillOptions.BACKFILL_MAX_LINE.key() + "': between 1 byte and 1 gb");
        }
        if (file.getBytes() < line.getBytes()) {
            throw new InvalidConfigException("Invalid value '" + file + "' for key '"
                    + BackfillOptions.BACKFILL_MAX_FILE.key() + "': at least " + BackfillOptions.BACKFILL_MAX_LINE.key());
        }
        return Optional.of(new BackfillSettings(paths, format, (int) line.getBytes(), file.getBytes(),
                conf.getOptional(BackfillOptions.BACKFILL_CSV_SOURCE_TYPE).orElse("")));
    }

    private static <T> T value(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid value '" + conf.toMap().get(option.key()) + "' for key '"
                    + option.key() + "': " + e.getMessage(), e);
        }
    }
}
