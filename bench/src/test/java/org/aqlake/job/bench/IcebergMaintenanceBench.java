package org.aqlake.job.bench;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.CloseableIterable;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.JobSinks;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Iceberg readings table with the job's maintenance on against off, side by side in one run
 * (BENCHMARKS.md, "Iceberg table maintenance"): data files per partition-hour in the table's current snapshot
 * once every row is committed, and records per CPU-second of the job until then. A synthetic hour at 1,000
 * readings a second with 60 s checkpoints, time sped up (rate, checkpoint interval and the maintenance's
 * times scaled alike), as {@code CompactionBench} does for the Parquet folders.
 *
 * <pre>BENCH_MAIN=org.aqlake.job.bench.IcebergMaintenanceBench ./bench/run --speedup=20 --commits=20,5</pre>
 */
public final class IcebergMaintenanceBench {

    private static final long POLL_MILLIS = 250;
    private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(10);

    private IcebergMaintenanceBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String a : String.join(" ", args).trim().split("\\s+")) {
            if (a.startsWith("--") && a.contains("=")) {
                o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        int rate = Integer.parseInt(o.getOrDefault("rate", "1000"));
        int checkpointSeconds = Integer.parseInt(o.getOrDefault("checkpoint-seconds", "60"));
        double speedup = Double.parseDouble(o.getOrDefault("speedup", "20"));
        // maintenance off, then on at each of these iceberg.maintenance.commits
        List<Integer> commitCounts = new ArrayList<>();
        for (String n : o.getOrDefault("commits", "20").split(",")) {
            commitCounts.add(Integer.parseInt(n.trim()));
        }
        Path out = Path.of(o.getOrDefault("output", "target/bench/iceberg-maintenance")).toAbsolutePath();
        LakeFiles.delete(out);
        Files.createDirectories(out);

        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Run of %s on %d cores; load average %.2f at the start.%n%n", java.time.Instant.now(),
                Runtime.getRuntime().availableProcessors(), CpuClock.loadAverage()));
        report.append("| data | maintenance | rows | data files | files per partition-hour (mean, max) | rewrites"
                + " | snapshots kept | records/CPU-s | cores |\n|---|---|---:|---:|---|---:|---:|---:|---:|\n");
        try (BenchCluster cluster = new BenchCluster(out.resolve("checkpoints"))) {
            Path registry = SyntheticPayloads.writeConsentRegistry(out.resolve("registry/customers.json"));
            String data = String.format(Locale.ROOT, "synthetic hour, %,d/s, checkpoint %d s (sped up %.0f×)",
                    rate, checkpointSeconds, speedup);
            long checkpointMillis = (long) (checkpointSeconds * 1000 / speedup);
            List<Integer> variants = new ArrayList<>(List.of(0));
            variants.addAll(commitCounts);
            for (int commits : variants) {
                boolean maintained = commits > 0;
                Map<String, String> c = new HashMap<>();
                Path lake = out.resolve(maintained ? "on-" + commits : "off");
                c.put("consent.bootstrap-path", registry.toUri().toString());
                c.put("lake.transformed-path", lake.resolve("parquet").toUri().toString());
                c.put("lake.format", "iceberg");
                c.put("iceberg.warehouse", lake.resolve("warehouse").toUri().toString());
                c.put("iceberg.jdbc-uri", "jdbc:h2:file:" + lake.resolve("catalog")
                        + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE");
                c.put("pipeline.checkpoint-interval", checkpointMillis + " ms");
                c.put("iceberg.maintenance.enabled", Boolean.toString(maintained));
                c.put("iceberg.maintenance.commits", Integer.toString(maintained ? commits : 20));
                // the defaults' wall times, sped up as the stream is
                c.put("iceberg.maintenance.min-pause", Math.max(1000, (long) (60_000 / speedup)) + " ms");
                c.put("iceberg.maintenance.interval", (long) (3_600_000 / speedup) + " ms");
                c.put("iceberg.maintenance.snapshot-max-age", (long) (86_400_000 / speedup) + " ms");
                String row = run(cluster, data, maintained ? "on, every " + commits + " commits" : "off", c,
                        3600L * rate, rate, speedup);
                System.out.println(row);
                report.append(row).append('\n');
            }
        }
        System.out.println(report);
        Files.writeString(out.resolve("report.md"), report);
    }

    private static String run(BenchCluster cluster, String data, String maintenance, Map<String, String> c,
                              long records, int rate, double speedup) throws Exception {
        JobConfig cfg = JobConfig.from(c);
        IcebergTables tables = cfg.iceberg.orElseThrow();
        StreamExecutionEnvironment env = cluster.environment(BenchCluster.SLOTS);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(PacedRecords.syntheticHour(env, rate, speedup), cfg, JobSinks.create(cfg));
        System.gc();
        CpuClock.Started clock = CpuClock.start();
        JobClient job = env.executeAsync("bench-iceberg-maintenance, " + maintenance);
        Catalog catalog = tables.catalog().loadCatalog();
        try (Closeable closing = (Closeable) catalog) {
            long deadline = System.currentTimeMillis() + COMMIT_TIMEOUT.toMillis();
            // the maintenance watches the table for ever: the run ends when every row is committed
            while (committedRows(catalog.loadTable(tables.readingsTable())) < records) {
                if (System.currentTimeMillis() > deadline || job.getJobStatus().get().isGloballyTerminalState()
                        && committedRows(catalog.loadTable(tables.readingsTable())) < records) {
                    throw new IllegalStateException("not every row committed: "
                            + committedRows(catalog.loadTable(tables.readingsTable())) + " of " + records);
                }
                Thread.sleep(POLL_MILLIS);
            }
            Measurement m = clock.stop(records);
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
            Table table = catalog.loadTable(tables.readingsTable());
            Map<String, Integer> files = new TreeMap<>();
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask t : tasks) {
                    files.merge(t.file().partition().toString(), 1, Integer::sum);
                }
            }
            List<Snapshot> snapshots = new ArrayList<>();
            table.snapshots().forEach(snapshots::add);
            long rewrites = snapshots.stream().filter(s -> "replace".equals(s.operation())).count();
            int total = files.values().stream().mapToInt(Integer::intValue).sum();
            return String.format(Locale.ROOT, "| %s | %s | %,d | %d | %.1f, %d | %d | %d | %,.0f | %.2f |", data,
                    maintenance, committedRows(table), total, (double) total / files.size(),
                    files.values().stream().mapToInt(Integer::intValue).max().orElse(0), rewrites, snapshots.size(),
                    m.recordsPerCpuSecond(), m.cores());
        }
    }

    private static long committedRows(Table table) {
        Snapshot s = table.currentSnapshot();
        return s == null ? 0 : Long.parseLong(s.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "0"));
    }
}
