package org.aqlake.job.bench;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.JobSinks;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.OpenAqSamples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compaction on against off, side by side in one run (BENCHMARKS.md, "Compaction"): files per partition,
 * bytes per row and Parquet against JSON bytes, on the real OpenAQ samples replayed as a local run does and on
 * a synthetic hour at 1,000 readings a second with 60 s checkpoints (time sped up: rate and checkpoint
 * interval scaled alike), records per CPU-second of those runs, and freshness through the emulators for
 * compaction off, at its freshest and at its default.
 *
 * <pre>BENCH_MAIN=org.aqlake.job.bench.CompactionBench ./bench/run --speedup=20</pre>
 */
public final class CompactionBench {

    private CompactionBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int rate = Integer.parseInt(o.getOrDefault("rate", "1000"));
        int checkpointSeconds = Integer.parseInt(o.getOrDefault("checkpoint-seconds", "60"));
        double speedup = Double.parseDouble(o.getOrDefault("speedup", "20"));
        int parallelism = Integer.parseInt(o.getOrDefault("parallelism", "2"));
        int realRate = Integer.parseInt(o.getOrDefault("real-rate", "50"));
        int realCheckpointSeconds = Integer.parseInt(o.getOrDefault("real-checkpoint-seconds", "10"));
        List<Integer> freshnessIntervals = ints(o.getOrDefault("freshness-intervals", "5"));
        Path out = Path.of(o.getOrDefault("output", "target/bench/compaction")).toAbsolutePath();
        LakeFiles.delete(out);
        Files.createDirectories(out);

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Run of %s on %d cores; load average %.2f at the start.%n%n",
                java.time.Instant.now(), Runtime.getRuntime().availableProcessors(), CpuClock.loadAverage()));
        List<Row> rows = new ArrayList<>();
        try (BenchCluster cluster = new BenchCluster(out.resolve("checkpoints"))) {
            Path registry = SyntheticPayloads.writeConsentRegistry(out.resolve("registry/customers.json"));
            List<byte[]> samples = new ArrayList<>();
            for (String s : OpenAqSamples.realtimeLines()) {
                samples.add(s.getBytes(StandardCharsets.UTF_8));
            }
            for (String s : OpenAqSamples.csvAsRealtimeJson()) {
                samples.add(s.getBytes(StandardCharsets.UTF_8));
            }
            long sampleJson = samples.stream().mapToLong(b -> b.length).sum();
            for (String compaction : List.of("off", "on")) {
                rows.add(run(cluster, "real OpenAQ samples (" + samples.size() + "), " + realRate + "/s, checkpoint "
                        + realCheckpointSeconds + " s", compaction, out.resolve("real-" + compaction), parallelism,
                        realCheckpointSeconds * 1000L, registry, env -> PacedRecords.of(env, samples, realRate),
                        samples.size(), sampleJson));
            }
            long hour = 3600L * rate;
            // the synthetic payloads are 418 bytes on average (BENCHMARKS.md); counted exactly below
            long syntheticJson = 0;
            for (long i = 0; i < hour; i++) {
                syntheticJson += SyntheticPayloads.json((int) i, SyntheticPayloads.BASE_TIME + i * 1000 / rate)
                        .getBytes(StandardCharsets.UTF_8).length;
            }
            for (String compaction : List.of("off", "on")) {
                rows.add(run(cluster, String.format(Locale.ROOT, "synthetic hour, %,d/s, checkpoint %d s (sped up %.0f×)",
                        rate, checkpointSeconds, speedup), compaction, out.resolve("synthetic-" + compaction),
                        parallelism, (long) (checkpointSeconds * 1000 / speedup), registry,
                        env -> PacedRecords.syntheticHour(env, rate, speedup), hour, syntheticJson));
            }
        }
        report.append("| data | compaction | readings partitions | readings files | files per partition (mean, max)"
                + " | aggregates files per partition (mean) | rows | Parquet bytes/row | column data bytes/row"
                + " | JSON bytes/row | Parquet / JSON | records/CPU-s | checkpoints |\n");
        report.append("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            report.append(r).append('\n');
        }
        report.append('\n');
        if (!freshnessIntervals.isEmpty()) {
            report.append("| checkpoint interval | compaction | readings measured | seen | p50 | p95 | max |"
                    + " p50 in intervals | p95 in intervals |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            Settings settings = Settings.parse(new String[0]);
            settings.freshnessSeconds = Integer.parseInt(o.getOrDefault("freshness-seconds", "90"));
            for (int interval : freshnessIntervals) {
                Map<String, Map<String, String>> variants = new LinkedHashMap<>();
                variants.put("off", Map.of("lake.compaction.enabled", "false"));
                variants.put("on, every checkpoint (the freshest)", Map.of("lake.compaction.checkpoints", "1"));
                variants.put("on, every 10 checkpoints (the default)", Map.of());
                for (Map.Entry<String, Map<String, String>> v : variants.entrySet()) {
                    Freshness.Result f = Freshness.measure(interval, settings, out.resolve("freshness"), v.getValue());
                    report.append(String.format(Locale.ROOT, "| %d s | %s | %,d | %,d | %.1f s | %.1f s | %.1f s |"
                            + " %.1f | %.1f |%n", interval, v.getKey(), f.sent, f.seen, f.p50, f.p95, f.max,
                            f.p50 / interval, f.p95 / interval));
                }
            }
        }
        System.out.println(report);
        Files.writeString(out.resolve("report.md"), report);
    }

    /** One bounded run of the job's own graph over paced records. */
    private static Row run(BenchCluster cluster, String data, String compaction, Path lake, int parallelism,
            long checkpointMillis, Path registry, Function<StreamExecutionEnvironment, DataStream<KinesisRecord>> input,
            long records, long jsonBytes) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("consent.bootstrap-path", registry.toUri().toString());
        c.put("lake.transformed-path", lake.toUri().toString());
        c.put("pipeline.checkpoint-interval", checkpointMillis + " ms");
        c.put("lake.compaction.enabled", Boolean.toString(compaction.equals("on")));
        JobConfig cfg = JobConfig.from(c);
        StreamExecutionEnvironment env = cluster.environment(parallelism);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(input.apply(env), cfg, JobSinks.create(cfg));
        System.gc();
        CpuClock.Started clock = CpuClock.start();
        JobClient job = env.executeAsync("bench-compaction-" + compaction);
        cluster.awaitEnd(job, PacedRecords::allEmitted);
        Measurement m = clock.stop(records);
        Row r = new Row(data, compaction, partitions(lake.resolve("readings")), partitions(lake.resolve("aggregates")),
                jsonBytes, records, m, cluster.completedCheckpoints(job.getJobID()));
        System.out.println(r);
        return r;
    }

    /** Each partition folder's visible Parquet files. */
    private static Map<Path, LakeFiles> partitions(Path table) throws Exception {
        Map<Path, LakeFiles> out = new TreeMap<>();
        if (!Files.isDirectory(table)) {
            return out;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(table)) {
            dirs = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .map(Path::getParent).distinct().collect(Collectors.toList());
        }
        for (Path d : dirs) {
            out.put(d, LakeFiles.parquet(d));
        }
        return out;
    }

    private static final class Row {
        final String text;

        Row(String data, String compaction, Map<Path, LakeFiles> readings, Map<Path, LakeFiles> aggregates,
                long jsonBytes, long records, Measurement m, long checkpoints) {
            long files = readings.values().stream().mapToLong(f -> f.files).sum();
            long max = readings.values().stream().mapToLong(f -> f.files).max().orElse(0);
            long rows = readings.values().stream().mapToLong(f -> f.rows).sum();
            long bytes = readings.values().stream().mapToLong(f -> f.bytes).sum();
            long dataBytes = readings.values().stream().mapToLong(f -> f.dataBytes).sum();
            long hidden = readings.values().stream().mapToLong(f -> f.hidden).sum();
            long aggFiles = aggregates.values().stream().mapToLong(f -> f.files).sum();
            if (hidden != 0 || rows != records) {
                throw new IllegalStateException(data + ", compaction " + compaction + ": " + rows + " readings rows of "
                        + records + " records, " + hidden + " hidden readings files left");
            }
            text = String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f, %d | %.1f | %,d | %.1f | %.1f | %.1f | %.1f %% |"
                    + " %,.0f | %d |", data, compaction, readings.size(), files, (double) files / readings.size(), max,
                    aggregates.isEmpty() ? 0.0 : (double) aggFiles / aggregates.size(), rows, (double) bytes / rows,
                    (double) dataBytes / rows, (double) jsonBytes / records, 100.0 * bytes / jsonBytes,
                    m.recordsPerCpuSecond(), checkpoints);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            for (String part : a.trim().split("\\s+")) {
                if (part.startsWith("--") && part.contains("=")) {
                    o.put(part.substring(2, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
                }
            }
        }
        return o;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return out;
    }
}
