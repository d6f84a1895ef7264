package org.aqlake.tools.cli;

import org.apache.flink.configuration.Configuration;

import org.aqlake.tools.local.LocalRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A SQL pipeline recipe (sql/pipelines/) run by the job jar on a local Flink cluster in this JVM: the
 * jar with the {@code pipeline.*} keys, submitted as {@code repair} submits it. The job parses the script
 * and binds the parameters; this command only passes them on. Ends when the pipeline's job has ended.
 */
@Command(mixinStandardHelpOptions = true,
        name = "pipeline",
        description = {
            "Runs a SQL pipeline recipe with the job jar on a local mini-cluster, writing into the lake folder",
            "--lake names (the recipe's ${lake}).",
            "Example: pipeline sql/pipelines/01_retailrocket --set input=$PWD/../shared/data/retailrocket --lake /tmp/retail"
        })
final class PipelineCommand implements Callable<Integer> {

    /** The script of a recipe folder. */
    static final String SCRIPT = "pipeline.sql";
    static final String LAKE_PARAMETER = "lake";

    enum Mode { BATCH, STREAMING }

    @Parameters(index = "0", paramLabel = "RECIPE",
            description = "A recipe folder (holding " + SCRIPT + ") or a .sql file.")
    Path recipe;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A value of the script's ${NAME}; paths are best absolute.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--lake", required = true, paramLabel = "DIR",
            description = "The lake folder the recipe writes into: its ${lake}, as a file:// URI.")
    Path lake;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "BATCH",
            description = "BATCH (bounded input, the default) or STREAMING.")
    Mode mode;

    @Option(names = "--web-port", paramLabel = "PORT", defaultValue = RepairCommand.DEFAULT_WEB_PORT,
            description = "Port of the Flink web UI and REST API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Mixin
    LocalClusterOptions cluster;

    @Spec
    CommandSpec spec;

    /** The script's file, from a recipe folder or a file. */
    Path script() {
        Path script = Files.isDirectory(recipe) ? recipe.resolve(SCRIPT) : recipe;
        if (!Files.isRegularFile(script)) {
            throw new ParameterException(spec.commandLine(), "No SQL script at " + script
                    + ": name a recipe folder holding " + SCRIPT + ", or a .sql file");
        }
        return script.toAbsolutePath().normalize();
    }

    /** The job's arguments: the pipeline keys, the lake as the {@code lake} parameter. */
    List<String> jobArgs() {
        if (params.containsKey(LAKE_PARAMETER)) {
            throw new ParameterException(spec.commandLine(), "--set " + LAKE_PARAMETER + "=… and --lake name the"
                    + " same parameter: pass --lake only");
        }
        List<String> args = new ArrayList<>();
        args.add("--pipeline.script=" + script().toUri());
        args.add("--pipeline.mode=" + mode);
        args.add("--pipeline.params." + LAKE_PARAMETER + "=" + lake.toAbsolutePath().normalize().toUri());
        params.forEach((name, value) -> args.add("--pipeline.params." + name + "=" + value));
        return args;
    }

    @Override
    public Integer call() throws Exception {
        List<String> args = jobArgs();
        Files.createDirectories(lake);
        Configuration conf = cluster.configuration(webPort, RepairCommand.RESTARTS);
        new LocalRunner(spec.name(), cluster.jar.path(), System.out).run(conf, args);
        System.out.printf("%s: %s wrote %s%n", spec.name(), recipe, lake.toAbsolutePath().normalize());
        for (Path table : tables(lake)) {
            System.out.printf("  %s%n", lake.relativize(table));
        }
        return 0;
    }

    /** The folders directly under the lake: one per table. */
    static List<Path> tables(Path lake) throws IOException {
        try (Stream<Path> s = Files.list(lake)) {
            return s.filter(Files::isDirectory).sorted().collect(java.util.stream.Collectors.toList());
        }
    }
}
