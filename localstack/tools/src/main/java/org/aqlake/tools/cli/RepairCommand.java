package org.aqlake.tools.cli;

import org.apache.flink.configuration.Configuration;

import org.aqlake.tools.local.LocalRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The job jar's bounded repair of the aggregates table on a local Flink cluster in this JVM: the jar with
 * the {@code repair.*} keys, submitted as {@code local} submits it. The job checks the range; this command
 * only passes it on. Ends when the repair has committed its files.
 */
@Command(mixinStandardHelpOptions = true,
        name = "repair",
        description = {
            "Recomputes the aggregates of the closed windows in [--from, --to) from the readings table, and writes",
            "a new revision of each window whose rows changed (the job jar in BATCH mode, on a local mini-cluster).",
            "Example: repair --from 2024-05-01T00:00:00Z --to 2024-05-02T00:00:00Z -- --config config/local.json"
        })
final class RepairCommand implements Callable<Integer> {

    /** Beside a running {@code local} job's web UI on 8081. */
    static final String DEFAULT_WEB_PORT = "8082";
    /** A bounded run that keeps failing should fail, not retry for ever as the stream does. */
    static final Map<String, String> RESTARTS = Map.of(
            "restart-strategy.type", "fixed-delay",
            "restart-strategy.fixed-delay.attempts", "3",
            "restart-strategy.fixed-delay.delay", "1 s");

    @Option(names = "--from", required = true, paramLabel = "INSTANT",
            description = "The first window repaired: an ISO-8601 window start, for example 2024-05-01T00:00:00Z.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "INSTANT",
            description = "The end of the windows repaired, exclusive: an ISO-8601 window start.")
    String to;

    @Option(names = "--web-port", paramLabel = "PORT", defaultValue = DEFAULT_WEB_PORT,
            description = "Port of the Flink web UI and REST API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Mixin
    LocalClusterOptions cluster;

    @Parameters(paramLabel = "JOB_ARG", arity = "0..*",
            description = "After --: the job's arguments, --config FILE and --<group>.<key>=<value> overrides.")
    List<String> jobArgs = List.of();

    /** The job's arguments with the repair's keys last, so that they win over the config file's. */
    List<String> repairArgs() {
        List<String> args = new ArrayList<>(jobArgs);
        args.add("--repair.enabled=true");
        args.add("--repair.from=" + from);
        args.add("--repair.to=" + to);
        return args;
    }

    @Override
    public Integer call() throws Exception {
        Configuration conf = cluster.configuration(webPort, RESTARTS);
        new LocalRunner(cluster.spec.name(), cluster.jar.path(), System.out).run(conf, repairArgs());
        System.out.printf("%s: the aggregates of [%s, %s) are repaired%n", cluster.spec.name(), from, to);
        return 0;
    }
}
