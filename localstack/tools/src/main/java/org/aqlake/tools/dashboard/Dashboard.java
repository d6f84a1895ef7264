package org.aqlake.tools.dashboard;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * The dashboard of one lake: {@link #render()} reads its committed files and returns the page. The lake is
 * the job's {@code lake.transformed-path}, a local folder or any URI Flink's file systems read ({@code
 * file://}, {@code s3://} through the S3 plugin in {@code FLINK_PLUGINS_DIR}, configured with Flink's own
 * {@code s3.*} keys; credentials come from the environment, as for the job).
 */
public final class Dashboard {

    private final Path lake;
    private final Clock clock;

    private Dashboard(Path lake, Clock clock) {
        this.lake = lake;
        this.clock = clock;
    }

    /**
     * @param lake a folder or a URI
     * @param fileSystemOptions Flink configuration for the file systems, e.g. {@code s3.endpoint}
     */
    public static Dashboard of(String lake, Map<String, String> fileSystemOptions, Clock clock) {
        Configuration conf = Configuration.fromMap(fileSystemOptions);
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
        URI uri = URI.create(lake.replace(" ", "%20"));
        Path path = uri.getScheme() == null ? new Path(java.nio.file.Path.of(lake).toAbsolutePath().toUri()) : new Path(uri);
        return new Dashboard(path, clock);
    }

    public String render() throws IOException {
        return DashboardPage.render(DashboardData.read(new LakeTables(lake), lake.toString(), clock.instant()));
    }

    public String lake() {
        return lake.toString();
    }
}
