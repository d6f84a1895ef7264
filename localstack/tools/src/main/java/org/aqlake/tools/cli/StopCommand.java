package org.aqlake.tools.cli;

import org.aqlake.tools.local.Drainer;
import org.aqlake.tools.local.FlinkRest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Stops the local job with a savepoint, so that what it has read is committed before it ends. */
@Command(mixinStandardHelpOptions = true,
        name = "stop",
        description = "Stops the running local job with a final savepoint, committing what it has read.")
final class StopCommand implements Callable<Integer> {

    @Mixin
    DrainCommand.RestOption rest;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2min", converter = DurationConverter.class,
            description = "Longest wait for the savepoint and the end of the job (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Drainer drainer = new Drainer(new FlinkRest(rest.url), System.out);
        drainer.stopWithSavepoint(drainer.runningJob(Duration.ofSeconds(10)), true, timeout);
        return 0;
    }
}
