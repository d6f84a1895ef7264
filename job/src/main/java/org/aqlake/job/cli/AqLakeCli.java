package org.aqlake.job.cli;

import org.aqlake.job.config.InvalidConfigException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Set;

/**
 * The command line of the jar. {@code run} is the job and the default, so that Managed Flink (which
 * calls main with no arguments) and {@code --config FILE --group.key=value} keep working unchanged;
 * the other subcommands are tools for local runs.
 */
@Command(name = "aq-lake",
        mixinStandardHelpOptions = true,
        versionProvider = AqLakeCli.Version.class,
        description = "Kinesis air-quality readings to an exactly-once Parquet lake, and the tools to run it locally.",
        subcommands = {
            RunCommand.class,
            LocalCommand.class,
            ProduceCommand.class,
            DrainCommand.class,
            StopCommand.class,
            SummaryCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AqLakeCli {

    static final Set<String> TOOLS = Set.of("local", "produce", "drain", "stop", "summary", "help");
    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    /**
     * The arguments for the job when these arguments mean "run the job", else null (a tool subcommand,
     * or a request for help).
     */
    public static String[] jobArguments(String[] args) {
        if (args.length == 0) {
            return args;
        }
        if (TOOLS.contains(args[0]) || HELP.contains(args[0])) {
            return null;
        }
        if (args[0].equals(RunCommand.NAME)) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            return rest.length == 1 && HELP.contains(rest[0]) ? null : rest;
        }
        return args;
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AqLakeCli());
        cli.setExecutionExceptionHandler(AqLakeCli::reportFailure);
        cli.setParameterExceptionHandler(AqLakeCli::reportBadArguments);
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
        if (e instanceof InvalidConfigException || e instanceof ToolException) {
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
