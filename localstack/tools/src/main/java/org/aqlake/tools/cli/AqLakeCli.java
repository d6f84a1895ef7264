package org.aqlake.tools.cli;

import org.aqlake.tools.ToolException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The local tools' command line, {@code ./localstack/aq-lake}. The job is not in here: {@code local} and
 * {@code run} submit the job jar to a local Flink cluster, as any cluster runs it.
 */
@Command(name = "aq-lake",
        mixinStandardHelpOptions = true,
        versionProvider = AqLakeCli.Version.class,
        description = "The tools that run the aq-lake job jar on this machine, feed it readings and check the lake.",
        subcommands = {
            RunCommand.class,
            LocalCommand.class,
            RepairCommand.class,
            PipelineCommand.class,
            BackfillCommand.class,
            ProduceCommand.class,
            DrainCommand.class,
            StopCommand.class,
            SummaryCommand.class,
            DashboardCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AqLakeCli implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Without a subcommand there is nothing to do: say which there are. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AqLakeCli());
        cli.setExecutionExceptionHandler(AqLakeCli::reportFailure);
        cli.setParameterExceptionHandler(AqLakeCli::reportBadArguments);
        // the job's own arguments (--config FILE, --group.key=value) follow `run` without a `--`
        cli.getSubcommands().get("run").setUnmatchedOptionsArePositionalParams(true);
        return cli;
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** A bad flag is named in one line, with where to look, rather than buried under the whole usage. */
    private static int reportBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A tool that fails says why in one line; a stack trace only for what nobody anticipated. */
    private static int reportFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof ToolException) {
            err.println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        } else {
            err.println(cli.getCommandSpec().qualifiedName() + ": failed: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AqLakeCli.class.getPackage().getImplementationVersion();
            return new String[] {"aq-lake " + (v == null ? "(development build)" : v)};
        }
    }
}
