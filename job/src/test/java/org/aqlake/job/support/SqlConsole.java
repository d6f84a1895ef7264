package org.aqlake.job.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./sql/console} as a user does, in a subprocess, and keeps what it printed. The build passes
 * the launcher's path ({@code sql.console}) and Maven's offline flag, which the launcher honours if it
 * has to call Maven itself.
 */
public final class SqlConsole {

    /** Generous: a run is about 10 s on a quiet 2-core machine, several times that on a busy one. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private SqlConsole() {}

    /** What one run printed (stdout and stderr, interleaved) and how it ended. */
    public static final class Run {
        public final List<String> command;
        public final int exitCode;
        public final String output;

        Run(List<String> command, int exitCode, String output) {
            this.command = command;
            this.exitCode = exitCode;
            this.output = output;
        }

        /** Every result table of the run, in order. */
        public List<Tableau> tables() {
            return Tableau.parseAll(output);
        }

        /** The only result table of the run. */
        public Tableau table() {
            List<Tableau> tables = tables();
            if (tables.size() != 1) {
                throw new AssertionError("expected one result table, found " + tables.size() + " in:\n" + output);
            }
            return tables.get(0);
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
        }
    }

    public static Path launcher() {
        return Path.of(System.getProperty("sql.console", "../sql/console")).toAbsolutePath().normalize();
    }

    /** The repository's root folder: the launcher lives in its sql/ folder. */
    public static Path projectRoot() {
        return launcher().getParent().getParent();
    }

    public static Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    public static Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("sql-console", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(projectRoot().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("AQ_MAVEN_OFFLINE", System.getProperty("maven.offline", "false"));
            pb.environment().putAll(environment);
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not end within " + TIMEOUT + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
