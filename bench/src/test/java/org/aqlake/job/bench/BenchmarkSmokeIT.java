package org.aqlake.job.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark from rotting: every part of it runs on a few thousand records, once, and must
 * produce a positive figure with every record written. How fast it was is not checked here; that is
 * what {@code ./bench/run} and BENCHMARKS.md are for.
 */
class BenchmarkSmokeIT {

    static final int RECORDS = 3_000;

    @Test
    void everyMeasurementOfATinyRunIsPositiveAndEveryRecordIsWritten() throws Exception {
        Settings s = new Settings();
        s.records = RECORDS;
        s.warmupRecords = 500;
        s.repetitions = 1;
        s.parallelisms = List.of(1, 2);
        s.freshnessIntervals = List.of(2);
        s.freshnessWarmupSeconds = 3;
        s.freshnessSeconds = 4;
        s.freshnessRate = 20;
        s.outputDir = Path.of("target", "bench-smoke");

        Benchmark.Results r = Benchmark.run(s);

        assertThat(r.series.keySet()).containsExactly(Benchmark.pipeline(1), Benchmark.pipeline(2),
                Benchmark.WITHOUT_AGGREGATES, Benchmark.WITHOUT_CONSENT_REGISTRY, Benchmark.BARE, Benchmark.SQL,
                Benchmark.BACKFILL_NDJSON, Benchmark.BACKFILL_CSV);
        for (Series series : r.series.values()) {
            assertThat(series.runs).as(series.name).hasSize(1);
            Measurement m = series.runs.get(0);
            assertThat(m.records).as(series.name).isEqualTo(RECORDS);
            assertThat(m.recordsPerCpuSecond()).as(series.name).isPositive().isFinite();
            assertThat(m.recordsPerWallSecond()).as(series.name).isPositive().isFinite();
        }
        for (int p : s.parallelisms) {
            // with the consent registry, the community sensors' readings (4 %) pass like the rest
            assertThat(SyntheticPayloads.communityReadings(RECORDS)).isPositive();
            assertThat(r.pipelineReadings.get(p).rows).as("readings rows at p%d", p).isEqualTo(RECORDS);
            assertThat(r.pipelineReadings.get(p).hidden).as("uncommitted files at p%d", p).isZero();
            assertThat(r.pipelineAggregates.get(p).rows).as("aggregate rows at p%d", p).isPositive();
            assertThat(r.pipelineCheckpoints.get(p)).as("checkpoints at p%d", p).isPositive();
        }
        assertThat(r.ratio(Benchmark.pipeline(1), Benchmark.BARE)).isPositive();
        assertThat(r.ratio(Benchmark.pipeline(1), Benchmark.SQL)).isPositive();

        assertThat(r.sizes).hasSize(2);
        for (SizePerRecord.Size z : r.sizes) {
            assertThat(z.records).as(z.name).isPositive();
            assertThat(z.json).as(z.name).isPositive();
            assertThat(z.gzipJson).as(z.name).isPositive();
            assertThat(z.parquet).as(z.name).isPositive();
            assertThat(z.parquetData).as(z.name).isPositive();
        }

        assertThat(r.freshness).hasSize(1);
        Freshness.Result f = r.freshness.get(0);
        assertThat(f.sent).isPositive();
        assertThat(f.seen).as("readings found in committed files").isEqualTo(f.sent);
        assertThat(f.p50).isPositive();
        assertThat(f.p95).isGreaterThanOrEqualTo(f.p50);
        assertThat(f.max).isGreaterThanOrEqualTo(f.p95);

        String report = Report.markdown(r);
        assertThat(report).contains("/ b =", "/ c =", "p95", "bytes/record");
        assertThat(Files.exists(s.outputDir)).isFalse(); // run() writes nothing there; main() does
    }
}
