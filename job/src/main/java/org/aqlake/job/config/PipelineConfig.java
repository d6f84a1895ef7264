package org.aqlake.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import org.aqlake.job.pipeline.PipelineMode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of a SQL pipeline run ({@code pipeline.script} set): the script, the mode, the
 * script's parameters ({@code pipeline.params.<name>}), the checkpoint interval of local streaming runs
 * and an S3 emulator. Any other key fails, as in {@link JobConfig}, so that a typo is not ignored.
 */
public final class PipelineConfig {

    public static final String PARAMS_PREFIX = "pipeline.params.";
    private static final Set<String> KNOWN_KEYS = Set.of(PipelineOptions.PIPELINE_SCRIPT.key(),
            PipelineOptions.PIPELINE_MODE.key(), AqLakeOptions.CHECKPOINT_INTERVAL.key(),
            AqLakeOptions.S3_ENDPOINT.key(), AqLakeOptions.S3_PATH_STYLE.key(), AqLakeOptions.S3_ACCESS_KEY.key(),
            AqLakeOptions.S3_SECRET_KEY.key());

    public final String script;
    public final PipelineMode mode;
    /** Parameter name (without the prefix) to value, in the order given. */
    public final Map<String, String> params;
    public final Duration checkpointInterval;
    public final Optional<S3Endpoint> s3Endpoint;

    private PipelineConfig(Configuration conf, Map<String, String> params) {
        this.script = conf.getOptional(PipelineOptions.PIPELINE_SCRIPT).filter(s -> !s.isBlank())
                .orElseThrow(() -> new InvalidConfigException("Key '" + PipelineOptions.PIPELINE_SCRIPT.key()
                        + "' is required with pipeline.mode and pipeline.params.*: it names the SQL script"));
        this.mode = get(conf, PipelineOptions.PIPELINE_MODE);
        this.checkpointInterval = get(conf, AqLakeOptions.CHECKPOINT_INTERVAL);
        this.params = Map.copyOf(params);
        this.s3Endpoint = conf.getOptional(AqLakeOptions.S3_ENDPOINT).map(url -> new S3Endpoint(url,
                get(conf, AqLakeOptions.S3_PATH_STYLE), required(conf, AqLakeOptions.S3_ACCESS_KEY),
                required(conf, AqLakeOptions.S3_SECRET_KEY)));
    }

    /** Whether the properties ask for a SQL pipeline rather than the air-quality job. */
    public static boolean requested(Map<String, String> flat) {
        return flat.keySet().stream().anyMatch(k -> k.equals(PipelineOptions.PIPELINE_SCRIPT.key())
                || k.equals(PipelineOptions.PIPELINE_MODE.key()) || k.startsWith(PARAMS_PREFIX));
    }

    public static PipelineConfig from(Map<String, String> flat) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        flat.forEach((key, value) -> {
            if (key.startsWith(PARAMS_PREFIX) && key.length() > PARAMS_PREFIX.length()) {
                params.put(key.substring(PARAMS_PREFIX.length()), value);
            } else if (KNOWN_KEYS.contains(key)) {
                options.put(key, value);
            } else {
                unknown.add(key);
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException("Unknown configuration key(s) " + unknown + " for a SQL pipeline."
                    + " Known keys: " + new TreeSet<>(KNOWN_KEYS) + " and " + PARAMS_PREFIX + "<name>");
        }
        return new PipelineConfig(Configuration.fromMap(options), params);
    }

    private static <T> T get(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid value '" + conf.toMap().get(option.key()) + "' for key '"
                    + option.key() + "': " + e.getMessage(), e);
        }
    }

    private static String required(Configuration conf, ConfigOption<String> option) {
        return conf.getOptional(option).orElseThrow(() -> new InvalidConfigException("Key '" + option.key()
                + "' is required with " + AqLakeOptions.S3_ENDPOINT.key()));
    }

    @Override
    public String toString() {
        // parameter names only: a value may be a secret or an endpoint
        return "PipelineConfig{script=" + script + ", mode=" + mode + ", params=" + params.keySet()
                + s3Endpoint.map(s -> ", " + s).orElse("") + "}";
    }
}
