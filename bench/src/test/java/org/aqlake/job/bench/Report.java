package org.aqlake.job.bench;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The run as Markdown, ready to paste into BENCHMARKS.md. */
final class Report {

    private Report() {}

    static String markdown(Benchmark.Results r) throws IOException {
        StringBuilder sb = new StringBuilder();
        Settings s = r.settings;
        sb.append("Run of ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(" ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm")))
                .append(" UTC on ").append(Benchmark.machine()).append(".\n");
        sb.append(f("Load average (1 min): %.2f at the start of the throughput runs, %.2f at the end.%n",
                r.loadAtStart, r.loadAtEnd));
        sb.append("Settings: ").append(s).append(".\n");
        StringBuilder jvm = new StringBuilder();
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-X") || arg.startsWith("-XX")) {
                jvm.append(jvm.length() == 0 ? "" : " ").append(arg);
            }
        }
        sb.append("JVM options: ").append(jvm.length() == 0 ? "(defaults)" : jvm.toString())
                .append(", garbage collector ").append(collectors()).append(".\n");
        sb.append(f("Input: %,d synthetic payloads of %.0f bytes on average (OpenAQ realtime layout).%n%n",
                s.records, r.meanPayloadBytes));

        if (!r.series.isEmpty()) {
            sb.append("| variant | records/CPU-s median | range | records/s (wall) median | range | cores busy | load avg per run |\n");
            sb.append("|---|---:|---|---:|---|---:|---|\n");
            for (Series series : r.series.values()) {
                Series.Stat cpu = series.perCpuSecond();
                Series.Stat wall = series.perWallSecond();
                StringBuilder loads = new StringBuilder();
                for (Measurement m : series.runs) {
                    loads.append(loads.length() == 0 ? "" : ", ").append(f("%.1f", m.loadAverage));
                }
                sb.append(f("| %s | %,.0f | %,.0f – %,.0f | %,.0f | %,.0f – %,.0f | %.2f | %s |%n", series.name,
                        cpu.median, cpu.min, cpu.max, wall.median, wall.min, wall.max, series.cores().median, loads));
            }
            sb.append("\nRatios of the medians of records per CPU-second:\n\n");
            for (Map.Entry<String, Series> e : r.series.entrySet()) {
                if (e.getKey().startsWith("d")) {
                    sb.append(f("- %s / a p1 = **%.2f**; / b = **%.2f**; absolute %,.0f records/CPU-s%n", e.getKey(),
                            r.ratio(e.getKey(), Benchmark.pipeline(1)), r.ratio(e.getKey(), Benchmark.BARE),
                            e.getValue().perCpuSecond().median));
                    continue;
                }
                if (!e.getKey().startsWith("a")) {
                    continue;
                }
                sb.append(f("- %s", e.getKey()));
                if (r.series.containsKey(Benchmark.BARE)) {
                    sb.append(f(" / b = **%.2f**%s", r.ratio(e.getKey(), Benchmark.BARE),
                            e.getKey().startsWith("a:") ? " (target ≥ 0.75)" : ""));
                }
                if (r.series.containsKey(Benchmark.SQL)) {
                    sb.append(f("; / c = **%.2f**%s", r.ratio(e.getKey(), Benchmark.SQL),
                            e.getKey().startsWith("a:") ? " (target ≥ 2)" : ""));
                }
                sb.append(f("; absolute %,.0f records/CPU-s%s%n", e.getValue().perCpuSecond().median,
                        e.getKey().startsWith("a:") ? " (target ≥ 150,000)"
                                : e.getKey().equals(Benchmark.WITHOUT_CONSENT_REGISTRY)
                                        ? " (a diagnostic: what the consent gate's second branch costs; the targets are for a)"
                                        : " (a diagnostic: what the aggregation costs; the targets are for a)"));
            }
            for (Map.Entry<Integer, LakeFiles> e : r.pipelineReadings.entrySet()) {
                LakeFiles agg = r.pipelineAggregates.get(e.getKey());
                sb.append(f("- pipeline p%d wrote %,d readings rows in %,d files and %,d aggregate rows in %,d files;"
                        + " its last run completed %d checkpoints (the final one included)%n", e.getKey(),
                        e.getValue().rows, e.getValue().files, agg.rows, agg.files,
                        r.pipelineCheckpoints.getOrDefault(e.getKey(), 0L)));
            }
            sb.append('\n');
        }

        if (!r.sizes.isEmpty()) {
            sb.append("| data | records | JSON bytes/record | gzip JSON lines bytes/record | Parquet (ZSTD) bytes/record | Parquet column data bytes/record | JSON / Parquet |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (SizePerRecord.Size z : r.sizes) {
                sb.append(f("| %s | %,d | %.1f | %.1f | %.1f | %.1f | %.0f× |%n", z.name, z.records, z.json,
                        z.gzipJson, z.parquet, z.parquetData, z.json / z.parquet));
            }
            sb.append('\n');
        }

        if (!r.freshness.isEmpty()) {
            sb.append("| checkpoint interval | rate | readings measured | seen | p50 | p95 | max | target p95 |\n");
            sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Freshness.Result f : r.freshness) {
                sb.append(f("| %d s | %d/s | %,d | %,d | %.1f s | %.1f s | %.1f s | ≤ %d s |%n", f.intervalSeconds,
                        f.rate, f.sent, f.seen, f.p50, f.p95, f.max, f.intervalSeconds + 5));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String collectors() {
        StringBuilder sb = new StringBuilder();
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            sb.append(sb.length() == 0 ? "" : " + ").append(gc.getName());
        }
        return sb.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
