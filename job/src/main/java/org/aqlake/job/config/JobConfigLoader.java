package org.aqlake.job.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the config comes from: {@code --config FILE} (a local JSON file of property groups) or, without
 * it, the Managed Flink runtime's property groups. {@code --<group>.<key>=<value>} overrides win.
 */
public final class JobConfigLoader {

    public static final String CONFIG_FLAG = "--config";

    private JobConfigLoader() {}

    public static JobConfig load(String[] args) throws IOException {
        return JobConfig.from(properties(args));
    }

    /** The flattened properties, before any check: the job's or a SQL pipeline's ({@link PipelineConfig}). */
    public static Map<String, String> properties(String[] args) throws IOException {
        Path file = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_FLAG)) {
                if (i + 1 >= args.length) {
                    throw new InvalidConfigException(CONFIG_FLAG + " needs a file name");
                }
                file = Path.of(args[++i]);
            } else if (args[i].startsWith(CONFIG_FLAG + "=")) {
                file = Path.of(args[i].substring(CONFIG_FLAG.length() + 1));
            } else {
                overrides.add(args[i]);
            }
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidConfigException("Config file " + file + " (" + CONFIG_FLAG + ") does not exist");
            }
            flat.putAll(PropertyGroups.fromFile(file));
        } else {
            flat.putAll(PropertyGroups.fromManagedFlink());
        }
        flat.putAll(PropertyGroups.overrides(overrides));
        return flat;
    }
}
