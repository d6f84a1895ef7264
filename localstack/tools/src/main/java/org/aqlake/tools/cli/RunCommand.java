package org.aqlake.tools.cli;

import org.apache.flink.configuration.Configuration;

import org.aqlake.tools.local.LocalCluster;
import org.aqlake.tools.local.LocalRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The job jar with its arguments as given, on a local mini-cluster with the defaults of {@code local}
 * and its web UI on a free port. {@code local} is the one to tune.
 */
@Command(mixinStandardHelpOptions = true,
        name = "run",
        description = {
            "Runs the job jar on a local mini-cluster (web UI on a free port) with the job's arguments.",
            "Example: run --config config/local.json --lake.parquet-compression=SNAPPY"
        })
final class RunCommand implements Callable<Integer> {

    /** A free port, chosen by the cluster and printed once it is up. */
    private static final int ANY_PORT = 0;

    @Mixin
    JobJarOption jar;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ARG", arity = "0..*",
            description = "--config FILE (a JSON file of property groups) and overrides --<group>.<key>=<value>")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        Configuration conf = LocalCluster.configuration(ANY_PORT, Path.of(LocalClusterOptions.DEFAULT_STATE_DIR),
                LocalClusterOptions.DEFAULT_PARALLELISM, Map.of());
        new LocalRunner(spec.name(), jar.path(), System.out).run(conf, args);
        return 0;
    }
}
