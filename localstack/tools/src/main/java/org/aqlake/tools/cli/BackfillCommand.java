package org.aqlake.tools.cli;

import org.apache.flink.configuration.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.metrics.MetricNames;
import org.aqlake.tools.ToolException;
import org.aqlake.tools.local.LocalRunner;
import org.aqlake.tools.produce.ReplayFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The job jar's bounded backfill on a local Flink cluster in this JVM: the jar with the {@code backfill.*}
 * keys, submitted as {@code local} submits it, into the lake its config names. The job lists, checks and
 * claims the files; this command passes them on, says how far it has got, and can count the records of
 * local files as the producer's report counts a replay's.
 */
@Command(mixinStandardHelpOptions = true,
        name = "backfill",
        description = {
            "Runs the job over files instead of Kinesis (OpenAQ daily CSV, realtime NDJSON or the lake's raw archive;",
            "files, folders, S3 prefixes or globs), into the lake of the config, then ends.",
            "Example: backfill ../shared/data/openaq/daily-sample-noheader.csv -- --config config/local.json"
        })
final class BackfillCommand implements Callable<Integer> {

    /** A bounded run that keeps failing should fail, not retry for ever as the stream does. */
    static final Map<String, String> RESTARTS = RepairCommand.RESTARTS;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto, openaq-csv, openaq-ndjson or raw-archive (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--csv-source-type", paramLabel = "TYPE",
            description = "The sourceType of OpenAQ daily CSV rows, which have none (for example government).")
    String csvSourceType;

    @Option(names = "--sent-report", paramLabel = "FILE",
            description = "Write {\"records_sent\": N} here, N counted from the local files as a replay counts them.")
    Path sentReport;

    @Option(names = "--web-port", paramLabel = "PORT", defaultValue = RepairCommand.DEFAULT_WEB_PORT,
            description = "Port of the Flink web UI and REST API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Mixin
    LocalClusterOptions cluster;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Files, folders, s3:// prefixes or globs; then, after --, the job's arguments"
                    + " (--config FILE and --<group>.<key>=<value> overrides).")
    List<String> words = List.of();

    /** The paths: every word before the first one that starts with "--", which begins the job's arguments. */
    List<String> paths() {
        List<String> paths = new ArrayList<>();
        for (String w : words) {
            if (w.startsWith("--")) {
                break;
            }
            paths.add(w.contains("://") ? w : Path.of(w).toAbsolutePath().normalize().toString());
        }
        if (paths.isEmpty()) {
            throw new ToolException("Name at least one PATH to backfill, before -- and the job's arguments");
        }
        return paths;
    }

    /** The job's arguments with the backfill's keys last, so that they win over the config file's. */
    List<String> backfillArgs() {
        List<String> args = new ArrayList<>(words.subList(paths().size(), words.size()));
        args.add("--backfill.enabled=true");
        args.add("--backfill.paths=" + String.join(",", paths()));
        args.add("--backfill.format=" + format);
        if (csvSourceType != null) {
            args.add("--backfill.csv-source-type=" + csvSourceType);
        }
        return args;
    }

    @Override
    public Integer call() throws Exception {
        if (sentReport != null) {
            writeSentReport();
        }
        Configuration conf = cluster.configuration(webPort, RESTARTS);
        long started = System.nanoTime();
        new LocalRunner(cluster.spec.name(), cluster.jar.path(), System.out).run(conf, backfillArgs(), (rest, job) -> {
            long lines = rest.sumMetrics(job, id -> id.endsWith("." + MetricNames.BACKFILL_LINES));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%s: %,d lines read in %.0f s (%,.0f a second)%n", cluster.spec.name(), lines, seconds,
                    lines / Math.max(1, seconds));
        });
        System.out.printf("%s: %s backfilled in %.1f s%n", cluster.spec.name(), paths(),
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** Records as the producer counts a replay's: rows and non-blank lines, a CSV header aside. */
    private void writeSentReport() throws Exception {
        long records = 0;
        for (Path file : localFiles()) {
            try (var source = ReplayFile.open(file, ReplayFile.Format.AUTO)) {
                while (source.hasNext()) {
                    source.next();
                    records++;
                }
            }
        }
        Path parent = sentReport.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().writeValue(sentReport.toFile(), Map.of("records_sent", records));
    }

    private List<Path> localFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String p : paths()) {
            if (p.contains("://") || p.contains("*") || p.contains("?") || p.contains("[") || p.contains("{")) {
                throw new ToolException("--sent-report counts local files only, and " + p + " is not one (a local file or folder)");
            }
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> all = Files.walk(path)) {
                    files.addAll(all.filter(Files::isRegularFile)
                            .filter(f -> !hiddenUnder(path, f))
                            .sorted().collect(Collectors.toList()));
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    /** As the job lists a folder: a file is skipped when its name, or a folder's under the root, starts with . or _. */
    static boolean hiddenUnder(Path root, Path file) {
        for (Path segment : root.relativize(file)) {
            String name = segment.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
