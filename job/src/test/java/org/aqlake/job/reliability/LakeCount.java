package org.aqlake.job.reliability;

import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.TestRecord;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every row of every table of a lake copy, counted against the records sent: per table, the rows
 * expected, found, lost (expected, absent), duplicated (extra copies of an expected row) and unexpected
 * (rows of no expected record); for the aggregates, the latest revision of each window against a
 * recomputation from the readings table through DuckDB.
 */
public final class LakeCount {

    /** Sums are compared as means of doubles: a few ulps apart after a different order of addition. */
    static final double MEAN_TOLERANCE = 1e-9;

    /** The figures of one table. */
    public static final class Table {
        public final String name;
        public final long expected;
        public final long found;
        public final long lost;
        public final long duplicated;
        public final long unexpected;
        public final List<String> examples;

        Table(String name, Set<String> expectedIds, Map<String, Long> perId) {
            this.name = name;
            this.expected = expectedIds.size();
            this.found = perId.values().stream().mapToLong(Long::longValue).sum();
            List<String> ex = new ArrayList<>();
            long l = 0;
            long d = 0;
            long u = 0;
            for (String id : new TreeSet<>(expectedIds)) {
                long n = perId.getOrDefault(id, 0L);
                if (n == 0) {
                    l++;
                    if (ex.size() < 5) {
                        ex.add("lost " + id);
                    }
                } else if (n > 1) {
                    d += n - 1;
                    if (ex.size() < 5) {
                        ex.add(n + "x " + id);
                    }
                }
            }
            for (Map.Entry<String, Long> e : perId.entrySet()) {
                if (!expectedIds.contains(e.getKey())) {
                    u += e.getValue();
                    if (ex.size() < 5) {
                        ex.add("unexpected " + e.getKey());
                    }
                }
            }
            this.lost = l;
            this.duplicated = d;
            this.unexpected = u;
            this.examples = ex;
        }

        public boolean exact() {
            return lost == 0 && duplicated == 0 && unexpected == 0;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%-13s expected %,9d  rows %,9d  lost %,6d  duplicated %,6d"
                    + "  unexpected %,6d%s", name, expected, found, lost, duplicated, unexpected,
                    examples.isEmpty() ? "" : "  e.g. " + examples);
        }
    }

    public final Table readings;
    public final Table deadLetters;
    public final Table raw;
    /** Windows of the aggregates table (latest revisions) and of the recomputation. */
    public final long aggregateWindows;
    public final long recomputedWindows;
    /** Windows whose latest revision differs from the recomputation, or that exist on one side only. */
    public final long aggregateMismatches;
    /** Aggregate rows written more than once (same window and revision). */
    public final long aggregateDuplicates;
    public final List<String> aggregateExamples;

    private LakeCount(Table readings, Table deadLetters, Table raw, long aggregateWindows, long recomputedWindows,
            long aggregateMismatches, long aggregateDuplicates, List<String> aggregateExamples) {
        this.readings = readings;
        this.deadLetters = deadLetters;
        this.raw = raw;
        this.aggregateWindows = aggregateWindows;
        this.recomputedWindows = recomputedWindows;
        this.aggregateMismatches = aggregateMismatches;
        this.aggregateDuplicates = aggregateDuplicates;
        this.aggregateExamples = aggregateExamples;
    }

    /** Counts a lake copy against the records sent; community readings without a registry are never rows. */
    public static LakeCount of(LakeContents lake, List<TestRecord> input) throws Exception {
        return of(lake, input, TestRecord::rowWithoutConsent);
    }

    public static LakeCount of(LakeContents lake, List<TestRecord> input, Predicate<TestRecord> isRow)
            throws Exception {
        Table readings = new Table("readings",
                input.stream().filter(isRow).map(r -> r.id).collect(Collectors.toSet()),
                perId(lake.readings(), "device_id"));
        Table dead = new Table("dead letters",
                input.stream().filter(r -> !r.valid()).map(r -> r.id).collect(Collectors.toSet()),
                // a dead letter redacted for consent carries no partition key: found through its lineage
                lake.deadLetterIds().stream().collect(Collectors.groupingBy(String::valueOf, Collectors.counting())));
        Table raw = new Table("raw archive", input.stream().map(r -> r.id).collect(Collectors.toSet()),
                perId(lake.raw(), "partition_key"));

        java.nio.file.Path aggregatesDir = lake.readingsDir.resolveSibling("aggregates");
        if (!Files.isDirectory(aggregatesDir) || !Files.isDirectory(lake.readingsDir)) {
            return new LakeCount(readings, dead, raw, 0, 0, 0, 0, List.of());
        }
        String aggregates = DuckDb.parquetGlob(aggregatesDir);
        String readingsGlob = DuckDb.parquetGlob(lake.readingsDir);
        // the reader's query the README documents: the highest revision of each row
        Map<String, Map<String, Object>> latest = byWindow(DuckDb.query("SELECT location, parameter, unit,"
                + " epoch_ms(window_start) AS window_ms, count, min, max, mean, epoch_ms(first_time) AS first_ms,"
                + " epoch_ms(last_time) AS last_ms FROM (SELECT *, max(revision) OVER (PARTITION BY location,"
                + " parameter, unit, window_start) AS latest FROM read_parquet(?, hive_partitioning = true))"
                + " WHERE revision = latest", aggregates));
        Map<String, Map<String, Object>> recomputed = byWindow(DuckDb.query("SELECT location, parameter, unit,"
                + " (epoch_ms(event_time) // 3600000) * 3600000 AS window_ms, count(*) AS count, min(value) AS min,"
                + " max(value) AS max, avg(value) AS mean, min(epoch_ms(event_time)) AS first_ms,"
                + " max(epoch_ms(event_time)) AS last_ms FROM read_parquet(?, hive_partitioning = true)"
                + " GROUP BY ALL", readingsGlob));
        long duplicates = ((Number) DuckDb.query("SELECT coalesce(sum(n - 1), 0) AS d FROM (SELECT count(*) AS n"
                + " FROM read_parquet(?, hive_partitioning = true) GROUP BY location, parameter, unit, window_start,"
                + " revision)", aggregates).get(0).get("d")).longValue();
        long mismatches = 0;
        List<String> examples = new ArrayList<>();
        Set<String> keys = new TreeSet<>(latest.keySet());
        keys.addAll(recomputed.keySet());
        for (String key : keys) {
            Map<String, Object> a = latest.get(key);
            Map<String, Object> e = recomputed.get(key);
            boolean same = a != null && e != null
                    && Objects.equals(number(a, "count"), number(e, "count"))
                    && Objects.equals(a.get("min"), e.get("min")) && Objects.equals(a.get("max"), e.get("max"))
                    && Math.abs(((Number) a.get("mean")).doubleValue() - ((Number) e.get("mean")).doubleValue())
                            <= MEAN_TOLERANCE * Math.max(1, Math.abs(((Number) e.get("mean")).doubleValue()))
                    && Objects.equals(number(a, "first_ms"), number(e, "first_ms"))
                    && Objects.equals(number(a, "last_ms"), number(e, "last_ms"));
            if (!same) {
                mismatches++;
                if (examples.size() < 5) {
                    examples.add(key + ": lake " + (a == null ? "none" : "count=" + a.get("count"))
                            + ", recomputed " + (e == null ? "none" : "count=" + e.get("count")));
                }
            }
        }
        return new LakeCount(readings, dead, raw, latest.size(), recomputed.size(), mismatches, duplicates, examples);
    }

    public boolean exact() {
        return readings.exact() && deadLetters.exact() && raw.exact() && aggregateMismatches == 0
                && aggregateDuplicates == 0;
    }

    public String report() {
        return readings + "\n" + deadLetters + "\n" + raw + "\n" + String.format(java.util.Locale.ROOT,
                "%-13s windows %,6d  recomputed %,6d  mismatched %,d  duplicated revisions %,d%s", "aggregates",
                aggregateWindows, recomputedWindows, aggregateMismatches, aggregateDuplicates,
                aggregateExamples.isEmpty() ? "" : "  e.g. " + aggregateExamples);
    }

    static Map<String, Long> perId(List<Map<String, Object>> rows, String idColumn) {
        Map<String, Long> out = new HashMap<>();
        for (Map<String, Object> r : rows) {
            out.merge(String.valueOf(r.get(idColumn)), 1L, Long::sum);
        }
        return out;
    }

    static Map<String, Map<String, Object>> byWindow(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            out.put(r.get("location") + "|" + r.get("parameter") + "|" + r.get("unit") + "|" + number(r, "window_ms"), r);
        }
        return out;
    }

    static Long number(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? null : ((Number) v).longValue();
    }
}
