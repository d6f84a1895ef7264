package org.aqlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import org.aqlake.job.support.Polling;
import org.aqlake.tools.cli.AqLakeCli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job on the local run's own cluster configuration that fails once, as a job does whose S3 or Kinesis
 * endpoint went away: it is restarted rather than given up on, and the drain and the summary of the
 * bounded local run say that it restarted, read from Flink's REST API as {@code ./localstack/run} does.
 */
class LocalRestartsIT {

    static final int PARALLELISM = 1;
    static final Duration WAIT = Duration.ofSeconds(60);
    /** How long the job runs before its injected failure: long enough to be running, not yet restarted. */
    static final long ELEMENTS_BEFORE_FAILURE = 50;
    static final long PAUSE_PER_ELEMENT_MILLIS = 5;
    /** Any name: the drain finds the one running job, whatever it is called. */
    static final String JOB_NAME = "fails-once";
    static final Path CONFIG = Path.of("..", "..", "config", "local.json").toAbsolutePath().normalize();

    /** Fails on its first attempt, after a few elements; later attempts run until the job is stopped. */
    static final class FailsOnce extends RichMapFunction<Long, Long> {
        private long seen;

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(PAUSE_PER_ELEMENT_MILLIS);
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && ++seen == ELEMENTS_BEFORE_FAILURE) {
                throw new IllegalStateException("injected failure: the endpoint went away");
            }
            return value;
        }
    }

    @TempDir
    Path dir;

    MiniCluster cluster;
    JobClient job;
    URI rest;

    @BeforeEach
    void startTheLocalRunsClusterWithAJobThatFailsOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // the local run's configuration, with a short first back-off so that the test is quick
        Configuration conf = LocalCluster.configuration(port, dir.resolve("flink"), PARALLELISM,
                Map.of("restart-strategy.exponential-delay.initial-backoff", "100 ms"));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(PARALLELISM).build());
        cluster.start();
        rest = cluster.getRestAddress().get();
        StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, PARALLELISM);
        env.fromSequence(0, Long.MAX_VALUE).map(new FailsOnce()).addSink(new DiscardingSink<>());
        job = env.executeAsync(JOB_NAME);
    }

    @AfterEach
    void stop() throws Exception {
        if (!job.getJobStatus().get().isGloballyTerminalState()) {
            job.cancel().get();
        }
        cluster.close();
    }

    @Test
    void aJobThatFailedOnceIsRestartedAndTheDrainAndSummarySaySo() throws Exception {
        FlinkRest flink = new FlinkRest(rest);
        String id = job.getJobID().toString();
        Polling.await(WAIT, "the job restarted once and running again", () -> {
            try {
                return flink.numRestarts(id) == 1 && flink.state(id).equals("RUNNING");
            } catch (Exception notYet) {
                return false;
            }
        });

        Path sent = Files.writeString(dir.resolve("sent.json"), "{\"records_sent\": 0}\n");
        Path s3 = Files.createDirectories(dir.resolve("s3"));
        Path jobReport = dir.resolve("job.json");
        Path summary = dir.resolve("summary.json");
        ByteArrayOutputStream drainOut = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int drained;
        System.setOut(new PrintStream(drainOut, true, StandardCharsets.UTF_8));
        try {
            drained = AqLakeCli.execute("drain", "--rest", rest.toString(), "--config", CONFIG.toString(),
                    "--s3-dir", s3.toString(), "--sent-report", sent.toString(), "--job-report", jobReport.toString(),
                    "--timeout", "1min");
        } finally {
            System.setOut(stdout);
        }
        int summarized = AqLakeCli.execute("summary", "--config", CONFIG.toString(), "--s3-dir", s3.toString(),
                "--sent-report", sent.toString(), "--job-report", jobReport.toString(), "--out", summary.toString());

        assertThat(drained).as("drain exit code; its output:%n%s", drainOut).isZero();
        assertThat(drainOut.toString(StandardCharsets.UTF_8)).contains("the job has restarted 1 time");
        assertThat(summarized).isZero();
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.path("restarts").asLong(-1)).isEqualTo(1);
    }
}
