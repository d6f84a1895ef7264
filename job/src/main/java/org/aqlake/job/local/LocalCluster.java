package org.aqlake.job.local;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The Flink configuration of a local run: one mini-cluster in the JVM, reachable only from this machine. */
public final class LocalCluster {

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
        extra.forEach(conf::setString);
        return conf;
    }
}
