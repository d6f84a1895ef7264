package org.aqlake.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.config.S3Endpoint;

import java.util.Optional;

/**
 * Points Flink's S3 file system plugin (flink-s3-fs-hadoop, loaded from {@code FLINK_PLUGINS_DIR})
 * at an S3 emulator. Only for runs inside one JVM (local mini-cluster, tests): a mini-cluster never
 * initializes file systems itself. On Managed Flink the service configures S3 and the IAM role.
 */
public final class LocalFileSystems {

    private LocalFileSystems() {}

    public static void initialize(JobConfig cfg) {
        initialize(cfg.s3Endpoint);
    }

    public static void initialize(Optional<S3Endpoint> endpoint) {
        if (endpoint.isEmpty()) {
            return; // never re-initialize a real cluster's file systems (its checkpoint storage lives there)
        }
        S3Endpoint s3 = endpoint.get();
        Configuration conf = s3Emulator(new Configuration(), s3.url, s3.pathStyleAccess, s3.accessKey, s3.secretKey);
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    }

    /** The flink-s3-fs-hadoop keys an S3-protocol emulator needs. */
    public static Configuration s3Emulator(Configuration conf, String endpoint, boolean pathStyle, String accessKey,
            String secretKey) {
        conf.setString("s3.endpoint", endpoint);
        conf.setString("s3.path.style.access", Boolean.toString(pathStyle));
        conf.setString("s3.access-key", accessKey);
        conf.setString("s3.secret-key", secretKey);
        conf.setString("s3.connection.ssl.enabled", Boolean.toString(endpoint.startsWith("https://")));
        // S3A would otherwise delete parent "directory" markers after every commit; file-backed emulators
        // stall or fail on that, and on S3 it only costs requests
        conf.setString("s3.directory.marker.retention", "keep");
        return conf;
    }
}
