package org.aqlake.tools.cli;

import org.apache.flink.configuration.Configuration;

import org.aqlake.tools.local.LocalCluster;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options of a command that runs the job jar on a local Flink cluster in this JVM. */
final class LocalClusterOptions {

    static final String DEFAULT_STATE_DIR = "localstack/.data/flink";
    static final int DEFAULT_PARALLELISM = 2;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = DEFAULT_STATE_DIR,
            description = "Folder of checkpoints and savepoints (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "" + DEFAULT_PARALLELISM,
            description = "Parallelism of the job, and task slots of the cluster (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Any other Flink configuration, for example -D restart-strategy.type=none.")
    Map<String, String> flinkConf = new LinkedHashMap<>();

    @Mixin
    JobJarOption jar;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * The cluster's configuration: {@code defaults} first, so that {@code -D} overrides them.
     *
     * @throws ParameterException naming the option, for a port or a parallelism out of range
     */
    Configuration configuration(int webPort, Map<String, String> defaults) {
        if (webPort < 1 || webPort > 65535) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--web-port': " + webPort + " is not a port number");
        }
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--parallelism': " + parallelism + " must be at least 1");
        }
        Map<String, String> flink = new LinkedHashMap<>(defaults);
        flink.putAll(flinkConf);
        return LocalCluster.configuration(webPort, stateDir, parallelism, flink);
    }
}
