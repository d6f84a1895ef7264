package org.aqlake.job.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@link FormatBench} from rotting: a tiny run, once, of each lake format (Parquet with compaction on
 * and off, Iceberg), and a few seconds of freshness each. Every figure must be positive and every reading
 * found once; how fast anything was is not checked here.
 */
class FormatBenchSmokeIT {

    static final int RECORDS = 1_000;
    static final int COMPACTION_CHECKPOINTS = 2;
    static final Path OUTPUT = Path.of("target", "format-smoke");

    @Test
    void aTinyRunMeasuresEveryFormatWithEveryReadingWrittenAndSeenOnce() throws Exception {
        FormatBench.Results r = FormatBench.run(FormatBench.options(new String[] {"--records=" + RECORDS,
            "--warmup-records=0", "--repetitions=1", "--compaction-checkpoints=" + COMPACTION_CHECKPOINTS,
            "--freshness-interval=1", "--freshness-warmup-seconds=2", "--freshness-seconds=2"}), OUTPUT);

        List<String> names = FormatBench.variants(COMPACTION_CHECKPOINTS).stream().map(v -> v.name)
                .collect(Collectors.toList());
        assertThat(r.throughput.keySet()).containsExactlyElementsOf(names);
        for (Series s : r.throughput.values()) {
            assertThat(s.runs).as(s.name).hasSize(1);
            assertThat(s.runs.get(0).records).as(s.name).isEqualTo(RECORDS);
            assertThat(s.runs.get(0).recordsPerCpuSecond()).as(s.name).isPositive().isFinite();
        }
        FormatThroughput.Written compacted = r.written.get(names.get(0));
        FormatThroughput.Written parquet = r.written.get(names.get(1));
        FormatThroughput.Written iceberg = r.written.get(names.get(2));
        for (FormatThroughput.Written w : r.written.values()) {
            assertThat(w.rows).isEqualTo(RECORDS);
            assertThat(w.checkpoints).isPositive();
        }
        // both formats partition the readings by the hour of their event time
        assertThat(iceberg.partitions).isPositive().isEqualTo(parquet.partitions).isEqualTo(compacted.partitions);
        assertThat(compacted.files).isLessThanOrEqualTo(parquet.files);
        // one snapshot per checkpoint that had data files to commit, at most
        assertThat(iceberg.snapshots).isPositive().isLessThanOrEqualTo(iceberg.checkpoints);
        assertThat(parquet.snapshots).isZero();

        assertThat(r.freshness.keySet()).containsExactlyElementsOf(names);
        for (Freshness.Result f : r.freshness.values()) {
            assertThat(f.sent).isPositive();
            assertThat(f.seen).as("readings found by the reader").isEqualTo(f.sent);
            assertThat(f.min).isPositive();
            assertThat(f.p95).isGreaterThanOrEqualTo(f.p50).isLessThanOrEqualTo(f.max);
            // a reading is visible only after a checkpoint, so none can be found before the first one completed
            assertThat(f.checkpoints).isPositive();
            assertThat(f.seconds).isGreaterThan(f.max);
        }

        String report = Files.readString(OUTPUT.resolve("report.md"));
        assertThat(report).isEqualTo(r.report).contains(names.get(2) + " / " + names.get(0) + " = **"
                + FormatBench.format("%.2f", FormatReport.ratio(r, names.get(2), names.get(0))) + "**");
        assertThat(report.lines().filter(l -> l.startsWith("| " + names.get(2) + " |"))).hasSize(2);
    }
}
