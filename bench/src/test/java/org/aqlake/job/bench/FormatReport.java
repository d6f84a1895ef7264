package org.aqlake.job.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.aqlake.job.bench.FormatBench.format;

/** The Markdown report of {@link FormatBench}: throughput, ratios against the first variant, freshness. */
final class FormatReport {

    private FormatReport() {}

    static String markdown(FormatBench.Results r, List<FormatBench.Variant> variants, Map<String, String> options,
            double loadAtStart, int parallelism, int interval, int records, double meanBytes) throws Exception {
        StringBuilder s = new StringBuilder();
        s.append(format("Run of %s on %s.%n", Instant.now().truncatedTo(ChronoUnit.MINUTES), Benchmark.machine()));
        s.append(format("Load average (1 min): %.1f at the start, %.1f at the end.%n", loadAtStart,
                CpuClock.loadAverage()));
        s.append(format("Options: %s. Throughput: %,d synthetic payloads (%.0f bytes on average) per repetition,"
                + " parallelism %d, checkpoints every %s, aggregates on, a consent registry.%n%n", options, records,
                meanBytes, parallelism, FormatThroughput.CHECKPOINT_INTERVAL));
        s.append("| variant | records/CPU-s median | range | records/s (wall) median | cores busy | load avg per run"
                + " | readings rows | readings files | partitions | snapshots | checkpoints |\n");
        s.append("|---|---:|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (Series v : r.throughput.values()) {
            Series.Stat cpu = v.perCpuSecond();
            StringBuilder loads = new StringBuilder();
            for (Measurement m : v.runs) {
                loads.append(loads.length() == 0 ? "" : ", ").append(format("%.1f", m.loadAverage));
            }
            FormatThroughput.Written w = r.written.get(v.name);
            s.append(format("| %s | %,.0f | %,.0f – %,.0f | %,.0f | %.2f | %s | %,d | %,d | %,d | %s | %,d |%n", v.name,
                    cpu.median, cpu.min, cpu.max, v.perWallSecond().median, v.cores().median, loads, w.rows, w.files,
                    w.partitions, w.snapshots == 0 ? "–" : Long.toString(w.snapshots), w.checkpoints));
        }
        s.append('\n');
        String first = variants.get(0).name;
        for (FormatBench.Variant v : variants.subList(1, variants.size())) {
            s.append(format("- %s / %s = **%.2f** (records per CPU-second, medians)%n", v.name, first,
                    ratio(r, v.name, first)));
        }
        String last = variants.get(variants.size() - 1).name;
        String second = variants.get(1).name;
        s.append(format("- %s / %s = **%.2f**%n%n", last, second, ratio(r, last, second)));
        if (!r.freshness.isEmpty()) {
            s.append(format("Freshness: checkpoints every %d s, parallelism 2, the Kinesis emulator, a file:// lake.%n%n",
                    interval));
            s.append("| variant | rate | readings measured | seen | p50 | p95 | max | p50 in intervals"
                    + " | p95 in intervals | checkpoints completed | seconds per checkpoint |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<String, Freshness.Result> e : r.freshness.entrySet()) {
                Freshness.Result f = e.getValue();
                s.append(format("| %s | %d/s | %,d | %,d | %.1f s | %.1f s | %.1f s | %.1f | %.1f | %d | %.1f |%n",
                        e.getKey(), f.rate, f.sent, f.seen, f.p50, f.p95, f.max, f.p50 / interval, f.p95 / interval,
                        f.checkpoints, f.seconds / Math.max(1, f.checkpoints)));
            }
        }
        return s.toString();
    }

    static double ratio(FormatBench.Results r, String a, String b) {
        return r.throughput.get(a).perCpuSecond().median / r.throughput.get(b).perCpuSecond().median;
    }
}
