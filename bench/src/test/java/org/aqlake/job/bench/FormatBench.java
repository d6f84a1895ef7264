package org.aqlake.job.bench;

import org.aqlake.job.model.KinesisRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code lake.format=PARQUET} against {@code ICEBERG}, side by side in one run (BENCHMARKS.md, "Parquet folders
 * against Iceberg"): records per CPU-second of the job's own graph over in-memory records, the repetitions
 * interleaved round by round, and freshness through the Kinesis emulator, a reading counted visible once a
 * reader finds it in a committed (or compacted) Parquet file or in the Iceberg table's current snapshot. Both
 * lakes are {@code file://}, since the Iceberg warehouse is. With ICEBERG the readings, aggregates and dead
 * letters are Iceberg tables; the late aggregates stay a Parquet folder.
 *
 * <pre>BENCH_MAIN=org.aqlake.job.bench.FormatBench ./bench/run --records=300000</pre>
 */
public final class FormatBench {

    private FormatBench() {}

    /** One lake format with its settings: a name and the configuration keys of a lake under a folder. */
    static final class Variant {
        final String name;
        final Function<Path, Map<String, String>> config;

        Variant(String name, Function<Path, Map<String, String>> config) {
            this.name = name;
            this.config = config;
        }
    }

    /** Everything one run measured, and its report. */
    static final class Results {
        final Map<String, Series> throughput = new LinkedHashMap<>();
        /** What the last timed run of each variant wrote into the readings table. */
        final Map<String, FormatThroughput.Written> written = new LinkedHashMap<>();
        final Map<String, Freshness.Result> freshness = new LinkedHashMap<>();
        String report;
    }

    static List<Variant> variants(int compactionCheckpoints) {
        String every = Integer.toString(compactionCheckpoints);
        return List.of(
                new Variant("PARQUET, compaction every " + every + " checkpoints", lake -> Map.of(
                        "lake.transformed-path", lake.toUri().toString(), "lake.compaction.checkpoints", every)),
                new Variant("PARQUET, compaction off", lake -> Map.of(
                        "lake.transformed-path", lake.toUri().toString(), "lake.compaction.enabled", "false")),
                new Variant("ICEBERG (readings table)", lake -> {
                    Map<String, String> c = new HashMap<>(IcebergReadings.config(lake));
                    c.put("lake.compaction.checkpoints", every); // the aggregates' folders
                    return c;
                }));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path out = Path.of(o.getOrDefault("output", "target/bench/format")).toAbsolutePath();
        Results r = run(o, out);
        System.out.println(r.report);
        System.exit(0); // the Kinesis consumer leaves non-daemon threads behind
    }

    static Results run(Map<String, String> o, Path output) throws Exception {
        Path out = output.toAbsolutePath();
        int records = Integer.parseInt(o.getOrDefault("records", "300000"));
        int warmupRecords = Integer.parseInt(o.getOrDefault("warmup-records", "100000"));
        int repetitions = Integer.parseInt(o.getOrDefault("repetitions", "3"));
        int parallelism = Integer.parseInt(o.getOrDefault("parallelism", "1"));
        int compaction = Integer.parseInt(o.getOrDefault("compaction-checkpoints", "10"));
        int interval = Integer.parseInt(o.getOrDefault("freshness-interval", "5"));
        Settings fresh = Settings.parse(new String[0]);
        fresh.freshnessSeconds = Integer.parseInt(o.getOrDefault("freshness-seconds", "60"));
        fresh.freshnessWarmupSeconds = Integer.parseInt(o.getOrDefault("freshness-warmup-seconds", "15"));
        fresh.freshnessRate = Integer.parseInt(o.getOrDefault("freshness-rate", "20"));
        LakeFiles.delete(out);
        Files.createDirectories(out);
        List<Variant> variants = variants(compaction);
        Results r = new Results();
        double loadAtStart = CpuClock.loadAverage();

        KinesisRecord[] input = SyntheticPayloads.records(records);
        KinesisRecord[] warmup = SyntheticPayloads.records(warmupRecords);
        Path registry = SyntheticPayloads.writeConsentRegistry(out.resolve("registry/customers.json"));
        for (Variant v : variants) {
            r.throughput.put(v.name, new Series(v.name));
        }
        try (BenchCluster cluster = new BenchCluster(out.resolve("checkpoints"))) {
            for (int rep = 0; rep <= repetitions; rep++) {
                boolean timed = rep > 0; // round 0 is the untimed warm-up
                if (!timed && warmupRecords == 0) {
                    continue;
                }
                for (Variant v : variants) {
                    Path lake = out.resolve("lake");
                    FormatThroughput.Result res = FormatThroughput.run(cluster, timed ? input : warmup, parallelism,
                            lake, v.config.apply(lake), registry);
                    Benchmark.log("  " + v.name + ": " + res.measurement + (timed ? "" : " (warm-up)"));
                    if (timed) {
                        r.throughput.get(v.name).add(res.measurement);
                        r.written.put(v.name, res.written);
                    }
                    LakeFiles.delete(lake);
                }
            }
        }
        if (interval > 0) {
            Path work = out.resolve("freshness");
            List<Freshness.Run> runs = new ArrayList<>();
            for (Variant v : variants) {
                Path lake = work.resolve("lake-" + runs.size());
                Map<String, String> config = v.config.apply(lake);
                runs.add(new Freshness.Run(config, config.containsKey("iceberg.warehouse")
                        ? stream -> new IcebergReadings(lake) : stream -> new FolderReadings(lake)));
            }
            List<Freshness.Result> results = Freshness.measure(interval, fresh, work, runs);
            for (int i = 0; i < variants.size(); i++) {
                Benchmark.log("  freshness, " + variants.get(i).name + ": " + results.get(i));
                r.freshness.put(variants.get(i).name, results.get(i));
            }
            LakeFiles.delete(work);
        }
        r.report = FormatReport.markdown(r, variants, o, loadAtStart, parallelism, interval, input.length,
                SyntheticPayloads.meanBytes(input));
        Files.writeString(out.resolve("report.md"), r.report);
        return r;
    }

    private static final Set<String> OPTIONS = Set.of("records", "warmup-records", "repetitions", "parallelism",
            "compaction-checkpoints", "freshness-interval", "freshness-seconds", "freshness-warmup-seconds",
            "freshness-rate", "output");

    /** {@code --key=value} arguments; an unknown key fails rather than being ignored. */
    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            for (String part : a.trim().split("\\s+")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!part.startsWith("--") || !part.contains("=")) {
                    throw new IllegalArgumentException("expected --key=value, got " + part);
                }
                String key = part.substring(2, part.indexOf('='));
                if (!OPTIONS.contains(key)) {
                    throw new IllegalArgumentException("unknown option --" + key + "; known: " + new TreeSet<>(OPTIONS));
                }
                o.put(key, part.substring(part.indexOf('=') + 1));
            }
        }
        return o;
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
