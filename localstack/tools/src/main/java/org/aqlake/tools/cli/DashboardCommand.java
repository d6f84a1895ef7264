package org.aqlake.tools.cli;

import org.aqlake.tools.ToolException;
import org.aqlake.tools.dashboard.Dashboard;
import org.aqlake.tools.dashboard.DashboardServer;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The dashboard of a lake: one self-contained HTML file, or served live on loopback. */
@Command(mixinStandardHelpOptions = true,
        name = "dashboard",
        description = {
            "Renders the dashboard of a lake (AQI per city, hourly means per pollutant, hours above WHO guidelines,"
                    + " dead letters by type, freshness) as one HTML file that opens offline, or serves it live.",
            "Example: dashboard --lake localstack/.data/s3/aq-transformed --out /tmp/aq.html"
        })
final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--lake", paramLabel = "PATH", required = true,
            description = "The lake's transformed path (lake.transformed-path): a folder, file:// or s3:// URI.")
    String lake;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Output output;

    static final class Output {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the page to this file.")
        Path out;

        @Option(names = "--port", paramLabel = "PORT",
                description = "Serve the page on http://127.0.0.1:PORT/ until stopped (0: a free port).")
        Integer port;
    }

    @Option(names = "--fs", paramLabel = "KEY=VALUE",
            description = "A Flink file-system option for s3:// lakes, e.g. s3.endpoint=http://127.0.0.1:9090"
                    + " (repeatable; credentials come from the environment).")
    Map<String, String> fileSystem = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Dashboard dashboard = Dashboard.of(lake, fileSystem, Clock.systemUTC());
        if (output.out != null) {
            String page = dashboard.render();
            Path parent = output.out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output.out, page, StandardCharsets.UTF_8);
            System.out.printf("dashboard: %s written (%,d bytes) from %s%n", output.out, page.length(), dashboard.lake());
            return 0;
        }
        if (output.port < 0 || output.port > 65_535) {
            throw new ToolException("--port must be between 0 and 65535, not " + output.port);
        }
        try (DashboardServer server = DashboardServer.start(dashboard, output.port)) {
            System.out.printf("dashboard: http://localhost:%d/ (the lake %s)%n", server.port(), dashboard.lake());
            System.out.flush();
            new CountDownLatch(1).await(); // until the process is stopped
        }
        return 0;
    }
}
