package org.aqlake.tools.local;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The Flink configuration of a local run: one mini-cluster in the JVM, reachable only from this machine. */
public final class LocalCluster {

    /** Longest wait between two restarts: an endpoint back after a minute is used within half a minute. */
    public static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(30);

    private LocalCluster() {}

    public static Configuration configuration(int webPort, Path stateDir, int parallelism, Map<String, String> extra) {
        Configuration conf = new Configuration();
        // loopback only: the local stack has dummy credentials and must not be reachable from the network
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, webPort);
        // without an explicit bind port the local executor picks a random one
        conf.set(RestOptions.BIND_PORT, Integer.toString(webPort));
        Path state = stateDir.toAbsolutePath().normalize();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, state.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, state.resolve("savepoints").toUri().toString());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        // the web UI and `drain` read metrics through the REST API; the default refresh is every 10 s
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        restartLikeManagedFlink(conf);
        // The tools bring Iceberg's Flink runtime jar and the H2 driver (the summary reads the Iceberg tables),
        // and so does the job jar. One copy of each of these, the tools': JDBC's DriverManager hands a driver
        // only to the class loader that loaded it; and the runtime jar's Dropwizard metric wrappers are
        // org.apache.flink classes, which always load from here, so the Dropwizard classes they take from the
        // job's writer must load from here too
        conf.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
                java.util.List.of("org.h2.", "com.codahale.metrics."));
        extra.forEach(conf::setString);
        return conf;
    }

    /**
     * Managed Flink restarts a failed job for ever (fixed delay, unlimited attempts, unless the application
     * sets otherwise); a local run does the same, with a back-off growing from 1 s to
     * {@link #MAX_RESTART_BACKOFF}, so that an S3 or Kinesis endpoint away for a minute costs restarts, not
     * the run. A job that keeps failing shows it in its restarts (the drain and summary report them) and in
     * the drain's timeout. {@code -D restart-strategy.*} overrides it.
     */
    static void restartLikeManagedFlink(Configuration conf) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, MAX_RESTART_BACKOFF);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofMinutes(5));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    }
}
