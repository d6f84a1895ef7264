package org.aqlake.job.bench;

import org.aqlake.job.model.KinesisRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark: records per wall second and per CPU-second of (a) the job's pipeline at each
 * parallelism, (b) the bare limit and (c) Flink SQL, side by side in one JVM on one machine; then
 * freshness through the emulators and Parquet bytes per record. {@code ./bench/run} starts it;
 * BENCHMARKS.md explains the method and keeps the figures.
 *
 * <p>Each variant first runs once untimed (warm-up), then the timed repetitions are interleaved
 * round by round (a p1, a p2, b, c, then again), so that a burst of load from other processes on a
 * shared machine hits every variant alike rather than all repetitions of one.
 */
public final class Benchmark {

    public static final String WITHOUT_AGGREGATES = "a': pipeline p1 without aggregates";
    public static final String WITHOUT_CONSENT_REGISTRY = "a'': pipeline p1 without a consent registry";
    public static final String BARE = "b: bare Jackson + parquet-java";
    public static final String SQL = "c: Flink SQL";
    public static final String BACKFILL_NDJSON = "d: backfill p1, realtime NDJSON.gz file";
    public static final String BACKFILL_CSV = "d: backfill p1, daily CSV.gz file";

    /** The backfill's input files of each record array: NDJSON, then CSV. */
    private static final Map<KinesisRecord[], Path[]> backfillFiles = new java.util.IdentityHashMap<>();

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Results results = run(settings);
        String report = Report.markdown(results);
        Files.createDirectories(settings.outputDir);
        Path file = settings.outputDir.resolve("report.md");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + file.toAbsolutePath() + ")");
        // the Kinesis consumer and S3 client leave non-daemon threads behind
        System.exit(0);
    }

    public static String pipeline(int parallelism) {
        return "a: pipeline p" + parallelism;
    }

    public static Results run(Settings settings) throws Exception {
        Results results = new Results(settings);
        Path work = Files.createTempDirectory("aq-lake-bench-");
        try {
            throughput(settings, results, work);
            if (settings.sizes) {
                results.sizes.addAll(SizePerRecord.measure(results, work.resolve("sizes")));
            }
            for (int interval : settings.freshnessIntervals) {
                log("freshness with checkpoints every " + interval + " s");
                results.freshness.add(Freshness.measure(interval, settings, work.resolve("freshness-" + interval)));
                log("  " + results.freshness.get(results.freshness.size() - 1));
            }
        } finally {
            LakeFiles.delete(work);
        }
        results.loadAtEnd = CpuClock.loadAverage();
        return results;
    }

    private static void throughput(Settings settings, Results results, Path work) throws Exception {
        log("generating " + settings.records + " payloads (and " + settings.warmupRecords + " for the warm-up)");
        KinesisRecord[] input = SyntheticPayloads.records(settings.records);
        KinesisRecord[] warmup = SyntheticPayloads.records(settings.warmupRecords);
        results.input = input;
        results.meanPayloadBytes = SyntheticPayloads.meanBytes(input);
        Path jsonLines = null;
        Path warmupLines = null;
        if (settings.sql) {
            jsonLines = FlinkSqlThroughput.writeJsonLines(input, work.resolve("input/payloads.jsonl"));
            warmupLines = FlinkSqlThroughput.writeJsonLines(warmup, work.resolve("warmup/payloads.jsonl"));
        }
        for (int p : settings.parallelisms) {
            results.series.put(pipeline(p), new Series(pipeline(p)));
        }
        if (settings.withoutAggregates) {
            results.series.put(WITHOUT_AGGREGATES, new Series(WITHOUT_AGGREGATES));
        }
        if (settings.withoutConsentRegistry) {
            results.series.put(WITHOUT_CONSENT_REGISTRY, new Series(WITHOUT_CONSENT_REGISTRY));
        }
        if (settings.bare) {
            results.series.put(BARE, new Series(BARE));
        }
        if (settings.sql) {
            results.series.put(SQL, new Series(SQL + " p" + settings.sqlParallelism));
        }
        if (settings.backfill) {
            results.series.put(BACKFILL_NDJSON, new Series(BACKFILL_NDJSON));
            results.series.put(BACKFILL_CSV, new Series(BACKFILL_CSV));
            backfillFiles.put(input, new Path[] {BackfillThroughput.writeNdjson(input, work.resolve("input/day.ndjson.gz")),
                BackfillThroughput.writeDailyCsv(input, work.resolve("input/day.csv.gz"))});
            backfillFiles.put(warmup, new Path[] {BackfillThroughput.writeNdjson(warmup, work.resolve("warmup/day.ndjson.gz")),
                BackfillThroughput.writeDailyCsv(warmup, work.resolve("warmup/day.csv.gz"))});
        }

        results.loadAtStart = CpuClock.loadAverage();
        try (BenchCluster cluster = new BenchCluster(work.resolve("checkpoints"))) {
            if (settings.warmupRecords > 0) {
                log("warm-up, untimed");
                round(settings, cluster, warmup, warmupLines, work, null, results);
            }
            for (int rep = 1; rep <= settings.repetitions; rep++) {
                log("repetition " + rep + " of " + settings.repetitions);
                round(settings, cluster, input, jsonLines, work, results.series, results);
            }
        }
    }

    /** One run of every variant; timed into {@code series} unless that is null (warm-up). */
    private static void round(Settings settings, BenchCluster cluster, KinesisRecord[] input, Path jsonLines,
            Path work, Map<String, Series> series, Results results) throws Exception {
        Path registry = SyntheticPayloads.writeConsentRegistry(work.resolve("consent/registry.json"));
        for (int p : settings.parallelisms) {
            Path lake = work.resolve("lake-p" + p);
            PipelineThroughput.Result r = PipelineThroughput.run(cluster, input, p, lake, true, registry);
            record(series, pipeline(p), r.measurement);
            if (series != null) {
                results.pipelineReadings.put(p, r.readings);
                results.pipelineAggregates.put(p, r.aggregates);
                results.pipelineCheckpoints.put(p, r.checkpoints);
            }
            LakeFiles.delete(lake);
        }
        if (settings.withoutAggregates) {
            Path lake = work.resolve("lake-without-aggregates");
            record(series, WITHOUT_AGGREGATES,
                    PipelineThroughput.run(cluster, input, 1, lake, false, registry).measurement);
            LakeFiles.delete(lake);
        }
        if (settings.withoutConsentRegistry) {
            Path lake = work.resolve("lake-without-consent-registry");
            record(series, WITHOUT_CONSENT_REGISTRY,
                    PipelineThroughput.run(cluster, input, 1, lake, true, null).measurement);
            LakeFiles.delete(lake);
        }
        if (settings.bare) {
            Path bare = work.resolve("bare");
            record(series, BARE, BareLimit.run(input, bare));
            LakeFiles.delete(bare);
        }
        if (settings.backfill) {
            Path[] files = backfillFiles.get(input);
            Path lake = work.resolve("lake-backfill");
            // with the registry every NDJSON reading passes; every CSV row is government, as the layout says
            record(series, BACKFILL_NDJSON,
                    BackfillThroughput.run(cluster, files[0], input.length, input.length, 1, lake, registry));
            LakeFiles.delete(lake);
            record(series, BACKFILL_CSV,
                    BackfillThroughput.run(cluster, files[1], input.length, input.length, 1, lake, registry));
            LakeFiles.delete(lake);
        }
        if (settings.sql) {
            Path out = work.resolve("sql");
            record(series, SQL, FlinkSqlThroughput.run(cluster, jsonLines, input.length, settings.sqlParallelism, out));
            LakeFiles.delete(out);
        }
    }

    private static void record(Map<String, Series> series, String name, Measurement m) {
        log("  " + name + ": " + m + (series == null ? " (warm-up)" : ""));
        if (series != null) {
            series.get(name).add(m);
        }
    }

    static void log(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }

    /** Everything one run measured. */
    public static final class Results {
        public final Settings settings;
        public final Map<String, Series> series = new LinkedHashMap<>();
        /** What the last timed pipeline run at each parallelism wrote. */
        public final Map<Integer, LakeFiles> pipelineReadings = new LinkedHashMap<>();
        public final Map<Integer, LakeFiles> pipelineAggregates = new LinkedHashMap<>();
        public final Map<Integer, Long> pipelineCheckpoints = new LinkedHashMap<>();
        public final List<SizePerRecord.Size> sizes = new ArrayList<>();
        public final List<Freshness.Result> freshness = new ArrayList<>();
        public double meanPayloadBytes;
        public double loadAtStart;
        public double loadAtEnd;
        transient KinesisRecord[] input;

        Results(Settings settings) {
            this.settings = settings;
        }

        /** Median records per CPU-second of a over median of b. */
        public double ratio(String a, String b) {
            if (!series.containsKey(a) || !series.containsKey(b)) {
                return Double.NaN;
            }
            return series.get(a).perCpuSecond().median / series.get(b).perCpuSecond().median;
        }
    }

    static String machine() throws IOException {
        long memKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        String cpu = "";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + String.format(java.util.Locale.ROOT, "%.1f GiB", memKb / 1024.0 / 1024.0) + " memory, JDK "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
    }
}
