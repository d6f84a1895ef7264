package org.aqlake.job.bench;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.CloseableIterable;

import org.aqlake.job.AqLakeJob;
import org.aqlake.job.AqLakePipeline;
import org.aqlake.job.JobSinks;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.model.KinesisRecord;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One timed run of the job's own graph ({@link AqLakePipeline} with {@link JobSinks}, aggregates on, a consent
 * registry as deployed) over in-memory records, in the lake format its configuration says, and a check of
 * what it wrote: the readings table holds one row per record, in the Parquet folders' visible files or in the
 * Iceberg table's current snapshot, and nothing is left uncommitted.
 */
final class FormatThroughput {

    static final String CHECKPOINT_INTERVAL = PipelineThroughput.CHECKPOINT_INTERVAL;

    private FormatThroughput() {}

    /** What a run wrote into the readings table. */
    static final class Written {
        final long rows;
        final long files;
        final long partitions;
        /** Iceberg snapshots of the readings table; 0 for the Parquet folders. */
        final long snapshots;
        final long checkpoints;

        Written(long rows, long files, long partitions, long snapshots, long checkpoints) {
            this.rows = rows;
            this.files = files;
            this.partitions = partitions;
            this.snapshots = snapshots;
            this.checkpoints = checkpoints;
        }
    }

    /** The timing of one run and what it wrote. */
    static final class Result {
        final Measurement measurement;
        final Written written;

        Result(Measurement measurement, Written written) {
            this.measurement = measurement;
            this.written = written;
        }
    }

    /** @param config the lake's keys: {@code lake.transformed-path} is {@code root}, and the format's */
    static Result run(BenchCluster cluster, KinesisRecord[] input, int parallelism, Path root, Map<String, String> config,
            Path registry) throws Exception {
        Files.createDirectories(root); // the Iceberg catalog's database file goes there
        Map<String, String> c = new HashMap<>(config);
        c.put("consent.bootstrap-path", registry.toUri().toString());
        c.put("pipeline.checkpoint-interval", CHECKPOINT_INTERVAL);
        JobConfig cfg = JobConfig.from(c);
        StreamExecutionEnvironment env = cluster.environment(parallelism);
        AqLakeJob.configure(env, cfg);
        AqLakePipeline.build(InMemoryRecords.source(env, input), cfg, JobSinks.create(cfg));

        System.gc(); // the previous run's garbage is not this run's cost
        CpuClock.Started clock = CpuClock.start();
        JobClient job = env.executeAsync("bench-format-" + c.getOrDefault("lake.format", "PARQUET"));
        cluster.awaitEnd(job, InMemoryRecords::allEmitted);
        Measurement m = clock.stop(input.length);

        long checkpoints = cluster.completedCheckpoints(job.getJobID());
        Written w = cfg.iceberg.isPresent() ? iceberg(cfg.iceberg.get(), checkpoints) : parquet(root, checkpoints);
        // with the registry, every reading passes the consent gate
        if (w.rows != input.length) {
            throw new IllegalStateException(config + ": " + w.rows + " readings rows of " + input.length + " records");
        }
        return new Result(m, w);
    }

    private static Written parquet(Path lake, long checkpoints) {
        LakeFiles f = LakeFiles.parquet(lake.resolve("readings"));
        if (f.hidden != 0) {
            throw new IllegalStateException(f.hidden + " readings files left uncommitted in " + lake);
        }
        Set<Path> partitions;
        try (Stream<Path> s = Files.walk(lake.resolve("readings"))) {
            partitions = s.filter(p -> VisibleReadings.visibleParquet(p.toString())).map(Path::getParent)
                    .collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Written(f.rows, f.files, partitions.size(), 0, checkpoints);
    }

    /** The current snapshot's data files; any other Parquet file under the table's data folder was left uncommitted. */
    private static Written iceberg(IcebergTables tables, long checkpoints) throws Exception {
        Catalog catalog = tables.catalog().loadCatalog();
        try (AutoCloseable closing = (AutoCloseable) catalog) {
            Table table = catalog.loadTable(tables.readingsTable());
            long rows = 0;
            Set<Path> files = new HashSet<>();
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    rows += task.file().recordCount();
                    files.add(Path.of(URI.create(task.file().location())));
                }
            }
            Path data = Path.of(URI.create(table.location())).resolve("data");
            Set<Path> onDisk;
            try (Stream<Path> s = Files.walk(data)) {
                onDisk = s.filter(p -> p.toString().endsWith(".parquet")).collect(Collectors.toSet());
            }
            onDisk.removeAll(files);
            if (!onDisk.isEmpty()) {
                throw new IllegalStateException(onDisk.size() + " data files in no snapshot, such as " + onDisk.iterator().next());
            }
            long partitions = files.stream().map(Path::getParent).distinct().count();
            long snapshots = 0;
            for (var ignored : table.snapshots()) {
                snapshots++;
            }
            return new Written(rows, files.size(), partitions, snapshots, checkpoints);
        }
    }
}
