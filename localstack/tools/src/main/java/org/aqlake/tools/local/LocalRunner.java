package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.util.SerializedThrowable;

import org.aqlake.tools.ToolException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the job jar on a local Flink cluster in this JVM, submitted through the cluster's REST API as on
 * any Flink cluster ({@code /jars/upload}, then {@code /jars/:id/run}), so that the job runs from its own
 * jar and class loader, and not from the tools' class path. Returns once the job has ended; the cluster
 * ends with it.
 */
public final class LocalRunner {

    /** How Flink introduces an exception thrown by the job's main method, such as a bad config. */
    private static final String MAIN_FAILED = "The main method caused an error: ";

    private final String tool;
    private final Path jobJar;
    private final PrintStream out;

    /** The tool's name prefixes what it prints. */
    public LocalRunner(String tool, Path jobJar, PrintStream out) {
        this.tool = tool;
        this.jobJar = jobJar;
        this.out = out;
    }

    /** What a long run says while it runs: called every {@link #PROGRESS_EVERY} with the running job. */
    @FunctionalInterface
    public interface Progress {
        void report(FlinkRest rest, String jobId) throws IOException, InterruptedException;
    }

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    public void run(Configuration conf, List<String> jobArgs) throws Exception {
        run(conf, jobArgs, (rest, job) -> { });
    }

    public void run(Configuration conf, List<String> jobArgs, Progress progress) throws Exception {
        if (!Files.isRegularFile(jobJar)) {
            throw new ToolException("The job jar " + jobJar + " does not exist: build it with 'mvn package -DskipTests'");
        }
        int slots = conf.get(TaskManagerOptions.NUM_TASK_SLOTS);
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build())) {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            out.printf("%s: Flink web UI on http://localhost:%d%n", tool, rest.getPort());
            out.flush();
            FlinkRest api = new FlinkRest(rest);
            String jobId = submit(api, jobArgs, slots);
            CompletableFuture<JobResult> ended = cluster.requestJobResult(JobID.fromHexString(jobId));
            JobResult result = null;
            while (result == null) {
                try {
                    result = ended.get(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    try {
                        progress.report(api, jobId);
                    } catch (IOException unanswered) {
                        // progress is a courtesy: a REST call that fails now does not stop the run
                    }
                }
            }
            if (!result.isSuccess()) {
                throw new ToolException("The job ended " + result.getApplicationStatus() + ": " + result
                        .getSerializedThrowable().map(SerializedThrowable::getMessage).orElse("no cause given"));
            }
        }
    }

    private String submit(FlinkRest rest, List<String> jobArgs, int parallelism) throws Exception {
        String jarId = rest.uploadJar(jobJar);
        try {
            return rest.runJar(jarId, jobArgs, parallelism);
        } catch (FlinkRest.RestException e) {
            throw new ToolException("The job did not start: " + mainMethodError(e.body));
        }
    }

    /** The job's own message from Flink's answer {@code {"errors": [...]}}, else the answer itself. */
    static String mainMethodError(String body) {
        String errors;
        try {
            StringBuilder all = new StringBuilder();
            new ObjectMapper().readTree(body).path("errors").forEach(e -> all.append(e.asText()).append('\n'));
            errors = all.toString();
        } catch (IOException notJson) {
            errors = body;
        }
        int at = errors.indexOf(MAIN_FAILED);
        if (at < 0) {
            return body;
        }
        String message = errors.substring(at + MAIN_FAILED.length());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
