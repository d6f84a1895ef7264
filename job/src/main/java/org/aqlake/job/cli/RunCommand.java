package org.aqlake.job.cli;

import org.aqlake.job.AqLakeJob;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The job itself, the default subcommand. {@code AqLakeJob.main} runs it without picocli so that a
 * failure propagates to the Flink client; this class documents it in {@code --help}.
 */
@Command(mixinStandardHelpOptions = true,
        name = RunCommand.NAME,
        description = {
            "Runs the Flink job (the default when no subcommand is given).",
            "On Managed Flink, with no arguments, the config comes from the application's property groups."
        })
final class RunCommand implements Callable<Integer> {

    static final String NAME = "run";

    @Parameters(paramLabel = "ARG", arity = "0..*",
            description = "--config FILE (a JSON file of property groups) and overrides --<group>.<key>=<value>")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        AqLakeJob.run(args.toArray(new String[0]));
        return 0;
    }
}
