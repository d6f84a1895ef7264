package org.aqlake.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import org.aqlake.job.aggregate.AggregationRules;
import org.aqlake.job.config.JobConfig;
import org.aqlake.job.metrics.MetricNames;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.source.KinesisRecordSchema;
import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.HoldBackTheLateReadings;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.OpenAqSamples;
import org.aqlake.job.support.SqlConsole;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real OpenAQ samples (realtime NDJSON and daily CSV) replayed out of order through the whole
 * pipeline, with a tail that arrives after its windows were sealed: stations that publish a day late
 * (readings held back entirely) and providers that republish a revised value (a second reading of an hour
 * already aggregated). In arrival order, as Kinesis would see them, the late ones come last, once the
 * aggregation's watermark has passed the seal of their windows. Then, through DuckDB and the Athena view
 * {@code aggregates_latest} itself: for every location, parameter, unit and hour, the readings table's
 * count is the latest aggregate's count plus its {@code readings_missing}; an hour that has no aggregate
 * row at all is a row of count 0 whose {@code readings_missing} is the late-readings table's count. The
 * Flink SQL view of {@code ./sql/console} gives the same totals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LateReadingsIT {

    static final Logger LOG = LoggerFactory.getLogger(LateReadingsIT.class);
    static final long HOUR = Duration.ofHours(1).toMillis();
    /** Short, so that the samples' older hours are sealed long before the replay ends. */
    static final Duration RETENTION = Duration.ofHours(2);
    static final AggregationRules RULES = new AggregationRules(Duration.ofHours(1), Duration.ZERO, RETENTION);
    /** Kinesis's arrival time of the first record; each next record arrives a second later. */
    static final long REPLAY_START = Instant.parse("2020-02-14T00:00:00Z").toEpochMilli();
    static final long ARRIVAL_STEP = Duration.ofSeconds(1).toMillis();
    /** Readings measured before this are the ones that may come late: the samples' 2014 and 2019 hours. */
    static final long LATE_BEFORE = Instant.parse("2019-12-02T00:00:00Z").toEpochMilli();
    /** Of the readings that may come late, every third is held back whole, every fifth other republished. */
    static final int HELD_BACK_EVERY = 3;
    static final int REVISED_EVERY = 5;
    /** The rest arrive shuffled within runs of this many, in event-time order otherwise. */
    static final int SHUFFLE_RUN = 6;
    static final long SHUFFLE_SEED = 18;
    static final int SHARDS = 4;
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(90);
    static final Path ATHENA_VIEW = Path.of("..", "sql", "athena", "03_aggregates_latest.sql");
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().build();

    private int sent;
    private int heldBack;
    private int revised;
    private long lateDropped;
    /** Per location, parameter, unit and hour. */
    private Map<String, Map<String, Object>> readings;
    private Map<String, Map<String, Object>> latest;
    private Map<String, Long> late;
    private Path transformed;

    @BeforeAll
    void replayTheSamplesWithALateTail(@InjectMiniCluster MiniCluster cluster, @TempDir Path lake) throws Exception {
        List<String> samples = new ArrayList<>(OpenAqSamples.realtimeLines());
        samples.addAll(OpenAqSamples.csvAsRealtimeJson());
        samples.sort(Comparator.comparingLong(LateReadingsIT::eventTime));
        List<String> inOrder = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        int mayComeLate = 0;
        for (String s : samples) {
            if (eventTime(s) >= LATE_BEFORE) {
                inOrder.add(s);
            } else if (mayComeLate++ % HELD_BACK_EVERY == 0) {
                tail.add(s);
                heldBack++;
            } else {
                inOrder.add(s);
                if (mayComeLate % REVISED_EVERY == 0) {
                    tail.add(revisedValue(s));
                    revised++;
                }
            }
        }
        Random random = new Random(SHUFFLE_SEED);
        for (int from = 0; from < inOrder.size(); from += SHUFFLE_RUN) {
            Collections.shuffle(inOrder.subList(from, Math.min(from + SHUFFLE_RUN, inOrder.size())), random);
        }
        long wanted = tail.stream().mapToLong(s -> RULES.closeAt(RULES.windowStart(eventTime(s)))).max().orElseThrow();
        List<KinesisRecord> records = new ArrayList<>();
        for (String s : inOrder) {
            records.add(record(s, records.size()));
        }
        for (String s : tail) {
            records.add(record(s, records.size()));
        }
        sent = records.size();

        Map<String, String> flat = new HashMap<>();
        flat.put("lake.transformed-path", lake.resolve("transformed").toUri().toString());
        flat.put("aggregates.revision-retention", RETENTION.toHours() + " h");
        JobConfig cfg = JobConfig.from(flat);
        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(500);
        AqLakeJob.configure(env, cfg);
        DataStream<KinesisRecord> source = HoldBackTheLateReadings.apply(
                env.fromData(records, new KinesisRecordSchema().getProducedType()), inOrder.size(), wanted,
                HOLD_TIMEOUT, () -> LAKE.metrics());
        AqLakePipeline.build(source, cfg, JobSinks.create(cfg));
        JobExecutionResult result = env.execute("late-readings-it");
        lateDropped = LAKE.counter(result.getJobID(), "kinesisanalytics." + MetricNames.LATE_READINGS_DROPPED);
        transformed = lake.resolve("transformed");
        readTheLake(transformed);
    }

    void readTheLake(Path transformed) throws Exception {
        try (DuckDb db = DuckDb.open()) {
            db.execute("CREATE VIEW aggregates AS SELECT * FROM read_parquet('"
                    + DuckDb.parquetGlob(transformed.resolve("aggregates")) + "', hive_partitioning = true)");
            db.execute("CREATE VIEW aggregates_late AS SELECT * FROM read_parquet('"
                    + DuckDb.parquetGlob(transformed.resolve("aggregates_late")) + "', hive_partitioning = true)");
            // the reader's view, as Athena gets it
            db.execute(Files.readString(ATHENA_VIEW, StandardCharsets.UTF_8));
            // a place is a location with its city and country; readings without a location are one place, nowhere
            readings = byKey(db.rows("SELECT location, if(location IS NULL, NULL, city) AS city,"
                    + " if(location IS NULL, NULL, country) AS country, parameter, unit,"
                    + " (epoch_ms(event_time) // 3600000) * 3600000 AS window_ms, count(*) AS n,"
                    + " epoch_ms(max(arrival_time)) AS last_arrival_ms FROM read_parquet(?, hive_partitioning = true)"
                    + " GROUP BY ALL", DuckDb.parquetGlob(transformed.resolve("readings"))));
            latest = byKey(db.rows("SELECT location, city, country, parameter, unit, epoch_ms(window_start) AS window_ms,"
                    + " count AS n,"
                    + " readings_missing, epoch_ms(arrivals_until) AS arrivals_until_ms, epoch_ms(sealed_at) AS sealed_ms"
                    + " FROM aggregates_latest"));
            late = byKey(db.rows("SELECT location, city, country, parameter, unit, epoch_ms(window_start) AS window_ms,"
                    + " sum(readings) AS n FROM aggregates_late GROUP BY ALL")).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> number(e.getValue(), "n")));
        }
        LOG.info("{} readings sent ({} held back, {} revised, after the seal); readings table {}, in the latest"
                + " aggregates {}, missing from them {}, of which in hours only the late table knows {}", sent, heldBack, revised,
                total(readings.values(), "n"), total(latest.values(), "n"), total(latest.values(), "readings_missing"),
                latest.values().stream().filter(r -> number(r, "n") == 0).mapToLong(r -> number(r, "readings_missing"))
                        .sum());
    }

    @Test
    void everyReadingIsInTheLatestAggregatesOrCountedAsMissingFromThem() {
        assertThat(total(readings.values(), "n")).isEqualTo(sent);
        assertThat(latest.keySet()).as("a row for every place, parameter, unit and hour with readings")
                .isEqualTo(readings.keySet());
        for (Map.Entry<String, Map<String, Object>> e : readings.entrySet()) {
            Map<String, Object> row = latest.get(e.getKey());
            assertThat(number(row, "n") + number(row, "readings_missing")).as("%s", e.getKey())
                    .isEqualTo(number(e.getValue(), "n"));
        }
    }

    @Test
    void anHourWhoseEveryReadingCameAfterTheSealIsARowOfCountZeroThatSaysWhatItLacks() {
        List<String> lateOnly = latest.entrySet().stream().filter(e -> number(e.getValue(), "n") == 0)
                .map(Map.Entry::getKey).collect(Collectors.toList());

        assertThat(lateOnly).as("the held-back stations' hours").isNotEmpty();
        for (String key : lateOnly) {
            assertThat(number(latest.get(key), "readings_missing")).as("%s", key).isEqualTo(late.get(key));
            assertThat(latest.get(key).get("sealed_ms")).as("%s", key).isNull();
        }
    }

    @Test
    void theLateTailReallyCameAfterTheSealAndEachOfItsReadingsIsCountedOnce() {
        long inLateTable = late.values().stream().mapToLong(Long::longValue).sum();

        assertThat(heldBack).isPositive();
        assertThat(revised).isPositive();
        assertThat(inLateTable).as("the tail, and any shuffled reading that came after its seal")
                .isGreaterThanOrEqualTo(heldBack + revised).isEqualTo(lateDropped);
        assertThat(total(latest.values(), "readings_missing")).as("republished values of hours already aggregated")
                .isPositive();
    }

    @Test
    void aCompleteRowArrivedUntilItsLastReadingAndEveryRowSaysWhenItWasSealed() {
        for (Map.Entry<String, Map<String, Object>> e : latest.entrySet()) {
            Map<String, Object> row = e.getValue();
            if (number(row, "n") == 0) {
                continue; // no aggregate row: the view's row for a window only the late table knows
            }
            long window = Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('|') + 1));
            assertThat(number(row, "sealed_ms")).as("%s", e.getKey()).isEqualTo(RULES.closeAt(window));
            if (number(row, "readings_missing") == 0) {
                assertThat(number(row, "arrivals_until_ms")).as("%s", e.getKey())
                        .isEqualTo(number(readings.get(e.getKey()), "last_arrival_ms"));
            } else {
                assertThat(number(row, "arrivals_until_ms")).as("%s", e.getKey())
                        .isLessThan(number(readings.get(e.getKey()), "last_arrival_ms"));
            }
        }
    }

    @Test
    void theFlinkSqlViewOfTheConsoleCountsTheSameMissingReadingsAsTheAthenaView(@TempDir Path dir) throws Exception {
        Path query = dir.resolve("completeness.sql");
        Files.writeString(query, "SELECT COUNT(*) AS n, SUM(`count`) AS counted, SUM(readings_missing) AS missing,"
                + " SUM(CASE WHEN readings_missing > 0 THEN 1 ELSE 0 END) AS partial FROM aggregates_latest;\n");
        String lake = transformed.toUri().toString().replaceAll("/$", "");

        SqlConsole.Run run = SqlConsole.run("--lake", lake, "-f", query.toString());

        assertThat(run.exitCode).as("%s", run).isZero();
        long partial = latest.values().stream().filter(r -> number(r, "readings_missing") > 0).count();
        assertThat(run.table().rows).containsExactly(List.of(String.valueOf(latest.size()),
                String.valueOf(total(latest.values(), "n")), String.valueOf(total(latest.values(), "readings_missing")),
                String.valueOf(partial)));
    }

    // ---------------------------------------------------------------- helpers

    static long eventTime(String json) {
        try {
            return Instant.parse(JSON.readTree(json).get("date").get("utc").asText()).toEpochMilli();
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** The same reading republished by its provider with a revised value: a new payload, so not a duplicate. */
    static String revisedValue(String json) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(json);
        o.put("value", o.get("value").asDouble() + 1.0);
        return JSON.writeValueAsString(o);
    }

    static KinesisRecord record(String json, int sequence) throws Exception {
        String location = JSON.readTree(json).get("location").asText();
        return new KinesisRecord(json.getBytes(StandardCharsets.UTF_8), "aq-readings",
                "shardId-00000000000" + sequence % SHARDS, String.valueOf(sequence), location,
                REPLAY_START + sequence * ARRIVAL_STEP);
    }

    static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> m = new HashMap<>();
        for (Map<String, Object> row : rows) {
            String key = row.get("location") + "/" + row.get("city") + "/" + row.get("country") + "|" + row.get("parameter") + "|" + row.get("unit") + "|"
                    + number(row, "window_ms");
            assertThat(m.put(key, row)).as("one row per key: %s", key).isNull();
        }
        return m;
    }

    static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    static long total(java.util.Collection<Map<String, Object>> rows, String column) {
        return rows.stream().mapToLong(r -> number(r, column)).sum();
    }
}
