package org.aqlake.tools.cli;

import org.aqlake.tools.local.Drainer;
import org.aqlake.tools.local.FlinkRest;
import org.aqlake.tools.local.JobReport;
import org.aqlake.tools.local.LakeFolders;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits until a local job has committed every record the producer sent, then stops it with a savepoint. */
@Command(mixinStandardHelpOptions = true,
        name = "drain",
        description = {
            "Waits until the lake holds every record the producer sent, then stops the local job with a final"
                    + " savepoint.",
            "Example: drain --rest http://127.0.0.1:8081 --sent-report sent.json"
        })
final class DrainCommand implements Callable<Integer> {

    @Mixin
    RestOption rest;

    @Mixin
    LakeOptions lake;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10min", converter = DurationConverter.class,
            description = "Longest wait for the records to be committed (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--job-report", paramLabel = "FILE",
            description = "Write what the drain learned about the job (its restarts) here, for `summary --job-report`.")
    Path jobReport;

    @Override
    public Integer call() throws Exception {
        Drainer drainer = new Drainer(new FlinkRest(rest.url), System.out);
        if (lake.pipelineLake().isPresent()) {
            long rows = lake.csvRowsSent();
            String job = drainer.runningJob(Duration.ofMinutes(2));
            drainer.awaitPipelineCommitted(job, lake.pipelineLake().get(), rows, timeout);
            return stop(drainer, job);
        }
        LakeFolders folders = lake.folders();
        long sent = lake.recordsSent();
        String job = drainer.runningJob(Duration.ofMinutes(2));
        drainer.awaitCommitted(job, folders, sent, timeout);
        return stop(drainer, job);
    }

    private int stop(Drainer drainer, String job) throws Exception {
        long restarts = drainer.reportRestarts(job);
        if (jobReport != null) {
            new JobReport(restarts).write(jobReport);
        }
        drainer.stopWithSavepoint(job, true, Duration.ofMinutes(3));
        return 0;
    }

    /** Where the local cluster's REST API is. */
    static final class RestOption {
        @Option(names = "--rest", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
                description = "The local cluster's REST API, the web UI's address (default: ${DEFAULT-VALUE}).")
        URI url;
    }
}
