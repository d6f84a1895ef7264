package org.aqlake.tools.cli;

import org.apache.flink.configuration.Configuration;

import org.aqlake.tools.local.LocalCluster;
import org.aqlake.tools.local.LocalRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The job jar on a local Flink cluster in this JVM, with the Flink web UI and REST API on loopback, and
 * checkpoints and savepoints under a local folder. Needs Flink, flink-runtime-web and a logging backend
 * on the class path, which {@code ./localstack/aq-lake} provides.
 */
@Command(mixinStandardHelpOptions = true,
        name = "local",
        description = {
            "Runs the job jar on a local mini-cluster with the Flink web UI; stops when the job is stopped.",
            "Example: local --web-port 8081 -- --config config/local.json"
        })
final class LocalCommand implements Callable<Integer> {

    static final String DEFAULT_STATE_DIR = "localstack/.data/flink";
    static final int DEFAULT_PARALLELISM = 2;

    @Option(names = "--web-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Port of the Flink web UI and REST API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int webPort;

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

    @Parameters(paramLabel = "JOB_ARG", arity = "0..*",
            description = "After --: the job's arguments, --config FILE and --<group>.<key>=<value> overrides.")
    List<String> jobArgs = List.of();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (webPort < 1 || webPort > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--web-port': " + webPort + " is not a port number");
        }
        if (parallelism < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--parallelism': " + parallelism + " must be at least 1");
        }
        Configuration conf = LocalCluster.configuration(webPort, stateDir, parallelism, flinkConf);
        new LocalRunner(spec.name(), jar.path(), System.out).run(conf, jobArgs);
        return 0;
    }
}
