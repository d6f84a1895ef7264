package org.aqlake.tools.cli;

import org.apache.flink.configuration.Configuration;

import org.aqlake.tools.local.LocalRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Option(names = "--web-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Port of the Flink web UI and REST API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Mixin
    LocalClusterOptions cluster;

    @Parameters(paramLabel = "JOB_ARG", arity = "0..*",
            description = "After --: the job's arguments, --config FILE and --<group>.<key>=<value> overrides.")
    List<String> jobArgs = List.of();

    @Override
    public Integer call() throws Exception {
        Configuration conf = cluster.configuration(webPort, Map.of());
        new LocalRunner(cluster.spec.name(), cluster.jar.path(), System.out).run(conf, jobArgs);
        return 0;
    }
}
